"""The stand-in Excel, its books, their sheets and defined names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from tests.fakes.xlwings_standin.cells import FreezePanes, Range, _corners
from tests.fakes.xlwings_standin.charts import Charts
from tests.fakes.xlwings_standin.store import (
    CellStore,
    Counters,
    NameStore,
    NoNativeApi,
    SheetStore,
)


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
