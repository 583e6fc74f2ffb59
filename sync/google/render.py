"""An `OutputTab` as Sheets API requests: values, formats, widths, colour scales, charts.

Positions come from `reports.layout`, so a Google tab holds every value in the same cell as
the Excel file. Values are typed `userEnteredValue`s: text is always a `stringValue`, so a
person's `=HYPERLINK(...)` stays the text it is and is never run as a formula;
dates are serial numbers with a date format, as Sheets stores them.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from reports.layout import (
    CHART_HEIGHT_ROWS,
    CHART_WIDTH_COLUMNS,
    PlacedCell,
    PlacedChart,
    Range,
    Role,
    TabLayout,
    cell_name,
    cells,
    layout,
)
from reports.model import NUMBER_FORMATS, ChartKind, Format, Link, OutputTab
from sync.backend import OUTPUT_MARKER

Json = dict[str, Any]

SHEETS_EPOCH = dt.datetime(1899, 12, 30)
NUMBER_FORMAT_TYPES = {
    Format.TEXT: "TEXT",
    Format.INTEGER: "NUMBER",
    Format.DECIMAL: "NUMBER",
    Format.PERCENT: "PERCENT",
    Format.DATE: "DATE",
    Format.TIME: "TIME",
    Format.DATETIME: "DATE_TIME",
}
CHART_TYPES = {ChartKind.LINE: "LINE", ChartKind.BAR: "COLUMN", ChartKind.SCATTER: "SCATTER"}
PIXELS_PER_CHARACTER, PIXEL_PADDING = 7, 12
SPARE_ROWS, SPARE_COLUMNS = 20, 2  # room beyond the content, so the grid does not end abruptly
GREY = "5F6368"
HEADER_FILL = "E8EAED"
PARTIAL_BAR_COLOR = "BDBDBD"  # a bar of a period still running, paler than the whole ones

# How each kind of cell looks (`reports.layout.Role`); colours are filled in by `_role_format`.
ROLE_FORMATS: dict[Role, Json] = {
    Role.TITLE: {"textFormat": {"bold": True, "fontSize": 14}},
    Role.SUBTITLE: {"textFormat": {"italic": True}},
    Role.BLOCK_TITLE: {"textFormat": {"bold": True, "fontSize": 11}},
    Role.HEADER: {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"},
    Role.LABEL: {},
    Role.FIGURE: {"textFormat": {"bold": True}},
    Role.DATA: {},
    Role.NOTE: {"textFormat": {"italic": True}},
    Role.EMPTY: {"textFormat": {"italic": True}},
}
GREY_TEXT = {Role.SUBTITLE, Role.EMPTY}


def sheet_properties(tab: OutputTab, sheet_id: int, index: int, title: str | None = None) -> Json:
    """`SheetProperties` for a new output sheet: id, place, grid size, frozen header."""
    placed = layout(tab)
    rows, columns = grid_size(placed)
    return {
        "sheetId": sheet_id,
        "title": tab.name if title is None else title,
        "index": index,
        "gridProperties": {
            "rowCount": rows,
            "columnCount": columns,
            "frozenRowCount": placed.freeze_rows,
        },
    }


def grid_size(placed: TabLayout) -> tuple[int, int]:
    """Rows and columns the sheet needs for its cells and charts, plus a little room."""
    all_cells = list(cells(placed))
    rows = max(cell.row for cell in all_cells)
    columns = max([*(cell.column for cell in all_cells), *placed.column_widths])
    for chart in placed.charts:
        rows = max(rows, chart.anchor_row + CHART_HEIGHT_ROWS)
        columns = max(columns, chart.anchor_column + CHART_WIDTH_COLUMNS)
    return rows + SPARE_ROWS, columns + SPARE_COLUMNS


def tab_requests(tab: OutputTab, sheet_id: int, sheet_ids: Mapping[str, int]) -> list[Json]:
    """Everything that draws `tab` on its (new, empty) sheet, and marks it as the tool's."""
    placed = layout(tab)
    requests = [_values(placed, sheet_id, sheet_ids)]
    requests += _column_widths(placed, sheet_id)
    requests += _color_scales(placed, sheet_id)
    requests += [_chart(chart, sheet_id) for chart in placed.charts]
    requests.append(
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": OUTPUT_MARKER,
                    "metadataValue": tab.name,
                    "location": {"sheetId": sheet_id},
                    "visibility": "DOCUMENT",
                }
            }
        }
    )
    return requests


