"""School days and time blocks, exactly as docs/design.md defines them.

A school day is a Monday-Friday inside the school year that the Calendar tab does not mark
Holiday, No School or PD Day; a Half Day is a school day whose classes end early. Counting uses
numpy's business-day calendar, so a whole column of dates is counted in one call.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, overload

import numpy as np
import pandas as pd

from sheets_templates.schema import CLOSED_DAY_TYPES, DayType

DAY = np.timedelta64(1, "D")
Dates = TypeVar("Dates", pd.Series, pd.DatetimeIndex)


@dataclass(frozen=True)
class TimeBlock:
    """A part of the school day, `[start, end)` in minutes after midnight."""

    name: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.name} {hhmm(self.start)}-{hhmm(self.end)}"


def hhmm(minutes: int) -> str:
    """A time of day as the sheets write it: 570 minutes after midnight is `09:30`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_BLOCK = re.compile(
    r"^\s*(?P<name>.+?)\s+(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*[-\u2013]\s*"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*$"
)


def parse_time_blocks(text: str) -> tuple[TimeBlock, ...]:
    """`"Early 07:00-09:30; Midday 11:30-13:30"` -> blocks. Raises ValueError on bad text."""
    blocks = []
    for part in filter(str.strip, text.split(";")):
        match = _BLOCK.match(part)
        if not match:
            raise ValueError(f"'{part.strip()}' is not 'Name HH:MM-HH:MM'")
        start = int(match["h1"]) * 60 + int(match["m1"])
        end = int(match["h2"]) * 60 + int(match["m2"])
        if not 0 <= start < end <= 24 * 60:
            raise ValueError(f"'{part.strip()}' ends before it starts")
        blocks.append(TimeBlock(match["name"], start, end))
    if not blocks:
        raise ValueError("no time blocks given")
    return tuple(blocks)


def time_block_problems(blocks: Sequence[TimeBlock]) -> list[str]:
    """Overlaps and gaps between consecutive blocks, in plain words (empty when fine)."""
    problems = []
    ordered = sorted(blocks, key=lambda b: b.start)
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            problems.append(f"{before.name} and {after.name} overlap")
        elif after.start > before.end:
            problems.append(
                f"nothing covers {hhmm(before.end)}-{hhmm(after.start)} "
                f"between {before.name} and {after.name}"
            )
    return problems


def block_of(minutes: pd.Series, blocks: Sequence[TimeBlock]) -> pd.Series:
    """The name of the block each time (minutes after midnight) falls in; NA outside all."""
    names = np.array([b.name for b in blocks] + [None], dtype=object)
    starts = np.array([b.start for b in blocks])
    ends = np.array([b.end for b in blocks])
    values = minutes.to_numpy(dtype="float64", na_value=np.nan)
    index = np.searchsorted(starts, values, side="right") - 1
    safe = np.clip(index, 0, len(blocks) - 1)
    inside = (index >= 0) & (values < ends[safe]) & ~np.isnan(values)
    found = np.where(inside, safe, len(blocks))
    return pd.Series(names[found], index=minutes.index, dtype="string")


@overload
def monday_of(days: dt.date) -> dt.date: ...
@overload
def monday_of(days: Dates) -> Dates: ...
def monday_of(
    days: dt.date | pd.Series | pd.DatetimeIndex,
) -> dt.date | pd.Series | pd.DatetimeIndex:
    """The Monday that starts each day's week: weeks run Monday to Sunday everywhere.

    `monday_of(dt.date(2026, 11, 20))` is `dt.date(2026, 11, 16)`; a Series or DatetimeIndex
    of dates gives each one's Monday (NaT stays NaT). Weekly figures group by it, and the
    de-identified copy shows it instead of a date.
    """
    if isinstance(days, dt.date):
        return days - dt.timedelta(days=days.weekday())
    weekday = pd.DatetimeIndex(days).day_of_week.to_numpy(dtype="float64", na_value=np.nan)
    return days - pd.to_timedelta(weekday, unit="D")


