"""A realistic, invented middle school, for trying ILR Sheets without real data.

`demo_school(as_of)` builds every input tab for the school year that contains `as_of`, with
walkthroughs up to and including that day; `write_demo_workbook` writes them into the input
template. The same `(as_of, seed)` always gives the same school, and a later `as_of` gives the
same visits plus the days since (only the planted slips move with the log). The log also holds
the whole of the school year before, as a school that keeps one log from year to year has it:
the same team, a little less often in classrooms, with its own slips.

The log has the habits of a real one: the principal visits mostly in the morning, the coach
is in the rooms of new teachers a lot, an elective, a PE and a Special Ed teacher are rarely
seen, nobody visits on holidays or PD days, evidence usually goes out the same day. Each
teacher's levels run lower in one framework area, and the coaches mostly coach the area the
log shows weakest, so coaching follows the evidence most of the time, not always. It also
has the slips a real log has, planted once each (see `plant_slips`), and the calibration a
team does: now and then two observers in one classroom, and one video rated together (see
`sheets_templates.demo.calibration`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from sheets_templates.calendar import SchoolCalendar, a_year_earlier
from sheets_templates.demo.calibration import pair_visits, video_session
from sheets_templates.demo.people import DemoObserver, DemoTeacher, make_observers, make_teachers
from sheets_templates.demo.results import demo_results
from sheets_templates.demo.text import LOOKFORS, LookFor
from sheets_templates.demo.visits import BELLS, Cycle, Priority, Visit, VisitPlan, plant_slips
from sheets_templates.schema import (
    BELL_SCHEDULE,
    CALENDAR,
    COACHING,
    CYCLES,
    FRAMEWORK,
    RESULTS,
    ROSTER,
    SETTINGS,
    SETTINGS_KEYS,
    SHARED_RATINGS,
    WALKTHROUGHS,
    DayType,
    Tab,
    setting_minutes,
)
from sheets_templates.template import build_template

Row = list[object]

GOAL_AREA = "Instruction"
# When each priority look-for became one: "start" (the year), "mid-year", or "" (no date).
PRIORITY_SINCE = {"IN2": "start", "EN1": "", "AS2": "mid-year"}
FOLLOWED = "IN2"  # the look-for the demo's results loosely follow (sheets_templates.demo.results)
# Last year the team was away from classrooms this much more often (of school days).
LAST_YEAR_AWAY = 0.12


@dataclass(frozen=True)
class SchoolYear:
    """The demo school's year and its closed, PD and half days."""

    start: dt.date
    end: dt.date
    days: tuple[tuple[dt.date, DayType, str], ...]  # the Calendar tab

    @property
    def calendar(self) -> SchoolCalendar:
        """The year as the Calendar tab makes it: no end times, so Half Days end at 12:00."""
        days = ((day, kind, None) for day, kind, _ in self.days)
        return SchoolCalendar.from_days(
            self.start, self.end, days, setting_minutes("Half Day Ends")
        )


def demo_school(
    as_of: dt.date, seed: int = 7, last_year: bool = True
) -> dict[str, list[list[object]]]:
    """Every input tab of the demo school, as rows in header order, keyed by tab name.

    Dates are `datetime.date`, times `datetime.time`. Deterministic for `(as_of, seed)`.
    With `last_year`, the Walkthroughs and Calendar tabs start with the school year before.
    """
    year = school_year(as_of)
    calendar = year.calendar
    mid_year = calendar.next_school_days(dt.date(year.start.year, 12, 31), 1)[0]
    teachers = make_teachers(
        _rng(seed, year, "teachers"),
        left_dates=(
            calendar.school_days(last=dt.date(year.start.year, 10, 31))[-1],
            calendar.school_days(last=dt.date(year.end.year, 2, 10))[-1],
        ),
        joiner_start=mid_year,  # takes over the first leaver's classes after winter break
    )
    observers = make_observers(_rng(seed, year, "observers"))
    since = {"start": year.start, "mid-year": mid_year, "": None}
    priorities = {code: since[when] for code, when in PRIORITY_SINCE.items()}
    cycles = _cycles(year)
    plan = VisitPlan(
        calendar=calendar,
        teachers=teachers,
        framework=LOOKFORS,
        priorities=[Priority(code, day or year.start) for code, day in priorities.items()],
        cycles=cycles,
    )
    walkthroughs = plan.walkthroughs(_rng(seed, year, "walkthroughs"), observers, as_of)
    walkthroughs = pair_visits(_rng(seed, year, "pairs"), walkthroughs, observers, LOOKFORS)
    # Coaching reads the log as it was meant, before the slips are planted in it.
    logged = [dict(visit) for visit in walkthroughs]
    plant_slips(_rng(seed, year, "slips"), walkthroughs, teachers)
    coaching = plan.coaching(_rng(seed, year, "coaching"), observers[1:], as_of, logged)
    results = demo_results(
        _rng(seed, year, "results"), calendar, teachers, walkthroughs, FOLLOWED, as_of
    )
    calendar_days = year.days
    if last_year:
        before = previous_year(year)
        walkthroughs = [*_last_years_visits(seed, before, plan, observers), *walkthroughs]
        calendar_days = (*before.days, *calendar_days)
    return {
        ROSTER.name: [
            roster_row(t, as_of) for t in teachers if t.start_date is None or t.start_date <= as_of
        ],
        WALKTHROUGHS.name: [in_order(WALKTHROUGHS, visit) for visit in walkthroughs],
        COACHING.name: [in_order(COACHING, session) for session in coaching],
        FRAMEWORK.name: [
            _framework_row(lookfor, lookfor.code in priorities, priorities.get(lookfor.code), as_of)
            for lookfor in LOOKFORS
        ],
        CALENDAR.name: [
            in_order(CALENDAR, {"date": day, "type": str(kind), "description": description})
            for day, kind, description in calendar_days
        ],
        BELL_SCHEDULE.name: [[period, start, end] for period, start, end in BELLS],
        CYCLES.name: [[c.name, c.code, c.start, c.end] for c in cycles],
        SHARED_RATINGS.name: [
            in_order(SHARED_RATINGS, rating)
            for rating in video_session(observers, _first_pd_day(year), as_of)
        ],
        RESULTS.name: [in_order(RESULTS, row) for row in results],
        SETTINGS.name: _settings(year),
    }


