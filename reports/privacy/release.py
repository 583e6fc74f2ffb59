"""Which detail each row of a shared log may keep, so no combination a reader can group by
rests on fewer than Min Group Size teachers.

A reader of the copy can group its rows by any of the fields it releases: the group label,
the period and the focus. Every released combination (label, period, focus) must cover at
least `min_group` distinct teachers; any grouping by fewer fields is a union of those, so it
does too. Rows are released at the finest `LEVELS` step whose combination, among the rows not
released at a finer step, reaches `min_group` teachers: the week and the look-for first, then
the week and the framework area, the month, the term (three months from the school year's
first month), and last the term with no focus. Rows that reach no step are suppressed.

    release(rows, min_group=5)  # one `Level` or None (suppressed) per row, in order
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sheets_templates.calendar import monday_of


class Period(enum.IntEnum):
    WEEK = 0
    MONTH = 1
    TERM = 2


class Focus(enum.IntEnum):
    LOOK_FOR = 0  # the framework codes, and their areas
    AREA = 1  # the framework areas only
    NONE = 2  # no focus at all


ALL_TEACHERS = "All teachers"


@dataclass(frozen=True)
class Level:
    """How much of a row's group, period and focus is released."""

    period: Period
    focus: Focus
    group: bool = True  # False: the group shown as `ALL_TEACHERS`

    def describe(self) -> str:
        focus = {Focus.LOOK_FOR: "look-for", Focus.AREA: "framework area", Focus.NONE: "no focus"}
        kept = f"{self.period.name.lower()} and {focus[self.focus]}"
        return f"group, {kept}" if self.group else f"{ALL_TEACHERS}, {kept}"

    def label(self, row: Row) -> str:
        """The group a row shows at this level."""
        return row.label if self.group else ALL_TEACHERS


LEVELS = (
    Level(Period.WEEK, Focus.LOOK_FOR),
    Level(Period.WEEK, Focus.AREA),
    Level(Period.MONTH, Focus.AREA),
    Level(Period.TERM, Focus.AREA),
    Level(Period.TERM, Focus.NONE),
    Level(Period.TERM, Focus.AREA, group=False),
    Level(Period.TERM, Focus.NONE, group=False),
)


@dataclass(frozen=True)
class Row:
    """What the release rule needs of one row: who, their label, when, and the focus."""

    teacher: str
    label: str
    date: dt.date
    codes: str  # the look-for codes as shown, "" for none
    areas: str  # their framework areas as shown, "" for none


def period_label(date: dt.date, period: Period, year_start: dt.date) -> str:
    """`Week of Nov 2, 2026`, `Nov 2026`, or `Term 1: Aug-Oct 2026`."""
    if period == Period.WEEK:
        return f"Week of {monday_of(date):%b %-d, %Y}"
    if period == Period.MONTH:
        return f"{date:%b %Y}"
    first = term_start(date, year_start)
    last = dt.date(first.year + (first.month + 1) // 12, (first.month + 1) % 12 + 1, 1)
    return f"Term {term_number(date, year_start)}: {first:%b}-{last:%b %Y}"


def term_number(date: dt.date, year_start: dt.date) -> int:
    """1 for the school year's first three months, 2 for the next three, and so on."""
    return ((date.month - year_start.month) % 12) // 3 + 1


def term_start(date: dt.date, year_start: dt.date) -> dt.date:
    months_in = (date.month - year_start.month) % 12 // 3 * 3
    month = (year_start.month - 1 + months_in) % 12 + 1
    year = date.year if month <= date.month else date.year - 1
    return dt.date(year, month, 1)


def focus_shown(row: Row, focus: Focus) -> tuple[str, str]:
    """(codes, areas) as released at this focus level."""
    if focus == Focus.LOOK_FOR:
        return row.codes, row.areas
    if focus == Focus.AREA:
        return "", row.areas
    return "", ""


def release(rows: Sequence[Row], min_group: int, year_start: dt.date) -> list[Level | None]:
    """Each row's `Level`, or None when no level hides it among `min_group` teachers."""
    levels: list[Level | None] = [None] * len(rows)
    waiting = list(range(len(rows)))
    for level in LEVELS:
        teachers: dict[tuple[str, ...], set[str]] = defaultdict(set)
        keys: dict[int, tuple[str, ...]] = {}
        for i in waiting:
            row = rows[i]
            shown = focus_shown(row, level.focus)
            key = (level.label(row), period_label(row.date, level.period, year_start), *shown)
            keys[i] = key
            teachers[key].add(row.teacher)
        for i in waiting:
            if len(teachers[keys[i]]) >= min_group:
                levels[i] = level
        waiting = [i for i in waiting if levels[i] is None]
    return levels
