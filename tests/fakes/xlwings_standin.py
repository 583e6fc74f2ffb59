"""A stand-in for a workbook open in Excel, following xlwings' documented object model.

Excel cannot run on Linux, so the live-Excel backend and the Refresh entry point are tested
against this. It mirrors the public signatures of `xlwings.main` (App, Book, Sheets, Sheet,
Range, Names, Name, Charts, Chart, Font, ConditionalFormats, FreezePanes) and, where it
matters to us, how Excel treats what is written:

- a string written into a cell is read the way Excel reads typed input: `=...` becomes a
  formula, `007` becomes the number 7, `TRUE` a boolean, `2026-01-05` a date, and a leading
  apostrophe keeps the rest as text (the apostrophe itself is not part of the value);
- numbers read back as floats and empty cells as `None`, as xlwings returns them;
- `api` has no native (COM) object behind it, like a platform where a Windows-only call is
  unavailable: any attribute on it raises `AttributeError`.

It also counts reads and writes of cell values, so tests can hold the backend to one read
per tab and one write per output tab.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

POINTS_PER_COLUMN = 48.0
POINTS_PER_ROW = 15.0
CHART_TYPES = frozenset(
    {"line", "line_markers", "bar_clustered", "bar_stacked", "column_clustered",
     "column_stacked", "pie", "area", "xy_scatter"}
)  # fmt: skip


class NoNativeApi:
    """What `.api` gives here: no Windows COM object, so every attribute is missing."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no native Excel object in the stand-in (asked for {name!r})")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"no native Excel object in the stand-in (set {name!r})")


@dataclass
class CellStore:
    """One cell as Excel holds it."""

    value: Any = None
    formula: str | None = None
    number_format: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11.0
    font_color: tuple[int, int, int] | None = None
    fill: tuple[int, int, int] | None = None
    hyperlink: str | None = None

    @property
    def used(self) -> bool:
        return self.value is not None or self.formula is not None or self != CellStore()


@dataclass
class Counters:
    value_reads: int = 0
    value_writes: int = 0


class Books(list["Book"]):
    """The books open in one stand-in Excel."""

    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app

    def add(self) -> Book:
        book = Book(f"Book{len(self) + 1}", self.app)
        book.sheets.add("Sheet1")
        return book


class App:
    """An Excel instance: status bar, alerts, its books."""

    def __init__(self) -> None:
        self.books = Books(self)
        self.status_bar: str | bool = False
        self.screen_updating = True
        self.display_alerts = True
        self.alerts: list[tuple[str, str | None, str | None]] = []  # (prompt, title, mode)
        self.status_history: list[str | bool] = []
        self.calls = Counters()

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "status_bar" and hasattr(self, "status_history"):
            self.status_history.append(value)
        object.__setattr__(self, name, value)

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str | None:
        self.alerts.append((prompt, title, mode))
        return "ok"


class Book:
    """A workbook open in the stand-in Excel."""

    def __init__(self, name: str = "ILR Sheets.xlsm", app: App | None = None) -> None:
        self.app = app or App()
        self.app.books.append(self)
        self.name = name
        self.fullname = f"C:\\Schools\\{name}"
        self._sheets: list[SheetStore] = []
        self._names: list[NameStore] = []
        self.saves = 0
        self.saved_as: str | None = None

    @property
    def sheets(self) -> Sheets:
        return Sheets(self)

    @property
    def names(self) -> Names:
        return Names(self, None)

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    def save(self, path: str | None = None, password: str | None = None) -> None:
        self.saves += 1
        self.saved_as = path

    def close(self) -> None:
        self.app.books.remove(self)

    def __repr__(self) -> str:
        return f"<Book [{self.name}]>"


@dataclass
class SheetStore:
    name: str
    cells: dict[tuple[int, int], CellStore] = field(default_factory=dict)
    column_widths: dict[int, float] = field(default_factory=dict)
    charts: list[ChartStore] = field(default_factory=list)
    frozen_at: str | None = None
    color_scales: list[tuple[str, list[Any]]] = field(default_factory=list)
    visible: bool = True