def write_demo_workbook(path: Path, as_of: dt.date, seed: int = 7) -> None:
    """Write the demo school into a new input workbook at `path` (see `build_template`)."""
    build_template(path, demo_school(as_of, seed))


def school_year(as_of: dt.date) -> SchoolYear:
    """The demo's school year around `as_of`: about Aug 17 to Jun 11, with US closures."""
    first = as_of.year if as_of.month >= 7 else as_of.year - 1
    start = _weekday_on_or_after(dt.date(first, 8, 17))
    end = _weekday_on_or_before(dt.date(first + 1, 6, 11))
    return SchoolYear(start, end, tuple(sorted(_closures(first))))


def previous_year(year: SchoolYear) -> SchoolYear:
    """The school year before `year`, from the month and day of its Start and End a year
    earlier, as the parser reads it (docs/design.md, Same point last year)."""
    return SchoolYear(
        a_year_earlier(year.start),
        a_year_earlier(year.end),
        tuple(sorted(_closures(year.start.year - 1))),
    )


def _last_years_visits(
    seed: int, year: SchoolYear, plan: VisitPlan, observers: list[DemoObserver]
) -> list[Visit]:
    """The whole of last year's log: this year's team, away a little more often, visiting
    the teachers who were there already (not this year's new ones), with its own slips."""
    staff = [
        replace(t, left_after=None) for t in plan.teachers if t.start_date is None and t.years > 0
    ]
    last_plan = replace(
        plan,
        calendar=year.calendar,
        teachers=staff,
        priorities=[replace(p, since=year.start) for p in plan.priorities],
        cycles=_cycles(year),
    )
    slower = [replace(o, away_rate=o.away_rate + LAST_YEAR_AWAY) for o in observers]
    visits = last_plan.walkthroughs(_rng(seed, year, "walkthroughs"), slower, year.end)
    plant_slips(_rng(seed, year, "slips"), visits, staff)
    return visits


def demo_day(day: dt.date) -> dt.date:
    """The as-of date the demo shows for `day`.

    Inside a school year, `day` itself. In the summer or before the first day of school there
    is nothing to refresh yet, so the demo shows the year just ended, as of its last day.
    """
    year = school_year(day)
    if day < year.start:
        year = school_year(year.start - dt.timedelta(days=365))
    return min(day, year.end)


