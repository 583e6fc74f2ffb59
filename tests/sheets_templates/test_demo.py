"""The demo school: the sizes, habits and planted slips a user exploring the tool will meet."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_templates.calendar import SchoolCalendar
from sheets_templates.demo import demo_day, demo_school, write_demo_workbook
from sheets_templates.parse import parse_book
from sheets_templates.schema import (
    CLOSED_DAY_TYPES,
    INPUT_TABS,
    SETTINGS_KEYS,
    WALKTHROUGHS,
    DayType,
    locate_tabs,
)
from tests.libreoffice import csv_tabs

END_OF_YEAR = dt.date(2027, 6, 11)
COLUMN = {column.field: i for i, column in enumerate(WALKTHROUGHS.columns)}
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@pytest.fixture(scope="module")
def school() -> dict[str, list[list[Any]]]:
    """This year's demo school alone: the year before is tested on its own below."""
    return demo_school(END_OF_YEAR, last_year=False)


def _field(row: list[Any], field: str) -> Any:
    return row[COLUMN[field]]


def _calendar(school: dict[str, list[list[Any]]]) -> SchoolCalendar:
    settings = {row[0]: row[1] for row in school["Settings"]}
    closed = [row[0] for row in school["Calendar"] if row[1] in CLOSED_DAY_TYPES]
    start, end = settings["School Year Start"], settings["School Year End"]
    assert isinstance(start, dt.date)
    assert isinstance(end, dt.date)
    return SchoolCalendar(start, end, closed)


def _visit_day(row: list[Any]) -> dt.date:
    day = _field(row, "date")
    if isinstance(day, str):  # the planted US-text date
        typed = US_DATE.fullmatch(day)
        assert typed is not None
        month, date, year = map(int, typed.groups())
        return dt.date(year, month, date)
    assert isinstance(day, dt.date)
    return day


def test_same_inputs_same_school_and_a_later_day_only_adds_days() -> None:
    assert demo_school(END_OF_YEAR) == demo_school(END_OF_YEAR)
    assert demo_school(END_OF_YEAR, seed=8) != demo_school(END_OF_YEAR)
    november = demo_school(dt.date(2026, 11, 20), last_year=False)["Walkthroughs"]
    june = demo_school(END_OF_YEAR, last_year=False)["Walkthroughs"]

    def visits_up_to(rows: list[list[Any]], last: dt.date) -> set[tuple[object, ...]]:
        return {
            (_visit_day(r), _field(r, "time"), _field(r, "observer"))
            for r in rows
            if _visit_day(r) <= last
        }

    assert visits_up_to(november, dt.date(2026, 11, 20)) == visits_up_to(
        june, dt.date(2026, 11, 20)
    )


def test_sizes_of_a_full_year(school: dict[str, list[list[Any]]]) -> None:
    sizes = {name: len(rows) for name, rows in school.items()}
    assert set(sizes) == {tab.name for tab in INPUT_TABS}
    assert 38 <= sizes["Roster"] <= 42
    assert 1800 <= sizes["Walkthroughs"] <= 2500
    assert 120 <= sizes["Coaching"] <= 180
    assert sizes["Framework"] == 12
    assert sizes["Bell Schedule"] == 7
    assert sizes["Cycles"] == 2
    assert sizes["Shared Ratings"] == 3  # one video, rated by the three observers
    assert [row[0] for row in school["Settings"]] == [s.key for s in SETTINGS_KEYS]
    # Earlier in the year, fewer visits.
    assert 500 <= len(demo_school(dt.date(2026, 11, 20), last_year=False)["Walkthroughs"]) <= 900
    assert demo_school(dt.date(2026, 7, 20), last_year=False)["Walkthroughs"] == []


def test_every_row_matches_its_tab_headers(school: dict[str, list[list[Any]]]) -> None:
    for tab in INPUT_TABS:
        assert all(len(row) <= len(tab.headers) for row in school[tab.name]), tab.name