def _values(placed: TabLayout, sheet_id: int, sheet_ids: Mapping[str, int]) -> Json:
    grid: dict[tuple[int, int], PlacedCell] = {(c.row, c.column): c for c in cells(placed)}
    height = max(row for row, _ in grid)
    width = max(column for _, column in grid)
    rows = [
        {"values": [_cell_data(grid.get((r, c)), sheet_ids) for c in range(1, width + 1)]}
        for r in range(1, height + 1)
    ]
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
            "rows": rows,
            "fields": "userEnteredValue,userEnteredFormat",
        }
    }


def _cell_data(cell: PlacedCell | None, sheet_ids: Mapping[str, int]) -> Json:
    if cell is None:
        return {}
    data: Json = {}
    entered = entered_value(cell.value)
    if entered:
        data["userEnteredValue"] = entered
    cell_format = _role_format(cell.role)
    shown_as = number_format(cell.value, cell.format)
    if shown_as is not None:
        cell_format["numberFormat"] = shown_as
    if cell.wrap:
        cell_format["wrapStrategy"] = "WRAP"
        cell_format["verticalAlignment"] = "TOP"
    if cell.left_aligned or cell.right_aligned:
        cell_format["horizontalAlignment"] = "LEFT" if cell.left_aligned else "RIGHT"
    if isinstance(cell.value, Link) and cell.value.tab in sheet_ids:
        target = sheet_ids[cell.value.tab]
        address = cell_name(cell.value.row, cell.value.column)
        text_format = cell_format.setdefault("textFormat", {})
        text_format["link"] = {"uri": f"#gid={target}&range={address}"}
    if cell_format:
        data["userEnteredFormat"] = cell_format
    return data


def entered_value(value: object) -> Json:
    """A cell value as a typed `ExtendedValue`; text is never a formula. Empty for a blank."""
    if value is None:
        return {}
    if isinstance(value, Link):
        return {"stringValue": value.text}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        # NaN and infinity are not JSON; the API would refuse the whole batch over one cell.
        return {"numberValue": value} if math.isfinite(value) else {}
    if isinstance(value, dt.date | dt.time):
        return {"numberValue": serial_number(value)}
    return {"stringValue": str(value)}


def serial_number(value: dt.date | dt.time) -> float:
    """Days since 1899-12-30, the fraction being the time of day (how Sheets stores dates)."""
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    days = (value.replace(tzinfo=None) - SHEETS_EPOCH).total_seconds() / 86400
    return round(days, 8)


def number_format(value: object, column_format: Format) -> Json | None:
    """A Sheets `NumberFormat` for a value shown in `column_format`; None to leave it automatic."""
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date | dt.time):
        return None
    if column_format is Format.TEXT:
        # A date in a text column still needs a date format, or it shows as a serial number.
        if isinstance(value, dt.datetime):
            column_format = Format.DATETIME
        elif isinstance(value, dt.date):
            column_format = Format.DATE
        elif isinstance(value, dt.time):
            column_format = Format.TIME
        else:
            return None  # a number in a text column: Sheets' automatic format shows it plainly
    return {
        "type": NUMBER_FORMAT_TYPES[column_format],
        "pattern": NUMBER_FORMATS[column_format],
    }


def _role_format(role: Role) -> Json:
    """A fresh copy of the format a role gets, with its colour filled in."""
    cell_format = copy.deepcopy(ROLE_FORMATS[role])
    if role is Role.HEADER:
        cell_format["backgroundColorStyle"] = {"rgbColor": rgb(HEADER_FILL)}
    if role in GREY_TEXT:
        cell_format["textFormat"]["foregroundColorStyle"] = {"rgbColor": rgb(GREY)}
    return cell_format


def rgb(hex_color: str) -> Json:
    """`"F8696B"` -> a Sheets `Color` with red/green/blue between 0 and 1."""
    red, green, blue = (int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 4), "green": round(green, 4), "blue": round(blue, 4)}