@dataclass(frozen=True)
class Window:
    """Consecutive school days, `first` to `last`; none before the year's first school day."""

    first: dt.date
    last: dt.date
    school_days: int

    def __bool__(self) -> bool:
        return self.school_days > 0

    def holds(self, dates: pd.Series) -> pd.Series:
        """Which dates fall inside the window (all False for an empty window)."""
        if not self:
            return pd.Series(False, index=dates.index)
        return dates.between(pd.Timestamp(self.first), pd.Timestamp(self.last))


class SchoolCalendar:
    """The school days of one school year, and the half days among them.

    `closed` are the days without classes; `half_days` maps each Half Day to the time its
    classes end (minutes after midnight). Build it from the Calendar tab with `from_days`.
    """

    def __init__(
        self,
        start: dt.date,
        end: dt.date,
        closed: Iterable[dt.date] = (),
        half_days: Mapping[dt.date, int] | None = None,
    ) -> None:
        if end < start:
            raise ValueError("the school year ends before it starts")
        self.start = start
        self.end = end
        self.closed = frozenset(d for d in closed if start <= d <= end)
        self._busdays = np.busdaycalendar(
            weekmask="1111100", holidays=sorted(np.datetime64(d, "D") for d in self.closed)
        )
        self._first = np.datetime64(start, "D")
        self._after_last = np.datetime64(end, "D") + DAY
        self.half_days: Mapping[dt.date, int] = {
            day: ends for day, ends in sorted((half_days or {}).items()) if self.is_school_day(day)
        }

    @classmethod
    def from_days(
        cls,
        start: dt.date,
        end: dt.date,
        days: Iterable[tuple[dt.date, str, int | None]],
        half_day_ends: int,
    ) -> SchoolCalendar:
        """docs/design.md, School day: the year with the Calendar tab's `(date, type, ends)`.

        Holiday, No School and PD Day close the school; a Half Day's classes end at its own
        end time, or else at `half_day_ends` (Settings Half Day Ends).
        """
        closed: list[dt.date] = []
        half_days: dict[dt.date, int] = {}
        for day, kind, ends in days:
            if kind in CLOSED_DAY_TYPES:
                closed.append(day)
            elif kind == DayType.HALF_DAY:
                half_days[day] = half_day_ends if ends is None else ends
        return cls(start, end, closed, half_days)

    def __repr__(self) -> str:
        return (
            f"SchoolCalendar({self.start}, {self.end}, {len(self.closed)} closed days, "
            f"{len(self.half_days)} half days)"
        )

    def is_school_day(self, day: dt.date) -> bool:
        d = np.datetime64(day, "D")
        return bool(
            self._first <= d < self._after_last and np.is_busday(d, busdaycal=self._busdays)
        )

    def blocks_on(self, day: dt.date, blocks: Sequence[TimeBlock]) -> tuple[TimeBlock, ...]:
        """The time blocks with classes on `day`: all of them, but on a Half Day only those
        that end by the time its classes end (docs/design.md, School day)."""
        ends = self.half_days.get(day)
        return tuple(blocks) if ends is None else tuple(b for b in blocks if b.end <= ends)

    def school_days(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> list[dt.date]:
        """School days from `first` to `last` inclusive (default: the whole year)."""
        lo = max(self._first, np.datetime64(first or self.start, "D"))
        hi = min(self._after_last, np.datetime64(last or self.end, "D") + DAY)
        if hi <= lo:
            return []
        days = np.arange(lo, hi, dtype="datetime64[D]")
        return [_date(d) for d in days[np.is_busday(days, busdaycal=self._busdays)]]

    def count_between(self, after: pd.Series | dt.date, up_to: dt.date) -> np.ndarray:
        """School days strictly after each date up to and including `up_to` (docs/design.md).

        A visit on `up_to` itself gives 0. Vectorised: pass a Series of dates.
        """
        upper = min(np.datetime64(up_to, "D") + DAY, self._after_last)
        days = _as_days(after) + DAY
        days = np.maximum(days, self._first)
        counts = np.busday_count(np.minimum(days, upper), upper, busdaycal=self._busdays)
        return np.asarray(counts)

    def counts_between(self, after: pd.Series, up_to: pd.Series) -> np.ndarray:
        """Pairwise: school days strictly after `after[i]` up to and including `up_to[i]`.

        Negative when `up_to` is before `after`. NaT on either side gives -1 (caller masks it).
        """
        start = _as_days(after)
        end = _as_days(up_to)
        missing = np.isnat(start) | np.isnat(end)
        start = np.where(missing, self._first, start) + DAY
        end = np.where(missing, self._first, end) + DAY
        counts = np.busday_count(start, end, busdaycal=self._busdays)
        return np.where(missing, -1, counts)

    def window(self, as_of: dt.date, school_days: int) -> tuple[dt.date, dt.date]:
        """The rotation window: the last `school_days` school days up to and including as_of."""
        anchor = np.datetime64(as_of, "D") + DAY
        first = np.busday_offset(anchor, -school_days, roll="forward", busdaycal=self._busdays)
        last = np.busday_offset(
            np.datetime64(as_of, "D"), 0, roll="backward", busdaycal=self._busdays
        )
        first = max(
            first, np.busday_offset(self._first, 0, roll="forward", busdaycal=self._busdays)
        )
        return _date(first), _date(last)

    def last_school_days(self, as_of: dt.date, count: int) -> Window:
        """The last `count` school days up to and including `as_of` (fewer early in the year)."""
        first, last = self.window(as_of, count)
        return Window(first, last, len(self.school_days(first, last)) if first <= last else 0)

    def next_school_days(self, after: dt.date, count: int) -> list[dt.date]:
        """The next `count` school days strictly after `after`, within the year."""
        days: list[dt.date] = []
        day = np.busday_offset(
            np.datetime64(after, "D"), 1, roll="forward", busdaycal=self._busdays
        )
        while len(days) < count and day < self._after_last:
            days.append(_date(day))
            day = np.busday_offset(day, 1, busdaycal=self._busdays)
        return days

    def remaining_after(self, as_of: dt.date) -> int:
        """School days strictly after `as_of` to the end of the year."""
        return int(self.count_between(as_of, self.end)[0])

    def elapsed(self, as_of: dt.date) -> int:
        """School days from the start of the year up to and including `as_of`."""
        return len(self.school_days(self.start, as_of))


def _as_days(values: pd.Series | dt.date) -> np.ndarray:
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return np.array([np.datetime64(values, "D")])


def _date(day: np.datetime64) -> dt.date:
    value = day.astype("datetime64[D]").item()
    assert isinstance(value, dt.date)
    return value


def rotation_window(calendar: SchoolCalendar, as_of: dt.date, rotation_school_days: int) -> Window:
    """docs/design.md, Rotation window: the last Rotation School Days school days up to and
    including as-of. The one place it is worked out: the `Book` keeps it, and the parser's
    `teacher-inactive` check asks it before the `Book` exists."""
    return calendar.last_school_days(as_of, rotation_school_days)


def school_year_of(days: pd.Series, year_start: dt.date) -> pd.Series:
    """docs/design.md, School year of a row: the calendar year in which each day's school
    year starts (2025 for a day of 2025-26), counting a year from the month and day of
    School Year Start. Missing days give <NA>."""
    begun = (days.dt.month > year_start.month) | (
        (days.dt.month == year_start.month) & (days.dt.day >= year_start.day)
    )
    return (days.dt.year - (~begun).astype(int)).astype("Int64").where(days.notna())


def year_label(first_year: int) -> str:
    """A school year as people write it: 2025 -> `2025-26`."""
    return f"{first_year}-{(first_year + 1) % 100:02d}"


def a_year_earlier(day: dt.date) -> dt.date:
    """The same month and day a year before (Feb 29 gives Feb 28): where last school year's
    Start and End fall, from this year's (docs/design.md, School year of a row)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def same_point(
    this_year: SchoolCalendar, as_of: dt.date, last_year: SchoolCalendar
) -> dt.date | None:
    """docs/design.md, Same point last year: the school day of `last_year` that is as many
    school days into its year as `as_of` is into this one (its last school day if it has
    fewer). None before this year's first school day, or when last year has none."""
    into = this_year.elapsed(as_of)
    days = last_year.school_days()
    if not into or not days:
        return None
    return days[min(into, len(days)) - 1]
