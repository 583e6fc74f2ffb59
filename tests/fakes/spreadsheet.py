"""The state of one fake spreadsheet, and how each batchUpdate request changes it.

Only what the real API does and our code relies on: sheets with a grid of `CellData`,
properties, charts, conditional formats, developer metadata, column sizes. Rules the real API
enforces are enforced here too (unique titles and ids, not deleting the last sheet, ranges
inside the grid, required masks), each failing with the kind of message Google gives.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.field_mask import check_mask, parse_mask

DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26


class BatchError(Exception):
    """A request the real API would refuse with 400 INVALID_ARGUMENT."""


@dataclass
class FakeSheet:
    properties: dict[str, Any]
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # 0-based
    charts: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    developer_metadata: list[dict[str, Any]] = field(default_factory=list)
    column_pixels: dict[int, int] = field(default_factory=dict)
    basic_filter: dict[str, Any] | None = None

    @property
    def sheet_id(self) -> int:
        return int(self.properties["sheetId"])

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def grid(self) -> dict[str, Any]:
        return dict(self.properties["gridProperties"])

    def value(self, row: int, column: int) -> Any:
        """The unformatted value of a cell (0-based), as values:batchGet gives it."""
        entered = self.cells.get((row, column), {}).get("userEnteredValue", {})
        for kind in ("stringValue", "boolValue", "formulaValue"):
            if kind in entered:
                return entered[kind]
        number = entered.get("numberValue")
        if isinstance(number, float) and number.is_integer():
            return int(number)
        return "" if number is None else number

    def resource(self) -> dict[str, Any]:
        """The `Sheet` as spreadsheets.get returns it (without grid data)."""
        sheet: dict[str, Any] = {"properties": self.properties}
        for name, items in (
            ("charts", self.charts),
            ("conditionalFormats", self.conditional_formats),
            ("developerMetadata", self.developer_metadata),
        ):
            if items:
                sheet[name] = items
        if self.basic_filter:
            sheet["basicFilter"] = self.basic_filter
        return sheet


@dataclass
class FakeSpreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[FakeSheet] = field(default_factory=list)
    permissions: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    @property
    def url(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit"

    def sheet(self, title: str) -> FakeSheet:
        """The sheet titled `title`; KeyError if there is none."""
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def rows(self, title: str) -> list[list[Any]]:
        """The values of a sheet as values:batchGet returns them (trailing blanks trimmed)."""
        sheet = self.sheet(title)
        if not sheet.cells:
            return []
        height = max(row for row, _ in sheet.cells) + 1
        width = max(column for _, column in sheet.cells) + 1
        rows = [[sheet.value(r, c) for c in range(width)] for r in range(height)]
        rows = [_trim(row) for row in rows]
        while rows and not rows[-1]:
            rows.pop()
        return rows

    def resource(self) -> dict[str, Any]:
        """The `Spreadsheet` as spreadsheets.get returns it."""
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": {"title": self.title, "locale": "en_US", "timeZone": "Etc/GMT"},
            "sheets": [sheet.resource() for sheet in self.sheets],
            "spreadsheetUrl": self.url,
        }

    # -- building ------------------------------------------------------------------------------

    def add_sheet(self, properties: dict[str, Any]) -> FakeSheet:
        """Add a sheet as addSheet does; raises BatchError as the API would."""
        properties = dict(properties)
        title = properties.get("title") or self._free_title()
        if any(s.title.casefold() == title.casefold() for s in self.sheets):
            raise BatchError(
                f'A sheet with the name "{title}" already exists. Please enter another name.'
            )
        sheet_id = properties.get("sheetId")
        if sheet_id is None:
            sheet_id = next(i for i in self._ids if not self._has_id(i))
        elif self._has_id(sheet_id) or sheet_id < 0:
            raise BatchError(f"Invalid sheetId {sheet_id}: a sheet with this ID already exists.")
        grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS}
        grid.update(properties.get("gridProperties", {}))
        properties.update(sheetId=sheet_id, title=title, sheetType="GRID", gridProperties=grid)
        index = properties.pop("index", len(self.sheets))
        if not 0 <= index <= len(self.sheets):
            raise BatchError(f"Invalid index {index}: there are {len(self.sheets)} sheets.")
        sheet = FakeSheet(properties)
        _check_frozen(sheet)
        self.sheets.insert(index, sheet)
        self._renumber()
        return sheet

    def _free_title(self) -> str:
        titles = {s.title for s in self.sheets}
        return next(f"Sheet{n}" for n in itertools.count(1) if f"Sheet{n}" not in titles)

    def _has_id(self, sheet_id: int) -> bool:
        return any(s.sheet_id == sheet_id for s in self.sheets)

    def _renumber(self) -> None:
        for index, sheet in enumerate(self.sheets):
            sheet.properties["index"] = index

    def by_id(self, sheet_id: object) -> FakeSheet:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise BatchError(f"No grid with id: {sheet_id}")

    def embedded_ids(self) -> set[int]:
        return {chart["chartId"] for sheet in self.sheets for chart in sheet.charts}

    def metadata_ids(self) -> set[int]:
        return {m["metadataId"] for sheet in self.sheets for m in sheet.developer_metadata}

    # -- batchUpdate -------------------------------------------------------------------------

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        """Apply one `Request` (already schema-checked) and return its reply."""
        ((kind, body),) = request.items()
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            raise NotImplementedError(f"the fake Sheets API does not implement {kind}")
        reply = handler(body)
        return {kind: reply} if reply else {}

    def _addSheet(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"properties": self.add_sheet(body.get("properties", {})).properties}

    def _deleteSheet(self, body: dict[str, Any]) -> None:
        sheet = self.by_id(body.get("sheetId"))
        if len(self.sheets) == 1:
            raise BatchError("You can't remove all the sheets in a document.")
        self.sheets.remove(sheet)  # its charts, formats and metadata go with it
        self._renumber()

    def _updateSheetProperties(self, body: dict[str, Any]) -> None:
        new = body.get("properties", {})
        sheet = self.by_id(new.get("sheetId"))
        for path in _leaf_paths(_mask(body, "SheetProperties")):
            if path == ("index",):
                index = new.get("index", len(self.sheets))
                self.sheets.remove(sheet)
                self.sheets.insert(min(index, len(self.sheets)), sheet)
                self._renumber()
                continue
            if path == ("title",) and any(
                s is not sheet and s.title.casefold() == str(new.get("title")).casefold()
                for s in self.sheets
            ):
                raise BatchError(f'A sheet with the name "{new.get("title")}" already exists.')
            _copy_path(new, sheet.properties, path)
        _check_frozen(sheet)

    def _updateCells(self, body: dict[str, Any]) -> None:
        paths = _leaf_paths(_mask(body, "CellData"))
        if "start" in body:
            start = body["start"]
            sheet = self.by_id(start.get("sheetId"))
            top, left = start.get("rowIndex", 0), start.get("columnIndex", 0)
        elif "range" in body:
            sheet, top, left, *_ = self._grid_range(body["range"])
        else:
            raise BatchError("updateCells needs a start or a range.")
        for r, row in enumerate(body.get("rows", [])):
            for c, data in enumerate(row.get("values", [])):
                self._inside(sheet, top + r, left + c)
                cell = sheet.cells.setdefault((top + r, left + c), {})
                for path in paths:
                    _copy_path(data, cell, path)
                if not cell:
                    del sheet.cells[(top + r, left + c)]

    def _repeatCell(self, body: dict[str, Any]) -> None:
        paths = _leaf_paths(_mask(body, "CellData"))
        sheet, top, left, bottom, right = self._grid_range(body.get("range", {}))
        for r in range(top, bottom):
            for c in range(left, right):
                cell = sheet.cells.setdefault((r, c), {})
                for path in paths:
                    _copy_path(body.get("cell", {}), cell, path)

    def _updateDimensionProperties(self, body: dict[str, Any]) -> None:
        _mask(body, "DimensionProperties")
        span = body.get("range", {})
        sheet = self.by_id(span.get("sheetId"))
        pixels = body.get("properties", {}).get("pixelSize")
        if span.get("dimension") == "COLUMNS" and pixels is not None:
            for column in range(span.get("startIndex", 0), span["endIndex"]):
                self._inside(sheet, 0, column)
                sheet.column_pixels[column] = pixels

    def _autoResizeDimensions(self, body: dict[str, Any]) -> None:
        self.by_id(body.get("dimensions", {}).get("sheetId"))

    def _addConditionalFormatRule(self, body: dict[str, Any]) -> None:
        rule = body.get("rule", {})
        if not rule.get("ranges"):
            raise BatchError("A conditional format rule needs at least one range.")
        sheets = {self._grid_range(span)[0].sheet_id for span in rule["ranges"]}
        if len(sheets) != 1:
            raise BatchError("All ranges of a conditional format rule must be on one sheet.")
        if ("gradientRule" in rule) == ("booleanRule" in rule):
            raise BatchError("A conditional format rule needs one booleanRule or gradientRule.")
        sheet = self.by_id(sheets.pop())
        index = body.get("index", 0)
        sheet.conditional_formats.insert(index, rule)

    def _addChart(self, body: dict[str, Any]) -> dict[str, Any]:
        chart = dict(body.get("chart", {}))
        chart_id = chart.get("chartId")
        if chart_id is None:
            chart_id = max(self.embedded_ids() | {0}) + 1
        elif chart_id in self.embedded_ids():
            raise BatchError(f"An embedded object with id {chart_id} already exists.")
        chart["chartId"] = chart_id
        anchor = chart.get("position", {}).get("overlayPosition", {}).get("anchorCell")
        if anchor is None:
            raise BatchError("addChart: the fake only places charts over a grid.")
        sheet = self.by_id(anchor.get("sheetId"))
        self._inside(sheet, anchor.get("rowIndex", 0), anchor.get("columnIndex", 0))
        basic = chart.get("spec", {}).get("basicChart")
        if basic is None:
            raise BatchError("addChart: the fake only draws basic charts.")
        for part in [*basic.get("domains", []), *basic.get("series", [])]:
            source = part.get("domain", part.get("series", {})).get("sourceRange", {})
            for span in source.get("sources", []):
                self._grid_range(span)
        sheet.charts.append(chart)
        return {"chart": chart}

    def _deleteEmbeddedObject(self, body: dict[str, Any]) -> None:
        for sheet in self.sheets:
            for chart in sheet.charts:
                if chart["chartId"] == body.get("objectId"):
                    sheet.charts.remove(chart)
                    return
        raise BatchError(f"No embedded object with id: {body.get('objectId')}")

    def _createDeveloperMetadata(self, body: dict[str, Any]) -> dict[str, Any]:
        metadata = dict(body.get("developerMetadata", {}))
        if not metadata.get("metadataKey") or not metadata.get("visibility"):
            raise BatchError("Developer metadata must have a metadataKey and a visibility.")
        location = metadata.get("location", {})
        if "sheetId" not in location:
            raise BatchError("The fake keeps developer metadata on sheets only.")
        sheet = self.by_id(location["sheetId"])
        metadata_id = metadata.get("metadataId") or max(self.metadata_ids() | {0}) + 1
        if metadata_id in self.metadata_ids():
            raise BatchError(f"Developer metadata with id {metadata_id} already exists.")
        metadata["metadataId"] = metadata_id
        metadata["location"] = {"locationType": "SHEET", "sheetId": sheet.sheet_id}
        sheet.developer_metadata.append(metadata)
        return {"developerMetadata": metadata}

    def _deleteDeveloperMetadata(self, body: dict[str, Any]) -> dict[str, Any]:
        lookup = body.get("dataFilter", {}).get("developerMetadataLookup", {})
        wanted = {k: v for k, v in lookup.items() if k in ("metadataId", "metadataKey")}
        if not wanted:
            raise BatchError("The fake deletes developer metadata by metadataId or metadataKey.")
        deleted = []
        for sheet in self.sheets:
            for metadata in list(sheet.developer_metadata):
                if all(metadata.get(k) == v for k, v in wanted.items()):
                    sheet.developer_metadata.remove(metadata)
                    deleted.append(metadata)
        return {"deletedDeveloperMetadata": deleted}

    def _setBasicFilter(self, body: dict[str, Any]) -> None:
        found = body.get("filter", {})
        sheet = self._grid_range(found.get("range", {}))[0]
        sheet.basic_filter = found

    # -- ranges ------------------------------------------------------------------------------

    def _grid_range(self, span: dict[str, Any]) -> tuple[FakeSheet, int, int, int, int]:
        sheet = self.by_id(span.get("sheetId", 0))
        grid = sheet.grid
        top, left = span.get("startRowIndex", 0), span.get("startColumnIndex", 0)
        bottom = span.get("endRowIndex", grid["rowCount"])
        right = span.get("endColumnIndex", grid["columnCount"])
        if not (0 <= top <= bottom and 0 <= left <= right):
            raise BatchError(f"Invalid range {span}: start after end.")
        if bottom > grid["rowCount"] or right > grid["columnCount"]:
            raise BatchError(f"Range {span} exceeds grid limits of sheet '{sheet.title}'.")
        return sheet, top, left, bottom, right

    def _inside(self, sheet: FakeSheet, row: int, column: int) -> None:
        grid = sheet.grid
        if not (0 <= row < grid["rowCount"] and 0 <= column < grid["columnCount"]):
            raise BatchError(
                f"Range ('{sheet.title}'!R{row + 1}C{column + 1}) exceeds grid limits. "
                f"Max rows: {grid['rowCount']}, max columns: {grid['columnCount']}"
            )


def _mask(body: dict[str, Any], schema: str) -> dict[str, Any]:
    text = body.get("fields")
    if not text:
        raise BatchError("At least one field must be specified in 'fields'.")
    try:
        mask = parse_mask(text)
    except ValueError as exc:
        raise BatchError(str(exc)) from exc
    problems = check_mask("sheets.v4", schema, mask)
    if problems:
        raise BatchError("; ".join(problems))
    return mask


def _leaf_paths(mask: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, sub in mask.items():
        paths.extend(_leaf_paths(sub, (*prefix, name)) if sub else [(*prefix, name)])
    return paths


def _copy_path(source: dict[str, Any], target: dict[str, Any], path: tuple[str, ...]) -> None:
    """Set `path` of `target` from `source`, or clear it when `source` lacks it (mask rules)."""
    if path == ("*",):
        target.clear()
        target.update(source)
        return
    *parents, last = path
    for name in parents:
        source = source.get(name, {})
        target = target.setdefault(name, {})
    if last in source:
        target[last] = source[last]
    else:
        target.pop(last, None)


def _check_frozen(sheet: FakeSheet) -> None:
    grid = sheet.grid
    if grid.get("frozenRowCount", 0) >= grid["rowCount"]:
        raise BatchError("You can't freeze all visible rows on the sheet.")


def _trim(row: list[Any]) -> list[Any]:
    while row and row[-1] == "":
        row.pop()
    return row


A1_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))(?:!(.*))?$")


def parse_range(text: str) -> tuple[str, str | None]:
    """`"'It''s'!A1:B2"` -> `("It's", "A1:B2")`; raises BatchError when it cannot be read."""
    match = A1_RANGE.match(text)
    if not match:
        raise BatchError(f"Unable to parse range: {text}")
    quoted, bare, cells = match.groups()
    return (quoted.replace("''", "'") if quoted else bare), cells