def _column_widths(placed: TabLayout, sheet_id: int) -> list[Json]:
    """One request per run of neighbouring columns that share a width."""
    runs: list[tuple[int, int, int]] = []  # first column, last column, characters
    for column in sorted(placed.column_widths):
        width = placed.column_widths[column]
        if runs and runs[-1][1] == column - 1 and runs[-1][2] == width:
            runs[-1] = (runs[-1][0], column, width)
        else:
            runs.append((column, column, width))
    return [
        {
            "updateDimensionProperties": {
                "range": {
                    "sheetId": sheet_id,
                    "dimension": "COLUMNS",
                    "startIndex": first - 1,
                    "endIndex": last,
                },
                "properties": {"pixelSize": width * PIXELS_PER_CHARACTER + PIXEL_PADDING},
                "fields": "pixelSize",
            }
        }
        for first, last, width in runs
    ]


def _color_scales(placed: TabLayout, sheet_id: int) -> list[Json]:
    requests = []
    for scale in placed.tab.color_scales:
        ranges = [
            grid_range(placed.table_range(scale.table, column), sheet_id)
            for column in scale.columns
        ]
        requests.append(
            {
                "addConditionalFormatRule": {
                    "index": 0,
                    "rule": {
                        "ranges": ranges,
                        "gradientRule": {
                            "minpoint": _point("MIN", scale.low_value, scale.low_color),
                            "maxpoint": _point("MAX", scale.high_value, scale.high_color),
                        },
                    },
                }
            }
        )
    return requests


def _point(extreme: str, value: float | None, color: str) -> Json:
    """A gradient point at a number, or at the range's MIN/MAX when no number is given."""
    point: Json = {"colorStyle": {"rgbColor": rgb(color)}}
    if value is None:
        point["type"] = extreme
    else:
        point["type"], point["value"] = "NUMBER", f"{value:g}"
    return point


def _chart(placed: PlacedChart, sheet_id: int) -> Json:
    chart = placed.chart
    axes = [
        {"position": position, "title": title}
        for position, title in (("BOTTOM_AXIS", chart.x_title), ("LEFT_AXIS", chart.y_title))
        if title
    ]
    basic: Json = {
        "chartType": CHART_TYPES[chart.kind],
        "legendPosition": "BOTTOM_LEGEND",
        "headerCount": 1,  # each range starts at its header, which names the series
        "domains": [{"domain": _source(placed.categories, sheet_id)}],
        "series": [
            {
                "series": _source(values, sheet_id),
                "targetAxis": "LEFT_AXIS",
                **_drawn_apart(placed),
            }
            for _, values in placed.series
        ]
        + [
            {
                "series": _source(values, sheet_id),
                "targetAxis": "LEFT_AXIS",
                "lineStyle": {"type": "INVISIBLE"},  # a point on its date, no line
                "pointStyle": {"shape": "TRIANGLE", "size": 9},
            }
            for _, values in placed.markers
        ],
    }
    if axes:
        basic["axis"] = axes
    if chart.stacked:
        basic["stackedType"] = "STACKED"
    return {
        "addChart": {
            "chart": {
                "spec": {"title": chart.title, "basicChart": basic},
                "position": {
                    "overlayPosition": {
                        "anchorCell": {
                            "sheetId": sheet_id,
                            "rowIndex": placed.anchor_row - 1,
                            "columnIndex": placed.anchor_column - 1,
                        },
                        "widthPixels": placed.width_px,
                        "heightPixels": placed.height_px,
                    }
                },
            }
        }
    }


def _drawn_apart(placed: PlacedChart) -> Json:
    """A series' style for its last point when that is a period still running: a marker on a
    line (which has none elsewhere), a paler bar."""
    if not placed.chart.partial_last:
        return {}
    last: Json = {"index": placed.categories.last_row - placed.categories.first_row}
    if placed.chart.kind is ChartKind.LINE:
        last["pointStyle"] = {"shape": "CIRCLE", "size": 7}
    else:
        last["colorStyle"] = {"rgbColor": rgb(PARTIAL_BAR_COLOR)}
    return {"styleOverrides": [last]}


def _source(values: Range, sheet_id: int) -> Json:
    with_header = Range(
        values.first_row - 1, values.first_column, values.last_row, values.last_column
    )
    return {"sourceRange": {"sources": [grid_range(with_header, sheet_id)]}}


def grid_range(cells_range: Range, sheet_id: int) -> Json:
    """A 1-based inclusive `Range` as a Sheets `GridRange` (0-based, end exclusive)."""
    return {
        "sheetId": sheet_id,
        "startRowIndex": cells_range.first_row - 1,
        "endRowIndex": cells_range.last_row,
        "startColumnIndex": cells_range.first_column - 1,
        "endColumnIndex": cells_range.last_column,
    }
