"""Where each block of an `OutputTab` goes: computed once, used by every backend.

The layout is a column of blocks under a title, one blank row between blocks, charts to the
right of the widest block. Rows and columns are 1-based, as a person reads them in a sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from reports.model import (
    Block,
    Cell,
    Chart,
    Format,
    KeyFigures,
    Link,
    Note,
    OutputTab,
    Table,
)

# Charts sit in a band between the key figures and the first table, two side by side, so a
# person sees the picture before the rows (and a printed page stays one readable width).
CHART_WIDTH_PX, CHART_HEIGHT_PX = 560, 300
ROW_PX = 20  # a default row is 15 points
CHART_HEIGHT_ROWS = -(-CHART_HEIGHT_PX // ROW_PX) + 1
CHART_WIDTH_COLUMNS = 8  # columns a chart may reach over, for backends that size a grid
CHARTS_PER_ROW = 2
CHART_GAP_PX = 24
MIN_WIDTH, MAX_WIDTH = 8, 60
# A frozen pane taller than this would hide most of a laptop screen; freeze the title instead.
MAX_FROZEN_ROWS = 14


@dataclass(frozen=True)
class Placed:
    """A block and the cell of its top-left corner."""

    block: Block
    row: int
    column: int = 1

    @property
    def header_row(self) -> int:
        """For a table: the row of its header (after its title row, if any)."""
        if isinstance(self.block, Table | KeyFigures) and self.block.title:
            return self.row + 1
        return self.row

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1 if isinstance(self.block, Table) else self.header_row

    @property
    def height(self) -> int:
        block = self.block
        if isinstance(block, Note):
            return 1
        title = 1 if block.title else 0
        if isinstance(block, KeyFigures):
            return title + len(block.items)
        return title + 1 + max(len(block.rows), 1)


@dataclass(frozen=True)
class Range:
    """A rectangle of cells, 1-based and inclusive."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def a1(self) -> str:
        return f"{cell_name(self.first_row, self.first_column)}:" + cell_name(
            self.last_row, self.last_column
        )


@dataclass(frozen=True)
class PlacedChart:
    chart: Chart
    anchor_row: int
    anchor_column: int
    categories: Range  # the x values, without the header
    series: tuple[tuple[str, Range], ...]  # (series name, values without the header)
    markers: tuple[tuple[str, Range], ...] = ()  # the same, drawn as points only
    width_px: int = CHART_WIDTH_PX
    height_px: int = CHART_HEIGHT_PX


@dataclass(frozen=True)
class TabLayout:
    tab: OutputTab
    placed: tuple[Placed, ...]
    charts: tuple[PlacedChart, ...]
    freeze_rows: int  # rows kept in view when scrolling (0: none)
    column_widths: dict[int, int]  # 1-based column -> width in characters

    def position(self, key: str) -> Placed:
        for placed in self.placed:
            if isinstance(placed.block, Table | KeyFigures) and placed.block.key == key:
                return placed
        raise KeyError(f"tab {self.tab.name!r} has no block {key!r}")

    def table_range(self, key: str, header: str) -> Range:
        """The data cells (no header) of one column of a table."""
        placed = self.position(key)
        assert isinstance(placed.block, Table)
        column = placed.column + placed.block.column_index(header)
        last = placed.first_data_row + max(len(placed.block.rows), 1) - 1
        return Range(placed.first_data_row, column, last, column)


TITLE_ROW = 1


