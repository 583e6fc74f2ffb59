"""This year against last year, at the same point: as many school days into each year.

docs/design.md, Same point last year. Last year's figures are this year's functions asked of
`Book.previous_year` (the workbook as it stood on that school day of last year), so a share
or a pace means exactly the same on both sides: pace from `team_pace`, coverage from
`team_coverage`, the feedback loop from `feedback_flags`, Priority look-fors from
`share_and_level`. Each figure comes with the visits behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import priorities, recorded_lookfors, share_and_level
from reports.figures.feedback import FeedbackLoop, feedback_flags, feedback_loop
from reports.figures.shared import once_per_book
from reports.figures.team import TeamCoverage, TeamPace, team_coverage, team_pace
from sheets_templates.book import Book
from sheets_templates.calendar import year_label

ALL_VISITS = "all visits"  # the one group of `share_and_level`: the year's visits together


@dataclass(frozen=True)
class YearAtPoint:
    """One school year's figures on one school day of it."""

    year: str  # as people write it: 2026-27
    day: dt.date  # as-of, or the same point last year
    school_days: int  # school days into the year, up to and including `day`
    pace: TeamPace  # visits (n) and visits per observer per school day
    coverage: TeamCoverage  # teachers seen in the rotation window ending `day`
    loop: FeedbackLoop  # evidence the same day, conversation within 2 school days
    priorities: dict[str, float | None]  # Priority look-for -> share of `pace.visits`


@dataclass(frozen=True)
class SamePointLastYear:
    """This year on as-of beside last year on the same school day of its year."""

    this_year: YearAtPoint
    last_year: YearAtPoint

    @property
    def years(self) -> tuple[YearAtPoint, YearAtPoint]:
        return self.this_year, self.last_year


@once_per_book
def same_point_last_year(book: Book) -> SamePointLastYear | None:
    """Both years' figures, or None when the log has no previous school year to compare."""
    last = book.previous_year
    if last is None:
        return None
    codes = [p.code for p in priorities(book)]
    return SamePointLastYear(year_at_point(book, codes), year_at_point(last, codes))


def year_at_point(book: Book, codes: list[str]) -> YearAtPoint:
    """The compared figures of `book` on its as-of, with the share of each of `codes`."""
    return YearAtPoint(
        year=year_label(book.settings.school_year_start.year),
        day=book.as_of,
        school_days=book.calendar.elapsed(book.as_of),
        pace=team_pace(book),
        coverage=team_coverage(book),
        loop=feedback_loop(feedback_flags(book)),
        priorities=_priority_shares(book, codes),
    )


def _priority_shares(book: Book, codes: list[str]) -> dict[str, float | None]:
    """The share of the year's valid visits recording each look-for (None with no visit)."""
    visits = book.valid_walkthroughs
    if visits.empty:
        return dict.fromkeys(codes)
    one_group = pd.Series(ALL_VISITS, index=visits.index)
    evidence = share_and_level(one_group, recorded_lookfors(book), "code", codes)
    return {code: float(evidence.share.at[ALL_VISITS, code]) for code in codes}