def test_roster_names_are_varied_and_tricky(school: dict[str, list[list[Any]]]) -> None:
    roster = school["Roster"]
    names = [str(row[1]) for row in roster]
    firsts = {name.split(" ")[0] for name in names}
    assert {"Mei-Ling", "Will", "Grace", "Joy"} <= firsts
    assert {"O'Neil", "Núñez", "Brennan-Walsh"} <= {name.split(" ", 1)[1] for name in names}
    assert len(set(names)) == len(names)
    assert len({row[0] for row in roster}) == len(roster)
    assert all(re.fullmatch(r"T\d{3}", str(row[0])) for row in roster)
    assert all(re.fullmatch(r"[a-z-]+\.[a-z-]+@demo-school\.org", str(row[2])) for row in roster)
    assert {row[5] for row in roster} == {
        "Math",
        "ELA",
        "Science",
        "Social Studies",
        "Arts",
        "PE",
        "Special Ed",
    }
    assert sum(row[7] == "N" for row in roster) == 2
    assert sum(isinstance(row[9], dt.date) for row in roster) == 1  # joined mid-year
    periods = [row[8] for row in roster if row[8]]
    assert len(periods) >= 30
    assert all(len(str(p).split(",")) == 6 for p in periods)  # seven periods, one prep
    years = [row[6] for row in roster]
    assert min(years) == 0
    assert max(years) <= 30


def test_framework_priorities_and_calendar(school: dict[str, list[list[Any]]]) -> None:
    framework = school["Framework"]
    assert {str(row[0])[:2] for row in framework} == {"CL", "IN", "AS", "EN"}
    assert 2 <= sum(row[3] == "Y" for row in framework) <= 3
    assert any(isinstance(row[4], dt.date) and row[4].month == 1 for row in framework)
    # Before January the mid-year priority is not on the sheet yet.
    autumn = demo_school(dt.date(2026, 11, 20))["Framework"]
    assert sum(row[3] == "Y" for row in autumn) == sum(row[3] == "Y" for row in framework) - 1
    descriptions = {row[2] for row in school["Calendar"]}
    assert {"Labor Day", "Thanksgiving", "Winter break", "Martin Luther King Jr. Day"} <= (
        descriptions
    )
    assert {"Mid-winter break", "Spring break", "Memorial Day"} <= descriptions
    assert sum(row[1] == DayType.PD_DAY for row in school["Calendar"]) == 2
    assert all(row[0].weekday() < 5 for row in school["Calendar"])
    assert school["Bell Schedule"][0] == [1, dt.time(8, 0), dt.time(8, 50)]


def test_visits_fall_on_school_days_in_taught_periods(
    school: dict[str, list[list[Any]]],
) -> None:
    calendar = _calendar(school)
    pd_days = {row[0] for row in school["Calendar"] if row[1] == DayType.PD_DAY}
    visits = school["Walkthroughs"]
    assert [_field(r, "date") for r in visits if not isinstance(_field(r, "date"), dt.date)] == [
        "6/11/2027"  # the one planted US-text date, itself a school day
    ]
    assert all(calendar.is_school_day(_visit_day(r)) for r in visits)
    assert not any(_visit_day(r) in pd_days for r in visits)
    bells = {row[0]: (row[1], row[2]) for row in school["Bell Schedule"]}
    taught = {row[1]: str(row[8]).split(",") for row in school["Roster"] if row[8]}
    for row in visits:
        start, end = bells[_field(row, "period")]
        assert start <= _field(row, "time") < end
        if _field(row, "teacher") in taught:
            assert str(_field(row, "period")) in taught[_field(row, "teacher")]


def test_observer_habits(school: dict[str, list[list[Any]]]) -> None:
    visits = school["Walkthroughs"]
    observers = Counter(_field(r, "observer") for r in visits)
    assert len(observers) == 3
    morning = {
        name: sum(
            _field(r, "time") < dt.time(11, 30) for r in visits if _field(r, "observer") == name
        )
        / count
        for name, count in observers.items()
    }
    assert max(morning.values()) >= 0.8  # the principal, mostly in the morning
    assert min(morning.values()) < 0.7
    school_days = [d for d in _calendar(school).school_days(last=END_OF_YEAR)]
    per_day: dict[object, Counter[dt.date]] = defaultdict(Counter)
    for row in visits:
        per_day[_field(row, "observer")][_visit_day(row)] += 1
    for days in per_day.values():
        assert len(days) >= 0.85 * len(school_days)  # in classrooms most school days
        assert max(days.values()) <= 7


