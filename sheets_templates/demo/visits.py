"""The demo school's walkthrough log and coaching notes, made one school day at a time.

The whole year is always generated and then cut at `as_of`, so a later as-of date adds days
without changing the ones before. Rows are dicts keyed by schema field; the caller puts them
in header order.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sheets_templates.calendar import SchoolCalendar
from sheets_templates.demo.people import DemoObserver, DemoTeacher
from sheets_templates.demo.text import NOTES, LookFor, coaching_texts, evidence_for
from sheets_templates.schema import Role

Visit = dict[str, Any]
T = TypeVar("T")

# Period, start, end: a seven-period middle-school day with lunch after period 4.
BELLS: tuple[tuple[int, dt.time, dt.time], ...] = tuple(
    (period, dt.time(*start), dt.time(*end))
    for period, start, end in (
        (1, (8, 0), (8, 50)),
        (2, (8, 55), (9, 45)),
        (3, (9, 50), (10, 40)),
        (4, (10, 45), (11, 35)),
        (5, (12, 15), (13, 5)),
        (6, (13, 10), (14, 0)),
        (7, (14, 5), (14, 55)),
    )
)
PERIOD_STARTS = {period: start for period, start, _ in BELLS}
MORNING_PERIODS = frozenset({1, 2, 3, 4})  # what runs on a half day

# The Roadmap's progression: more directive conversations early, more reflexive ones later.
ROLES = (Role.DIRECTIVE, Role.REFLECTIVE, Role.REFLEXIVE)
# School days from visit to conversation: mostly within three, a few late.
CONVERSATION_DELAYS = ((0, 25), (1, 35), (2, 20), (3, 10), (4, 6), (6, 4))
UNKNOWN_CODE_SUFFIX = "4"  # every area has codes 1-3, so e.g. IN4 is not in the framework
# Coaching follows the evidence most of the time: this share of the conversations with a
# teacher whose walkthroughs show a level are about the area the log shows weakest.
FOLLOWS_EVIDENCE = 0.9
EVIDENCE_VISITS = 6  # the latest visits with a level a coach reads the weakest area from
WEAK_AREA_STEPS = 2  # levels run this much lower (never below 1) in a teacher's weak area


@dataclass(frozen=True)
class Cycle:
    name: str
    code: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Priority:
    code: str
    since: dt.date  # the first day it counts


@dataclass
class VisitPlan:
    """What shapes the year's visits: calendar, staff, framework priorities and cycles."""

    calendar: SchoolCalendar  # its school days are the days with students in the building
    teachers: Sequence[DemoTeacher]
    framework: Sequence[LookFor]
    priorities: Sequence[Priority]
    cycles: Sequence[Cycle]

    def walkthroughs(
        self, rng: random.Random, observers: Sequence[DemoObserver], as_of: dt.date
    ) -> list[Visit]:
        """Every visit of the year up to and including `as_of`, in the order logged."""
        visits = []
        for day in self.calendar.school_days():
            for observer in observers:
                visits.extend(self._observer_day(rng, observer, day))
        visits.sort(key=lambda v: (v["date"], v["time"]))
        return [_as_known_on(visit, as_of) for visit in visits if visit["date"] <= as_of]

    def coaching(
        self,
        rng: random.Random,
        coaches: Sequence[DemoObserver],
        as_of: dt.date,
        visits: Sequence[Visit] = (),
    ) -> list[Visit]:
        """Coaching conversations: most school days, mostly with new teachers, and most of
        them about the area the teacher's walkthroughs (`visits`, as logged) show weakest."""
        areas = {lf.code: lf.area for lf in self.framework}
        evidence = _levels_by_teacher(visits, areas)
        coachees = {t.teacher_id for t in self.teachers if t.years <= 2}
        coachees |= {t.teacher_id for t in rng.sample(list(self.teachers), 6)}
        sessions: list[Visit] = []
        for day in self.calendar.school_days():
            if rng.random() > 0.8:
                continue
            teaching = [t for t in self.teachers if t.teaches_on(day)]
            weights = [4.0 if t.teacher_id in coachees else 0.3 for t in teaching]
            teacher = rng.choices(teaching, weights)[0]
            peers = [t for t in teaching if t is not teacher and t.years >= 8] or teaching
            lookfor = self._lookfors(rng, day, 1)[0]
            weakest = _weakest_area(evidence.get(teacher.name, []), day, list(areas.values()))
            if weakest and rng.random() < FOLLOWS_EVIDENCE:
                lookfor = rng.choice([lf for lf in self.framework if lf.area == weakest])
            strengths, needs, notes, next_steps = coaching_texts(
                rng, teacher, rng.choice(peers), lookfor
            )
            sessions.append(
                {
                    "date": day,
                    "coach": rng.choices(coaches, (1, 6))[0].name,
                    "teacher": teacher.email if rng.random() < 0.05 else teacher.name,
                    "focus_area": lookfor.code,
                    "strengths": strengths,
                    "needs": needs,
                    "notes": notes,
                    "next_steps": next_steps,
                }
            )
        return [s for s in sessions if s["date"] <= as_of]

    def _observer_day(
        self, rng: random.Random, observer: DemoObserver, day: dt.date
    ) -> list[Visit]:
        if rng.random() < observer.away_rate:
            return []
        count = rng.choices(observer.visits_per_day, observer.visit_weights)[0]
        periods = [
            p for p in PERIOD_STARTS if day not in self.calendar.half_days or p in MORNING_PERIODS
        ]
        weights = [observer.period_weights[p - 1] for p in periods]
        visits = []
        seen: set[str] = set()
        for period in sorted(_sample(rng, periods, weights, min(count, len(periods)))):
            teaching = [
                t
                for t in self.teachers
                if t.teaches_on(day) and period in t.periods and t.teacher_id not in seen
            ]
            if not teaching:
                continue
            fondness = [t.visit_weight * observer.preference(t) for t in teaching]
            teacher = rng.choices(teaching, fondness)[0]
            seen.add(teacher.teacher_id)
            visits.append(self._visit(rng, observer, teacher, day, period))
        return visits

    def _visit(
        self,
        rng: random.Random,
        observer: DemoObserver,
        teacher: DemoTeacher,
        day: dt.date,
        period: int,
    ) -> Visit:
        progress = (day - self.calendar.start).days / (self.calendar.end - self.calendar.start).days
        start = PERIOD_STARTS[period]
        minutes = start.hour * 60 + start.minute + rng.randint(3, 38)
        lookfors = self._lookfors(rng, day, rng.choices((1, 2, 3), (45, 40, 15))[0])
        conversation = self._conversation(rng, day, progress, observer)
        return {
            "date": day,
            "time": dt.time(minutes // 60, minutes % 60),
            "observer": observer.name,
            "teacher": teacher.name,
            "room": teacher.room if rng.random() > 0.08 else None,
            "period": period,
            "subject": teacher.subject if rng.random() > 0.05 else None,
            "lookfors": ", ".join(
                _with_level(
                    rng, lookfor.code, progress, teacher, self.weak_area(teacher) == lookfor.area
                )
                for lookfor in lookfors
            ),
            "evidence": " ".join(evidence_for(rng, lookfor) for lookfor in lookfors[:2])
            if rng.random() > 0.05
            else None,
            "evidence_shared": self._evidence_shared(rng, day),
            **conversation,
            "notes": rng.choice(NOTES) if rng.random() < 0.07 else None,
        }

    def weak_area(self, teacher: DemoTeacher) -> str:
        """The framework area a teacher's levels run lower in, fixed by their ID (no draw
        from the generator, so the rest of the log is as it was)."""
        areas = list(dict.fromkeys(lf.area for lf in self.framework))
        return areas[zlib.crc32(teacher.teacher_id.encode()) % len(areas)]

    def _lookfors(self, rng: random.Random, day: dt.date, count: int) -> list[LookFor]:
        """Look-fors noted in one visit: priorities and the current cycle's code come up most."""
        priorities = {p.code for p in self.priorities if p.since <= day}
        in_cycle = {c.code for c in self.cycles if c.start <= day <= c.end}
        weights = [
            1.0 + 2.0 * (lf.code in priorities) + 4.0 * (lf.code in in_cycle)
            for lf in self.framework
        ]
        return _sample(rng, list(self.framework), weights, count)

    def _evidence_shared(self, rng: random.Random, day: dt.date) -> object:
        draw = rng.random()
        if draw < 0.72:
            return day
        if draw < 0.84:
            return "Y"
        if draw < 0.94:
            later = self.calendar.next_school_days(day, rng.choice((1, 2)))
            return later[-1] if later else day
        return None

    def _conversation(
        self, rng: random.Random, day: dt.date, progress: float, observer: DemoObserver
    ) -> dict[str, object]:
        if rng.random() > 0.8:
            return {"conversation_date": None, "conversation_role": None}
        delay = rng.choices(*zip(*CONVERSATION_DELAYS, strict=True))[0]
        later = self.calendar.next_school_days(day, delay) if delay else [day]
        weights = (0.45 - 0.25 * progress, 0.4 + 0.1 * progress, 0.15 + 0.15 * progress)
        role = str(rng.choices(ROLES, weights)[0])
        if role == Role.REFLECTIVE and observer.uses_roadmap_words and rng.random() < 0.15:
            role = "Coach"  # the Roadmap's word for the same stance
        return {"conversation_date": later[-1] if later else None, "conversation_role": role}


def plant_slips(rng: random.Random, visits: list[Visit], teachers: Sequence[DemoTeacher]) -> None:
    """Plant, once each, the slips a real log has (in place; needs at least 12 visits).

    A teacher's name misspelled, one in odd case with extra spaces (still the same teacher),
    a date typed as US text (`11/3/2026`), a look-for code not in the framework, and one row
    entered twice.
    """
    if len(visits) < 12:
        return
    by_name = {t.name: t for t in teachers}
    typo, loose, text_date, bad_code, twice = rng.sample(range(len(visits)), 5)
    visits[typo]["teacher"] = misspell(
        by_name[visits[typo]["teacher"]].last, visits[typo]["teacher"]
    )
    visits[loose]["teacher"] = "  " + visits[loose]["teacher"].lower().replace(" ", "  ") + " "
    day = visits[text_date]["date"]
    visits[text_date]["date"] = f"{day.month}/{day.day}/{day.year}"
    code = visits[bad_code]["lookfors"].split(",")[0].split(":")[0].strip()
    visits[bad_code]["lookfors"] += f", {code[:2]}{UNKNOWN_CODE_SUFFIX}"
    visits.insert(twice + 1, dict(visits[twice]))


def misspell(last: str, name: str) -> str:
    """The name with its surname slightly wrong: a double letter dropped, or two swapped."""
    double = re.search(r"(\w)\1", last)
    if double:
        wrong = last[: double.start()] + last[double.start() + 1 :]
    elif len(last) >= 4:
        wrong = last[:-3] + last[-2] + last[-3] + last[-1]  # Ramírez -> Ramíerz
    else:
        wrong = last + last[-1]
    return name[: len(name) - len(last)] + wrong


def _as_known_on(visit: Visit, as_of: dt.date) -> Visit:
    """Drop follow-ups dated after `as_of`: on that day they have not happened yet."""
    if isinstance(visit["evidence_shared"], dt.date) and visit["evidence_shared"] > as_of:
        visit["evidence_shared"] = None
    conversation = visit["conversation_date"]
    if isinstance(conversation, dt.date) and conversation > as_of:
        visit["conversation_date"] = visit["conversation_role"] = None
    return visit


Levels = list[tuple[dt.date, dict[str, list[int]]]]  # (visit date, area -> levels), in order


def _levels_by_teacher(visits: Sequence[Visit], area_of: dict[str, str]) -> dict[str, Levels]:
    """Each teacher's visits with a level (by the name logged), oldest first."""
    levels: dict[str, Levels] = {}
    for visit in visits:
        by_area: dict[str, list[int]] = {}
        for item in str(visit["lookfors"]).split(","):
            code, _, level = item.strip().partition(":")
            if level and code in area_of:
                by_area.setdefault(area_of[code], []).append(int(level))
        if by_area:
            levels.setdefault(visit["teacher"], []).append((visit["date"], by_area))
    return levels


def _weakest_area(levels: Levels, day: dt.date, areas: list[str]) -> str | None:
    """The area of lowest mean level over the teacher's latest visits with a level before
    `day`, as a coach reading the log would see it (the first of `areas` on a tie); None
    before any."""
    before = [by_area for visit_day, by_area in levels if visit_day < day][-EVIDENCE_VISITS:]
    if not before:
        return None
    written: dict[str, list[int]] = {}
    for by_area in before:
        for area, found in by_area.items():
            written.setdefault(area, []).extend(found)
    seen = [area for area in dict.fromkeys(areas) if area in written]
    return min(seen, key=lambda area: sum(written[area]) / len(written[area]))


def _with_level(
    rng: random.Random, code: str, progress: float, teacher: DemoTeacher, weak: bool
) -> str:
    """`CODE` (observed) or, about four times in ten, `CODE:LEVEL` with levels rising, and
    WEAK_AREA_STEPS lower (never below 1) in the teacher's `weak` area."""
    if rng.random() > 0.42:
        return code
    skill = min(teacher.years, 15) / 15
    weights = (
        max(0.03, 0.3 - 0.2 * progress - 0.1 * skill),
        0.4 - 0.1 * progress,
        0.22 + 0.15 * progress + 0.1 * skill,
        0.05 + 0.15 * progress + 0.1 * skill,
    )
    level = rng.choices((1, 2, 3, 4), weights)[0]
    return f"{code}:{max(1, level - WEAK_AREA_STEPS) if weak else level}"


def _sample(rng: random.Random, items: list[T], weights: list[float], count: int) -> list[T]:
    """`count` distinct items, each draw weighted (without replacement)."""
    items, weights = list(items), list(weights)
    chosen = []
    for _ in range(min(count, len(items))):
        index = rng.choices(range(len(items)), weights)[0]
        chosen.append(items.pop(index))
        weights.pop(index)
    return chosen
