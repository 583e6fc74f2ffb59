"""Where the leadership team and each observer stand on the Instructional Leadership Roadmap.

The rules are `reports.figures.roadmap_levels`; this module takes their measures from the log
(for the team, and for each observer over the visits they made) and finds the level each
reaches, with the evidence and what the next level needs. The Roadmap tab and the ILT packet
both read the standings from here.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

import pandas as pd

from reports.figures.calibration import calibration_evidence
from reports.figures.evidence import framework_areas, recorded_lookfors
from reports.figures.feedback import (
    NO_VISITS,
    ROLES,
    FeedbackLoop,
    feedback_flags,
    feedback_loop,
    feedback_loops,
)
from reports.figures.roadmap_levels import (
    CONVERSATION_HELD,
    COVERAGE,
    FRAMEWORK,
    FRAMEWORK_LANGUAGE,
    HIGH_PERFORMANCE,
    LEVEL_GRID,
    PROJECTED,
    ROLES_USED,
    SHARED_SAME_DAY,
    STAGES,
    SUBJECT_GIVEN,
    TIMES_OF_DAY,
    TWO_TIMES,
    VISITS_A_DAY,
    WITHIN_TWO_DAYS,
    Bar,
    Level,
    Measure,
    Stage,
    Who,
    applies,
    show_number,
)
from reports.figures.teacher_support import teacher_support
from reports.figures.team import observer_figures, team_coverage
from sheets_templates.book import Book, Settings

Measures = dict[Measure, float | None]


@dataclass(frozen=True)
class Standing:
    """A level reached on one stage, the figures behind it, and what the next level needs."""

    stage: Stage
    level: Level
    evidence: str
    next_step: str


def standing(stage: Stage, values: Measures, who: Who, settings: Settings) -> Standing:
    """The highest level whose bars, and every lower level's, `values` clear."""
    reached = stage.levels[0]
    missing: list[tuple[Bar, float | None]] = []
    for level in stage.levels[1:]:
        bars = [bar for bar in level.bars if applies(bar, who)]
        missing = [(bar, values.get(bar.measure)) for bar in bars]
        missing = [(bar, value) for bar, value in missing if not bar.met(value, settings)]
        if missing:
            break
        reached = level
    shown = dict.fromkeys(
        bar.measure for level in stage.levels for bar in level.bars if applies(bar, who)
    )
    evidence = "; ".join(measure.show(values.get(measure)) for measure in shown)
    if reached is stage.levels[-1]:
        next_step = "Top level reached: keep it up."
    else:
        following = stage.levels[reached.number]
        next_step = f"For level {following.number}: " + "; ".join(
            f"{bar.describe(settings)} (now {_now(bar.measure, value)})" for bar, value in missing
        )
    return Standing(stage, reached, evidence, next_step)


def _now(measure: Measure, value: float | None) -> str:
    return "none yet" if value is None else show_number(value, measure.kind).removesuffix(" of")


def team_measures(book: Book) -> Measures:
    """Every measure for the whole team."""
    pace = observer_figures(book)
    coverage = team_coverage(book)
    loop = feedback_loop(feedback_flags(book))
    window_days = book.rotation_window.school_days
    observers = len(pace)
    target = observers * book.settings.yearly_target
    return {
        VISITS_A_DAY: (
            float(pace["window_visits"].sum()) / window_days / observers
            if observers and window_days
            else 0.0
        ),
        COVERAGE: coverage.coverage,
        TWO_TIMES: coverage.two_blocks_share,
        **_loop_measures(loop),
        PROJECTED: float(pace["projection"].sum()) / target if target else None,
        LEVEL_GRID: _level_grid(_level_records(book), book.active_roster["teacher_id"], book),
    }


