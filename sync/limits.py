"""Output tabs within what a sheet can hold, decided once above the backends.

Excel's limits are the tightest of the backends': 1,048,576 rows, 16,384 columns, 32,767
characters in a cell (docs/design.md, Output tabs). A tab that would pass one is made to fit
before any backend sees it, and says how, on the tab and on the Summary:

- a table with more columns than a sheet has is split into tables stacked one under the
  other, each starting with the table's first column (the Week of a Trends table with 9,000
  Framework codes); charts keep the series of the first part, colour scales follow theirs;
- a tab with more rows than a sheet has keeps the first rows of its longest table;
- text longer than a cell holds is cut, ending in "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reports.layout import layout
from reports.model import Block, Chart, ColorScale, Note, OutputTab, Table
from sheets_templates.schema import SUMMARY_TAB

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
EXCEL_CELL_CHARACTERS = 32_767
CUT = "…"


def fit_tabs(tabs: Sequence[OutputTab]) -> tuple[OutputTab, ...]:
    """`tabs`, each within Excel's limits; the Summary (when written) lists what changed."""
    fitted: list[OutputTab] = []
    said: list[str] = []
    for tab in tabs:
        tab, changes = fit_tab(tab)
        fitted.append(tab)
        said += [f"{tab.name}: {change}" for change in changes]
    if not said:
        return tuple(fitted)
    lines = tuple(Note(f"Too large for one sheet, so made to fit: {line}.") for line in said)
    return tuple(
        replace(tab, blocks=(*tab.blocks, *lines)) if tab.name == SUMMARY_TAB else tab
        for tab in fitted
    )


def fit_tab(tab: OutputTab) -> tuple[OutputTab, list[str]]:
    """One tab within the limits, and what was changed to get there (none: the tab itself)."""
    changes: list[str] = []
    tab = _split_wide_tables(tab, changes)
    tab = _cut_long_text(tab, changes)
    tab = _keep_rows_that_fit(tab, changes)
    if changes:
        notes = tuple(Note(f"Too large for one sheet: {change}.") for change in changes)
        tab = replace(tab, blocks=(*tab.blocks, *notes))
    return tab, changes


def _split_wide_tables(tab: OutputTab, changes: list[str]) -> OutputTab:
    if all(len(table.columns) <= EXCEL_COLUMNS for table in tab.tables):
        return tab
    blocks: list[Block] = []
    scales = list(tab.color_scales)
    charts = list(tab.charts)
    for block in tab.blocks:
        if not isinstance(block, Table) or len(block.columns) <= EXCEL_COLUMNS:
            blocks.append(block)
            continue
        parts = split_table(block)
        blocks += parts
        name = block.title or block.key
        changes.append(
            f"the table '{name}' has {len(block.columns):,} columns, more than the "
            f"{EXCEL_COLUMNS:,} a sheet has, so it is split into {len(parts)} tables, one "
            f"under the other, each starting with its '{block.columns[0].header}' column"
        )
        scales = _scales_for(scales, block.key, parts)
        charts = _charts_on_first_part(charts, block.key, parts[0])
    return replace(tab, blocks=tuple(blocks), color_scales=tuple(scales), charts=tuple(charts))


def split_table(table: Table) -> list[Table]:
    """`table` as tables of at most `EXCEL_COLUMNS` columns, each led by its first column.

    The first part keeps the table's key (charts and colour scales name it); the others are
    `key-2`, `key-3`...
    """
    width = EXCEL_COLUMNS - 1
    rest = range(1, len(table.columns))
    chunks = [rest[start : start + width] for start in range(0, len(rest), width)]
    parts = []
    for number, chunk in enumerate(chunks, start=1):
        indexes = [0, *chunk]
        title = table.title or table.key
        parts.append(
            replace(
                table,
                key=table.key if number == 1 else f"{table.key}-{number}",
                title=title if number == 1 else f"{title} (part {number} of {len(chunks)})",
                columns=tuple(table.columns[i] for i in indexes),
                rows=tuple(tuple(row[i] for i in indexes) for row in table.rows),
            )
        )
    return parts


def _scales_for(scales: list[ColorScale], key: str, parts: list[Table]) -> list[ColorScale]:
    kept = [scale for scale in scales if scale.table != key]
    for scale in (s for s in scales if s.table == key):
        for part in parts:
            headers = {column.header for column in part.columns}
            columns = tuple(c for c in scale.columns if c in headers)
            if columns:
                kept.append(replace(scale, table=part.key, columns=columns))
    return kept


def _charts_on_first_part(charts: list[Chart], key: str, first: Table) -> list[Chart]:
    headers = {column.header for column in first.columns}
    kept = []
    for chart in charts:
        if chart.table != key:
            kept.append(chart)
            continue
        series = tuple(s for s in chart.series if s in headers)
        if series and chart.x in headers:
            markers = tuple(m for m in chart.markers if m in headers)
            kept.append(replace(chart, series=series, markers=markers))
    return kept


def excel_length(text: str) -> int:
    """A text's length as Excel counts it: in UTF-16 units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str) -> str:
    """`text` cut so that, with CUT after it, Excel counts at most EXCEL_CELL_CHARACTERS."""
    budget, units = EXCEL_CELL_CHARACTERS - len(CUT), 0
    for index, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > budget:
            return text[:index] + CUT
    return text


def _cut_long_text(tab: OutputTab, changes: list[str]) -> OutputTab:
    cut = 0

    def fitted(value: object) -> object:
        nonlocal cut
        if isinstance(value, str) and excel_length(value) > EXCEL_CELL_CHARACTERS:
            cut += 1
            return _fit(value)
        return value

    blocks: list[Block] = []
    for block in tab.blocks:
        if isinstance(block, Table) and any(
            isinstance(value, str) and excel_length(value) > EXCEL_CELL_CHARACTERS
            for row in block.rows
            for value in row
        ):
            rows = tuple(tuple(fitted(value) for value in row) for row in block.rows)
            block = replace(block, rows=rows)  # type: ignore[arg-type]
        elif isinstance(block, Note) and excel_length(block.text) > EXCEL_CELL_CHARACTERS:
            block = Note(str(fitted(block.text)))
        blocks.append(block)
    if not cut:
        return tab
    changes.append(
        f"{cut:,} cells held more than the {EXCEL_CELL_CHARACTERS:,} characters a cell "
        f"holds, so they are cut, ending in '{CUT}'"
    )
    return replace(tab, blocks=tuple(blocks))


def _keep_rows_that_fit(tab: OutputTab, changes: list[str]) -> OutputTab:
    # A cheap bound first: laying out a tab of 50,000 rows twice is not free.
    bound = sum(len(t.rows) + 4 for t in tab.tables) + 4 * len(tab.blocks) + 40 * len(tab.charts)
    if bound < EXCEL_ROWS:
        return tab
    used = max((p.row + p.height for p in layout(tab).placed), default=0)
    over = used - EXCEL_ROWS + 8  # room for the notes that say so
    if over <= 0:
        return tab
    longest = max(tab.tables, key=lambda t: len(t.rows))
    kept = max(0, len(longest.rows) - over)
    changes.append(
        f"the table '{longest.title or longest.key}' has {len(longest.rows):,} rows, more than "
        f"a sheet holds, so only its first {kept:,} are shown"
    )
    blocks = tuple(
        replace(block, rows=block.rows[:kept]) if block is longest else block
        for block in tab.blocks
    )
    return replace(tab, blocks=blocks)
