"""docs/design.md, Spring fade: each observer's pace by month on Coverage, and a warning on the
Summary when the last 20 school days fall below 75% of the pace before them."""

from __future__ import annotations

import datetime as dt

from reports.figures.pace import Fade, fading_observers, monthly_pace
from reports.model import Note
from reports.tabs.coverage import coverage_tab
from reports.tabs.summary import summary_tab
from sheets_templates.book import Book
from sheets_templates.calendar import SchoolCalendar
from tests.builders import make_book, teacher, visit

# No holidays: Aug 17 to Nov 20 is 70 school days; the last 20 run from Oct 26.
START, WINDOW, AS_OF = dt.date(2026, 8, 17), dt.date(2026, 10, 26), dt.date(2026, 11, 20)
DAYS = SchoolCalendar(START, dt.date(2027, 6, 11)).school_days(START, AS_OF)


def school(as_of: dt.date = AS_OF) -> Book:
    """Obs A makes 2 visits a day, then 1 a day over the last 20 school days (a fade);
    Obs B makes 1 a day, then 4 visits in each 5 days (0.8 a day, not below 75%)."""
    visits = []
    for number, day in enumerate(d for d in DAYS if d <= as_of):
        times = ["09:00", "11:00"] if day < WINDOW else ["09:00"]
        visits += [visit(day, time, "Obs A", "T1") for time in times]
        if day < WINDOW or number % 5:
            visits.append(visit(day, "13:00", "Obs B", "T2"))
    roster = [teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")]
    return make_book(as_of=as_of, roster=roster, walkthroughs=visits)


def test_an_observer_below_three_quarters_of_their_earlier_pace_is_fading() -> None:
    assert fading_observers(school()) == [Fade("Obs A", 1.0, 2.0)]


def test_the_summary_warns_in_one_line_per_fading_observer() -> None:
    notes = [b.text for b in summary_tab(school(), []).blocks if isinstance(b, Note)]
    assert notes[-1] == (
        "Pace falling off: Obs A: 1.0 visits a day, down from 2.0 (visits per school day, the "
        "last 20 school days against the year before them)."
    )


def test_early_in_the_year_nobody_is_said_to_fade() -> None:
    # Sep 25 is school day 30: not yet 20 school days before the last 20.
    assert fading_observers(school(dt.date(2026, 9, 25))) == []


def test_coverage_shows_each_observers_pace_by_month() -> None:
    table = coverage_tab(school()).table("pace_by_month")
    assert [c.header for c in table.columns] == [
        "Observer",
        "Aug",
        "Sep",
        "Oct",
        "Nov, 15 school days so far",
    ]
    # Oct: 22 school days, 17 before the window at 2 and 5 in it at 1 -> 39 / 22.
    assert table.rows[0] == ("Obs A", 2.0, 2.0, 1.77, 1.0)
    # Nov: 15 school days to Nov 20, Obs B on 12 of them.
    assert table.rows[1] == ("Obs B", 1.0, 1.0, 0.95, 0.8)


def test_the_current_month_counts_its_school_days_up_to_as_of() -> None:
    by_month = monthly_pace(school(dt.date(2026, 9, 2)))  # Sep 1 and 2: 2 school days
    assert by_month.loc["Obs A"].tolist() == [2.0, 2.0]
