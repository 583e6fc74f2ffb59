"""What the ILT meeting packet says: team figures only, never a teacher.

Everything here is a count, a share, a look-for code, a framework area or a cycle; free text
a person typed (cycle names) has everyone the workbook knows scrubbed out, teachers, coaches
and observers (`reports.privacy.people`).
The PL needs are the figure `reports.figures.coaching_needs`, which counts by teacher group
only and has already hidden every small cell; whether coaching follows the evidence is the
team's share alone (`reports.figures.teacher_support.team_follows_share`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from reports.figures.calibration import calibration
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
from reports.figures.outcomes import GroupOutcome, outcomes
from reports.figures.periods import month_label, month_so_far, week_so_far
from reports.figures.standings import Standing, team_standings
from reports.figures.teacher_support import teacher_support, team_follows_share
from reports.figures.team import TeamCoverage, TeamPace, team_coverage, team_pace
from reports.privacy.people import scrubber_for
from sheets_templates.book import Book


@dataclass(frozen=True)
class MonthLoop:
    """One month's feedback loop, labelled as every table labels it (`month_label`)."""

    label: str  # `Nov`, or `Dec, 3 school days so far` while the month is still running
    partial: bool
    loop: FeedbackLoop


@dataclass(frozen=True)
class PacketContent:
    as_of: dt.date
    coverage: TeamCoverage
    pace: TeamPace
    loop: FeedbackLoop
    months: list[MonthLoop]
    priorities: list[Priority]
    priority_weeks: pd.DataFrame  # index: week (Monday); columns: codes; values: shares
    partial_week: bool  # the last of priority_weeks is still running at as-of
    cycles: list[CycleResult]
    roadmap: list[Standing]
    pl_needs: tuple[AreaNeeds, ...]  # all groups, by framework area; area names scrubbed
    # Coaching follows the evidence, whole team only: None when hidden or nothing to judge.
    follows_evidence: float | None
    coaching_judged: int  # the conversations it is over (0: nothing to judge)
    cycle_rule: str
    last_year: YearAtPoint | None  # the same point last year; None without a previous year
    least_agreed: str | None = None  # the look-for the team agrees on least (Calibration)
    # Results by group (never a teacher): group labels scrubbed; None without two assessments.
    results: ResultsByGroup | None = None


@dataclass(frozen=True)
class ResultsByGroup:
    between: str  # "Beginning of year to Fall interim"
    groups: tuple[GroupOutcome, ...]
    clearest: str  # the clearest relationship for the whole team, in words


def packet_content(book: Book) -> PacketContent:
    """Gather every figure the packet shows, for the whole team."""
    flags = feedback_flags(book)
    weeks = evidence_by_week(book).priorities.share
    scrubber = scrubber_for(book)

    def redact(text: str) -> str:
        return scrubber.scrub(text).text

    cycles = [
        CycleResult(**{**vars(result), "name": redact(result.name)})
        for result in cycle_results(book)
    ]
    return PacketContent(
        as_of=book.as_of,
        coverage=team_coverage(book),
        pace=team_pace(book),
        loop=feedback_loop(flags),
        months=[
            MonthLoop(month_label(book, month, "%b"), month_so_far(book, month) is not None, loop)
            for month, loop in feedback_by_month(flags)
        ],
        priorities=priorities(book),
        priority_weeks=weeks,
        partial_week=not weeks.empty and week_so_far(book, weeks.index[-1].date()) is not None,
        cycles=cycles,
        roadmap=team_standings(book),
        pl_needs=tuple(
            AreaNeeds(redact(need.area), need.counts) for need in coaching_needs(book).by_area
        ),
        follows_evidence=team_follows_share(book),
        coaching_judged=teacher_support(book).judged,
        cycle_rule=f"Before = the {BASELINE_WEEKS} weeks before Start; a change is called "
        f"only with {MIN_VISITS}+ visits each side and 95% confidence.",
        last_year=_last_year(book),
        least_agreed=_least_agreed(book),
        results=_results(book, redact),
    )


def _least_agreed(book: Book) -> str | None:
    least = calibration(book).least_agreed
    return least[0] if least else None


def _last_year(book: Book) -> YearAtPoint | None:
    compared = same_point_last_year(book)
    return compared.last_year if compared else None


def _results(book: Book, redact: Callable[[str], str]) -> ResultsByGroup | None:
    found = outcomes(book)
    if found.problem or found.earlier is None or found.later is None:
        return None
    view = found.views[0]  # by group: the Results tab's Group, else the Roster grade
    return ResultsByGroup(
        f"{redact(found.earlier.name)} to {redact(found.later.name)}",
        tuple(replace(group, group=redact(group.group)) for group in view.groups),
        redact(found.clearest_words),  # it names an area, which a school may have typed
    )