def _closures(first: int) -> list[tuple[dt.date, DayType, str]]:
    second = first + 1
    thanksgiving = _nth_weekday(first, 11, 3, 4)
    presidents_day = _nth_weekday(second, 2, 0, 3)
    spring_break = _nth_weekday(second, 4, 0, 1)
    days = [
        (_nth_weekday(first, 9, 0, 1), DayType.HOLIDAY, "Labor Day"),
        (_nth_weekday(first, 10, 0, 2), DayType.PD_DAY, "Staff PD: data day"),
        (thanksgiving - dt.timedelta(days=2), DayType.HALF_DAY, "Early dismissal"),
        (thanksgiving - dt.timedelta(days=1), DayType.NO_SCHOOL, "Thanksgiving break"),
        (thanksgiving, DayType.HOLIDAY, "Thanksgiving"),
        (thanksgiving + dt.timedelta(days=1), DayType.NO_SCHOOL, "Thanksgiving break"),
        (_nth_weekday(second, 1, 0, 3), DayType.HOLIDAY, "Martin Luther King Jr. Day"),
        (_last_weekday(second, 1, 4), DayType.PD_DAY, "Staff PD: end of semester"),
        (presidents_day, DayType.HOLIDAY, "Presidents' Day"),
        (_last_weekday(second, 5, 0), DayType.HOLIDAY, "Memorial Day"),
    ]
    if dt.date(first, 11, 11).weekday() < 5:
        days.append((dt.date(first, 11, 11), DayType.HOLIDAY, "Veterans Day"))
    winter = _weekdays(dt.date(first, 12, 22), dt.date(second, 1, 2))
    days.append(
        (
            _weekday_on_or_before(winter[0] - dt.timedelta(days=1)),
            DayType.HALF_DAY,
            "Early dismissal",
        )
    )
    for day in winter:
        if (day.month, day.day) == (12, 25):
            days.append((day, DayType.HOLIDAY, "Christmas Day"))
        elif (day.month, day.day) == (1, 1):
            days.append((day, DayType.HOLIDAY, "New Year's Day"))
        else:
            days.append((day, DayType.NO_SCHOOL, "Winter break"))
    for offset in range(1, 5):
        days.append(
            (presidents_day + dt.timedelta(days=offset), DayType.NO_SCHOOL, "Mid-winter break")
        )
    for offset in range(5):
        days.append((spring_break + dt.timedelta(days=offset), DayType.NO_SCHOOL, "Spring break"))
    return days


def _first_pd_day(year: SchoolYear) -> dt.date:
    """The fall PD day, when the team rates a video together (the Shared Ratings tab)."""
    return next(day for day, kind, _ in year.days if kind is DayType.PD_DAY)


def _framework_row(lookfor: LookFor, priority: bool, since: dt.date | None, as_of: dt.date) -> Row:
    if since is not None and since > as_of:
        priority, since = False, None  # a priority set mid-year is not on the sheet yet
    return in_order(
        FRAMEWORK,
        {
            "code": lookfor.code,
            "area": lookfor.area,
            "indicator": lookfor.indicator,
            "priority": "Y" if priority else "N",
            "priority_since": since,
        },
    )


def _cycles(year: SchoolYear) -> list[Cycle]:
    fall = _weekday_on_or_after(year.start + dt.timedelta(days=35), weekday=0)
    winter = _weekday_on_or_after(dt.date(year.end.year, 1, 20), weekday=0)
    six_weeks = dt.timedelta(days=39)  # Monday to the Friday of the sixth week
    return [
        Cycle("Fall cycle: turn and talk", "EN1", fall, fall + six_weeks),
        Cycle("Winter cycle: exit tickets", "AS2", winter, winter + six_weeks),
    ]


def _settings(year: SchoolYear) -> list[Row]:
    values: dict[str, object] = {
        "School Year Start": year.start,
        "School Year End": year.end,
        "Goal Areas": GOAL_AREA,
    }
    return [[s.key, values.get(s.key, _typed(s.default)), s.help] for s in SETTINGS_KEYS]


def _typed(default: str) -> object:
    return int(default) if default.isdigit() else default or None


def roster_row(teacher: DemoTeacher, as_of: dt.date) -> Row:
    """A teacher's Roster row as of a date (Active is N once they have left)."""
    return in_order(
        ROSTER,
        {
            "teacher_id": teacher.teacher_id,
            "name": teacher.name,
            "email": teacher.email,
            "room": teacher.room,
            "grade": teacher.grade,
            "department": teacher.department,
            "years": teacher.years,
            "active": "Y" if teacher.active_on(as_of) else "N",
            "periods": ",".join(map(str, teacher.periods)) if teacher.periods_listed else None,
            "start_date": teacher.start_date,
        },
    )


def in_order(tab: Tab, values: dict[str, object]) -> Row:
    """`values` by field name, as a row in the tab's column order."""
    return [values.get(column.field) for column in tab.columns]


def _rng(seed: int, year: SchoolYear, part: str) -> random.Random:
    """One generator per part, so changing how coaching is made leaves the visits alone."""
    return random.Random(f"{seed}/{year.start.year}/{part}")


def _weekday_on_or_after(day: dt.date, weekday: int | None = None) -> dt.date:
    while day.weekday() >= 5 or (weekday is not None and day.weekday() != weekday):
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th Monday (weekday 0) ... of a month: `_nth_weekday(2026, 9, 0, 1)` is Labor Day."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    last = after - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]
