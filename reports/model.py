"""The backend-neutral output model: what a report says, not how a backend draws it.

An `OutputTab` is plain data: a title, blocks stacked top to bottom (key figures, tables,
notes), colour scales and charts that point at a table's columns by header, and which table's
header row to freeze. `reports.layout` turns it into cell positions once, so every backend puts
the same value in the same cell. Backends render formats natively (openpyxl number formats,
Sheets `numberFormat`, xlwings `number_format`).

Cell values are `str | int | float | bool | date | datetime | time | None`, or a `Link` to a
cell of another tab. Text is always text: a backend writes `=SUM(A1)` typed by a person as the
eight characters it is, never as a formula. Each table column declares a `Format`, and an
`OutputTab` refuses a cell that does not fit its column's (`fits_format`): two swapped columns
fail where they are built, not as a wrong-looking sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeGuard


class Format(StrEnum):
    """How a column's values are shown."""

    TEXT = "text"
    INTEGER = "integer"  # 1,234
    DECIMAL = "decimal"  # 1.25
    PERCENT = "percent"  # 0.875 shown as 87.5%
    DATE = "date"  # 2026-11-03, shown as Tue Nov 3, 2026 style by the backend
    TIME = "time"
    DATETIME = "datetime"


# One number-format string per Format, in Excel's syntax; Google Sheets accepts the same
# patterns for these simple cases.
NUMBER_FORMATS: dict[Format, str] = {
    Format.TEXT: "@",
    Format.INTEGER: "#,##0",
    Format.DECIMAL: "0.00",
    Format.PERCENT: "0.0%",
    Format.DATE: "yyyy-mm-dd",
    Format.TIME: "hh:mm",
    Format.DATETIME: "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True, slots=True)
class Link:
    """A cell that jumps to a cell of another tab (e.g. an Issues line to the bad cell)."""

    text: str
    tab: str
    row: int  # 1-based sheet row
    column: int  # 1-based sheet column


Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | Link | None

# What a number column shows instead of a count withheld by small-cell suppression
# (docs/design.md, The de-identified copy).
HIDDEN = "*"
# What a decimal column shows for a figure that has none, its reason said beside it (a kappa
# with no variation to measure, docs/design.md Calibration).
NO_VALUE = "-"


def _is_number(value: Cell) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_count(value: Cell) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# The values each format shows, blanks (None) aside. A number column may show `HIDDEN`, a
# decimal one `NO_VALUE`; a
# link shows its text, so it fits a text column, or a number column when its text is a whole
# number (the Issues tab's row numbers).
_SHOWS: dict[Format, Callable[[Cell], bool]] = {
    Format.TEXT: lambda value: isinstance(value, str | Link),
    Format.INTEGER: lambda value: (
        _is_count(value) or value == HIDDEN or (isinstance(value, Link) and value.text.isdigit())
    ),
    Format.DECIMAL: lambda value: _is_number(value) or value in (HIDDEN, NO_VALUE),
    Format.PERCENT: lambda value: (_is_number(value) and 0 <= value <= 1) or value == HIDDEN,
    Format.DATE: lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
    Format.TIME: lambda value: isinstance(value, dt.time),
    Format.DATETIME: lambda value: isinstance(value, dt.datetime),
}


def fits_format(value: Cell, format: Format) -> bool:
    """Whether a column of `format` may hold `value`: a blank, or a value of its kind.

    Text holds text; integers whole numbers; decimals numbers; percentages shares from 0 to
    1; dates dates (not datetimes); times times; datetimes datetimes.

    >>> fits_format(0.875, Format.PERCENT), fits_format(dt.date(2026, 11, 3), Format.PERCENT)
    (True, False)
    """
    return value is None or _SHOWS[format](value)


@dataclass(frozen=True)
class Column:
    header: str
    format: Format = Format.TEXT
    width: int | None = None  # characters; None lets the backend size it from the values
    wrap: bool = False  # long text wraps within the width instead of being cut off


@dataclass(frozen=True)
class Table:
    """A header row and data rows. `key` names it for charts and colour scales."""

    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    freeze_header: bool = False
    empty_message: str = "Nothing to show yet."

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"table {self.key!r}: a row has {len(row)} cells, not {width}")

    def check_formats(self, tab: str) -> None:
        """Raise `ValueError` naming the tab, table, row and column of a cell that does not
        fit its column's format (the cell's type, never its value: it may be a name)."""
        for index, column in enumerate(self.columns):
            for number, row in enumerate(self.rows, start=1):
                if not fits_format(row[index], column.format):
                    raise ValueError(
                        f"tab {tab!r}, table {self.key!r}, row {number}, column "
                        f"{column.header!r}: a {column.format} column holds a "
                        f"{type(row[index]).__name__}"
                    )

    def column_index(self, header: str) -> int:
        """0-based index of the column with this header."""
        for index, column in enumerate(self.columns):
            if column.header == header:
                return index
        raise KeyError(f"table {self.key!r} has no column {header!r}")


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Cell
    format: Format = Format.TEXT
    note: str = ""
    headline: bool = False  # also shown on the Summary tab
    aside: str = ""  # read with the value on the Summary, e.g. the visits a share leaves out