class Sheets:
    """The sheets of a book, in tab order."""

    def __init__(self, book: Book) -> None:
        self.book = book

    def _wrap(self, store: SheetStore) -> Sheet:
        return Sheet(self.book, store)

    def __iter__(self) -> Iterator[Sheet]:
        return iter([self._wrap(s) for s in self.book._sheets])

    def __len__(self) -> int:
        return len(self.book._sheets)

    @property
    def count(self) -> int:
        return len(self)

    def __getitem__(self, key: int | str) -> Sheet:
        if isinstance(key, int):
            return self._wrap(self.book._sheets[key])
        return self(key)

    def __call__(self, name_or_index: int | str | Sheet) -> Sheet:
        if isinstance(name_or_index, Sheet):
            return name_or_index
        if isinstance(name_or_index, int):
            return self._wrap(self.book._sheets[name_or_index - 1])
        for store in self.book._sheets:
            if store.name.casefold() == name_or_index.casefold():
                return self._wrap(store)
        raise KeyError(name_or_index)

    def __contains__(self, name: str) -> bool:
        return any(s.name.casefold() == name.casefold() for s in self.book._sheets)

    @property
    def active(self) -> Sheet:
        return self[0]

    def add(
        self,
        name: str | None = None,
        before: Sheet | None = None,
        after: Sheet | None = None,
    ) -> Sheet:
        if name is not None and name in self:
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        if name is not None:
            _check_sheet_name(name)
        store = SheetStore(name or f"Sheet{len(self) + 1}")
        stores = self.book._sheets
        if before is not None:
            stores.insert(stores.index(before._store), store)
        elif after is not None:
            stores.insert(stores.index(after._store) + 1, store)
        else:
            stores.insert(0, store)  # Excel adds before the active sheet
        return self._wrap(store)


def _check_sheet_name(value: str) -> None:
    if not value:
        raise ValueError("A sheet name can't be empty.")
    if any(char in value for char in "\\/?*[]"):
        raise ValueError("A sheet name must not contain any of: \\, /, ?, *, [, ]")
    if len(value) > 31:
        raise ValueError("The max. length of a sheet name is 31 characters.")


class Sheet:
    def __init__(self, book: Book, store: SheetStore) -> None:
        self._book = book
        self._store = store

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sheet) and other._store is self._store

    def __hash__(self) -> int:
        return id(self._store)

    @property
    def name(self) -> str:
        return self._store.name

    @name.setter
    def name(self, value: str) -> None:
        _check_sheet_name(value)
        if any(
            s is not self._store and s.name.casefold() == value.casefold()
            for s in self._book._sheets
        ):
            raise ValueError(f"Sheet named '{value}' already present in workbook")
        old = "'" + self._store.name.replace("'", "''") + "'!"
        new = "'" + value.replace("'", "''") + "'!"
        for name in self._book._names:  # Excel keeps references to a renamed sheet in step
            name.refers_to = name.refers_to.replace(old, new)
        self._store.name = value

    @property
    def book(self) -> Book:
        return self._book

    @property
    def index(self) -> int:
        return self._book._sheets.index(self._store) + 1

    @property
    def names(self) -> Names:
        return Names(self._book, self._store)

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    @property
    def visible(self) -> bool:
        return self._store.visible

    @visible.setter
    def visible(self, value: bool) -> None:
        self._store.visible = value

    def range(
        self,
        cell1: str | tuple[int, int] | Range,
        cell2: str | tuple[int, int] | Range | None = None,
    ) -> Range:
        first = _corners(cell1)
        last = _corners(cell2) if cell2 is not None else first
        if isinstance(cell1, str) and "," in cell1:  # a multi-area range, as Excel writes it
            area = Range(self, first[0], first[1], first[2], first[3])
            area.areas = cell1.replace("$", "")
            return area
        return Range(
            self,
            min(first[0], last[0]),
            min(first[1], last[1]),
            max(first[2], last[2]),
            max(first[3], last[3]),
        )

    def __getitem__(self, address: str) -> Range:
        return self.range(address)

    @property
    def cells(self) -> Range:
        return Range(self, 1, 1, 1_048_576, 16_384)

    @property
    def used_range(self) -> Range:
        used = [key for key, cell in self._store.cells.items() if cell.used]
        if not used:
            return Range(self, 1, 1, 1, 1)
        rows = [r for r, _ in used]
        columns = [c for _, c in used]
        return Range(self, min(rows), min(columns), max(rows), max(columns))

    @property
    def charts(self) -> Charts:
        return Charts(self)

    @property
    def freeze_panes(self) -> FreezePanes:
        return FreezePanes(self)

    def activate(self) -> None:
        pass

    def clear(self) -> None:
        self._store.cells.clear()

    def delete(self) -> None:
        if len(self._book._sheets) == 1:
            raise RuntimeError("A workbook must contain at least one visible worksheet.")
        self._book._sheets.remove(self._store)
        self._book._names = [n for n in self._book._names if n.sheet is not self._store]

    def __repr__(self) -> str:
        return f"<Sheet [{self._book.name}]{self.name}>"


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


@dataclass
class NameStore:
    name: str
    refers_to: str
    sheet: SheetStore | None  # None: workbook scope