def test_some_teachers_are_seen_far_more_and_some_are_overdue(
    school: dict[str, list[list[Any]]],
) -> None:
    active = {row[1] for row in school["Roster"] if row[7] == "Y"}
    visits = school["Walkthroughs"]
    counts = Counter(_field(r, "teacher") for r in visits if _field(r, "teacher") in active)
    assert max(counts.values()) >= 5 * min(counts.values())
    calendar = _calendar(school)
    last_seen = {
        name: max(_visit_day(r) for r in visits if _field(r, "teacher") == name) for name in counts
    }
    overdue = [
        name for name, day in last_seen.items() if calendar.count_between(day, END_OF_YEAR)[0] >= 10
    ]
    assert 1 <= len(overdue) <= 6


def test_follow_up_habits(school: dict[str, list[list[Any]]]) -> None:
    visits = school["Walkthroughs"]
    same_day = sum(_field(r, "evidence_shared") in (_field(r, "date"), "Y") for r in visits)
    assert same_day / len(visits) >= 0.75
    calendar = _calendar(school)
    delays = [
        calendar.count_between(_visit_day(r), _field(r, "conversation_date"))[0]
        for r in visits
        if isinstance(_field(r, "conversation_date"), dt.date)
    ]
    assert sum(d <= 3 for d in delays) / len(delays) >= 0.85
    roles = Counter(_field(r, "conversation_role") for r in visits)
    assert {"Directive", "Reflective", "Reflexive"} <= set(roles)
    assert all(isinstance(r, str) for r in roles if r is not None)
    levels = [v for r in visits for v in str(_field(r, "lookfors")).split(", ") if ":" in v]
    assert len(levels) >= 300


def test_planted_slips_appear_once_each(school: dict[str, list[list[Any]]]) -> None:
    names = {str(row[1]) for row in school["Roster"]}
    visits = school["Walkthroughs"]
    typed = [str(_field(r, "teacher")) for r in visits if _field(r, "teacher") not in names]
    assert len(typed) == 2
    loose = [t for t in typed if " ".join(t.split()).casefold() in {n.casefold() for n in names}]
    misspelt = [t for t in typed if t not in loose]
    assert len(loose) == 1
    assert loose[0] != loose[0].strip()
    assert len(misspelt) == 1
    assert max(difflib.SequenceMatcher(None, misspelt[0], n).ratio() for n in names) > 0.85
    codes = {str(row[0]) for row in school["Framework"]}
    used = {code.split(":")[0] for r in visits for code in str(_field(r, "lookfors")).split(", ")}
    assert len(used - codes) == 1
    duplicates = sum(a == b for a, b in itertools.pairwise(visits))
    assert duplicates == 1


def test_coaching_notes_name_teachers_the_way_people_write(
    school: dict[str, list[list[Any]]],
) -> None:
    coaching = school["Coaching"]
    texts = [" ".join(str(v) for v in row[5:9]) for row in coaching]
    assert sum(bool(re.search(r"\b(Ms|Mr|Mx|Dr)\. [A-Z]", t)) for t in texts) >= 40
    assert sum("'s " in t for t in texts) >= 30
    first_names = {str(row[1]).split(" ")[0] for row in school["Roster"]}
    assert sum(any(re.search(rf"\b{re.escape(f)}\b", t) for f in first_names) for t in texts) >= 30
    codes = {row[0] for row in school["Framework"]}
    assert all(row[4] in codes for row in coaching)


def test_demo_workbook_holds_real_dates_and_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    write_demo_workbook(path, dt.date(2026, 11, 20))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Walkthroughs"]
    assert [cell.value for cell in sheet[1]] == WALKTHROUGHS.headers
    assert sheet["B2"].is_date
    assert sheet["B2"].value == dt.datetime(2025, 8, 18)  # the log starts with last year
    assert isinstance(sheet["C2"].value, dt.time)
    observer_list = next(
        v.formula1 for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("D2")
    )
    assert len(observer_list.strip('"').split(",")) == 3
    settings = {row[0]: row[1] for row in workbook["Settings"].iter_rows(values_only=True)}
    assert settings["School Year Start"] == dt.datetime(2026, 8, 17)
    assert settings["Goal Areas"] == "Instruction"


