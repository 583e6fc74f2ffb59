"""Reading a workbook file: its tab list from workbook.xml, cell values with python-calamine.

Reading is bounded. calamine holds a tab as one rectangle from A1 to its last cell with a
value, so one stray `x` at XFD1048576 would ask for 17 billion cells and abort the process.
Each sheet's XML is looked at first (`used_range`): a tab past Excel's own limits, or whose
values reach so far that the rectangle would pass `MAX_CELLS`, is refused in one sentence
naming the far cell, before calamine sees it. The `<dimension>` tag is never trusted (and
calamine ignores it, as it ignores styled cells with no value).
"""

from __future__ import annotations

import re
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


EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
# 20 million cells: about 650 MB in calamine. A 50,000-visit log of 40 columns is 2 million.
MAX_CELLS = 20_000_000


@dataclass(frozen=True)
class UsedRange:
    """How far a sheet's values reach: its last row and column holding a value (from 1), and
    the cells that reach them (`Z1048576`), for the message that names them."""

    rows: int
    columns: int
    far_cells: tuple[str, ...]

    @property
    def cells(self) -> int:
        return self.rows * self.columns


_CLOSED_CELL = re.compile(rb"</(?:[\w.-]+:)?c>")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c\b[^>]*>")
_CELL_REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')
# A cell of column AA or later, and the rest of its start tag ("/" at the end: no value).
_WIDE_CELL = re.compile(rb'\br="([A-Z]{2,})(\d+)"([^>]*)>')


def used_range(xml: bytes) -> UsedRange:
    """The rows and columns a sheet's values reach, read from its XML without parsing it all.

    Rows come in order (the spec requires it), so the last cell with a value (a `<c>` that is
    closed by `</c>`, not `<c .../>`) is on the last row. Columns past Z are found by one
    pattern; A to Z are assumed, which costs nothing.
    """
    last = _last_match(_CLOSED_CELL, xml)
    if last is None:
        return UsedRange(0, 0, ())
    window = xml[max(0, last.start() - 65_536) : last.start()]
    starts = list(_CELL_START.finditer(window))
    reference = _CELL_REFERENCE.search(starts[-1][0]) if starts else None
    if reference is None:  # cells without references: positions count (rare, and small files)
        return UsedRange(xml.count(b"<row"), 26, ())
    last_cell = reference[0][3:-1].decode()
    rows = int(reference[2])
    columns, widest = max(26, column_number(reference[1].decode())), last_cell
    for letters, row, rest in _WIDE_CELL.findall(xml):
        column = column_number(letters.decode())
        if column > columns and not rest.rstrip().endswith(b"/"):
            columns, widest = column, f"{letters.decode()}{row.decode()}"
    far = (last_cell,) if widest == last_cell else (widest, last_cell)
    return UsedRange(rows, columns, far)


def _last_match(pattern: re.Pattern[bytes], data: bytes) -> re.Match[bytes] | None:
    """The last match of `pattern` in `data`, looking at the end first."""
    size = 65_536
    while True:
        start = max(0, len(data) - size)
        found = None
        for found in pattern.finditer(data, start):  # noqa: B007 (the last one is wanted)
            pass
        if found is not None or start == 0:
            return found
        size *= 16


def check_bounds(used: UsedRange, tab: str, file: str) -> None:
    """Raise `WorkbookError` when a tab is bigger than Excel allows or than can be read."""
    cells = " and ".join(used.far_cells)
    if used.rows > EXCEL_ROWS or used.columns > EXCEL_COLUMNS:
        raise WorkbookError(
            f"The tab '{tab}' of '{file}' has values past the last row or column Excel allows "
            f"(cell {cells}): open the file in Excel, save it, and refresh again."
        )
    if used.cells > MAX_CELLS:
        raise WorkbookError(
            f"The tab '{tab}' of '{file}' has something in cell {cells}, far from the rest "
            f"of its data ({used.rows:,} rows by {used.columns:,} columns to read): clear "
            f"that cell, save, and refresh again."
        )


def read_tabs(path: Path, names: Sequence[str]) -> dict[str, RawTab]:
    """The values of the named tabs, row 1 and column A first.

    Raises `MissingTab`, and `WorkbookError` for a tab too large to read (`check_bounds`).
    """
    index = read_index(path)
    parts = {sheet.name: sheet.part for sheet in index.sheets}
    missing = [name for name in names if name not in parts]
    if missing:
        raise MissingTab(f"'{path.name}' has no tab named '{missing[0]}'.")
    sheets = _sheet_xml(path, {name: parts[name] for name in names})
    for name, xml in sheets.items():
        check_bounds(used_range(xml), name, path.name)
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
        errors = finder.submit(_error_cells, sheets)
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


def _sheet_xml(path: Path, parts: dict[str, str | None]) -> dict[str, bytes]:
    """The XML of each named tab's sheet part (tabs without one are left out)."""
    package = Package.read(path)
    found = {}
    for name, part in parts.items():
        stored = package.parts.name_of(part) if part is not None else None
        if stored is not None:
            found[name] = package.parts[stored]
    return found


def _error_cells(sheets: dict[str, bytes]) -> dict[str, list[ErrorCell]]:
    """`#N/A`, `#REF!`... with their (row, column) from 0, for the tabs (name: XML) that have
    any.

    calamine leaves an error cell empty; the schema reports it as a bad value, where an empty
    cell would look like a blank.
    """
    found: dict[str, list[ErrorCell]] = {}
    for name, xml in sheets.items():
        if b't="e"' not in xml:
            continue
        cells = found.setdefault(name, [])
        for match in _ERROR_CELL.finditer(xml):
            reference = _REFERENCE.search(match[0])
            if reference is not None:
                row, column = int(reference[2]) - 1, column_number(reference[1].decode()) - 1
                cells.append((row, column, xmltext.unescape_text(match[1].decode())))
    return found


def _put_back(rows: list[list[RawCell]], cells: Sequence[ErrorCell]) -> None:
    for row, column, text in cells:
        while len(rows) <= row:
            rows.append([])
        line = rows[row]
        line.extend([None] * (column + 1 - len(line)))
        line[column] = text


def column_number(letters: str) -> int:
    """`A` -> 1, `XFD` -> 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
