"""Drawing `OutputTab`s as openpyxl worksheets: styles by role, formats, charts, links.

Placement comes from `reports.layout` (the same cells in every backend); this module only
decides how each placed cell looks in Excel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.series import Series
from openpyxl.chart.series_factory import SeriesFactory
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from reports.layout import (
    MIN_WIDTH,
    PlacedCell,
    PlacedChart,
    Role,
    TabLayout,
    cell_name,
    cells,
    layout,
    wrapped_lines,
)
from reports.model import NUMBER_FORMATS, ChartKind, Format, Link, OutputTab, looks_like_formula
from sync.backend import OUTPUT_MARKER
from sync.xlsx.splice import marker_reference

GREY = "595959"
LINK_BLUE = "0563C1"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_BORDER = Border(bottom=Side(style="thin", color="8EA9DB"))

FONT = "Calibri"
FONTS: dict[Role, Font] = {
    Role.TITLE: Font(FONT, bold=True, size=16),
    Role.SUBTITLE: Font(FONT, italic=True, color=GREY),
    Role.BLOCK_TITLE: Font(FONT, bold=True, size=12),
    Role.HEADER: Font(FONT, bold=True),
    Role.LABEL: Font(FONT, bold=True),
    Role.FIGURE: Font(FONT),
    Role.DATA: Font(FONT),
    Role.NOTE: Font(FONT, italic=True, color=GREY),
    Role.EMPTY: Font(FONT, italic=True, color=GREY),
}
LINK_FONT = Font(FONT, color=LINK_BLUE, underline="single")

# A column of default width is about 1.7 cm wide and a row about 0.5 cm high in Excel.
PX_PER_CM = 96 / 2.54


ROW_POINTS = 15  # one line of the default 11-point font
MARK_COLOR = "404040"  # a chart's date marks: dark grey, apart from the coloured lines
POINT_COLOR = "4472C4"  # a scatter chart's points: Office's first accent blue


def new_workbook(tabs: Sequence[OutputTab]) -> Workbook:
    """A workbook holding exactly `tabs`, in order, each marked as the tool's."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for tab in tabs:
        render_tab(workbook, tab)
    return workbook


def render_tab(workbook: Workbook, tab: OutputTab) -> Worksheet:
    """Add `tab` as a worksheet of `workbook`, laid out by `reports.layout`."""
    sheet = workbook.create_sheet(tab.name)
    placed = layout(tab)
    lines = _write_cells(sheet, placed)
    for column, width in placed.column_widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    # A file has no "fit the row to its text": without a height, wrapped lines overlap.
    for row, count in lines.items():
        if count > 1:
            sheet.row_dimensions[row].height = ROW_POINTS * count
    if placed.freeze_rows:
        sheet.freeze_panes = cell_name(placed.freeze_rows + 1, 1)
    _fit_to_page_width(sheet)
    _add_color_scales(sheet, placed)
    for chart in placed.charts:
        if tab.table(chart.chart.table).rows:  # a chart of "Nothing to show yet." is noise
            _add_chart(sheet, chart)
    sheet.defined_names[OUTPUT_MARKER] = DefinedName(
        OUTPUT_MARKER, attr_text=marker_reference(tab.name), hidden=True
    )
    return sheet


def _write_cells(sheet: Worksheet, placed: TabLayout) -> dict[int, int]:
    """Every value with its style; returns, per row, the lines its wrapped text needs."""
    # Styling a cell makes openpyxl hash each style object; a tab has a handful of distinct
    # styles, so the first cell of each kind is styled and the rest copy its style array.
    styled: dict[tuple[object, ...], StyleArray] = {}
    lines: dict[int, int] = {}
    for item in cells(placed):
        cell = sheet.cell(item.row, item.column)
        write_value(cell, item.value)
        kind = (
            item.wrap,
            item.role,
            item.format,
            isinstance(item.value, Link),
            item.left_aligned,
            item.right_aligned,
            cell.quotePrefix,
        )
        if kind in styled:
            cell._style = copy(styled[kind])
        else:
            _style(cell, item)
            styled[kind] = copy(cell._style)
        if item.wrap and isinstance(item.value, str):
            width = placed.column_widths.get(item.column, MIN_WIDTH)
            lines[item.row] = max(lines.get(item.row, 1), wrapped_lines(item.value, width))
    return lines


def _style(cell: Cell, item: PlacedCell) -> None:
    if item.format is not Format.TEXT:
        cell.number_format = NUMBER_FORMATS[item.format]
    cell.font = LINK_FONT if isinstance(item.value, Link) else FONTS[item.role]
    if item.role is Role.HEADER:
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    elif item.role is Role.DATA:
        # Top-aligned, so a row's single-line cells line up with its wrapped text.
        horizontal = "left" if item.left_aligned else "right" if item.right_aligned else None
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=item.wrap)


