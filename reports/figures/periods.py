"""Weeks and months still running at as-of, labelled so no one reads a slump into three days.

docs/design.md, Partial period: the week or month that holds as-of is partial while a school
day of it is still to come. Every table by week or by month names its rows here, and the
charts drawn over those tables take the label as their category: `month_label` for a month,
`week_label` for a week. School days come from the calendar (`SchoolCalendar.school_days`).
"""

from __future__ import annotations

import datetime as dt

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


def month_label(book: Book, month: dt.date, pattern: str = "%b %Y") -> str:
    """The month holding `month` as `pattern` writes it, marked while partial: `Nov 2026`, or
    `Dec 2026, 3 school days so far` for the month still running at as-of."""
    return _marked(f"{month:{pattern}}", month_so_far(book, month))


def week_label(book: Book, day: dt.date) -> dt.date | str:
    """`day` itself in a whole week, or the text `2026-11-16, 4 school days so far` in the
    week still running at as-of: a week column keeps its dates, and only the last is text."""
    so_far = week_so_far(book, day)
    return day if so_far is None else _marked(f"{day:%Y-%m-%d}", so_far)


def _marked(label: str, so_far: int | None) -> str:
    if so_far is None:
        return label
    return f"{label}, {so_far} school day{'' if so_far == 1 else 's'} so far"
