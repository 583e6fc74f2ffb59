"""The Coverage tab: every docs/design.md definition checked on small hand-computed cases.

The default test year runs Mon 2026-08-17 to Fri 2027-06-11 with no Calendar, so every weekday
is a school day; as_of Fri 2026-11-20 is school day 70 of the year, with 145 school days after
it (Mon Nov 23 to Fri Jun 11 is exactly 29 school weeks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.build import build_output_tabs
from reports.figures.rotation import rotation, weekly_coverage
from reports.figures.team import team_coverage
from reports.layout import layout
from reports.model import ChartKind, Format, OutputTab
from reports.tabs.coverage import coverage_tab
from reports.tabs.next_visits import next_visits_tab
from reports.tabs.summary import summary_tab
from sheets_templates.calendar import SchoolCalendar, Window
from sheets_templates.errors import UsageError
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from sync.xlsx.render import new_workbook
from tests.builders import make_book, make_raw, teacher, visit
from tests.libreoffice import csv_tabs

AS_OF = "2026-11-20"


def rows(tab: OutputTab, key: str) -> list[dict[str, Any]]:
    table = tab.table(key)
    return [dict(zip((c.header for c in table.columns), row, strict=True)) for row in table.rows]


def by_teacher(tab: OutputTab) -> dict[str, dict[str, Any]]:
    return {row["Teacher"]: row for row in rows(tab, "teachers")}


def figure(tab: OutputTab, key: str, label: str) -> Any:
    return next(f.value for f in tab.key_figures(key).items if f.label == label)


def one_teacher(*visits: dict[str, Any], **options: Any) -> dict[str, Any]:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz", room="101")],
        walkthroughs=list(visits),
        as_of=options.pop("as_of", AS_OF),
        **options,
    )
    return by_teacher(coverage_tab(book))["Ana Ortiz"]


# School days since last visit, overdue, the rotation window --------------------------------


def test_a_visit_today_is_zero_school_days_since() -> None:
    row = one_teacher(visit(AS_OF, "10:00", "Obs A", "T1"))
    assert row["Last Visit"] == dt.date(2026, 11, 20)
    assert row["School Days Since"] == 0
    assert row["Visits In Window"] == 1
    assert row["Overdue"] == ""


def test_holidays_and_weekends_are_not_counted() -> None:
    # Thu Nov 12: after it Fri 13, Mon 16, Tue 17, Wed 18, (Thu 19 holiday), Fri 20.
    row = one_teacher(
        visit("2026-11-12", "10:00", "Obs A", "T1"), calendar=[("2026-11-19", "Holiday")]
    )
    assert row["School Days Since"] == 5


def test_a_pd_day_is_not_a_school_day_and_a_half_day_is() -> None:
    # Thu Nov 12: after it Fri 13, Mon 16 (half day), Tue 17, Wed 18, (Thu 19 PD), Fri 20.
    row = one_teacher(
        visit("2026-11-12", "10:00", "Obs A", "T1"),
        calendar=[("2026-11-16", "Half Day"), ("2026-11-19", "PD Day")],
    )
    assert row["School Days Since"] == 5


def test_the_window_edges() -> None:
    # 10 school days up to Fri Nov 20: Mon Nov 9 to Fri Nov 20.
    first_day = one_teacher(visit("2026-11-09", "10:00", "Obs A", "T1"))
    assert (first_day["School Days Since"], first_day["Visits In Window"]) == (9, 1)
    assert first_day["Overdue"] == ""
    day_before = one_teacher(visit("2026-11-06", "10:00", "Obs A", "T1"))
    assert (day_before["School Days Since"], day_before["Visits In Window"]) == (10, 0)
    assert day_before["Overdue"] == "Yes"


def test_the_window_reaches_back_over_a_holiday() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        calendar=[("2026-11-11", "Holiday")],
        as_of=AS_OF,
    )
    tab = coverage_tab(book)
    assert figure(tab, "coverage", "Rotation window") == "Fri Nov 6 to Fri Nov 20, 2026"


def test_the_window_reaches_back_over_a_pd_day_but_not_a_half_day() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-06", "10:00", "Obs A", "T1")],
        calendar=[("2026-11-11", "PD Day"), ("2026-11-13", "Half Day")],
        as_of=AS_OF,
    )
    tab = coverage_tab(book)
    # Without the PD Day the window would start on Mon Nov 9; Fri Nov 6 is now inside it.
    assert figure(tab, "coverage", "Rotation window") == "Fri Nov 6 to Fri Nov 20, 2026"
    assert by_teacher(tab)["Ana Ortiz"]["Visits In Window"] == 1
    assert by_teacher(tab)["Ana Ortiz"]["School Days Since"] == 9


def test_rotation_school_days_from_settings() -> None:
    row = one_teacher(
        visit("2026-11-13", "10:00", "Obs A", "T1"), settings={"Rotation School Days": 5}
    )
    assert (row["School Days Since"], row["Overdue"]) == (5, "Yes")


def test_a_weekend_as_of_counts_up_to_friday() -> None:
    row = one_teacher(visit("2026-11-20", "10:00", "Obs A", "T1"), as_of="2026-11-22")
    assert row["School Days Since"] == 0
    assert row["Visits In Window"] == 1


def test_never_visited_is_overdue_with_an_empty_last_visit() -> None:
    row = one_teacher()
    assert row["Last Visit"] is None
    assert row["School Days Since"] == 70  # every school day of the year so far
    assert row["Overdue"] == "Yes"
    assert row["Blocks Seen"] == "none (0 of 4)"


def test_a_teacher_who_joined_mid_year_counts_from_their_start_date() -> None:
    book = make_book(
        roster=[
            teacher("T1", "Ana Ortiz", start_date="2026-11-16"),  # Mon: 5 school days so far
            teacher("T2", "Bo Li", start_date="2026-11-09"),  # 10 school days so far
            teacher("T3", "Cy Park", start_date="2026-12-01"),  # not started yet
        ],
        as_of=AS_OF,
    )
    tab = coverage_tab(book)
    table = by_teacher(tab)
    assert (table["Ana Ortiz"]["School Days Since"], table["Ana Ortiz"]["Overdue"]) == (5, "")
    assert (table["Bo Li"]["School Days Since"], table["Bo Li"]["Overdue"]) == (10, "Yes")
    assert "Cy Park" not in table
    assert figure(tab, "coverage", "Active teachers") == 2
    assert any("1 teacher starts after Nov 20" in getattr(b, "text", "") for b in tab.blocks)


def test_inactive_teachers_are_not_listed_or_counted() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li", active="N")],
        walkthroughs=[visit("2026-11-18", "10:00", "Obs A", "T2")],
        as_of=AS_OF,
    )
    tab = coverage_tab(book)
    assert list(by_teacher(tab)) == ["Ana Ortiz"]
    assert figure(tab, "coverage", "Coverage %") == 0.0
    # the observer still made the visit: it counts in their pace
    assert rows(tab, "observers")[0]["Visits This Year"] == 1


def test_rows_with_errors_are_not_counted() -> None:
    row = one_teacher(
        visit("2026-11-18", "10:00", None, "T1"),  # no observer
        visit("2026-11-25", "10:00", "Obs A", "T1"),  # after as_of
        visit("2026-11-18", "10:00", "Obs A", "Nobody Known"),
        visit("2026-11-02", "10:00", "Obs A", "T1"),
    )
    assert (row["Last Visit"], row["Visits This Year"]) == (dt.date(2026, 11, 2), 1)


# Key figures, blocks, ordering ----------------------------------------------------------------


def school() -> OutputTab:
    book = make_book(
        roster=[
            teacher("T1", "Ana Ortiz", grade="5", department="Math", room="101"),
            teacher("T2", "Bo Li", room="102"),
            teacher("T3", "Cy Park"),
            teacher("T4", "Di Moss"),
        ],
        walkthroughs=[
            visit("2026-11-19", "07:45", "Obs A", "T1"),
            visit("2026-11-20", "12:00", "Obs B", "T1"),
            visit("2026-11-10", "14:00", "Obs A", "T2"),
            visit("2026-10-01", "10:00", "Obs A", "T3"),
        ],
        as_of=AS_OF,
    )
    return coverage_tab(book)


def test_the_key_figures() -> None:
    tab = school()
    figures = {f.label: f for f in tab.key_figures("coverage").items}
    assert figures["Coverage %"].value == 0.5  # Ana and Bo of 4
    assert figures["Coverage %"].format is Format.PERCENT
    assert figures["Overdue teachers"].value == 2  # Cy (36 days) and Di (never)
    assert figures["Rotation window"].value == "Mon Nov 9 to Fri Nov 20, 2026"
    assert figures["Median school days since last visit"].value == 8  # 0, 8, 36
    assert figures["Median school days since last visit"].format is Format.INTEGER
    assert figures["As of"].value == dt.date(2026, 11, 20)
    assert [f.label for f in tab.key_figures("coverage").items if f.headline] == [
        "Coverage %",
        "Overdue teachers",
    ]


def test_the_teacher_table_most_overdue_first() -> None:
    tab = school()
    table = tab.table("teachers")
    assert [c.header for c in table.columns] == [
        "Teacher",
        "Grade",
        "Department",
        "Room",
        "Last Visit",
        "School Days Since",
        "Visits In Window",
        "Visits This Year",
        "Blocks Seen",
        "Overdue",
    ]
    assert table.columns[4].format is Format.DATE
    assert [r[0] for r in table.rows] == ["Di Moss", "Cy Park", "Bo Li", "Ana Ortiz"]
    assert table.rows[-1] == (
        "Ana Ortiz",
        "5",
        "Math",
        "101",
        dt.date(2026, 11, 20),
        0,
        2,
        2,
        "Early, Midday (2 of 4)",
        "",
    )
    assert [r[-1] for r in table.rows] == ["Yes", "Yes", "", ""]


def test_the_time_block_grid_shows_empty_blocks() -> None:
    tab = school()
    grid = {r["Teacher"]: r for r in rows(tab, "blocks")}
    assert grid["Ana Ortiz"] == {
        "Teacher": "Ana Ortiz",
        "Early": 1,
        "Mid-morning": 0,
        "Midday": 1,
        "Afternoon": 0,
    }
    assert grid["Bo Li"]["Afternoon"] == 1
    (scale,) = tab.color_scales
    assert (scale.low_value, scale.high_value) == (0, 3)  # 0 red, 1-2 pink, 3+ white
    assert (scale.table, scale.columns) == (
        "blocks",
        ("Early", "Mid-morning", "Midday", "Afternoon"),
    )


def test_a_visit_by_period_uses_the_bell_schedule_block() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-18", None, "Obs A", "T1", period="6")],
        bell_schedule=[("6", "13:40", "14:30")],
        as_of=AS_OF,
    )
    assert by_teacher(coverage_tab(book))["Ana Ortiz"]["Blocks Seen"] == "Afternoon (1 of 4)"


# Observers and the team -----------------------------------------------------------------------


def test_the_observer_table() -> None:
    roster = [teacher(f"T{i}", f"Teacher {i}") for i in range(1, 7)]
    walkthroughs = [
        visit("2026-09-01", "10:00", "Obs A", "T1"),
        # three on Mon Nov 16: a day on target
        visit("2026-11-16", "08:00", "Obs A", "T1"),
        visit("2026-11-16", "10:00", "Obs A", "T2"),
        visit("2026-11-16", "12:00", "Obs A", "T3"),
        visit("2026-11-17", "10:00", "Obs A", "T4"),
        # three on Sat Nov 14: they count, but a Saturday is not a school day on target
        visit("2026-11-14", "08:00", "Obs A", "T4"),
        visit("2026-11-14", "10:00", "Obs A", "T5"),
        visit("2026-11-14", "12:00", "Obs A", "T6"),
        visit("2026-11-20", "10:00", "Obs B", "T5"),
        visit("2026-11-20", "11:00", "Obs B", "T6"),
    ]
    tab = coverage_tab(make_book(roster=roster, walkthroughs=walkthroughs, as_of=AS_OF))
    a, b = rows(tab, "observers")
    # 8 visits / 70 school days; 7 in the last 20 school days (Oct 26 to Nov 20);
    # projection 8 + 7/20 x 145; needed (500 - 8) / 145.
    assert a == {
        "Observer": "Obs A",
        "Visits This Year": 8,
        "Visits Per School Day": 0.11,
        "Days On Target": 1,
        "Last 20 Days Pace": 0.35,
        "500 Projection": 59,
        "Needed Per Day": 3.39,
        "Share Of Visits": 0.8,
    }
    assert (b["Observer"], b["Visits This Year"], b["Days On Target"]) == ("Obs B", 2, 0)
    assert b["500 Projection"] == round(2 + 2 / 20 * 145)
    team = {f.label: f.value for f in tab.key_figures("team").items}
    assert team["Team visits this year"] == 10
    assert team["Teachers seen by nobody in the window"] == 0
    assert team["Teachers seen by 2 or more observers in the window"] == 2  # T5, T6
    assert team["Largest observer share of visits"] == 0.8


def test_observer_pace_counts_neither_a_pd_day_nor_its_visits_as_a_day_on_target() -> None:
    roster = [teacher(f"T{i}", f"Teacher {i}") for i in range(1, 7)]
    walkthroughs = [
        visit("2026-09-01", "10:00", "Obs A", "T1"),
        # three on Mon Nov 16: a day on target
        visit("2026-11-16", "08:00", "Obs A", "T1"),
        visit("2026-11-16", "10:00", "Obs A", "T2"),
        visit("2026-11-16", "12:00", "Obs A", "T3"),
        # one on the half day Tue Nov 17, three on the PD Day Wed Nov 18 (they still count)
        visit("2026-11-17", "10:00", "Obs A", "T4"),
        visit("2026-11-18", "08:00", "Obs A", "T4"),
        visit("2026-11-18", "10:00", "Obs A", "T5"),
        visit("2026-11-18", "12:00", "Obs A", "T6"),
    ]
    calendar = [("2026-11-17", "Half Day"), ("2026-11-18", "PD Day"), ("2026-11-23", "PD Day")]
    book = make_book(roster=roster, walkthroughs=walkthroughs, calendar=calendar, as_of=AS_OF)
    (a,) = rows(coverage_tab(book), "observers")
    # 8 visits / 69 school days (70 less the PD Day); 7 in the last 20 school days, which
    # reach back a day to Fri Oct 23; 144 school days remain (145 less Mon Nov 23):
    # projection 8 + 7/20 x 144 = 58.4; needed (500 - 8) / 144.
    assert a == {
        "Observer": "Obs A",
        "Visits This Year": 8,
        "Visits Per School Day": round(8 / 69, 2),
        "Days On Target": 1,
        "Last 20 Days Pace": 0.35,
        "500 Projection": 58,
        "Needed Per Day": round(492 / 144, 2),
        "Share Of Visits": 1.0,
    }
    assert book.pace_window.first == dt.date(2026, 10, 23)


def test_the_yearly_target_names_the_projection() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-20", "10:00", "Obs A", "T1")],
        settings={"Yearly Target": 300},
        as_of=AS_OF,
    )
    (row,) = rows(coverage_tab(book), "observers")
    assert row["300 Projection"] == round(1 + 1 / 20 * 145)
    assert row["Needed Per Day"] == round(299 / 145, 2)


def test_one_observer_typed_in_several_ways_is_one_observer() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")],
        walkthroughs=[
            visit("2026-11-16", "10:00", "Ms. Diaz", "T1"),
            visit("2026-11-17", "10:00", "ms. diaz", "T2"),
            visit("2026-11-18", "10:00", "Ms.  Diaz ", "T1"),
        ],
        as_of=AS_OF,
    )
    (row,) = rows(coverage_tab(book), "observers")
    assert (row["Observer"], row["Visits This Year"]) == ("Ms. Diaz", 3)


def test_duplication_counts_teachers_seen_by_several_observers() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")],
        walkthroughs=[
            visit("2026-11-16", "10:00", "Obs A", "T1"),
            visit("2026-11-17", "10:00", "Obs B", "T1"),
            visit("2026-11-17", "11:00", "Obs B", "T2"),
        ],
        as_of=AS_OF,
    )
    team = {f.label: f.value for f in coverage_tab(book).key_figures("team").items}
    assert team["Teachers seen by 2 or more observers in the window"] == 1


# The charts -----------------------------------------------------------------------------------


def test_coverage_by_week_on_each_weeks_last_school_day() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li", start_date="2026-08-31")],
        walkthroughs=[
            visit("2026-08-18", "10:00", "Obs A", "T1"),
            visit("2026-09-01", "10:00", "Obs B", "T2"),
        ],
        calendar=[("2026-08-28", "Holiday")],
        as_of="2026-09-04",
    )
    tab = coverage_tab(book)
    # Aug 21: only Ana has started, seen. Thu Aug 27 (Fri a holiday): window Aug 17-27, Ana.
    # Sep 4: window Aug 21 to Sep 4; Ana's Aug 18 visit is out, Bo's is in.
    assert rows(tab, "coverage_by_week") == [
        {"Week Ending": dt.date(2026, 8, 21), "Coverage %": 1.0},
        {"Week Ending": dt.date(2026, 8, 27), "Coverage %": 1.0},
        {"Week Ending": dt.date(2026, 9, 4), "Coverage %": 0.5},
    ]
    assert rows(tab, "visits_by_week") == [
        {"Week Ending": dt.date(2026, 8, 21), "Obs A": 1, "Obs B": 0},
        {"Week Ending": dt.date(2026, 8, 27), "Obs A": 0, "Obs B": 0},
        {"Week Ending": dt.date(2026, 9, 4), "Obs A": 0, "Obs B": 1},
    ]
    line, bar = tab.charts
    assert (line.kind, line.table, line.series, line.percent) == (
        ChartKind.LINE,
        "coverage_by_week",
        ("Coverage %",),
        True,
    )
    assert (bar.kind, bar.table, bar.series) == (
        ChartKind.BAR,
        "visits_by_week",
        ("Obs A", "Obs B"),
    )
    placed = layout(tab)
    assert [len(c.series) for c in placed.charts] == [1, 2]


WEEK_DAYS = [dt.date(2026, 8, 17) + dt.timedelta(days=i) for i in range(0, 60)]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    visits=st.lists(
        st.tuples(st.sampled_from(WEEK_DAYS), st.sampled_from(["T1", "T2", "T3"])), max_size=12
    ),
    rotation_days=st.integers(1, 12),
)
def test_each_weeks_coverage_is_the_coverage_as_of_that_day(
    visits: list[tuple[dt.date, str]], rotation_days: int
) -> None:
    """The vectorised weekly line agrees with a refresh run on each week's last day."""
    spec: dict[str, Any] = {
        "roster": [
            teacher("T1", "Ana Ortiz"),
            teacher("T2", "Bo Li", start_date="2026-09-14"),
            teacher("T3", "Cy Park"),
        ],
        "walkthroughs": [
            visit(day, f"{8 + i % 8}:00", "Obs A", who) for i, (day, who) in enumerate(visits)
        ],
        "calendar": [("2026-09-07", "Holiday")],
        "settings": {"Rotation School Days": rotation_days},
    }
    book = make_book(as_of="2026-10-15", **spec)
    weeks = weekly_coverage(book, rotation(book))
    for end, share in zip(weeks["week_ending"], weeks["coverage"], strict=True):
        # the book as a refresh on that day would parse it: later visits are in the future
        then = replace(
            book, as_of=end.date(), walkthroughs=book.walkthroughs[book.walkthroughs["date"] <= end]
        )
        assert share == pytest.approx(rotation(then).coverage)


