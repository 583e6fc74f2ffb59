"""The Roadmap's and the packet's walkthrough figures, built on the Coverage report's.

Coverage comes from `reports.figures.rotation` and pace from `reports.figures.pace` (one
definition each, docs/design.md); this module adds what the Roadmap also needs: each observer's
visits and times of day in the rotation window, the team's share of teachers seen at two or
more times of day, and the team's pace.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reports.figures.pace import observer_pace
from reports.figures.rotation import coverage_share, rotation
from reports.figures.shared import once_per_book
from sheets_templates.book import Book


@dataclass(frozen=True)
class TeamCoverage:
    """Rotation coverage of the whole team (docs/design.md "seen in window", "blocks seen")."""

    window_first: dt.date | None  # None before the first school day
    window_last: dt.date | None
    window_school_days: int
    active_teachers: int  # active teachers who have started (as the Coverage tab counts)
    seen_in_window: int
    seen_in_two_blocks: int  # active teachers whose visits this year span 2+ time blocks
    visits_in_window: int  # the valid visits to those teachers in the window

    @property
    def coverage(self) -> float | None:
        """docs/design.md, Coverage %."""
        return coverage_share(self.seen_in_window, self.active_teachers)

    @property
    def two_blocks_share(self) -> float | None:
        return self.seen_in_two_blocks / self.active_teachers if self.active_teachers else None


def team_coverage(book: Book) -> TeamCoverage:
    """Active teachers seen in the rotation window, and seen in two or more time blocks."""
    rota = rotation(book)
    first, last = rota.window or (None, None)
    blocks_seen = (rota.block_counts > 0).sum(axis=1)
    return TeamCoverage(
        window_first=first,
        window_last=last,
        window_school_days=book.rotation_window.school_days,
        active_teachers=len(rota.teachers),
        seen_in_window=rota.seen_in_window,
        seen_in_two_blocks=int((blocks_seen >= 2).sum()),
        visits_in_window=int(rota.teachers["visits_in_window"].sum()),
    )


@dataclass(frozen=True)
class TeamPace:
    """The team's walkthrough pace, every observer together (docs/design.md, Observer pace)."""

    observers: int
    visits: int
    per_observer_day: float | None  # valid visits per school day per observer, this year
    projection: float  # the team's 500 projection, summed over observers
    target: int  # observers x Yearly Target


def team_pace(book: Book) -> TeamPace:
    """`reports.figures.pace.observer_pace` summed over the team; None per day before the
    first school day or with no observer."""
    pace = observer_pace(book)
    elapsed = book.calendar.elapsed(book.as_of)
    visits = int(pace["visits"].sum())
    return TeamPace(
        observers=len(pace),
        visits=visits,
        per_observer_day=visits / elapsed / len(pace) if elapsed and len(pace) else None,
        projection=float(pace["projection"].sum()),
        target=len(pace) * book.settings.yearly_target,
    )


@once_per_book
def observer_figures(book: Book) -> pd.DataFrame:
    """`reports.figures.pace.observer_pace`, indexed by observer, plus window_visits, window_per_day
    (visits per school day in the rotation window) and window_blocks (distinct time blocks).
    """
    pace = observer_pace(book).set_index("observer")
    visits = book.valid_walkthroughs
    window_days = book.rotation_window.school_days
    in_window = visits[book.rotation_window.holds(visits["date"])]
    by_observer = in_window.groupby("observer")
    pace["window_visits"] = by_observer.size().reindex(pace.index, fill_value=0).astype(int)
    pace["window_per_day"] = pace["window_visits"] / window_days if window_days else 0.0
    blocks = by_observer["block"].nunique().reindex(pace.index, fill_value=0)
    pace["window_blocks"] = blocks.astype(int)
    return pace
