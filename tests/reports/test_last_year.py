"""docs/design.md, Same point last year: hand-computed figures on small books."""

from __future__ import annotations

import datetime as dt

from reports.exports.packet.content import packet_content
from reports.exports.packet.text import coverage_lines
from reports.figures.last_year import same_point_last_year
from reports.tabs.coverage import coverage_tab
from reports.tabs.trends import trends_tab
from sheets_templates.book import Book
from tests.builders import look_for, make_book, teacher, visit

ROSTER = [teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")]


def book_with_last_year() -> Book:
    return make_book(
        as_of="2026-08-18",  # school day 2 of 2026-27
        roster=ROSTER,
        walkthroughs=[
            visit("2024-09-10", "09:00", "Obs A", "T1"),  # two years ago: not compared
            visit(
                "2025-08-18",
                "09:00",
                "Obs A",
                "T1",
                evidence_shared="Y",
                conversation_date="2025-08-19",
                lookfors="IN1",
            ),
            visit("2025-08-19", "09:00", "Obs A", "T2"),
            visit("2025-08-19", "10:00", "Obs A", "Cy Gone"),  # a fault: left out
            visit("2025-08-20", "09:00", "Obs B", "T2"),  # after the same point
            visit("2026-08-17", "09:00", "Obs A", "T1", lookfors="IN1"),
        ],
        framework=[look_for("IN1", "Instruction", priority="Yes"), look_for("IN2", "Instruction")],
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


def test_the_trends_tab_shows_the_loop_and_each_priority_for_both_years() -> None:
    table = trends_tab(book_with_last_year()).table("same_point_trends")
    columns = ["School Year", "School Days In", "Valid Visits", "Shared Same Day"]
    columns += ["Conversation Within 2 Days", "IN1"]
    cells = [[row[table.column_index(c)] for c in columns] for row in table.rows]
    assert cells == [
        # This year: the Aug 17 visit shared nothing (missed); its conversation is still due.
        ["2026-27", 2, 1, 0.0, None, 1.0],
        # Last year on Aug 19: Aug 18 shared and talked over in time; Aug 19's visit, with
        # nothing shared yet, was pending for both shares; IN1 was seen in 1 of 2 visits.
        ["2025-26", 2, 2, 1.0, 1.0, 0.5],
    ]
    assert "IN2" not in [column.header for column in table.columns]  # not a priority


def test_the_packet_says_the_same_point_last_year_in_one_line() -> None:
    lines = coverage_lines(packet_content(book_with_last_year()))
    # Two school days in, the rotation window holds only those two days.
    assert lines[-1] == (
        "Same point last year (Aug 19, 2025, school day 2): 1.0 visits a school day per "
        "observer (2 visits); 2 of 2 classrooms seen in the last 2 school days (100%, 2 "
        "visits); evidence shared the same day 100% and conversation within 2 school days "
        "100% of 2 visits."
    )
