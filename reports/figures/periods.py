"""Weeks and months still running at as-of, labelled so no one reads a slump into three days.

docs/design.md, Partial period: the week or month that holds as-of is partial while a school
day of it is still to come. Every table by week or by month names its rows here, and the
charts drawn over those tables take the label as their category (`month_label`); a table by
week keeps its dates, with `running_week_note` under it; a chart whose table ends on such a
period draws that point apart (`ends_running`). School days come from the
calendar (`SchoolCalendar.school_days`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sheets_templates.book import Book
from sheets_templates.calendar import monday_of

DAY = dt.timedelta(days=1)


def school_days_so_far(book: Book, first: dt.date, last: dt.date) -> int | None:
    """School days of `first`..`last` up to and including as-of, while the period is still
    running (as-of inside it and a school day of it after as-of); None for any other period."""
    as_of = book.as_of
    if not first <= as_of < last or not book.calendar.school_days(as_of + DAY, last):
        return None
    return len(book.calendar.school_days(first, as_of))


def month_so_far(book: Book, month: dt.date) -> int | None:
    """`school_days_so_far` of the month holding `month` (any day of it)."""
    first = dt.date(month.year, month.month, 1)
    return school_days_so_far(book, first, (first + 31 * DAY).replace(day=1) - DAY)


def week_so_far(book: Book, day: dt.date) -> int | None:
    """`school_days_so_far` of the week (Monday to Sunday) holding `day`."""
    monday = monday_of(dt.date(day.year, day.month, day.day))
    return school_days_so_far(book, monday, monday + 6 * DAY)


def ends_running(
    book: Book, periods: Sequence[dt.date], so_far: Callable[[Book, dt.date], int | None]
) -> bool:
    """True when the last of `periods` (a day of each, oldest first) is still running at as-of,
    by `so_far` (`week_so_far` or `month_so_far`): its chart point is drawn apart
    (`Chart.partial_last`)."""
    return len(periods) > 0 and so_far(book, periods[-1]) is not None


def month_label(book: Book, month: dt.date, pattern: str = "%b %Y") -> str:
    """The month holding `month` as `pattern` writes it, marked while partial: `Nov 2026`, or
    `Dec 2026, 3 school days so far` for the month still running at as-of."""
    return _marked(f"{month:{pattern}}", month_so_far(book, month))


def running_week_note(book: Book) -> str:
    """A sentence under the tables by week while the week of as-of is still running, or ""."""
    so_far = week_so_far(book, book.as_of)
    if so_far is None:
        return ""
    return (
        f"The week of {monday_of(book.as_of):%b %-d} is still running: its figures count "
        f"{_marked('', so_far).removeprefix(', ')} only."
    )


def _marked(label: str, so_far: int | None) -> str:
    if so_far is None:
        return label
    return f"{label}, {so_far} school day{'' if so_far == 1 else 's'} so far"
