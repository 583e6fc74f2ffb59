"""The `Roadmap` tab: where the leadership team stands on each stage of the Roadmap.

The rules live in `reports.figures.roadmap_levels`; this module takes the measures from the log, for
the team and for each observer, and says which level each reaches, with the evidence and what
the next level needs.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import framework_areas, recorded_lookfors
from reports.figures.feedback import (
    ROLES,
    FeedbackLoop,
    feedback_flags,
    feedback_loop,
    feedback_loops,
)
from reports.figures.roadmap_levels import (
    CONVERSATION_HELD,
    COVERAGE,
    FRAMEWORK_LANGUAGE,
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
    rules_table,
    show_number,
)
from reports.figures.team import observer_figures, team_coverage
from reports.model import (
    Cell,
    ColorScale,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from sheets_templates.book import Book, Settings
from sheets_templates.schema import ROADMAP_TAB

TEAM = "Team"
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
    no_visits = feedback_loop(flags.iloc[:0])
    level_grids = _level_grids(book, visits)
    return {
        observer: {
            VISITS_A_DAY: float(figures["window_per_day"]),
            TIMES_OF_DAY: float(figures["window_blocks"]),
            **_loop_measures(loops.get(observer, no_visits)),
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


def roadmap_tab(book: Book) -> OutputTab:
    """The Roadmap tab: the team's level on each stage, each observer's, and the rules."""
    settings = book.settings
    team_values = team_measures(book)
    team = [standing(stage, team_values, Who.TEAM, settings) for stage in STAGES]
    measures = observer_measures(book)
    visits = book.valid_walkthroughs["observer"].value_counts()
    observers = {
        name: [standing(stage, measures[name], Who.OBSERVER, settings) for stage in STAGES]
        for name in sorted(measures, key=str.casefold)
    }
    stage_names = tuple(stage.name for stage in STAGES)
    return OutputTab(
        name=ROADMAP_TAB,
        title="Instructional Leadership Roadmap: where we stand",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Levels 1 to 4 on each stage, computed "
        "from the log; the rules are at the bottom of this tab.",
        blocks=(
            KeyFigures(
                "team_levels",
                tuple(
                    KeyFigure(
                        f"Roadmap: {s.stage.name}",
                        f"Level {s.level.number}: {s.level.name}",
                        headline=True,
                    )
                    for s in team
                ),
                title="The team",
            ),
            _standings_table("team", team, first=None),
            Table(
                "observers",
                (
                    Column("Observer"),
                    Column("Visits", Format.INTEGER),
                    *(Column(name, Format.INTEGER) for name in stage_names),
                ),
                tuple(
                    (name, int(visits.get(name, 0)), *(s.level.number for s in standings))
                    for name, standings in observers.items()
                ),
                title="Each observer's level on each stage",
                empty_message="No valid visits yet.",
            ),
            *(
                _standings_table(f"observer {name}", standings, first=name)
                for name, standings in observers.items()
            ),
            Table(
                "rules",
                (
                    Column("Stage"),
                    Column("Level", Format.INTEGER),
                    Column("Name"),
                    Column("What it takes", width=90, wrap=True),
                ),
                tuple(rules_table(settings)),
                title="The level rules (a level also needs every lower level's bars)",
            ),
            Note(
                "Bars marked team only are checked for the whole team; observer only, for each "
                "observer. Measures use this year's valid visits unless they name the rotation "
                "window."
            ),
        ),
        color_scales=(
            ColorScale("observers", stage_names, low_color="F8696B", high_color="63BE7B"),
        ),
    )


def _standings_table(key: str, standings: list[Standing], first: str | None) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (s.stage.name, s.level.number, s.level.name, s.evidence, s.next_step) for s in standings
    ]
    return Table(
        key,
        (
            Column("Stage"),
            Column("Level", Format.INTEGER),
            Column("Level name", width=36),
            Column("Evidence", width=70, wrap=True),
            Column("For the next level", width=70, wrap=True),
        ),
        tuple(rows),
        title=f"{first}: evidence by stage" if first else "The team: evidence by stage",
    )
