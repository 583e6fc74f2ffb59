"""docs/design.md, Pending: a visit not yet due is left out of its share and counted apart;
and a month still running is labelled with its school days so far."""

from __future__ import annotations

import datetime as dt

from reports.figures.feedback import FeedbackLoop, feedback_flags, feedback_loop
from reports.figures.periods import month_label, running_week_note
from reports.tabs.coverage import coverage_tab
from reports.tabs.trends import trends_tab
from tests.builders import look_for, make_book, teacher, visit

ROSTER = [teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")]
THURSDAY = "2026-11-19"


def loop_of(*visits: dict[str, object]) -> FeedbackLoop:
    book = make_book(as_of=THURSDAY, roster=ROSTER, walkthroughs=list(visits))
    return feedback_loop(feedback_flags(book))


def seen(day: str, **fields: object) -> dict[str, object]:
    return visit(day, "10:00", "Obs A", "T1", **fields)


def test_a_visit_within_its_two_school_days_is_pending_and_three_ago_is_missed() -> None:
    loop = loop_of(
        seen("2026-11-18", evidence_shared="Y"),  # 1 school day ago: still due
        seen("2026-11-16", evidence_shared="Y"),  # 3 school days ago: missed
        seen("2026-11-13", evidence_shared="Y", conversation_date="2026-11-16"),  # held in time
    )
    assert (loop.within_two_days, loop.conversation_pending) == (0.5, 1)
    assert loop.conversation_pending_words == "1 visit still within their 2 days"


def test_a_conversation_already_logged_counts_whatever_its_day() -> None:
    loop = loop_of(seen(THURSDAY, evidence_shared="Y", conversation_date=THURSDAY))
    assert (loop.within_two_days, loop.conversation_pending) == (1.0, 0)


def test_a_visit_of_as_of_with_no_evidence_yet_is_pending_for_the_same_day_share() -> None:
    loop = loop_of(
        seen(THURSDAY, conversation_date=THURSDAY),
        seen("2026-11-18", conversation_date="2026-11-18"),  # yesterday, never shared: missed
        seen("2026-11-17", evidence_shared="2026-11-17", conversation_date="2026-11-17"),
    )
    assert (loop.shared_same_day, loop.evidence_pending) == (0.5, 1)
    assert loop.evidence_pending_words == "1 visit today with no evidence shared yet"


def test_when_every_visit_is_pending_there_is_no_share_not_zero() -> None:
    loop = loop_of(seen(THURSDAY))
    assert (loop.shared_same_day, loop.within_two_days) == (None, None)


def test_the_month_and_week_still_running_say_their_school_days_so_far() -> None:
    book = make_book(as_of=THURSDAY, roster=ROSTER, walkthroughs=[seen("2026-11-02")])
    assert month_label(book, dt.date(2026, 11, 1)) == "Nov 2026, 14 school days so far"
    assert month_label(book, dt.date(2026, 10, 1)) == "Oct 2026"
    assert running_week_note(book) == (
        "The week of Nov 16 is still running: its figures count 4 school days so far only."
    )


def partial_charts(as_of: str) -> dict[str, bool]:
    """Each chart of Trends and Coverage, and whether it draws its last point apart."""
    days = ("2026-11-02", "2026-11-10", "2026-11-16", "2026-11-30")
    visits = [seen(day, lookfors="IN1") for day in days]
    book = make_book(
        as_of=as_of,
        roster=ROSTER,
        walkthroughs=[v for v in visits if v["date"] <= as_of],
        framework=[look_for("IN1", "Instruction")],
    )
    return {
        chart.key: chart.partial_last
        for chart in (*trends_tab(book).charts, *coverage_tab(book).charts)
    }


def test_charts_draw_apart_the_week_and_month_still_running() -> None:
    by_week = ("area_chart", "coverage_by_week", "visits_by_week")
    by_month = ("loop_chart", "roles_chart")
    thursday, friday, month_end = (
        partial_charts(day) for day in (THURSDAY, "2026-11-20", "2026-11-30")
    )
    assert set(by_week + by_month) <= set(thursday)
    assert all(thursday[key] for key in by_week + by_month)
    # A Friday closes its week; November still has school days to come.
    assert [friday[key] for key in by_week] == [False] * 3
    assert all(friday[key] for key in by_month)
    # Monday Nov 30 ends November and starts a week.
    assert all(month_end[key] for key in by_week)
    assert not any(month_end[key] for key in by_month)