@pytest.mark.libreoffice
def test_demo_workbook_opens_in_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    write_demo_workbook(path, dt.date(2026, 11, 20))
    tabs = csv_tabs(path, tmp_path / "csv")
    assert set(tabs) == {tab.name for tab in INPUT_TABS}
    walkthroughs = [row for row in tabs["Walkthroughs"] if any(row)]
    assert walkthroughs[0] == WALKTHROUGHS.headers
    assert walkthroughs[1][1] == "2025-08-18"  # the log starts with last year
    # LibreOffice's CSV export spells every time out in full; on screen it shows 08:20.
    assert walkthroughs[1][2] == "08:20:00 AM"
    assert len(walkthroughs) - 1 == len(demo_school(dt.date(2026, 11, 20))["Walkthroughs"])
    assert tabs["Roster"][0][:2] == ["Teacher ID", "Name"]


def test_the_parser_finds_exactly_the_planted_slips() -> None:
    as_of = dt.date(2027, 3, 15)
    school = demo_school(as_of)
    raw = {tab.name: [tab.headers, *school[tab.name]] for tab in INPUT_TABS}
    book = parse_book(raw, locate_tabs(list(raw)), as_of)
    # Visits made before a teacher left are real visits; everything else is planted.
    planted = Counter((f.tab, f.code) for f in book.findings if f.code != "teacher-inactive")
    assert planted == {
        ("Walkthroughs", "duplicate-row"): 1,
        ("Walkthroughs", "lookfor-unknown"): 1,
        ("Walkthroughs", "teacher-loose-match"): 1,
        ("Walkthroughs", "teacher-unknown"): 1,
        ("Walkthroughs", "earlier-year"): 1,  # last year, with its own slips counted in it
    }
    earlier = next(f for f in book.findings if f.code == "earlier-year")
    assert earlier.problem.endswith(
        "faults in them: unknown teacher (1), unknown look-for (1), duplicate row (1)"
    )
    this_year = book.walkthroughs["school_year"] == 2026
    assert book.walkthroughs["valid"].sum() == this_year.sum() - 1
    # Last year's sound rows are history: every row of 2025-26 but the misspelt teacher's.
    assert book.walkthroughs["history"].sum() == (~this_year).sum() - 1


def test_last_year_is_the_same_team_in_its_own_school_year() -> None:
    school = demo_school(dt.date(2026, 11, 20))
    visits = school["Walkthroughs"]
    this_year = demo_school(dt.date(2026, 11, 20), last_year=False)
    assert visits[-len(this_year["Walkthroughs"]) :] == this_year["Walkthroughs"]
    before = visits[: -len(this_year["Walkthroughs"])]
    days = [_visit_day(r) for r in before]
    assert (min(days), max(days)) >= (dt.date(2025, 8, 17), dt.date(2026, 6, 1))
    assert max(days) <= dt.date(2026, 6, 11)
    assert {_field(r, "observer") for r in before} == {_field(r, "observer") for r in visits}
    closed = {row[0] for row in school["Calendar"] if row[1] in CLOSED_DAY_TYPES}
    assert dt.date(2025, 11, 27) in closed  # last year's Thanksgiving is on the Calendar
    assert not closed & set(days)
    # A little less often in classrooms than this year's team, over a whole year.
    assert 1300 <= len(before) <= 1800


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        ("2026-11-22", "2026-11-22"),  # a Sunday inside the year: that day
        ("2026-08-17", "2026-08-17"),  # the first day of school
        ("2026-08-03", "2026-06-11"),  # before the first day: the year just ended
        ("2027-07-15", "2027-06-11"),  # summer: the year just ended
        ("2027-06-25", "2027-06-11"),  # after the last day, before July
    ],
)
def test_the_demo_always_shows_a_school_year(day: str, shown: str) -> None:
    assert demo_day(dt.date.fromisoformat(day)) == dt.date.fromisoformat(shown)
