"""docs/design.md, Same point last year: hand-computed figures on small books."""

from __future__ import annotations

import datetime as dt

from reports.figures.last_year import same_point_last_year
from reports.tabs.coverage import coverage_tab
from sheets_templates.book import Book
from tests.builders import make_book, teacher, visit

ROSTER = [teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")]


def book_with_last_year() -> Book:
    return make_book(
        as_of="2026-08-18",  # school day 2 of 2026-27
        roster=ROSTER,
        walkthroughs=[
            visit("2024-09-10", "09:00", "Obs A", "T1"),  # two years ago: not compared
            visit("2025-08-18", "09:00", "Obs A", "T1", evidence_shared="Y"),
            visit("2025-08-19", "09:00", "Obs A", "T2"),
            visit("2025-08-19", "10:00", "Obs A", "Cy Gone"),  # a fault: left out
            visit("2025-08-20", "09:00", "Obs B", "T2"),  # after the same point
            visit("2026-08-17", "09:00", "Obs A", "T1"),
        ],
    )


def test_last_year_on_the_same_school_day_from_its_sound_rows() -> None:
    compared = same_point_last_year(book_with_last_year())
    assert compared is not None
    this, last = compared.years
    assert (last.year, last.day, last.school_days) == ("2025-26", dt.date(2025, 8, 19), 2)
    assert (last.pace.visits, last.pace.observers, last.pace.per_observer_day) == (2, 1, 1.0)
    assert (last.coverage.seen_in_window, last.coverage.active_teachers) == (2, 2)
    # As it stood that day: the visit of Aug 19 with no evidence yet was still pending.
    assert (last.loop.shared_same_day, last.loop.evidence_pending) == (1.0, 1)
    assert (this.pace.visits, this.pace.per_observer_day, this.coverage.coverage) == (1, 0.5, 0.5)


def test_no_previous_year_shows_nothing() -> None:
    book = make_book(
        as_of="2026-08-18", roster=ROSTER, walkthroughs=[visit("2026-08-17", "09:00", "A", "T1")]
    )
    assert same_point_last_year(book) is None
    assert all(t.key != "same_point_coverage" for t in coverage_tab(book).tables)


def test_the_coverage_tab_shows_both_years() -> None:
    table = coverage_tab(book_with_last_year()).table("same_point_coverage")
    assert [row[0] for row in table.rows] == ["2026-27", "2025-26"]
    assert table.rows[1][table.column_index("Coverage %")] == 1.0
    assert table.rows[1][table.column_index("Visits Per Observer Per School Day")] == 1.0