# Bad input and edge cases ---------------------------------------------------------------------


def test_an_empty_log_makes_everyone_overdue() -> None:
    book = make_book(roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")], as_of=AS_OF)
    tab = coverage_tab(book)
    assert figure(tab, "coverage", "Coverage %") == 0.0
    assert figure(tab, "coverage", "Overdue teachers") == 2
    assert figure(tab, "coverage", "Median school days since last visit") == "no visits yet"
    assert tab.table("observers").rows == ()
    assert [c.kind for c in tab.charts] == [ChartKind.LINE]  # no observers, no bar chart
    layout(tab)


def test_no_settings_and_no_calendar_use_the_defaults() -> None:
    raw = make_raw(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-06", "10:00", "Obs A", "T1")],
    )
    del raw["Settings"]
    book = parse_book(raw, locate_tabs(list(raw)), dt.date(2026, 11, 20))
    row = by_teacher(coverage_tab(book))["Ana Ortiz"]
    assert (row["School Days Since"], row["Overdue"]) == (10, "Yes")  # default rotation: 10


def test_a_roster_of_one() -> None:
    row = one_teacher(visit("2026-11-20", "13:00", "Obs A", "T1"))
    assert row["Blocks Seen"] == "Midday (1 of 4)"


def test_as_of_outside_the_school_year_is_a_clear_message() -> None:
    with pytest.raises(UsageError, match="outside the school year"):
        make_book(roster=[teacher("T1", "Ana Ortiz")], as_of="2027-07-15")


def test_as_of_before_the_first_school_day() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        settings={"School Year Start": "2026-08-15"},  # a Saturday
        as_of="2026-08-16",
    )
    tab = coverage_tab(book)
    assert figure(tab, "coverage", "Rotation window") == "no school days yet"
    assert tab.table("coverage_by_week").rows == ()
    assert tab.charts == ()
    layout(tab)