def _fit_to_page_width(sheet: Worksheet) -> None:
    """Print landscape, one page wide and as many tall as needed: ready for the ILT meeting."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False


def write_value(cell: Cell, value: object) -> None:
    """Put `value` in `cell`; text is always text, even when it starts like a formula."""
    if isinstance(value, Link):
        cell.value = clean_text(value.text)
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate,
            location=f"{quote_sheetname(value.tab)}!{cell_name(value.row, value.column)}",
        )
    elif isinstance(value, str):
        cell.value = clean_text(value)
    else:
        cell.value = value
    if isinstance(cell.value, str):
        # openpyxl reads a leading "=" as a formula; docs/design.md: text is written as text.
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True


def clean_text(text: str) -> str:
    """`text` without control characters that an .xlsx file cannot hold."""
    return re.sub(ILLEGAL_CHARACTERS_RE, "", text)


def _add_color_scales(sheet: Worksheet, placed: TabLayout) -> None:
    for scale in placed.tab.color_scales:
        ranges = " ".join(placed.table_range(scale.table, header).a1() for header in scale.columns)
        sheet.conditional_formatting.add(
            ranges,
            ColorScaleRule(
                start_type="min" if scale.low_value is None else "num",
                start_value=scale.low_value,
                start_color=scale.low_color,
                end_type="max" if scale.high_value is None else "num",
                end_value=scale.high_value,
                end_color=scale.high_color,
            ),
        )


def _add_scatter(sheet: Worksheet, placed: PlacedChart) -> None:
    """Points at (x, y): the x column is the chart's categories, each series a y column."""
    spec = placed.chart
    chart = ScatterChart()
    chart.title = spec.title
    chart.style = 13
    chart.x_axis.title = spec.x_title or None
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    xs = placed.categories
    for _name, ys in placed.series:
        series = SeriesFactory(
            Reference(
                sheet, min_col=ys.first_column, min_row=ys.first_row - 1, max_row=ys.last_row
            ),
            Reference(sheet, min_col=xs.first_column, min_row=xs.first_row, max_row=xs.last_row),
            title_from_data=True,
        )
        series.marker.symbol, series.marker.size = "circle", 6
        # Filled and outlined itself: otherwise it takes the series' "no line" and vanishes.
        series.marker.graphicalProperties = GraphicalProperties(solidFill=POINT_COLOR)
        series.marker.graphicalProperties.line.solidFill = POINT_COLOR
        series.graphicalProperties.line.noFill = True  # points only: teachers are not a series
        chart.series.append(series)
    chart.x_axis.tickLblPos = "low"  # the labels under the plot, not on the zero line
    chart.width = placed.width_px / PX_PER_CM
    chart.height = placed.height_px / PX_PER_CM
    sheet.add_chart(chart, cell_name(placed.anchor_row, placed.anchor_column))


def _draw_apart(series: Sequence[Series], index: int, kind: ChartKind) -> None:
    """Point `index` of each series is a period still running: a line reaches it dashed, to a
    hollow marker; a bar gets a dashed outline."""
    for line in series:
        point = DataPoint(idx=index)
        point.graphicalProperties = GraphicalProperties(ln=LineProperties(prstDash="dash"))
        if kind is ChartKind.LINE:
            # Excel fills the marker from the marker's own shape; LibreOffice from the point's.
            point.graphicalProperties.solidFill = "FFFFFF"
            point.marker = Marker(symbol="circle", size=7)
            point.marker.graphicalProperties = GraphicalProperties(solidFill="FFFFFF")
        else:
            point.graphicalProperties.line.solidFill = MARK_COLOR
        line.dPt.append(point)


def _add_chart(sheet: Worksheet, placed: PlacedChart) -> None:
    spec = placed.chart
    if spec.kind is ChartKind.SCATTER:
        _add_scatter(sheet, placed)
        return
    chart: LineChart | BarChart
    if spec.kind is ChartKind.BAR:
        chart = BarChart()
        chart.type = "col"
        if spec.stacked:
            chart.grouping = "stacked"
            chart.overlap = 100
    else:
        chart = LineChart()
        if spec.stacked:
            chart.grouping = "stacked"
    chart.title = spec.title
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.title = spec.x_title or None
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if spec.percent:
        chart.y_axis.number_format = "0%"
        chart.y_axis.numFmt.sourceLinked = False
    for _name, values in (*placed.series, *placed.markers):
        # One row up is the header cell, which names the series.
        chart.add_data(
            Reference(
                sheet,
                min_col=values.first_column,
                max_col=values.last_column,
                min_row=values.first_row - 1,
                max_row=values.last_row,
            ),
            titles_from_data=True,
        )
    for line in chart.series:
        line.smooth = False  # weekly shares joined straight: a curve would invent values
    if spec.partial_last:
        last = placed.categories.last_row - placed.categories.first_row
        _draw_apart(chart.series[: len(placed.series)], last, spec.kind)
    for mark in chart.series[len(placed.series) :]:
        mark.marker.symbol, mark.marker.size = "triangle", 9
        # Filled and outlined itself: otherwise it takes the series' "no line" and vanishes.
        mark.marker.graphicalProperties = GraphicalProperties(solidFill=MARK_COLOR)
        mark.marker.graphicalProperties.line.solidFill = MARK_COLOR
        mark.graphicalProperties.line.noFill = True  # a point on its date, no line
    categories = placed.categories
    chart.set_categories(
        Reference(
            sheet,
            min_col=categories.first_column,
            max_col=categories.last_column,
            min_row=categories.first_row,
            max_row=categories.last_row,
        )
    )
    chart.width = placed.width_px / PX_PER_CM
    chart.height = placed.height_px / PX_PER_CM
    sheet.add_chart(chart, cell_name(placed.anchor_row, placed.anchor_column))
