"""Draw one `OutputTab` on a fresh sheet of a workbook open in Excel.

Positions come from `reports.layout` (never placed here). The values go in with one range
write for the whole tab; then one call per styled row of cells, per formatted column and per
chart. Colour scales, chart titles and frozen panes use newer parts of xlwings' API that an
older xlwings or another platform may lack: they are `best_effort`, so the numbers always
land even where a decoration cannot be drawn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import partial
from itertools import groupby
from typing import Any

from reports.layout import (
    TITLE_ROW,
    PlacedCell,
    Range,
    Role,
    TabLayout,
    cell_name,
    cells,
    layout,
)
from reports.model import NUMBER_FORMATS, ChartKind, Format, KeyFigures, OutputTab, Table
from sync.excel_live.values import ExcelValue, to_excel

log = logging.getLogger(__name__)

HEADER_FILL = "#D9E1F2"
TITLE_SIZE = 14
_DEFAULT_FORMATS = frozenset({Format.TEXT})
# Excel's own constants (MsoLineDashStyle, XlMarkerStyle, XlColorIndex), and the bars' dashed
# outline as COM takes a colour: 0xBBGGRR.
MSO_LINE_DASH = 4
XL_MARKER_CIRCLE = 8
XL_COLOR_NONE = -4142
MARK_COLOR_BGR = 0x404040

# xlwings chart type names (see `xlwings.Chart.chart_type`).
_CHART_TYPES = {
    (ChartKind.LINE, False): "line_markers",
    (ChartKind.LINE, True): "line_stacked",
    (ChartKind.BAR, False): "column_clustered",
    (ChartKind.BAR, True): "column_stacked",
    (ChartKind.SCATTER, False): "xy_scatter",
}


def best_effort(what: str, call: Callable[[], object]) -> bool:
    """Run a decoration that some platforms lack; log and carry on when it is missing."""
    try:
        call()
    except Exception as exc:  # an engine without the feature raises anything from COM/appscript
        log.info("Skipped %s: %s", what, exc)
        return False
    return True


def render_tab(sheet: Any, tab: OutputTab) -> None:
    """Write `tab` onto the empty xlwings `sheet`: values, formats, widths, charts."""
    placed = layout(tab)
    grid_cells = list(cells(placed))
    write_values(sheet, grid_cells)
    apply_styles(sheet, grid_cells)
    apply_number_formats(sheet, placed)
    for column, width in placed.column_widths.items():
        sheet.range((1, column)).column_width = width
    for scale in tab.color_scales:
        colors = ["#" + scale.low_color, "#" + scale.high_color]
        # xlwings takes thresholds for both ends or neither; with one missing, min/max it is.
        ends = (scale.low_value, scale.high_value)
        thresholds = [float(v) for v in ends if v is not None] if None not in ends else None
        for header in scale.columns:
            cells_in_scale = sheet.range(placed.table_range(scale.table, header).a1())
            best_effort(
                f"the colour scale on {tab.name}",
                partial(_add_color_scale, cells_in_scale, colors, thresholds),
            )
    for chart in placed.charts:
        draw_chart(sheet, chart)
    if placed.freeze_rows:
        rows = placed.freeze_rows
        if not best_effort("freezing rows (xlwings API)", partial(_freeze_public, sheet, rows)):
            best_effort("freezing rows (Windows)", partial(_freeze_windows, sheet, rows))


def _freeze_public(sheet: Any, rows: int) -> None:
    # `Sheet.freeze_panes` is implemented by xlwings Lite and Server only.
    sheet.freeze_panes.freeze_at(f"1:{rows}")


def _freeze_windows(sheet: Any, rows: int) -> None:
    # Classic Excel freezes panes on the window, which only COM reaches.
    sheet.activate()
    window = sheet.book.app.api.ActiveWindow
    window.FreezePanes = False
    window.SplitColumn = 0
    window.SplitRow = rows
    window.FreezePanes = True


def _fit_rows(cells_to_fit: Any) -> None:
    cells_to_fit.rows.autofit()


def _add_color_scale(
    cells_in_scale: Any, colors: list[str], thresholds: list[float] | None
) -> None:
    # `Range.conditional_formats` came in xlwings 0.37.5.
    cells_in_scale.conditional_formats.add_color_scale(colors, thresholds=thresholds)


def write_values(sheet: Any, grid_cells: list[PlacedCell]) -> None:
    """One range write: the rectangle from A1 to the last cell the layout uses."""
    height = max(cell.row for cell in grid_cells)
    width = max(cell.column for cell in grid_cells)
    grid: list[list[ExcelValue]] = [[None] * width for _ in range(height)]
    for cell in grid_cells:
        grid[cell.row - 1][cell.column - 1] = to_excel(cell.value)
    sheet.range((1, 1), (height, width)).value = grid


def _runs(grid_cells: list[PlacedCell], role: Role) -> Iterator[str]:
    """A1 addresses of the side-by-side runs of cells that have `role`."""
    chosen = sorted((c.row, c.column) for c in grid_cells if c.role is role)
    for row, group in groupby(chosen, key=lambda rc: rc[0]):
        yield from (
            f"{cell_name(row, first)}:{cell_name(row, last)}"
            for first, last in _contiguous([column for _, column in group])
        )


def _contiguous(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """`[1, 2, 3, 5]` -> `(1, 3), (5, 5)`."""
    start = previous = numbers[0]
    for number in numbers[1:]:
        if number != previous + 1:
            yield start, previous
            start = number
        previous = number
    yield start, previous


def apply_styles(sheet: Any, grid_cells: list[PlacedCell]) -> None:
    """Bold title, headers and labels; a light fill behind headers; italic notes."""
    title = sheet.range((TITLE_ROW, 1))
    title.font.bold = True
    best_effort("the title size", lambda: setattr(title.font, "size", TITLE_SIZE))
    for role in (Role.HEADER, Role.BLOCK_TITLE, Role.LABEL):
        for address in _runs(grid_cells, role):
            sheet.range(address).font.bold = True
            if role is Role.HEADER:
                sheet.range(address).color = HEADER_FILL
    for role in (Role.SUBTITLE, Role.NOTE, Role.EMPTY):
        for address in _runs(grid_cells, role):
            sheet.range(address).font.italic = True


def apply_number_formats(sheet: Any, placed: TabLayout) -> None:
    """One call per formatted table column, one per formatted key figure."""
    for item in placed.placed:
        block = item.block
        if isinstance(block, Table):
            if not block.rows:
                continue
            for column in block.columns:
                area = placed.table_range(block.key, column.header)
                if column.wrap:
                    cells_to_wrap = sheet.range(area.a1())
                    best_effort(
                        "wrapping long text", partial(setattr, cells_to_wrap, "wrap_text", True)
                    )
                    best_effort("fitting rows to wrapped text", partial(_fit_rows, cells_to_wrap))
                if column.format in _DEFAULT_FORMATS:
                    continue
                sheet.range(area.a1()).number_format = NUMBER_FORMATS[column.format]
        elif isinstance(block, KeyFigures):
            for offset, figure in enumerate(block.items):
                if figure.format not in _DEFAULT_FORMATS:
                    at = (item.header_row + offset, item.column + 1)
                    sheet.range(at).number_format = NUMBER_FORMATS[figure.format]


POINTS_PER_PX = 0.75  # Excel positions shapes in points (1/72 in); pixels are 1/96 in


def draw_chart(sheet: Any, placed_chart: Any) -> None:
    """A native Excel chart beside the tables, from the table's own cells."""
    chart = placed_chart.chart
    anchor = sheet.range((placed_chart.anchor_row, placed_chart.anchor_column))
    drawn = sheet.charts.add(
        anchor.left,
        anchor.top,
        placed_chart.width_px * POINTS_PER_PX,
        placed_chart.height_px * POINTS_PER_PX,
    )
    drawn.chart_type = _CHART_TYPES[(chart.kind, chart.stacked)]
    if chart.kind is ChartKind.SCATTER:  # Excel takes the first column as the x values
        columns = (("x", placed_chart.categories), *placed_chart.series)
        drawn.set_source_data(sheet.range(_series_with_headers(columns)))
    else:
        drawn.set_source_data(sheet.range(_series_with_headers(placed_chart.series)))
    best_effort("the chart's categories", lambda: drawn.set_x_axis_values(
        sheet.range(placed_chart.categories.a1())))  # fmt: skip
    best_effort("the chart title", lambda: setattr(drawn, "title", chart.title))
    if chart.partial_last:
        best_effort(
            "the running period's points (Windows)", partial(draw_apart, drawn, placed_chart)
        )