class Names:
    """Defined names: the book's (all of them, local ones prefixed) or one sheet's."""

    def __init__(self, book: Book, sheet: SheetStore | None) -> None:
        self._book = book
        self._sheet = sheet

    def _visible(self) -> list[NameStore]:
        if self._sheet is None:
            return list(self._book._names)
        return [n for n in self._book._names if n.sheet is self._sheet]

    def __iter__(self) -> Iterator[Name]:
        return iter([Name(self._book, n) for n in self._visible()])

    def __len__(self) -> int:
        return len(self._visible())

    @property
    def count(self) -> int:
        return len(self)

    def add(self, name: str, refers_to: str) -> Name:
        if " " in name:
            raise ValueError("A name cannot contain spaces.")
        for existing in self._visible():
            if existing.name.casefold() == name.casefold():
                existing.refers_to = refers_to
                return Name(self._book, existing)
        store = NameStore(name, refers_to, self._sheet)
        self._book._names.append(store)
        return Name(self._book, store)

    def contains(self, name_or_index: str) -> bool:
        return any(Name(self._book, n).name.rsplit("!", 1)[-1] == name_or_index
                   for n in self._visible())  # fmt: skip


class Name:
    def __init__(self, book: Book, store: NameStore) -> None:
        self._book = book
        self._store = store

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    @property
    def name(self) -> str:
        """As Excel reports it: a sheet-scoped name carries its sheet, `'My Tab'!Name`."""
        if self._store.sheet is None:
            return self._store.name
        sheet = self._store.sheet.name
        if re.search(r"[^A-Za-z0-9_.]", sheet):
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{self._store.name}"

    @property
    def refers_to(self) -> str:
        return self._store.refers_to

    def delete(self) -> None:
        self._book._names.remove(self._store)


@dataclass
class ChartStore:
    name: str
    left: float
    top: float
    width: float
    height: float
    chart_type: str = "column_clustered"
    title: str | None = None
    source: str | None = None
    x_values: str | None = None
    plot_by: str | None = None


class Charts:
    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[Chart]:
        return iter([Chart(self._sheet, store) for store in self._sheet._store.charts])

    def __len__(self) -> int:
        return len(self._sheet._store.charts)

    def __getitem__(self, index: int) -> Chart:
        return Chart(self._sheet, self._sheet._store.charts[index])

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
        chart_type: str | None = None,
        source: Range | None = None,
        plot_by: str | None = None,
        name: str | None = None,
        anchor: Range | None = None,
        style: int | None = 227,
    ) -> Chart:
        if anchor is not None:
            left, top = anchor.left, anchor.top
        store = ChartStore(name or f"Chart {len(self) + 1}", left, top, width, height)
        self._sheet._store.charts.append(store)
        chart = Chart(self._sheet, store)
        if chart_type is not None:
            chart.chart_type = chart_type
        if source is not None:
            chart.set_source_data(source, plot_by)
        return chart


class Chart:
    def __init__(self, sheet: Sheet, store: ChartStore) -> None:
        self.parent = sheet
        self._store = store

    @property
    def api(self) -> NoNativeApi:
        return NoNativeApi()

    @property
    def name(self) -> str:
        return self._store.name

    @property
    def chart_type(self) -> str:
        return self._store.chart_type

    @chart_type.setter
    def chart_type(self, value: str) -> None:
        if value not in CHART_TYPES:
            raise ValueError(f"unknown chart type {value!r}")
        self._store.chart_type = value

    @property
    def title(self) -> str | None:
        return self._store.title

    @title.setter
    def title(self, value: str | None) -> None:
        self._store.title = value

    def set_source_data(self, source: Range, plot_by: str | None = None) -> None:
        self._store.source = source.get_address()
        self._store.plot_by = plot_by

    def set_x_axis_values(self, source: Range) -> None:
        self._store.x_values = source.get_address()

    @property
    def left(self) -> float:
        return self._store.left

    @property
    def top(self) -> float:
        return self._store.top

    def delete(self) -> None:
        self.parent._store.charts.remove(self._store)


def book_with(sheets: dict[str, list[list[Any]]], name: str = "ILR Sheets.xlsm") -> Book:
    """A stand-in workbook whose tabs hold `sheets` as a person typed them (tab order kept).

    Values are stored as Excel holds them, without going through typed-input rules: text
    stays text, a `date` becomes a date cell, a `time` a time-formatted number.
    """
    book = Book(name)
    for tab_name, rows in sheets.items():
        store = SheetStore(tab_name)
        book._sheets.append(store)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                store.cells[(r, c)] = _typed_cell(value)
    return book


def _typed_cell(value: Any) -> CellStore:
    if isinstance(value, dt.time):
        fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return CellStore(fraction, number_format="hh:mm")
    if isinstance(value, dt.datetime):
        return CellStore(value, number_format="yyyy-mm-dd hh:mm")
    if isinstance(value, dt.date):
        return CellStore(dt.datetime(value.year, value.month, value.day), number_format="m/d/yyyy")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return CellStore(float(value))
    return CellStore(value)
