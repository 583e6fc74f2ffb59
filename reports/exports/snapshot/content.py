"""What the staff snapshot says: whole-staff figures for one month, never a person.

Every figure is a count or a share over the month's valid visits, taken from the functions
that own it: classrooms visited from the rotation (`reports.figures.rotation`), the Priority
look-fors' shares from `priorities_by_month`, reach from `lookfor_reach`, evidence shared the
same day from the feedback loop's flags (the same month row as the Trends tab's). The
disclosure rules (docs/design.md, The staff snapshot): a share is shown only when the visits
behind it reached at least Min Group Size classrooms, a look-for is listed only when seen in
that many, and the only free text is the Settings value Staff Focus and the Framework tab's
indicators, scrubbed of every person the workbook knows (`reports.privacy.scrub`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import calendar_months, priorities, priorities_by_month
from reports.figures.feedback import NO_VISITS, FeedbackLoop, feedback_flags, feedback_loops
from reports.figures.periods import month_label, month_so_far
from reports.figures.rotation import coverage_share, rotation
from reports.figures.strengths import lookfor_reach
from reports.privacy.people import scrubber_for
from sheets_templates.book import Book
from sheets_templates.errors import UsageError

Redact = Callable[[str], str]  # free text in, the same text with every person blanked out

SEEN_MOST = 3  # look-fors listed under "What we saw most"


@dataclass(frozen=True)
class Month:
    """A calendar month of the school year, named as every table by month names it."""

    first: dt.date  # its first day
    label: str  # `November 2026`, or `December 2026, 3 school days so far` while running
    name: str  # `November`, for sentences
    partial: bool

    @property
    def last(self) -> dt.date:
        return (self.first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Share:
    """One month's share of visits recording a look-for, with the visits behind it.

    `share` is None when the month had no visit, or when its visits reached fewer than Min
    Group Size classrooms (`hidden`): a share of so few would describe them.
    """

    month: Month
    visits: int
    share: float | None
    hidden: bool


@dataclass(frozen=True)
class PriorityTrend:
    """A Priority look-for over the months compared: the start of the year, last month, this."""

    code: str
    area: str
    indicator: str  # scrubbed
    shares: tuple[Share, ...]  # oldest month first


@dataclass(frozen=True)
class SeenMost:
    """A look-for with the widest reach this month (share of visits x share of classrooms)."""

    code: str
    area: str
    indicator: str  # scrubbed
    classrooms: int
    visit_share: float


@dataclass(frozen=True)
class SnapshotContent:
    as_of: dt.date
    month: Month
    min_group: int
    teachers: int  # active teachers who had started by the month's last day
    classrooms_visited: int  # of them, seen at least once in the month
    visits: int  # valid visits in the month
    visits_this_year: int  # valid visits from the year's start to the month's end (or as-of)
    hidden: bool  # the month's visits reached fewer than Min Group Size classrooms
    months: tuple[Month, ...]  # the months the Priority look-fors are compared over
    priorities: tuple[PriorityTrend, ...]
    seen_most: tuple[SeenMost, ...]
    focus: str  # Settings' Staff Focus, scrubbed; "" when not given
    loop: FeedbackLoop  # the month's feedback loop (its shares hidden when `hidden`)

    @property
    def classrooms_share(self) -> float | None:
        return coverage_share(self.classrooms_visited, self.teachers)

    @property
    def evidence_same_day(self) -> float | None:
        """Evidence shared the same day this month; None with no visit due or when hidden."""
        return None if self.hidden else self.loop.shared_same_day


def snapshot_month(book: Book, month: dt.date | None = None, current: bool = False) -> dt.date:
    """The first day of the month the snapshot describes.

    `month` (any day of it) when asked; the month of as-of when `current`; else the last full
    month: the month of as-of once no school day of it is left, otherwise the month before
    (the month of as-of, so far, when the month before is not in the school year). Raises
    `UsageError` for both at once, or for a month outside the school year up to as-of.
    """
    if month is not None and current:
        raise UsageError("Ask for one month or for the current month, not both.")
    first = _first_day(book.settings.school_year_start)
    last = _first_day(min(book.as_of, book.settings.school_year_end))
    if month is not None:
        asked = _first_day(month)
        if not first <= asked <= last:
            raise UsageError(
                f"No snapshot of {asked:%B %Y}: pick a month from {first:%B %Y} to "
                f"{last:%B %Y} (the school year up to the as-of date, {book.as_of:%b %-d, %Y})."
            )
        return asked
    this_month = _first_day(book.as_of)
    if current or month_so_far(book, book.as_of) is None:
        return min(this_month, last)
    before = _first_day(this_month - dt.timedelta(days=1))
    return before if before >= first else this_month


def snapshot_content(book: Book, month: dt.date) -> SnapshotContent:
    """Every figure the snapshot shows for the month holding `month`, for the whole staff."""
    shown = _month(book, month)
    minimum = book.settings.min_group_size
    visits = book.valid_walkthroughs
    in_month = visits[calendar_months(visits["date"]) == pd.Timestamp(shown.first)]
    rota = rotation(book)
    started = rota.teachers["start_date"].isna() | (
        rota.teachers["start_date"] <= pd.Timestamp(shown.last)
    )
    teachers = rota.teachers.index[started]
    hidden = in_month["teacher_id"].nunique() < minimum
    redact = staff_scrubber(book)
    indicators = _indicators(book)
    months = _compared_months(book, shown)
    flags = feedback_flags(book)
    loops = feedback_loops(flags, calendar_months(flags["date"]))
    return SnapshotContent(
        as_of=book.as_of,
        month=shown,
        min_group=minimum,
        teachers=len(teachers),
        classrooms_visited=in_month.loc[in_month["teacher_id"].isin(teachers), "teacher_id"]
        .dropna()
        .nunique(),
        visits=len(in_month),
        visits_this_year=int((visits["date"] <= pd.Timestamp(shown.last)).sum()),
        hidden=hidden,
        months=months,
        priorities=_priority_trends(book, months, indicators, redact),
        seen_most=() if hidden else _seen_most(book, in_month, indicators, redact),
        focus=redact(book.settings.staff_focus),
        loop=loops.get(pd.Timestamp(shown.first), NO_VISITS),
    )


def _month(book: Book, day: dt.date) -> Month:
    first = _first_day(day)
    return Month(
        first,
        month_label(book, first, "%B %Y"),
        f"{first:%B}",
        month_so_far(book, first) is not None,
    )


def _first_day(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _compared_months(book: Book, month: Month) -> tuple[Month, ...]:
    """The start of the year (its first month with a visit), last month and this month,
    each once, oldest first; last month only when it is in the school year."""
    firsts = {month.first}
    before = _first_day(month.first - dt.timedelta(days=1))
    if before >= _first_day(book.settings.school_year_start):
        firsts.add(before)
    dates = book.valid_walkthroughs["date"]
    if not dates.empty and (start := dates.min().date()) < month.first:
        firsts.add(_first_day(start))
    return tuple(_month(book, first) for first in sorted(firsts))


def _priority_trends(
    book: Book, months: tuple[Month, ...], indicators: dict[str, str], redact: Redact
) -> tuple[PriorityTrend, ...]:
    evidence = priorities_by_month(book)
    visits = book.valid_walkthroughs
    classrooms = visits.groupby(calendar_months(visits["date"]))["teacher_id"].nunique()
    minimum = book.settings.min_group_size
    trends = []
    for priority in priorities(book):
        shares = []
        for month in months:
            at = pd.Timestamp(month.first)
            count = int(evidence.visits.get(at, 0))
            hidden = bool(count) and int(classrooms.get(at, 0)) < minimum
            share = None if hidden or not count else float(evidence.share.at[at, priority.code])
            shares.append(Share(month, count, share, hidden))
        trends.append(
            PriorityTrend(
                priority.code,
                redact(priority.area),
                redact(indicators.get(priority.code, "")),
                tuple(shares),
            )
        )
    return tuple(trends)


def _seen_most(
    book: Book, in_month: pd.DataFrame, indicators: dict[str, str], redact: Redact
) -> tuple[SeenMost, ...]:
    """The SEEN_MOST look-fors of widest reach this month, among those seen in at least Min
    Group Size classrooms (fewer would point at the teachers behind them)."""
    reach = lookfor_reach(book, in_month)
    wide = reach[(reach["teachers"] >= book.settings.min_group_size) & (reach["visits"] > 0)]
    return tuple(
        SeenMost(
            str(code),
            redact(str(row.area)),
            redact(indicators.get(str(code), "")),
            int(row.teachers),
            float(row.visit_share),
        )
        for code, row in wide.head(SEEN_MOST).iterrows()
    )


def _indicators(book: Book) -> dict[str, str]:
    """Each framework code's Indicator as the Framework tab words it ("" when blank)."""
    framework = book.framework[book.framework["valid"]]
    return {
        str(code): "" if pd.isna(indicator) else " ".join(str(indicator).split())
        for code, indicator in zip(framework["code"], framework["indicator"], strict=True)
    }


def staff_scrubber(book: Book) -> Redact:
    """Free text with everyone the workbook knows blanked out: the one scrubber of every
    shared output (`reports.privacy.people.scrubber_for`)."""
    scrubber = scrubber_for(book)
    return lambda text: scrubber.scrub(text).text if text else ""


def _plain(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