def draw_apart(drawn: Any, placed_chart: Any) -> None:
    """The last point of each series is a period still running: a line reaches it dashed, to
    a hollow marker; a bar gets a dashed outline. Per-point formats are only in COM (Excel's
    own object model: `Chart.FullSeriesCollection(i).Points(n)`)."""
    chart = drawn.api[1]
    last = placed_chart.categories.last_row - placed_chart.categories.first_row + 1
    for number in range(1, len(placed_chart.series) + 1):
        point = chart.FullSeriesCollection(number).Points(last)
        point.Format.Line.Visible = True
        point.Format.Line.DashStyle = MSO_LINE_DASH
        if placed_chart.chart.kind is ChartKind.LINE:
            point.MarkerStyle = XL_MARKER_CIRCLE
            point.MarkerSize = 7
            point.MarkerBackgroundColorIndex = XL_COLOR_NONE
        else:
            point.Format.Line.ForeColor.RGB = MARK_COLOR_BGR


def _series_with_headers(series: tuple[tuple[str, Range], ...]) -> str:
    """The series columns with their header row, so Excel names each series.

    Side-by-side columns make one area (`B4:D20`); others are joined the way Excel writes a
    multi-area range (`B4:B20,E4:E20`).
    """
    top = min(area.first_row for _, area in series) - 1
    bottom = max(area.last_row for _, area in series)
    columns = sorted({area.first_column for _, area in series})
    return ",".join(
        f"{cell_name(top, first)}:{cell_name(bottom, last)}" for first, last in _contiguous(columns)
    )
