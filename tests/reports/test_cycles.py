"""Improvement cycles: baseline vs during, and a verdict that refuses to guess on few visits.

The cycle runs Mon Nov 2 to Fri Nov 13, 2026; its baseline is the 4 weeks before: Mon Oct 5 to
Sun Nov 1. Visits are one a school day from a list of teachers, so no two rows are duplicates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reports.figures.cycles import MIN_VISITS, cycle_results, verdict
from reports.tabs.trends import trends_tab
from sheets_templates.book import Book
from tests.builders import look_for, make_book, teacher, visit

AS_OF = "2026-11-20"
CYCLE = {"name": "Turn and talk", "lookfor": "EN1", "start": "2026-11-02", "end": "2026-11-13"}
ROSTER = [teacher(f"T{n}", f"Teacher {n}") for n in range(1, 21)]


def visits(first: dt.date, count: int, recorded: int) -> list[dict[str, Any]]:
    """`count` visits on consecutive weekdays from `first`; the first `recorded` list EN1."""
    rows, day = [], first
    for n in range(count):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        rows.append(
            visit(day, "09:00", "Obs A", f"T{n + 1}", lookfors="EN1" if n < recorded else "EN2")
        )
        day += dt.timedelta(days=1)
    return rows


def school(before: tuple[int, int], during: tuple[int, int], **cycle: str) -> Book:
    return make_book(
        roster=ROSTER,
        walkthroughs=visits(dt.date(2026, 10, 12), *before) + visits(dt.date(2026, 11, 2), *during),
        framework=[look_for("EN1", "Engagement"), look_for("EN2", "Engagement")],
        cycles=[{**CYCLE, **cycle}],
        as_of=AS_OF,
    )


def test_rates_before_and_during_with_the_visits_behind_each() -> None:
    book = school(before=(10, 1), during=(10, 9))
    assert book.findings == []
    [result] = cycle_results(book)
    assert (result.baseline_visits, result.baseline_rate) == (10, 0.1)
    assert (result.during_visits, result.during_rate) == (10, 0.9)
    assert result.verdict == "Up: 10% before, 90% during (10 and 10 visits)."
    [row] = trends_tab(book).table("cycles").rows
    assert row == (
        "Turn and talk",
        "EN1",
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 13),
        10,
        0.1,
        10,
        0.9,
        "Up: 10% before, 90% during (10 and 10 visits).",
    )


def test_too_few_visits_gives_no_verdict_even_for_a_large_change() -> None:
    [result] = cycle_results(school(before=(10, 0), during=(MIN_VISITS - 1, MIN_VISITS - 1)))
    assert result.during_rate == 1.0
    assert result.verdict == (
        "Too few visits to tell: 10 before and 9 during; need at least 10 each."
    )


def test_a_change_within_chance_is_no_clear_change() -> None:
    [result] = cycle_results(school(before=(10, 5), during=(10, 6)))
    assert result.verdict == "No clear change: 50% before, 60% during (10 and 10 visits)."


def test_visits_after_the_end_and_long_before_the_start_are_not_counted() -> None:
    book = school(before=(10, 1), during=(10, 9), end="2026-11-06")
    [result] = cycle_results(book)
    assert result.during_visits == 5  # Nov 2 to Nov 6
    early = make_book(
        roster=ROSTER,
        walkthroughs=visits(dt.date(2026, 9, 1), 10, 10),  # more than 4 weeks before
        framework=[look_for("EN1", "Engagement")],
        cycles=[CYCLE],
        as_of=AS_OF,
    )
    assert cycle_results(early)[0].baseline_visits == 0


def test_a_cycle_that_has_not_started() -> None:
    [result] = cycle_results(
        school(before=(10, 1), during=(0, 0), start="2026-12-01", end="2026-12-18")
    )
    assert result.verdict == "Not started yet."


@pytest.mark.parametrize(
    ("counts", "called"),
    [
        ((2, 20, 12, 20), "Up"),
        ((12, 20, 2, 20), "Down"),
        ((0, 20, 0, 20), "No clear change"),
        ((20, 20, 20, 20), "No clear change"),
        ((0, MIN_VISITS, MIN_VISITS, MIN_VISITS), "Up"),
        ((0, MIN_VISITS - 1, MIN_VISITS, MIN_VISITS), "Too few visits"),
    ],
)
def test_verdict_words(counts: tuple[int, int, int, int], called: str) -> None:
    assert verdict(*counts).startswith(called)
