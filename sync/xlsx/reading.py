"""Reading a workbook file: its tab list from workbook.xml, cell values with python-calamine."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import python_calamine

from sheets_templates.errors import MissingTab, NotAWorkbook, WorkbookError
from sync.backend import OUTPUT_MARKER, RawCell, RawTab, TabInfo
from sync.xlsx import xmltext
from sync.xlsx.package import MAIN_NAMESPACES, RELATIONSHIP_NAMESPACES, Package


@dataclass(frozen=True)
class SheetEntry:
    """One `<sheet>` of workbook.xml."""

    name: str
    sheet_id: int
    relationship_id: str
    part: str | None  # the worksheet part it points at


@dataclass(frozen=True)
class WorkbookIndex:
    sheets: list[SheetEntry]
    marked: frozenset[int]  # positions of sheets carrying the output mark

    def tabs(self) -> list[TabInfo]:
        return [TabInfo(s.name, index in self.marked) for index, s in enumerate(self.sheets)]


def relationship_id(element: xmltext.Element) -> str:
    """The `r:id` of an element, whatever prefix the file binds to the relationships namespace
    and wherever it declares it. Raises `KeyError` when there is none."""
    found = element.attribute_in(RELATIONSHIP_NAMESPACES, "id")
    if found is None:
        raise KeyError("r:id")
    return found


def index_workbook(package: Package) -> WorkbookIndex:
    """The sheets of a workbook in tab order and which carry the output mark.

    Raises `KeyError`, `ValueError` or `UnicodeDecodeError` when workbook.xml is damaged.
    """
    workbook = package.workbook_part()
    text = package.text(workbook)
    targets = {r.id: r.target for r in package.relationships(workbook)}
    sheets = []
    for element in xmltext.find_all(text, "sheet", namespace=MAIN_NAMESPACES):
        rid = relationship_id(element)
        sheets.append(
            SheetEntry(
                element.attributes["name"],
                int(element.attributes["sheetId"]),
                rid,
                targets.get(rid),
            )
        )
    marked = frozenset(
        int(name.attributes["localSheetId"])
        for name in xmltext.find_all(text, "definedName", namespace=MAIN_NAMESPACES)
        if name.attributes.get("name") == OUTPUT_MARKER and "localSheetId" in name.attributes
    )
    return WorkbookIndex(sheets, marked)


def read_index(path: Path) -> WorkbookIndex:
    """Tab names and marks, reading only workbook.xml and the relationships."""
    return checked_index(Package.read(path), path)


def checked_index(package: Package, path: Path) -> WorkbookIndex:
    """`index_workbook` of the package read from `path`; `NotAWorkbook` when it is damaged."""
    try:
        return index_workbook(package)
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise NotAWorkbook(
            f"'{path.name}' has a damaged list of tabs: open it in Excel, let Excel repair it, "
            f"save it, and try again."
        ) from exc


def read_tabs(path: Path, names: Sequence[str]) -> dict[str, RawTab]:
    """The values of the named tabs, row 1 and column A first. Raises `MissingTab`."""
    index = read_index(path)
    parts = {sheet.name: sheet.part for sheet in index.sheets}
    missing = [name for name in names if name not in parts]
    if missing:
        raise MissingTab(f"'{path.name}' has no tab named '{missing[0]}'.")
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.CalamineError as exc:
        raise NotAWorkbook(
            f"'{path.name}' could not be read as an Excel workbook: open it in Excel, save it "
            f"as .xlsx, and try again."
        ) from exc
    tabs: dict[str, RawTab] = {}
    # The error cells are found in a second thread: both it and calamine inflate and parse
    # outside Python's interpreter lock.
    with workbook, ThreadPoolExecutor(max_workers=1) as finder:
        errors = finder.submit(_error_cells, path, {name: parts[name] for name in names})
        for name in names:
            try:
                values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except python_calamine.CalamineError as exc:
                raise WorkbookError(
                    f"The tab '{name}' of '{path.name}' could not be read: open the file in "
                    f"Excel, save it, and try again."
                ) from exc
            # Empty cells come as "" (RawCell allows it), so the rows are handed over as read.
            tabs[name] = RawTab(name, cast("list[list[RawCell]]", values))
    for name in names:
        _put_back(tabs[name].rows, errors.result().get(name, []))
    return tabs


_ERROR_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\bt=\"e\"[^>]*(?<!/)>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)<", re.S
)
_REFERENCE = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
ErrorCell = tuple[int, int, str]  # row, column (from 0), the error as Excel shows it


def _error_cells(path: Path, parts: dict[str, str | None]) -> dict[str, list[ErrorCell]]:
    """`#N/A`, `#REF!`... with their (row, column) from 0, for the tabs (name: part) that have
    any.

    calamine leaves an error cell empty; the schema reports it as a bad value, where an empty
    cell would look like a blank.
    """
    found: dict[str, list[ErrorCell]] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in parts.items():
            if part is None:
                continue
            xml = archive.read(part)
            if b't="e"' not in xml:
                continue
            cells = found.setdefault(name, [])
            for match in _ERROR_CELL.finditer(xml):
                reference = _REFERENCE.search(match[0])
                if reference is not None:
                    row, column = int(reference[2]) - 1, _column_number(reference[1].decode()) - 1
                    cells.append((row, column, xmltext.unescape_text(match[1].decode())))
    return found


def _put_back(rows: list[list[RawCell]], cells: Sequence[ErrorCell]) -> None:
    for row, column, text in cells:
        while len(rows) <= row:
            rows.append([])
        line = rows[row]
        line.extend([None] * (column + 1 - len(line)))
        line[column] = text


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
