"""Large invented district workbooks for the benchmarks, deterministic by seed.

A district is many demo schools in one workbook, as a district office or a network keeps it:
each school has the demo's forty-one teachers (`make_teachers`), its leaders visit with the
demo's habits (`VisitPlan`), and the planted slips of a real log come once per school. The
school year, framework, calendar, bell schedule, cycles and settings are the demo school's.

The shape stays the same at every size, so the cost per row can be compared across sizes:
one teacher for every 100 walkthrough rows (100 to 2,000), one coaching row for every five
walkthrough rows (10,000 at 50,000), every row in the current school year up to `AS_OF`.
Names are drawn without repeats from the demo's lists, so every teacher's name is unique
in the district. Every person is invented.

    rows = district_rows(50_000, seed=1)       # tab name -> rows in header order
    path = district_workbook(50_000, seed=1)   # the .xlsx, cached under benchmarks/data/
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from sheets_templates.demo import demo_school, in_order, roster_row, school_year
from sheets_templates.demo.people import (
    FIRST_NAMES,
    LAST_NAMES,
    OBSERVER_FIRST,
    OBSERVER_LAST,
    DemoTeacher,
    email_for,
    make_observers,
    make_teachers,
)
from sheets_templates.demo.text import LOOKFORS
from sheets_templates.demo.visits import Cycle, Priority, Visit, VisitPlan, plant_slips
from sheets_templates.schema import (
    COACHING,
    CYCLES,
    FRAMEWORK,
    RESULTS,
    ROSTER,
    SHARED_RATINGS,
    WALKTHROUGHS,
    Tab,
)
from sheets_templates.template import build_template

AS_OF = dt.date(2027, 5, 14)  # late in the year: a full log, and the pace still counts
DATA = Path(__file__).resolve().parent / "data"
GENERATOR_VERSION = 3  # part of the cached file's name: bump when the rows change

ROWS_PER_TEACHER = 100
MIN_TEACHERS, MAX_TEACHERS = 100, 2_000
WALKTHROUGHS_PER_COACHING_ROW = 5
TEACHERS_PER_SCHOOL = 41  # what `make_teachers` makes: forty, and one who joins mid-year
# Leader teams per school: a team (principal, assistant principal, coach) logs about 1,600
# visits by mid-May; four teams leave room to draw each school's share of the rows.
TEAMS_PER_SCHOOL = 4

Rows = list[list[object]]
T = TypeVar("T")


@dataclass(frozen=True)
class DistrictSize:
    """How big a district is, from its number of walkthrough rows."""

    walkthroughs: int

    @property
    def schools(self) -> int:
        wanted = self.walkthroughs // ROWS_PER_TEACHER
        return math.ceil(min(MAX_TEACHERS, max(MIN_TEACHERS, wanted)) / TEACHERS_PER_SCHOOL)

    @property
    def teachers(self) -> int:
        """Roster rows: whole schools, so a little over the one-per-100-rows aim."""
        return self.schools * TEACHERS_PER_SCHOOL

    @property
    def coaching(self) -> int:
        return self.walkthroughs // WALKTHROUGHS_PER_COACHING_ROW


def district_rows(walkthroughs: int, seed: int = 1) -> dict[str, Rows]:
    """Every input tab of a district with `walkthroughs` walkthrough rows, in header order."""
    size = DistrictSize(walkthroughs)
    # The shared year, framework, calendar, bells and settings; no rows of the year before.
    tabs = demo_school(AS_OF, seed, last_year=False)
    # The demo's results and shared ratings name its own staff, none of whom teach here.
    for own in (RESULTS, SHARED_RATINGS):
        del tabs[own.name]
    school_plan = _school_plan(tabs)
    names = _unique_names(random.Random(f"{seed}/names"))
    roster: Rows = []
    visits: list[tuple[tuple[dt.date, dt.time], Visit]] = []
    sessions: list[Visit] = []
    for school in range(1, size.schools + 1):
        rng = random.Random(f"{seed}/school/{school}")
        teachers = [_renamed(t, school, next(names)) for t in _teachers(rng)]
        teams = [
            [replace(o, name=" ".join(next(names))) for o in make_observers(rng)]
            for _ in range(TEAMS_PER_SCHOOL)
        ]
        plan = school_plan(teachers)
        school_visits = plan.walkthroughs(rng, [o for team in teams for o in team], AS_OF)
        plant_slips(rng, school_visits, teachers)
        visits.extend(_in_log_order(school_visits))
        per_school = math.ceil(size.coaching / size.schools)
        for team in itertools.islice(itertools.cycle(teams), _coaching_rounds(plan, per_school)):
            sessions.extend(plan.coaching(rng, team[1:], AS_OF))
        roster.extend(roster_row(t, AS_OF) for t in teachers)

    pick = random.Random(f"{seed}/pick")
    visits.sort(key=lambda keyed: keyed[0])
    tabs[ROSTER.name] = roster
    tabs[WALKTHROUGHS.name] = [
        in_order(WALKTHROUGHS, visit) for _, visit in _draw(pick, visits, size.walkthroughs)
    ]
    sessions.sort(key=lambda session: session["date"])
    tabs[COACHING.name] = [
        in_order(COACHING, session) for session in _draw(pick, sessions, size.coaching)
    ]
    return tabs


def district_workbook(walkthroughs: int, seed: int = 1, folder: Path = DATA) -> Path:
    """The district workbook of that size and seed, written once and then reused."""
    path = folder / f"district-{walkthroughs}-seed{seed}-v{GENERATOR_VERSION}.xlsx"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        build_template(path, district_rows(walkthroughs, seed))
    return path


def _school_plan(tabs: dict[str, Rows]) -> Callable[[list[DemoTeacher]], VisitPlan]:
    """A school's `VisitPlan` for its staff: the year, priorities and cycles of the demo's tabs."""
    year = school_year(AS_OF)
    framework = [dict(zip(_fields(FRAMEWORK), row, strict=True)) for row in tabs[FRAMEWORK.name]]
    priorities = [
        Priority(str(row["code"]), row["priority_since"] or year.start)  # type: ignore[arg-type]
        for row in framework
        if row["priority"] == "Y"
    ]
    cycles = [Cycle(*row) for row in tabs[CYCLES.name]]  # type: ignore[arg-type]

    def plan(teachers: list[DemoTeacher]) -> VisitPlan:
        return VisitPlan(
            calendar=year.calendar,
            teachers=teachers,
            framework=LOOKFORS,
            priorities=priorities,
            cycles=cycles,
        )

    return plan


def _teachers(rng: random.Random) -> list[DemoTeacher]:
    """One school's staff, with the demo's leavers and mid-year joiner."""
    year = school_year(AS_OF)
    calendar = year.calendar
    return make_teachers(
        rng,
        left_dates=(
            calendar.school_days(last=dt.date(year.start.year, 10, 31))[-1],
            calendar.school_days(last=dt.date(year.end.year, 2, 10))[-1],
        ),
        joiner_start=calendar.next_school_days(dt.date(year.start.year, 12, 31), 1)[0],
    )


def _unique_names(rng: random.Random) -> Iterator[tuple[str, str]]:
    """(first, last) pairs, never the same twice; a middle initial once the pairs run out."""
    firsts = [first for first, _ in FIRST_NAMES] + list(OBSERVER_FIRST)
    lasts = list(LAST_NAMES) + list(OBSERVER_LAST)
    pairs = list(itertools.product(firsts, lasts))
    rng.shuffle(pairs)
    yield from pairs
    for initial in "ABCDEFGHJKLMNPRSTW":
        for first, last in pairs:
            yield f"{first} {initial}.", last


def _renamed(teacher: DemoTeacher, school: int, name: tuple[str, str]) -> DemoTeacher:
    first, last = name
    titles = dict(FIRST_NAMES)
    return replace(
        teacher,
        teacher_id=f"S{school:02d}-{teacher.teacher_id}",
        first=first,
        last=last,
        title=titles.get(first.split(" ")[0], teacher.title),
        email=email_for(first, last),
    )


def _in_log_order(visits: list[Visit]) -> Iterator[tuple[tuple[dt.date, dt.time], Visit]]:
    """Each visit with the moment it was logged; a slip typed as text keeps its neighbour's."""
    moment = (dt.date.min, dt.time.min)
    for visit in visits:
        if isinstance(visit["date"], dt.date):
            moment = (visit["date"], visit["time"] or moment[1])
        yield moment, visit


def _coaching_rounds(plan: VisitPlan, wanted: int) -> int:
    """How many passes of `VisitPlan.coaching` (about 0.8 a school day each) give `wanted`."""
    days = sum(1 for day in plan.calendar.school_days() if day <= AS_OF)
    return math.ceil(wanted / (0.7 * days))


def _draw(rng: random.Random, items: list[T], count: int) -> list[T]:
    """`count` of `items`, evenly at random, in their order. Raises if there are too few."""
    if len(items) < count:
        raise ValueError(f"only {len(items):,} rows were generated, {count:,} are needed")
    return [items[i] for i in sorted(rng.sample(range(len(items)), count))]


def _fields(tab: Tab) -> list[str]:
    return [column.field for column in tab.columns]
