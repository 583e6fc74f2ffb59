"""Output tabs never pass what a sheet holds: wide tables split, long text cut, the Summary
says so. Hand-built tabs in the shape the Trends tab takes with thousands of Framework codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reports.model import Chart, ChartKind, ColorScale, Column, Format, Note, OutputTab, Table
from sync.limits import EXCEL_CELL_CHARACTERS, EXCEL_COLUMNS, fit_tabs
from sync.xlsx import XlsxBackend
from tests.sync.package_shapes import base_parts, write
from tests.sync.sample_tabs import summary_tab

CODES = [f"C{n:05d}" for n in range(12_000)]
WEEKS = [dt.date(2026, 9, 7), dt.date(2026, 9, 14)]


def trends_with(codes: list[str]) -> OutputTab:
    """A Trends tab: Week, Visits, a share per code and a level per code (2 + 2n columns)."""
    columns = (
        Column("Week", Format.DATE),
        Column("Visits", Format.INTEGER),
        *(Column(code, Format.PERCENT) for code in codes),
        *(Column(code + " level", Format.DECIMAL) for code in codes),
    )
    rows = tuple(
        (week, 10 + n, *([0.5] * len(codes)), *([2.5] * len(codes))) for n, week in enumerate(WEEKS)
    )
    return OutputTab(
        "Trends",
        "Trends",
        (Table("weekly", columns, rows, title="Look-fors by week"),),
        charts=(Chart("visits", ChartKind.LINE, "Visits", "weekly", "Week", ("Visits",)),),
        color_scales=(ColorScale("weekly", (codes[0], codes[-1] + " level")),),
    )


def test_a_table_past_column_xfd_is_split_under_itself_each_part_led_by_week() -> None:
    summary, trends = fit_tabs([summary_tab(), trends_with(CODES)])
    first, second = trends.tables
    assert len(first.columns) == EXCEL_COLUMNS
    assert len(second.columns) == 1 + (2 + 2 * 12_000 - EXCEL_COLUMNS)  # 7,619
    assert first.columns[0].header == second.columns[0].header == "Week"
    assert [row[0] for row in second.rows] == WEEKS
    assert second.title == "Look-fors by week (part 2 of 2)"
    # Every column is in exactly one part, in order, with its values.
    headers = [c.header for c in first.columns] + [c.header for c in second.columns[1:]]
    assert headers == [c.header for c in trends_with(CODES).tables[0].columns]
    assert trends.charts[0].table == "weekly"
    assert {(s.table, s.columns) for s in trends.color_scales} == {
        ("weekly", (CODES[0],)),
        ("weekly-2", (CODES[-1] + " level",)),
    }
    line = (
        "the table 'Look-fors by week' has 24,002 columns, more than the 16,384 a sheet has, "
        "so it is split into 2 tables, one under the other, each starting with its 'Week' "
        "column"
    )
    assert Note(f"Too large for one sheet: {line}.") in trends.blocks
    assert Note(f"Too large for one sheet, so made to fit: Trends: {line}.") in summary.blocks


def test_a_tab_that_fits_is_left_as_it_is() -> None:
    tabs = (summary_tab(), trends_with(CODES[:10]))
    assert fit_tabs(tabs) == tabs


def test_text_longer_than_a_cell_holds_is_cut() -> None:
    long_text = "evidence " * 5_000
    tab = OutputTab("Issues", "Issues", (Table("notes", (Column("Note"),), ((long_text,),)),))
    (fitted,) = fit_tabs([tab])
    cell = fitted.tables[0].rows[0][0]
    assert isinstance(cell, str)
    assert len(cell) == EXCEL_CELL_CHARACTERS
    assert cell.endswith("…")


def test_the_written_sheet_is_within_excel_s_columns_and_reads_back(tmp_path: Path) -> None:
    path = write(base_parts(), tmp_path / "ILT log.xlsx")
    backend = XlsxBackend(path)
    backend.write([summary_tab(), trends_with(CODES)])
    rows = backend.read(["Trends"])["Trends"].rows
    assert max(len(row) for row in rows) <= EXCEL_COLUMNS
    weeks = [row[0] for row in rows if isinstance(row[0], dt.datetime | dt.date)]
    assert len(weeks) == 4  # two weeks, in each of the two parts
    summary = backend.read(["Summary"])["Summary"].rows
    assert any(
        str(row[0]).startswith("Too large for one sheet, so made to fit: Trends") for row in summary
    )


def test_a_cell_is_cut_by_excel_s_count_an_emoji_being_two() -> None:
    long_text = "great 🙂 " * 5_000
    tab = OutputTab("Issues", "Issues", (Table("notes", (Column("Note"),), ((long_text,),)),))
    (fitted,) = fit_tabs([tab])
    cell = fitted.tables[0].rows[0][0]
    assert isinstance(cell, str)
    assert len(cell.encode("utf-16-le")) // 2 <= EXCEL_CELL_CHARACTERS
    assert cell.endswith("…")
