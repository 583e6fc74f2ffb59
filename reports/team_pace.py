"""Each observer's walkthrough pace and the team's rotation coverage, as DESIGN.md defines them.

The Roadmap's Walkthroughs and 500 Classrooms stages and the meeting packet read these figures;
school days are always counted by `book.calendar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sheets_templates.book import Book

# DESIGN.md "500 projection": visits so far + the current 20-school-day pace x remaining days.
PACE_SCHOOL_DAYS = 20

PACE_COLUMNS = (
    "visits",
    "visits_per_day",
    "window_visits",
    "window_per_day",
    "window_blocks",
    "recent_pace",
    "projection",
)


@dataclass(frozen=True)
class TeamCoverage:
    """Rotation coverage of the whole team (DESIGN.md "seen in window", "blocks seen")."""

    window_first: dt.date
    window_last: dt.date
    window_school_days: int
    active_teachers: int
    seen_in_window: int
    seen_in_two_blocks: int  # active teachers whose visits this year span 2+ time blocks

    @property
    def coverage(self) -> float | None:
        """Coverage %: seen in window / active teachers (None with no active teacher)."""
        return self.seen_in_window / self.active_teachers if self.active_teachers else None

    @property
    def two_blocks_share(self) -> float | None:
        return self.seen_in_two_blocks / self.active_teachers if self.active_teachers else None


def rotation_window(book: Book) -> tuple[dt.date, dt.date, int]:
    """First and last school day of the rotation window, and its number of school days."""
    first, last = book.calendar.window(book.as_of, book.settings.rotation_school_days)
    return first, last, len(book.calendar.school_days(first, last))


def team_coverage(book: Book) -> TeamCoverage:
    """Active teachers seen in the rotation window, and seen in two or more time blocks."""
    first, last, days = rotation_window(book)
    active = set(book.active_roster["teacher_id"])
    visits = book.valid_walkthroughs
    visits = visits[visits["teacher_id"].isin(active)]
    in_window = visits["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    blocks = visits.dropna(subset=["block"]).groupby("teacher_id")["block"].nunique()
    return TeamCoverage(
        window_first=first,
        window_last=last,
        window_school_days=days,
        active_teachers=len(active),
        seen_in_window=visits.loc[in_window, "teacher_id"].nunique(),
        seen_in_two_blocks=int((blocks >= 2).sum()),
    )


def observer_pace(book: Book) -> pd.DataFrame:
    """One row per observer (index), in name order, with `PACE_COLUMNS`.

    visits: valid visits this year; visits_per_day: visits / school days so far (DESIGN.md
    "observer pace"); window_*: the same in the rotation window, with the distinct time blocks
    visited there; recent_pace: visits per school day over the last 20 school days; projection: the 500
    projection.
    """
    visits = book.valid_walkthroughs
    calendar, as_of = book.calendar, book.as_of
    elapsed = calendar.elapsed(as_of)
    first, last, window_days = rotation_window(book)
    recent_first, _ = calendar.window(as_of, PACE_SCHOOL_DAYS)
    recent_days = len(calendar.school_days(recent_first, as_of))
    remaining = calendar.remaining_after(as_of)

    in_window = visits["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    recent = visits["date"].between(pd.Timestamp(recent_first), pd.Timestamp(as_of))
    by_observer = visits.groupby("observer")

    pace = pd.DataFrame(
        {
            "visits": by_observer.size(),
            "window_visits": visits[in_window].groupby("observer").size(),
            "window_blocks": visits[in_window].groupby("observer")["block"].nunique(),
            "recent_visits": visits[recent].groupby("observer").size(),
        }
    )
    pace = pace.fillna(0).astype(int)
    pace["visits_per_day"] = pace["visits"] / elapsed if elapsed else 0.0
    pace["window_per_day"] = pace["window_visits"] / window_days if window_days else 0.0
    pace["recent_pace"] = pace["recent_visits"] / recent_days if recent_days else 0.0
    pace["projection"] = pace["visits"] + pace["recent_pace"] * remaining
    pace.index.name = "observer"
    return pace.loc[:, list(PACE_COLUMNS)].sort_index()
