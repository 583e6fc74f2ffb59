"""How an output tab looks in Excel: styles by role, formats, widths, links, scales, charts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, LineChart
from openpyxl.worksheet.worksheet import Worksheet

from reports.layout import cells, layout, wrapped_lines
from reports.model import (
    NUMBER_FORMATS,
    Column,
    Format,
    Link,
    Note,
    OutputTab,
    Table,
)
from sync.xlsx import XlsxBackend
from tests.libreoffice import convert, png_pages
from tests.sync.sample_tabs import empty_tab, issues_tab, marked_chart_tab, summary_tab

# Where sample_tabs.summary_tab() puts things: reports.layout decides, the renderer follows.
_PLACED = layout(summary_tab())
_TEACHERS = _PLACED.position("teachers")
TITLE, KEY_FIGURE = "A1", f"A{_PLACED.position('headline').header_row}"
HEADER, FIRST_TEACHER = f"A{_TEACHERS.header_row}", _TEACHERS.first_data_row
NOTE = next(f"A{p.row}" for p in _PLACED.placed if isinstance(p.block, Note))
LINK = next(f"A{c.row}" for c in cells(_PLACED) if isinstance(c.value, Link))


@pytest.fixture
def summary(tmp_path: Path) -> Worksheet:
    log = tmp_path / "log.xlsx"
    openpyxl.Workbook().save(log)
    XlsxBackend(log).write([summary_tab(), issues_tab(), empty_tab()])
    return openpyxl.load_workbook(log)["Summary"]


def test_the_layout_is_the_shared_one(summary: Worksheet) -> None:
    for placed in cells(layout(summary_tab())):
        value = summary.cell(placed.row, placed.column).value
        expected = getattr(placed.value, "text", placed.value)
        assert value == expected or value.date() == expected, (placed.row, placed.column)


def test_styles_follow_the_role_of_each_cell(summary: Worksheet) -> None:
    assert summary[TITLE].value == "ILT summary"
    assert summary[TITLE].font.b
    assert summary[TITLE].font.sz > 11
    header = summary[HEADER]
    assert header.value == "Teacher"
    assert header.font.b
    assert header.fill.fgColor.rgb.endswith("DDEBF7")
    assert header.border.bottom.style == "thin"
    assert summary[KEY_FIGURE].value == "Coverage"
    assert summary[KEY_FIGURE].font.b
    assert summary[NOTE].value.startswith("Coverage % =")
    assert summary[NOTE].font.i
    assert summary[NOTE].font.color.rgb.endswith("595959")


def test_number_formats_come_from_the_model(summary: Worksheet) -> None:
    row = FIRST_TEACHER
    assert summary.cell(row, 2).number_format == NUMBER_FORMATS[Format.DATE]
    assert summary.cell(row, 3).number_format == NUMBER_FORMATS[Format.PERCENT]
    assert summary.cell(row, 4).number_format == NUMBER_FORMATS[Format.INTEGER]
    assert summary[KEY_FIGURE.replace("A", "B")].number_format == NUMBER_FORMATS[Format.PERCENT]


def test_widths_and_frozen_header_come_from_the_layout(summary: Worksheet) -> None:
    planned = layout(summary_tab())
    for column, width in planned.column_widths.items():
        assert summary.column_dimensions[chr(64 + column)].width == width
    assert summary.freeze_panes == f"A{planned.freeze_rows + 1}"


def test_formula_like_text_is_text_with_a_quote_prefix(summary: Worksheet) -> None:
    cell = summary.cell(FIRST_TEACHER, 1)
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_links_jump_inside_the_workbook(summary: Worksheet) -> None:
    link = summary[LINK]
    assert link.value == "Walkthroughs row 3"
    assert link.hyperlink.location == "'Walkthroughs'!B3"
    assert link.hyperlink.target is None
    assert link.font.u == "single"


def test_color_scale_covers_the_data_of_its_column(summary: Worksheet) -> None:
    planned = layout(summary_tab())
    (scale,) = summary.conditional_formatting
    assert str(scale.sqref) == planned.table_range("teachers", "Coverage").a1()
    assert scale.rules[0].type == "colorScale"


def test_charts_are_native_and_point_at_the_table(summary: Worksheet) -> None:
    line, bar = summary._charts
    assert isinstance(line, LineChart)
    assert isinstance(bar, BarChart)
    weeks = layout(summary_tab()).table_range("weekly", "Coverage")
    assert line.series[0].val.numRef.f == (f"'Summary'!$B${weeks.first_row}:$B${weeks.last_row}")
    assert line.series[0].tx.strRef.f == f"'Summary'!B{weeks.first_row - 1}"
    assert line.y_axis.numFmt.formatCode == "0%"


@pytest.mark.libreoffice
def test_libreoffice_shows_the_tab_as_a_person_would_see_it(tmp_path: Path) -> None:
    path = tmp_path / "Summary only.xlsx"
    XlsxBackend(tmp_path / "unused.xlsx").create(str(path), [summary_tab()])
    pdf = convert(path, "pdf", tmp_path / "pdf")
    pages = png_pages(pdf)
    assert pages
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "###" not in text
    for shown in ("ILT summary", "Visits by teacher", "2026-09-01", "87.5%", "1,234"):
        assert shown in text
    for formula in ('=HYPERLINK("http://x","y")', "=1+1"):
        assert formula in text
    assert "Coverage by week" in text  # the chart's title: the chart was drawn


def test_a_wrapped_column_wraps_its_long_text(tmp_path: Path) -> None:
    note = "A long coaching note that would be cut off at the column's edge if it did not wrap."
    tab = OutputTab(
        "Issues", "Issues", (Table("issues", (Column("Fix", width=30, wrap=True),), ((note,),)),)
    )
    log = tmp_path / "log.xlsx"
    openpyxl.Workbook().save(log)
    XlsxBackend(log).write([tab])

    sheet = openpyxl.load_workbook(log)["Issues"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == note)
    assert cell.alignment.wrap_text is True
    assert sheet.column_dimensions[cell.column_letter].width == 30
    # 84 characters in a 30-wide column: tall enough for its lines, not drawn over the next.
    assert sheet.row_dimensions[cell.row].height == 15 * wrapped_lines(note, 30) >= 45


def test_a_marker_series_is_points_without_a_line(tmp_path: Path) -> None:
    log = tmp_path / "log.xlsx"
    openpyxl.Workbook().save(log)
    XlsxBackend(log).write([marked_chart_tab()])

    [chart] = openpyxl.load_workbook(log)["Trends"]._charts
    line, mark = chart.series
    assert mark.marker.symbol == "triangle"
    assert mark.marker.graphicalProperties.solidFill is not None  # drawn, not see-through
    assert mark.graphicalProperties.line.noFill is True
    assert line.smooth is False
    assert line.marker is None or line.marker.symbol != "triangle"
