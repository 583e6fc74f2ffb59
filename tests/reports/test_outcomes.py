"""docs/design.md, Outcomes: walkthrough evidence beside the change in results, on hand-built
schools, with the correlation checked against scipy and the interval worked out by hand."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest
from scipy.stats import spearmanr

from reports.build import build_output_tabs
from reports.exports.packet import PacketFormat, packet_bytes
from reports.figures.outcomes import (
    GAINED_MORE,
    LEVEL,
    NO_CLEAR,
    SHARE,
    TOO_FEW,
    outcomes,
)
from reports.layout import layout
from reports.tabs.outcomes import HOW_TO_ADD, outcomes_tab
from sheets_templates.book import Book
from sheets_templates.schema import OUTCOMES_TAB
from sync.excel_live import XlwingsBackend
from sync.google.backend import GoogleSheetsBackend
from sync.xlsx import XlsxBackend
from tests.builders import look_for, make_book, result, teacher, visit
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.xlwings_standin import book_with

FRAMEWORK = [look_for("IN1", "Instruction", priority="Yes"), look_for("CL1", "Culture")]
VISIT_DAYS = ("2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20")
# Teacher i's visits with IN1 (of 4), and their gain from the fall to the winter interim.
SEEN = (0, 0, 1, 1, 2, 2, 3, 3, 4, 4)
RISING = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
UNRELATED = (5, 1, 9, 3, 7, 2, 10, 4, 8, 6)


def school(gains: tuple[int, ...], seen: tuple[int, ...] = SEEN, **tabs: Any) -> Book:
    """Teachers T1.. (grade 6 the first half, 7 the rest), four visits each between the
    interims (Sep 1 and Nov 2) with IN1 on `seen` of them, and fall 50% then 50% + gain."""
    count = len(gains)
    roster = [
        teacher(f"T{i}", f"Teacher {chr(65 + i)}", grade="6" if i <= count // 2 else "7")
        for i in range(1, count + 1)
    ]
    visits = [
        visit(day, "10:00", "Obs A", f"T{i}", lookfors="IN1:3" if v < seen[i - 1] else "CL1:2")
        for i in range(1, count + 1)
        for v, day in enumerate(VISIT_DAYS)
    ]
    results = [
        row
        for i, gain in enumerate(gains, start=1)
        for row in (
            result(f"T{i}", "Fall interim", "2026-09-01", "50%"),
            result(f"T{i}", "Winter interim", "2026-11-02", f"{50 + gain}%"),
        )
    ]
    arguments: dict[str, Any] = {
        "roster": roster,
        "walkthroughs": visits,
        "framework": FRAMEWORK,
        "results": results,
        **tabs,
    }
    return make_book(as_of="2026-11-20", **arguments)


def by_subject(book: Book) -> dict[tuple[str, str], Any]:
    return {(r.subject, r.measure): r for r in outcomes(book).relationships}


def fisher(rho: float, n: int) -> tuple[float, float]:
    spread = 1.959963984540054 / math.sqrt(n - 3)
    return math.tanh(math.atanh(rho) - spread), math.tanh(math.atanh(rho) + spread)


def test_a_look_for_seen_more_where_classes_gained_more() -> None:
    found = outcomes(school(RISING))
    assert (found.earlier.name, found.later.name) == ("Fall interim", "Winter interim")
    assert (found.teachers, found.counted) == (10, 10)
    share = by_subject(school(RISING))[("IN1", SHARE)]
    expected = spearmanr([s / 4 for s in SEEN], RISING).statistic
    assert share.correlation == pytest.approx(expected)
    assert (share.low, share.high) == pytest.approx(fisher(expected, 10))
    assert share.verdict == GAINED_MORE
    assert found.clearest_words == (
        f"IN1 (share of visits): classes where this was seen more gained more "
        f"(rho {expected:.2f}, 10 teachers)"
    )


def test_no_clear_relationship_when_the_ranks_do_not_follow() -> None:
    share = by_subject(school(UNRELATED))[("IN1", SHARE)]
    expected = spearmanr([s / 4 for s in SEEN], UNRELATED).statistic
    assert share.correlation == pytest.approx(expected)
    assert share.low < 0 < share.high
    assert share.verdict == NO_CLEAR


def test_five_teachers_are_too_few_to_tell() -> None:
    share = by_subject(school(RISING[:5], SEEN[:5]))[("IN1", SHARE)]
    assert (share.teachers, share.verdict) == (5, TOO_FEW)
    assert share.low is None


def test_the_mean_level_is_related_where_levels_were_written() -> None:
    related = by_subject(school(RISING))
    # IN1 is written at level 3 wherever it is seen: one level for all, so no ranking.
    assert related[("IN1", LEVEL)].correlation is None
    assert related[("IN1", LEVEL)].verdict == NO_CLEAR
    assert related[("Instruction", SHARE)].correlation == pytest.approx(
        related[("IN1", SHARE)].correlation
    )


def test_a_teacher_with_under_three_visits_between_is_left_out() -> None:
    book = school(RISING, walkthroughs=[visit("2026-09-08", "10:00", "Obs A", "T1")])
    found = outcomes(book)
    assert (found.teachers, found.counted) == (10, 0)


def test_groups_show_their_visits_and_mean_change_and_the_gaps() -> None:
    gains = (1, 2, 3, 4, 5, -1, -2, -3, -4, -5)  # grade 7 fell
    seen = (4, 4, 4, 4, 4, 0, 0, 0, 0, 0)
    book = school(gains, seen)
    view = outcomes(book).views[0]
    assert [(g.group, g.teachers, g.visits, g.mean_change) for g in view.groups] == [
        ("Gr 6", 5, 20, 3.0),
        ("Gr 7", 5, 20, -3.0),
    ]
    assert [g.shares["IN1"] for g in view.groups] == [1.0, 0.0]
    assert view.gaps == ()  # grade 7 fell but was visited as often
    # The same school with grade 7 seen half as often:
    sparse = school(
        gains,
        seen,
        walkthroughs=[
            visit(day, "10:00", "Obs A", f"T{i}")
            for i in range(1, 11)
            for day in (VISIT_DAYS if i <= 5 else VISIT_DAYS[:2])
        ],
    )
    (gap,) = outcomes(sparse).views[0].gaps
    assert (gap.group, gap.visits_per_teacher) == ("Gr 7", 2.0)


def test_small_groups_are_merged_and_left_out_when_still_too_small() -> None:
    merged = outcomes(school(RISING, settings={"Min Group Size": 6})).views[0]
    assert [(g.group, g.teachers) for g in merged.groups] == [("Other (small groups)", 10)]
    hidden = outcomes(school(RISING, settings={"Min Group Size": 11})).views[0]
    assert (hidden.groups, hidden.hidden) == ((), 10)


def test_fractions_from_a_percent_cell_are_percents() -> None:
    results = [
        row
        for i in range(1, 11)
        for row in (
            result(f"T{i}", "Fall interim", "2026-09-01", 0.5),
            result(f"T{i}", "Winter interim", "2026-11-02", 0.5 + RISING[i - 1] / 100),
        )
    ]
    book = school(RISING, results=results)
    assert outcomes(book).later.percent
    assert book.results["result"].max() == pytest.approx(60.0)
    assert by_subject(book)[("IN1", SHARE)].verdict == GAINED_MORE


def test_a_percent_and_a_scale_score_are_not_compared() -> None:
    results = [
        row
        for i in range(1, 11)
        for row in (
            result(f"T{i}", "Fall interim", "2026-09-01", "50%"),
            result(f"T{i}", "Winter interim", "2026-11-02", 210 + i),
        )
    ]
    found = outcomes(school(RISING, results=results))
    assert found.relationships == ()
    assert "are not on the same scale" in found.problem


def test_without_a_results_tab_the_tab_says_how_and_nothing_else_changes() -> None:
    book = school(RISING, results=[])
    tab = outcomes_tab(book)
    assert [b.text for b in tab.blocks if hasattr(b, "text")] == [HOW_TO_ADD]
    assert tab.charts == ()
    summary = build_output_tabs(book)[0]
    assert all(row[0] != OUTCOMES_TAB for row in summary.table("headlines").rows)


def test_the_written_tab_and_the_summary_line(tmp_path: Path) -> None:
    book = school(RISING)
    tab = outcomes_tab(book)
    rows = {(row[0], row[1]): row for row in tab.table("relationships").rows}
    table = tab.table("relationships")
    assert rows[("IN1", SHARE)][table.column_index("Verdict")] == GAINED_MORE
    assert len(tab.table("points").rows) == 10
    summary = build_output_tabs(book)[0]
    (line,) = [row for row in summary.table("headlines").rows if row[0] == OUTCOMES_TAB]
    assert str(line[2]).startswith("IN1 (share of visits): classes where this was seen more")


def test_the_packet_shows_groups_and_names_no_teacher() -> None:
    book = school(RISING)
    html = packet_bytes(book, PacketFormat.HTML).decode()
    assert "Results beside the walkthroughs" in html
    assert "Gr 6" in html
    for name in book.roster["name"]:
        assert name not in html


def test_the_scatter_chart_is_drawn_in_xlsx_google_and_live_excel(tmp_path: Path) -> None:
    tab = outcomes_tab(school(RISING))
    path = tmp_path / "outcomes.xlsx"
    XlsxBackend(tmp_path / "unused.xlsx").create(str(path), [tab])
    with zipfile.ZipFile(path) as package:
        (chart,) = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert b"scatterChart" in package.read(chart)

    api = FakeSheetsApi()
    sheet = api.add_spreadsheet("Outcomes", {"Roster": [["Name"]]})
    GoogleSheetsBackend(sheet.spreadsheet_id, api.session(), sleep=lambda _: None).write([tab])
    (drawn,) = api.spreadsheets[sheet.spreadsheet_id].sheet(OUTCOMES_TAB).charts
    assert drawn["spec"]["basicChart"]["chartType"] == "SCATTER"
    api.assert_clean()

    book = book_with({"Roster": [["Name"]]})
    XlwingsBackend(book).write([tab])
    (chart,) = book.sheets[OUTCOMES_TAB].charts
    points = layout(tab).table_range("points", "Measure")
    assert chart.chart_type == "xy_scatter"
    # Excel takes the first column of the source as the x values: the measure, then the change.
    assert chart._store.source == f"A{points.first_row - 1}:B{points.last_row}"


def test_results_dates_are_read_by_the_schools_date_order() -> None:
    results = [
        row
        for i in range(1, 11)
        for row in (
            result(f"T{i}", "Fall interim", "01/09/2026", "50%"),  # 1 September, day first
            result(f"T{i}", "Winter interim", "02/11/2026", f"{50 + RISING[i - 1]}%"),
        )
    ]
    book = school(RISING, results=results, settings={"Date Order": "DMY"})
    found = outcomes(book)
    assert (found.earlier.date, found.later.date) == (dt.date(2026, 9, 1), dt.date(2026, 11, 2))
