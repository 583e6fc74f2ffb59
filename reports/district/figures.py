"""One school's figures for the district roll-up, taken from the school's own figure functions.

docs/design.md, District roll-up: a school's row is what that school's own refresh shows,
figure for figure, so every value here is read from the function that defines it (the
rotation, pace, the feedback loop, the Roadmap standings, evidence by week, coaching needs'
sessions) on the school's own parsed `Book`, with its own Settings, Calendar and Framework.

`SchoolFigures` is small plain data with no teacher in it: no name, email, ID or room. The
teachers behind the coaching sessions are numbered within their school (`CoachedTeacher`), so
the district can count distinct teachers and group them without knowing who they are. It
crosses from a worker process to the parent, and the school's frames stay behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from reports.figures.coaching_needs import coached_sessions
from reports.figures.evidence import evidence_by_week, priorities
from reports.figures.feedback import feedback_flags, feedback_loop
from reports.figures.rotation import coverage_share, rotation
from reports.figures.standings import team_standings
from reports.figures.team import team_pace
from reports.privacy.groups import Facts, facts_from_roster
from sheets_templates.book import Book
from sheets_templates.findings import Severity


@dataclass(frozen=True)
class CoachedSession:
    """One coaching conversation a shared output may draw on, its teacher by number only."""

    week: dt.date  # its Monday
    teacher: int  # the teacher's number within the school (not a Teacher ID)
    area: str | None  # the framework area of its focus; None when it has none


@dataclass(frozen=True)
class PriorityEvidence:
    """One look-for's share of each week's valid visits, as the school's Trends tab shows it
    (None in a thin week)."""

    code: str
    shares: tuple[float | None, ...]  # one per `SchoolFigures.weeks`


@dataclass(frozen=True)
class SchoolFigures:
    """Everything the district workbook shows of one school."""

    school: str
    as_of: dt.date
    teachers: int  # active teachers who have started (the Coverage tab's)
    seen_in_window: int
    overdue: int
    visits_this_year: int  # valid visits (the Coverage tab's Team visits this year)
    observers: int
    per_observer_day: float | None  # valid visits per school day per observer, this year
    projected_share: float | None  # the team's 500 projection over observers x Yearly Target
    shared_same_day: float | None
    within_two_days: float | None
    levels: tuple[tuple[str, int], ...]  # (Roadmap stage, the team's level), in stage order
    walkthrough_rows: int
    errors: int  # error-level findings (the Summary's Errors to fix)
    rows_left_out: float | None  # Walkthroughs rows left out for an error, over all rows
    min_group: int  # the school's Min Group Size
    priority_codes: tuple[str, ...]  # the school's own Priority look-fors
    framework_codes: frozenset[str]  # every valid code of its Framework
    area_order: tuple[str, ...]  # its framework areas, in Framework tab order
    weeks: tuple[dt.date, ...]  # Mondays, from the first visit's week to as-of's
    week_visits: tuple[int, ...]  # valid visits in each of `weeks`
    evidence: tuple[PriorityEvidence, ...]  # every framework code a district may look for
    sessions: tuple[CoachedSession, ...]
    facts: dict[int, Facts]  # grade, department, experience band by teacher number

    @property
    def coverage(self) -> float | None:
        """docs/design.md, Coverage %: the school's, as its Coverage tab shows it."""
        return coverage_share(self.seen_in_window, self.teachers)

    def share_of(self, code: str) -> PriorityEvidence | None:
        """The weekly shares of `code`; None when the school's Framework lacks it."""
        return next((found for found in self.evidence if found.code == code), None)


def _rows_with_errors(book: Book) -> int:
    """Walkthroughs rows with an error-level finding: left out for a fault, not for being
    history or after as-of (those are info lines)."""
    source = book.sources.get("walkthroughs")
    return len(
        {
            finding.row
            for finding in book.findings
            if source is not None
            and finding.tab == source.name
            and finding.row is not None
            and finding.severity is Severity.ERROR
        }
    )


def school_figures(book: Book, school: str) -> SchoolFigures:
    """The figures of one school's own refresh that the district workbook shows."""
    rota = rotation(book)
    pace = team_pace(book)
    loop = feedback_loop(feedback_flags(book))
    framework = book.framework[book.framework["valid"]]
    codes = list(dict.fromkeys(framework["code"].dropna().astype(str)))
    weekly = evidence_by_week(book, codes).priorities
    weeks = tuple(pd.Timestamp(week).date() for week in weekly.visits.index)
    rows = len(book.walkthroughs)
    sessions, facts = _numbered_sessions(book)
    return SchoolFigures(
        school=school,
        as_of=book.as_of,
        teachers=len(rota.teachers),
        seen_in_window=rota.seen_in_window,
        overdue=len(rota.overdue),
        visits_this_year=pace.visits,
        observers=pace.observers,
        per_observer_day=pace.per_observer_day,
        projected_share=pace.projection / pace.target if pace.target else None,
        shared_same_day=loop.shared_same_day,
        within_two_days=loop.within_two_days,
        levels=tuple((s.stage.name, s.level.number) for s in team_standings(book)),
        walkthrough_rows=rows,
        errors=sum(1 for finding in book.findings if finding.severity is Severity.ERROR),
        rows_left_out=_rows_with_errors(book) / rows if rows else None,
        min_group=book.settings.min_group_size,
        priority_codes=tuple(p.code for p in priorities(book)),
        framework_codes=frozenset(codes),
        area_order=tuple(dict.fromkeys(framework["area"].dropna().astype(str))),
        weeks=weeks,
        week_visits=tuple(int(n) for n in weekly.visits),
        evidence=tuple(
            PriorityEvidence(code, tuple(_share(v) for v in weekly.share[code])) for code in codes
        ),
        sessions=sessions,
        facts=facts,
    )


def _numbered_sessions(book: Book) -> tuple[tuple[CoachedSession, ...], dict[int, Facts]]:
    """The coaching sessions in scope with each teacher replaced by a number, and what a group
    label may say of each numbered teacher."""
    sessions = coached_sessions(book)
    numbers = {teacher: n for n, teacher in enumerate(sorted(set(sessions["teacher_id"])))}
    roster_facts = facts_from_roster(book.roster)
    empty = Facts(None, None, None)
    facts = {n: roster_facts.get(teacher, empty) for teacher, n in numbers.items()}
    numbered = tuple(
        CoachedSession(
            pd.Timestamp(week).date(), numbers[teacher], None if pd.isna(area) else str(area)
        )
        for week, teacher, area in zip(
            sessions["week"], sessions["teacher_id"], sessions["area"], strict=True
        )
    )
    return numbered, facts


def _share(value: object) -> float | None:
    return None if pd.isna(value) else float(value)  # type: ignore[arg-type]
