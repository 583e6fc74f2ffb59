"""What the ILT meeting packet says: team figures only, never a teacher.

Everything here is a count, a share, a look-for code, a framework area or a cycle; free text
a person typed (cycle names) has every roster teacher scrubbed out (`reports.privacy.scrub`).
The PL needs are the figure `reports.figures.coaching_needs`, which counts by teacher group
only and has already hidden every small cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reports.figures.coaching_needs import AreaNeeds, coaching_needs
from reports.figures.cycles import BASELINE_WEEKS, MIN_VISITS, CycleResult, cycle_results
from reports.figures.evidence import Priority, evidence_by_week, priorities
from reports.figures.feedback import (
    FeedbackLoop,
    feedback_by_month,
    feedback_flags,
    feedback_loop,
)
from reports.figures.last_year import YearAtPoint, same_point_last_year
from reports.figures.standings import Standing, team_standings
from reports.figures.team import TeamCoverage, TeamPace, team_coverage, team_pace
from reports.privacy.scrub import TEACHER, Person, Scrubber
from sheets_templates.book import Book


@dataclass(frozen=True)
class PacketContent:
    as_of: dt.date
    coverage: TeamCoverage
    pace: TeamPace
    loop: FeedbackLoop
    months: list[tuple[pd.Timestamp, FeedbackLoop]]
    priorities: list[Priority]
    priority_weeks: pd.DataFrame  # index: week (Monday); columns: codes; values: shares
    cycles: list[CycleResult]
    roadmap: list[Standing]
    pl_needs: tuple[AreaNeeds, ...]  # all groups, by framework area; area names scrubbed
    cycle_rule: str
    last_year: YearAtPoint | None  # the same point last year; None without a previous year


def packet_content(book: Book) -> PacketContent:
    """Gather every figure the packet shows, for the whole team."""
    flags = feedback_flags(book)
    redact = _Redact(book)
    cycles = [
        CycleResult(**{**vars(result), "name": redact(result.name)})
        for result in cycle_results(book)
    ]
    return PacketContent(
        as_of=book.as_of,
        coverage=team_coverage(book),
        pace=team_pace(book),
        loop=feedback_loop(flags),
        months=feedback_by_month(flags),
        priorities=priorities(book),
        priority_weeks=evidence_by_week(book).priorities.share,
        cycles=cycles,
        roadmap=team_standings(book),
        pl_needs=tuple(
            AreaNeeds(redact(need.area), need.counts) for need in coaching_needs(book).by_area
        ),
        cycle_rule=f"Before = the {BASELINE_WEEKS} weeks before Start; a change is called "
        f"only with {MIN_VISITS}+ visits each side and 95% confidence.",
        last_year=_last_year(book),
    )


def _last_year(book: Book) -> YearAtPoint | None:
    compared = same_point_last_year(book)
    return compared.last_year if compared else None


class _Redact:
    """Blank out roster teachers in free text, in every way a name is written (`Scrubber`)."""

    def __init__(self, book: Book) -> None:
        roster = book.roster
        self.scrubber = Scrubber(
            Person(TEACHER, _plain(name), _plain(email), _plain(teacher_id))
            for name, email, teacher_id in zip(
                roster["name"], roster["email"], roster["teacher_id"], strict=True
            )
        )

    def __call__(self, text: str) -> str:
        return self.scrubber.scrub(text).text


def _plain(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