def test_the_summary_shows_the_headlines() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz"), teacher("T2", "Bo Li")],
        walkthroughs=[visit("2026-11-20", "10:00", "Obs A", "T1")],
        as_of=AS_OF,
    )
    summary = summary_tab(book, [coverage_tab(book)])
    headlines = {(r[0], r[1]): r[2] for r in summary.table("headlines").rows}
    assert headlines["Coverage", "Coverage %"] == "50%"
    assert headlines["Coverage", "Overdue teachers"] == "1"


@pytest.mark.libreoffice
def test_libreoffice_shows_both_tabs_with_dates_and_no_hashes(tmp_path: Path) -> None:
    """Both tabs written to a real .xlsx, read back as LibreOffice displays them."""
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz", room="101"), teacher("T2", "Bo Li", room="102")],
        walkthroughs=[
            visit("2026-11-02", "08:00", "Obs A", "T1"),
            visit("2026-11-20", "13:00", "Obs B", "T2"),
        ],
        as_of=AS_OF,
    )
    path = tmp_path / "coverage.xlsx"
    new_workbook([coverage_tab(book), next_visits_tab(book)]).save(path)
    tabs = csv_tabs(path, tmp_path / "csv")
    coverage, plan = tabs["Coverage"], tabs["Next Visits"]
    assert not any("###" in cell for row in coverage + plan for cell in row)
    assert next(row for row in coverage if row[0] == "Coverage %")[1] == "50%"
    ana = next(row for row in coverage if row[0] == "Ana Ortiz")
    assert ana[:10] == [
        "Ana Ortiz",
        "",
        "",
        "101",
        "2026-11-02",
        "14",
        "0",
        "1",
        "Early (1 of 4)",
        "Yes",
    ]
    first_visit = next(row for row in plan if row[2] == "Ana Ortiz")
    assert first_visit[:5] == ["2026-11-23", "Obs A", "Ana Ortiz", "101", "Mid-morning"]


def test_no_active_teacher_gives_no_coverage_figure_on_any_tab() -> None:
    book = make_book(roster=[teacher("T1", "Ana Ortiz", active="N")], walkthroughs=[], as_of=AS_OF)
    assert rotation(book).coverage is None
    assert team_coverage(book).coverage is None
    assert figure(coverage_tab(book), "coverage", "Coverage %") == "no active teachers yet"


def test_the_rotation_window_is_worked_out_once_per_refresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = SchoolCalendar.last_school_days

    def counted(self: SchoolCalendar, as_of: dt.date, count: int) -> Window:
        calls.append(count)
        return real(self, as_of, count)

    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-18", "10:00", "Obs A", "T1")],
        as_of=AS_OF,
    )
    monkeypatch.setattr(SchoolCalendar, "last_school_days", counted)
    build_output_tabs(book)
    assert calls.count(book.settings.rotation_school_days) == 1
    assert book.rotation_window == Window(dt.date(2026, 11, 9), dt.date(2026, 11, 20), 10)