def layout(tab: OutputTab) -> TabLayout:
    """Place every block and chart of `tab`."""
    widths = _column_widths(tab.blocks)
    first_table = next(
        (i for i, block in enumerate(tab.blocks) if isinstance(block, Table)), len(tab.blocks)
    )
    chart_rows = -(-len(tab.charts) // CHARTS_PER_ROW) * CHART_HEIGHT_ROWS
    row = TITLE_ROW + (2 if tab.subtitle else 1) + 1
    band_top = row
    placed: list[Placed] = []
    for index, block in enumerate(tab.blocks):
        if index == first_table and tab.charts:
            band_top, row = row, row + chart_rows + 1
        item = Placed(block, row)
        placed.append(item)
        row += item.height + 1
    if tab.charts and first_table == len(tab.blocks):
        band_top = row

    result = TabLayout(tab, tuple(placed), (), _freeze_rows(placed), widths)
    second_column = _column_at(widths, CHART_WIDTH_PX + CHART_GAP_PX)
    charts = []
    for index, chart in enumerate(tab.charts):
        band_row, side = divmod(index, CHARTS_PER_ROW)
        charts.append(
            PlacedChart(
                chart,
                anchor_row=band_top + band_row * CHART_HEIGHT_ROWS,
                anchor_column=second_column if side else 1,
                categories=result.table_range(chart.table, chart.x),
                series=tuple((n, result.table_range(chart.table, n)) for n in chart.series),
                markers=tuple((n, result.table_range(chart.table, n)) for n in chart.markers),
            )
        )
    return TabLayout(tab, tuple(placed), tuple(charts), result.freeze_rows, widths)


def column_px(width: float) -> int:
    """A column's width in pixels from its width in characters (Excel's rule)."""
    return round(7 * width + 5)


def _column_at(widths: dict[int, int], offset_px: int) -> int:
    """The first column whose left edge is at least `offset_px` from the sheet's left."""
    column, left = 1, 0
    while left < offset_px:
        left += column_px(widths.get(column, 8.43))
        column += 1
    return column


def _freeze_rows(placed: list[Placed]) -> int:
    for item in placed:
        if isinstance(item.block, Table) and item.block.freeze_header:
            if item.header_row <= MAX_FROZEN_ROWS:
                return item.header_row
            break
    return TITLE_ROW


def _column_widths(blocks: tuple[Block, ...]) -> dict[int, int]:
    """Characters per column: enough for every block's values (blocks start in column A)."""
    widths: dict[int, int] = {}

    def fit(column: int, text_width: int) -> None:
        widths[column] = max(widths.get(column, MIN_WIDTH), min(text_width + 2, MAX_WIDTH))

    for block in blocks:
        if isinstance(block, KeyFigures):
            for figure in block.items:
                fit(1, len(figure.label))
                fit(2, display_width(figure.value, figure.format))
        elif isinstance(block, Table):
            for number, column in enumerate(block.columns, start=1):
                if column.width is not None:
                    # A fixed width never narrows a column another block needs wider.
                    widths[number] = max(widths.get(number, MIN_WIDTH), column.width)
                    continue
                fit(number, max(len(w) for w in column.header.split()) + 1)
                fit(number, min(len(column.header), 18))
                for data in block.rows:
                    fit(number, display_width(data[number - 1], column.format))
    return widths


# A column's width counts "0" characters; ordinary text in a proportional font fits about
# 1.2 per unit (measured in LibreOffice with Excel's default font metrics). 1.1 errs long.
CHARACTERS_PER_WIDTH = 1.1


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column `width` characters wide (an estimate that
    errs long: a row a little too tall reads better than lines drawn over each other)."""
    per_line = max(int(width * CHARACTERS_PER_WIDTH), 1)
    return sum(max(-(-len(line) // per_line), 1) for line in text.splitlines() or [""])


def display_width(value: Cell, format: Format = Format.TEXT) -> int:
    """Characters a value needs on screen, so no column shows `########`."""
    if value is None:
        return 0
    if isinstance(value, Link):
        return len(value.text)
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, dt.time):
        return 5
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        if format is Format.PERCENT:
            return 7
        return len(f"{value:,.2f}") if isinstance(value, float) else len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def cell_name(row: int, column: int) -> str:
    """`cell_name(1, 28)` -> `"AB1"`."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row}"


class Role(StrEnum):
    """What a cell is, so each backend can style it the same way."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    BLOCK_TITLE = "block title"
    HEADER = "header"
    LABEL = "label"  # a key figure's label
    FIGURE = "figure"  # a key figure's value
    DATA = "data"
    NOTE = "note"
    EMPTY = "empty"  # "Nothing to show yet."


# Dates in a table read best left-aligned: right-aligned, they run into the next column's text.
LEFT_ALIGNED = frozenset({Format.DATE, Format.DATETIME, Format.TIME})
# Text in a number column (a hidden count's `*`) lines up with the numbers.
NUMBER_FORMATS_ALIGNED_RIGHT = frozenset({Format.INTEGER, Format.DECIMAL, Format.PERCENT})


@dataclass(frozen=True, slots=True)
class PlacedCell:
    row: int
    column: int
    value: Cell
    format: Format
    role: Role
    wrap: bool = False  # a long text that wraps within its column

    @property
    def left_aligned(self) -> bool:
        return self.role is Role.DATA and self.format in LEFT_ALIGNED

    @property
    def right_aligned(self) -> bool:
        return (
            self.role is Role.DATA
            and self.format in NUMBER_FORMATS_ALIGNED_RIGHT
            and isinstance(self.value, str)
        )


def cells(placed_layout: TabLayout) -> Iterator[PlacedCell]:
    """Every non-empty cell of a laid-out tab, with its format and role."""
    tab = placed_layout.tab
    yield PlacedCell(TITLE_ROW, 1, tab.title, Format.TEXT, Role.TITLE)
    if tab.subtitle:
        yield PlacedCell(TITLE_ROW + 1, 1, tab.subtitle, Format.TEXT, Role.SUBTITLE)
    for placed in placed_layout.placed:
        block, row, col = placed.block, placed.row, placed.column
        if isinstance(block, Note):
            yield PlacedCell(row, col, block.text, Format.TEXT, Role.NOTE)
            continue
        if block.title:
            yield PlacedCell(row, col, block.title, Format.TEXT, Role.BLOCK_TITLE)
        if isinstance(block, KeyFigures):
            for offset, figure in enumerate(block.items):
                at = placed.header_row + offset
                yield PlacedCell(at, col, figure.label, Format.TEXT, Role.LABEL)
                yield PlacedCell(at, col + 1, figure.value, figure.format, Role.FIGURE)
            continue
        for offset, column in enumerate(block.columns):
            yield PlacedCell(
                placed.header_row, col + offset, column.header, Format.TEXT, Role.HEADER
            )
        if not block.rows:
            yield PlacedCell(
                placed.first_data_row, col, block.empty_message, Format.TEXT, Role.EMPTY
            )
        for r, values in enumerate(block.rows):
            for c, value in enumerate(values):
                if value is not None:
                    column = block.columns[c]
                    yield PlacedCell(
                        placed.first_data_row + r,
                        col + c,
                        value,
                        column.format,
                        Role.DATA,
                        column.wrap,
                    )
