"""The demo school's interim assessments: each class's percent proficient, made so that classes
where the first Priority look-for was seen more gained a little more, with noise, so the
Outcomes tab has a relationship to show. Every figure is invented."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sheets_templates.calendar import SchoolCalendar
from sheets_templates.demo.people import DemoTeacher
from sheets_templates.demo.visits import Visit

# (name, month, day): each is given on the first school day from that day on.
ASSESSMENTS = (
    ("Beginning of year", 8, 31),
    ("Fall interim", 11, 6),
    ("Winter interim", 1, 29),
    ("Spring interim", 4, 16),
)
GAIN_PER_SHARE = 25.0  # percentage points of gain for seeing the look-for in every visit


def demo_results(
    rng: random.Random,
    calendar: SchoolCalendar,
    teachers: Sequence[DemoTeacher],
    walkthroughs: Sequence[Visit],
    follows: str,
    as_of: dt.date,
) -> list[dict[str, object]]:
    """Results rows up to `as_of`, one per teacher teaching on each assessment's day."""
    rows: list[dict[str, object]] = []
    last: dict[str, float] = {}
    previous: dt.date | None = None
    for name, month, day in ASSESSMENTS:
        year = calendar.start.year + (month < calendar.start.month)
        given = calendar.next_school_days(dt.date(year, month, day) - dt.timedelta(days=1), 1)
        if not given or given[0] > as_of:
            break
        on = given[0]
        for teacher in teachers:
            if not teacher.teaches_on(on):
                continue
            before = last.get(teacher.teacher_id)
            if before is None or previous is None:
                result = rng.gauss(52, 12)
            else:
                share = _share(walkthroughs, teacher.name, follows, previous, on)
                result = before + 2 + GAIN_PER_SHARE * (share - 0.3) + rng.gauss(0, 3)
            result = min(98.0, max(5.0, result))
            last[teacher.teacher_id] = result
            rows.append(
                {
                    "teacher": teacher.name,
                    "assessment": name,
                    "date": on,
                    "result": f"{result:.0f}%",
                }
            )
        previous = on
    return rows


def _share(
    walkthroughs: Sequence[Visit], name: str, code: str, first: dt.date, last: dt.date
) -> float:
    """The part of the teacher's visits from `first` to `last` that recorded `code`."""
    theirs = [
        visit
        for visit in walkthroughs
        if visit["teacher"] == name
        and isinstance(visit["date"], dt.date)  # a planted slip may be text
        and first <= visit["date"] <= last
    ]
    seen = [visit for visit in theirs if code in _codes(visit["lookfors"])]
    return len(seen) / len(theirs) if theirs else 0.0


def _codes(lookfors: object) -> set[str]:
    """The codes of a Look-fors cell as typed: `IN2:3, EN1` -> {"IN2", "EN1"}."""
    return {part.split(":")[0].strip() for part in str(lookfors or "").split(",")}
