"""Ranges of cells on a stand-in sheet, and how Excel takes the values written into them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tests.fakes.xlwings_standin.store import CellStore, NoNativeApi

if TYPE_CHECKING:
    from tests.fakes.xlwings_standin.book import Sheet

POINTS_PER_COLUMN = 48.0
POINTS_PER_ROW = 15.0


_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _corners(cell: str | tuple[int, int] | Range) -> tuple[int, int, int, int]:
    if isinstance(cell, Range):
        return (cell.row, cell.column, cell.last_row, cell.last_column)
    if isinstance(cell, tuple):
        return (cell[0], cell[1], cell[0], cell[1])
    found = []
    for part in re.split(r"[:,]", cell):
        match = _CELL.match(part.strip())
        if not match:
            raise ValueError(f"the stand-in reads only A1-style cells, not {cell!r}")
        found.append((int(match.group(2)), _column_number(match.group(1))))
    (r1, c1), (r2, c2) = found[0], found[-1]
    return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_HYPERLINK = re.compile(r'^=HYPERLINK\("((?:[^"]|"")*)",\s*"((?:[^"]|"")*)"\)$', re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def typed_into_excel(text: str) -> tuple[Any, str | None]:
    """(value, formula) of a cell after Excel takes `text` as if it were typed."""
    if text.startswith("'"):
        return text[1:], None
    if text.startswith("=") and len(text) > 1:
        link = _HYPERLINK.match(text)
        shown = link.group(2).replace('""', '"') if link else None
        return shown, text
    if text.strip().upper() in ("TRUE", "FALSE"):
        return text.strip().upper() == "TRUE", None
    try:
        return float(text.replace(",", "")), None
    except ValueError:
        pass
    date = _ISO_DATE.match(text.strip())
    if date:
        year, month, day = (int(part) for part in date.groups())
        return dt.datetime(year, month, day), None
    return text, None


EXCEL_DAY_ZERO = dt.datetime(1899, 12, 30)


def _is_date_format(number_format: str) -> bool:
    unquoted = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format).lower()
    return any(code in unquoted for code in ("y", "d", "h", "s")) or unquoted.startswith("m")


def _from_python(value: Any) -> tuple[Any, str | None]:
    """What Excel stores for a Python value written through xlwings."""
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        return typed_into_excel(value)
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float):
        return float(value), None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None), None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    raise TypeError(f"Excel cannot take a {type(value).__name__} as a cell value")


class Range:
    """A rectangle of cells on a stand-in sheet."""

    def __init__(
        self, sheet: Sheet, row: int, column: int, last_row: int, last_column: int, **options: Any
    ) -> None:
        self.sheet = sheet
        self.row, self.column = row, column
        self.last_row, self.last_column = last_row, last_column
        self._options = options
        self.areas: str | None = None

    def options(self, convert: Any = None, **options: Any) -> Range:
        return Range(self.sheet, self.row, self.column, self.last_row, self.last_column, **options)

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.last_row - self.row + 1, self.last_column - self.column + 1)

    @property
    def count(self) -> int:
        rows, columns = self.shape
        return rows * columns

    @property
    def address(self) -> str:
        first = f"${_letters(self.column)}${self.row}"
        if self.shape == (1, 1):
            return first
        return f"{first}:${_letters(self.last_column)}${self.last_row}"

    def get_address(self, row_absolute: bool = True, column_absolute: bool = True) -> str:
        return self.areas or self.address.replace("$", "")

    @property
    def last_cell(self) -> Range:
        return Range(self.sheet, self.last_row, self.last_column, self.last_row, self.last_column)

    def resize(self, row_size: int | None = None, column_size: int | None = None) -> Range:
        rows, columns = self.shape
        rows, columns = row_size or rows, column_size or columns
        return Range(
            self.sheet, self.row, self.column, self.row + rows - 1, self.column + columns - 1
        )

    def offset(self, row_offset: int = 0, column_offset: int = 0) -> Range:
        return Range(
            self.sheet,
            self.row + row_offset,
            self.column + column_offset,
            self.last_row + row_offset,
            self.last_column + column_offset,
        )

    @property
    def left(self) -> float:
        return (self.column - 1) * POINTS_PER_COLUMN

    @property
    def top(self) -> float:
        return (self.row - 1) * POINTS_PER_ROW

    @property
    def width(self) -> float:
        return self.shape[1] * POINTS_PER_COLUMN

    @property
    def height(self) -> float:
        return self.shape[0] * POINTS_PER_ROW

    def _keys(self) -> Iterator[tuple[int, int]]:
        for r in range(self.row, self.last_row + 1):
            for c in range(self.column, self.last_column + 1):
                yield (r, c)

    def _cell(self, row: int, column: int) -> CellStore:
        return self.sheet._store.cells.setdefault((row, column), CellStore())

    def _peek(self, row: int, column: int) -> CellStore:
        return self.sheet._store.cells.get((row, column), CellStore())

    @property
    def value(self) -> Any:
        self.sheet.book.app.calls.value_reads += 1
        err_to_str = self._options.get("err_to_str", False)
        grid = []
        for r in range(self.row, self.last_row + 1):
            row = []
            for c in range(self.column, self.last_column + 1):
                cell = self._peek(r, c)
                value = cell.value
                if isinstance(value, float) and _is_date_format(cell.number_format):
                    # COM hands a date- or time-formatted number over as a date
                    value = EXCEL_DAY_ZERO + dt.timedelta(days=value)
                if isinstance(value, str) and value.startswith("#") and not err_to_str:
                    value = None if value in ("#N/A", "#REF!", "#DIV/0!", "#VALUE!") else value
                row.append(value)
            grid.append(row)
        if self._options.get("ndim") == 2:
            return grid
        if self.shape == (1, 1):
            return grid[0][0]
        if self.shape[0] == 1:
            return grid[0]
        if self.shape[1] == 1:
            return [row[0] for row in grid]
        return grid

    @value.setter
    def value(self, data: Any) -> None:
        self.sheet.book.app.calls.value_writes += 1
        if not isinstance(data, list | tuple):
            rows: Sequence[Sequence[Any]] = [[data]]
        elif data and not isinstance(data[0], list | tuple):
            rows = [data]
        else:
            rows = data
        for r, values in enumerate(rows):
            for c, item in enumerate(values):
                cell = self._cell(self.row + r, self.column + c)
                cell.value, cell.formula = _from_python(item)
                if isinstance(cell.value, dt.datetime) and cell.number_format == "General":
                    cell.number_format = "yyyy-mm-dd"  # Excel formats a date as a date

    @property
    def formula(self) -> str:
        cell = self._peek(self.row, self.column)
        if cell.formula is not None:
            return cell.formula
        return "" if cell.value is None else str(cell.value)

    @property
    def number_format(self) -> str:
        return self._peek(self.row, self.column).number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        for key in self._keys():
            self._cell(*key).number_format = value

    @property
    def column_width(self) -> float | None:
        return self.sheet._store.column_widths.get(self.column, 8.43)

    @column_width.setter
    def column_width(self, value: float) -> None:
        for column in range(self.column, self.last_column + 1):
            self.sheet._store.column_widths[column] = value

    @property
    def font(self) -> Font:
        return Font(self)

    @property
    def color(self) -> tuple[int, int, int] | None:
        return self._peek(self.row, self.column).fill

    @color.setter
    def color(self, value: tuple[int, int, int] | str | None) -> None:
        for key in self._keys():
            self._cell(*key).fill = _rgb(value) if value is not None else None

    @property
    def hyperlink(self) -> str:
        return self._peek(self.row, self.column).hyperlink or ""

    def add_hyperlink(
        self, address: str, text_to_display: str | None = None, screen_tip: str | None = None
    ) -> None:
        cell = self._cell(self.row, self.column)
        cell.hyperlink = address
        cell.value = text_to_display if text_to_display is not None else address

    @property
    def conditional_formats(self) -> ConditionalFormats:
        return ConditionalFormats(self)

    def __repr__(self) -> str:
        return f"<Range [{self.sheet.book.name}]{self.sheet.name}!{self.address}>"


def _rgb(value: tuple[int, int, int] | str) -> tuple[int, int, int]:
    if isinstance(value, tuple):
        return value
    text = value.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


class Font:
    def __init__(self, cells: Range) -> None:
        self._range = cells

    def _set(self, attribute: str, value: Any) -> None:
        for key in self._range._keys():
            setattr(self._range._cell(*key), attribute, value)

    def _get(self, attribute: str) -> Any:
        return getattr(self._range._peek(self._range.row, self._range.column), attribute)

    @property
    def bold(self) -> bool | None:
        return bool(self._get("bold"))

    @bold.setter
    def bold(self, value: bool) -> None:
        self._set("bold", value)

    @property
    def italic(self) -> bool | None:
        return bool(self._get("italic"))

    @italic.setter
    def italic(self, value: bool) -> None:
        self._set("italic", value)

    @property
    def size(self) -> float | None:
        return float(self._get("size"))

    @size.setter
    def size(self, value: float) -> None:
        self._set("size", value)

    @property
    def color(self) -> tuple[int, int, int] | None:
        return self._get("font_color")

    @color.setter
    def color(self, value: tuple[int, int, int] | str) -> None:
        self._set("font_color", _rgb(value))


class ConditionalFormats:
    def __init__(self, cells: Range) -> None:
        self._range = cells

    def add_color_scale(
        self,
        colors: Sequence[tuple[int, int, int] | str | int],
        *,
        thresholds: Sequence[int | float] | None = None,
        threshold_type: str = "number",
    ) -> None:
        if len(colors) not in (2, 3):
            raise ValueError("A color scale takes two or three colors.")
        self._range.sheet._store.color_scales.append((self._range.get_address(), list(colors)))


class FreezePanes:
    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    def freeze_at(self, frozen_range: str | Range) -> None:
        if isinstance(frozen_range, Range):
            frozen_range = frozen_range.address
        self._sheet._store.frozen_at = frozen_range.replace("$", "")

    def unfreeze(self) -> None:
        self._sheet._store.frozen_at = None