@dataclass(frozen=True)
class KeyFigures:
    """A label/value block: label in one column, value beside it."""

    key: str
    items: tuple[KeyFigure, ...]
    title: str = ""


@dataclass(frozen=True)
class Note:
    """A line of explanatory text (how a figure is defined, what to do next)."""

    text: str


Block = KeyFigures | Table | Note


class ChartKind(StrEnum):
    LINE = "line"
    BAR = "bar"
    SCATTER = "scatter"  # points at (x, y): `x` names the x column, `series` the y column


@dataclass(frozen=True)
class Chart:
    """A chart over one table: categories from `x`, one series per header in `series`."""

    key: str
    kind: ChartKind
    title: str
    table: str
    x: str
    series: tuple[str, ...]
    y_title: str = ""
    x_title: str = ""
    percent: bool = False
    stacked: bool = False
    # Headers drawn as points with no line: a mark on a date (e.g. the week a look-for became
    # a priority), from a column empty but on the marked rows.
    markers: tuple[str, ...] = ()
    # The table's last row is a week or month still running at as-of (docs/design.md, Partial
    # period): every backend draws that point apart (a hollow marker, a dashed end or outline)
    # so no one reads a slump into three days.
    partial_last: bool = False


@dataclass(frozen=True)
class ColorScale:
    """A two-colour scale over some columns of a table.

    The low colour sits at `low_value` (default: the smallest value), the high colour at
    `high_value` (default: the largest) and beyond. `ColorScale(..., low_value=0,
    high_value=2)` paints a zero red and two or more white: an empty block stands out.
    """

    table: str
    columns: tuple[str, ...]
    low_color: str = "F8696B"
    high_color: str = "FFFFFF"
    low_value: float | None = None
    high_value: float | None = None


@dataclass(frozen=True)
class OutputTab:
    name: str
    title: str
    blocks: tuple[Block, ...]
    charts: tuple[Chart, ...] = ()
    color_scales: tuple[ColorScale, ...] = ()
    subtitle: str = ""

    def __post_init__(self) -> None:
        for table in self.tables:
            table.check_formats(self.name)

    def table(self, key: str) -> Table:
        for block in self.blocks:
            if isinstance(block, Table) and block.key == key:
                return block
        raise KeyError(f"tab {self.name!r} has no table {key!r}")

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def key_figures(self, key: str) -> KeyFigures:
        for block in self.blocks:
            if isinstance(block, KeyFigures) and block.key == key:
                return block
        raise KeyError(f"tab {self.name!r} has no key figures {key!r}")


def table(
    key: str,
    columns: Sequence[Column | tuple[str, Format] | str],
    rows: Sequence[Sequence[Cell]],
    **options: object,
) -> Table:
    """Build a `Table` from loose columns (`"Teacher"`, `("Last Visit", Format.DATE)`)."""
    built = tuple(
        c if isinstance(c, Column) else Column(c) if isinstance(c, str) else Column(*c)
        for c in columns
    )
    return Table(key, built, tuple(tuple(r) for r in rows), **options)  # type: ignore[arg-type]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would read as a formula if typed (docs/design.md, bad input)."""
    return text.startswith(FORMULA_STARTS)