def observer_measures(book: Book) -> dict[str, Measures]:
    """Every measure for each observer (by name), over the visits they made.

    Each measure is computed for all observers at once: a district log has hundreds of them.
    """
    visits = book.valid_walkthroughs
    flags = feedback_flags(book)
    loops = feedback_loops(flags, flags["observer"])
    level_grids = _level_grids(book, visits)
    return {
        observer: {
            VISITS_A_DAY: float(figures["window_per_day"]),
            TIMES_OF_DAY: float(figures["window_blocks"]),
            **_loop_measures(loops.get(observer, NO_VISITS)),
            PROJECTED: float(figures["projection"]) / book.settings.yearly_target,
            LEVEL_GRID: level_grids.get(observer),
        }
        for observer, figures in observer_figures(book).iterrows()
    }


def _loop_measures(loop: FeedbackLoop) -> Measures:
    return {
        CONVERSATION_HELD: loop.with_conversation,
        SHARED_SAME_DAY: loop.shared_same_day,
        WITHIN_TWO_DAYS: loop.within_two_days,
        ROLES_USED: float(sum(1 for role in ROLES if loop.roles[role])) if loop.visits else None,
        FRAMEWORK_LANGUAGE: loop.tagged,
        SUBJECT_GIVEN: loop.subject_given,
    }


def _level_records(book: Book) -> pd.DataFrame:
    """The look-fors recorded with a level, in a framework area."""
    return recorded_lookfors(book).dropna(subset=["level", "area"])


def _level_grid(records: pd.DataFrame, teachers: pd.Series, book: Book) -> float | None:
    """Share of (teacher, framework area) pairs with at least one level written this year,
    over `teachers`, in `records` (`_level_records`, or the part one observer wrote)."""
    areas = framework_areas(book)
    teachers = teachers.dropna().drop_duplicates()
    if not areas or teachers.empty:
        return None
    records = records[records["teacher_id"].isin(teachers)]
    pairs = records.drop_duplicates(["teacher_id", "area"])
    return len(pairs) / (len(teachers) * len(areas))


def _level_grids(book: Book, visits: pd.DataFrame) -> dict[Hashable, float | None]:
    """`_level_grid` of each observer: over the teachers they visited and the levels they wrote."""
    areas = framework_areas(book)
    if not areas:
        return {}
    records = _level_records(book).dropna(subset=["teacher_id"])
    records = records.assign(observer=records["visit"].map(visits["observer"]))
    pairs = records.drop_duplicates(["observer", "teacher_id", "area"])
    pairs_of = pairs.groupby("observer").size()
    teachers_of = visits.groupby("observer")["teacher_id"].nunique()
    return {
        observer: int(pairs_of.get(observer, 0)) / (int(teachers) * len(areas))
        for observer, teachers in teachers_of.items()
        if teachers
    }


def team_standings(book: Book) -> list[Standing]:
    """The team's standing on each stage, in `STAGES` order."""
    measures = team_measures(book)
    return [
        _with_calibration(
            book, _with_opportunity(book, standing(stage, measures, Who.TEAM, book.settings))
        )
        for stage in STAGES
    ]


def _with_opportunity(book: Book, standing: Standing) -> Standing:
    """The High-Performance evidence, naming the team's biggest opportunity area
    (`reports.figures.teacher_support`): the area most teachers have as their lowest."""
    if standing.stage is not HIGH_PERFORMANCE:
        return standing
    figures = teacher_support(book)
    opportunity = figures.biggest_opportunity()
    if opportunity is None:
        return standing
    area, teachers = opportunity
    named = (
        f"biggest opportunity area: {area} (the lowest area of {teachers} of "
        f"{figures.with_lowest_area} teachers with enough levels)"
    )
    return replace(standing, evidence=f"{standing.evidence}; {named}")


def _with_calibration(book: Book, found: Standing) -> Standing:
    """The Framework stage's evidence names the team's calibration once it has enough
    pairs (docs/design.md, Calibration): a shared language is also a shared level."""
    words = calibration_evidence(book) if found.stage is FRAMEWORK else ""
    return replace(found, evidence=f"{found.evidence}; {words}") if words else found


def observer_standings(book: Book) -> dict[str, list[Standing]]:
    """Each observer's standing on each stage, observers in alphabetical order (any case)."""
    measures = observer_measures(book)
    return {
        name: [standing(stage, measures[name], Who.OBSERVER, book.settings) for stage in STAGES]
        for name in sorted(measures, key=str.casefold)
    }
