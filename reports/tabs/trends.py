"""The `Trends` tab: is instruction changing where the team said it would focus?

Framework evidence by week, grade and department (`reports.figures.evidence`), the feedback
loop (`reports.figures.feedback`), improvement cycles (`reports.figures.cycles`), strengths,
opportunities and teachers who could model practice (`reports.figures.strengths`). Charts
first in the reader's eye: each table feeds a chart or a colour scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reports.figures.cycles import BASELINE_WEEKS, MIN_VISITS, cycle_results
from reports.figures.evidence import (
    Evidence,
    GroupEvidence,
    evidence_by_group,
    evidence_by_week,
    framework_areas,
    priorities,
)
from reports.figures.feedback import (
    NO_ROLE,
    ROLES,
    FeedbackLoop,
    feedback_by_month,
    feedback_flags,
    feedback_loop,
)
from reports.figures.periods import (
    ends_running,
    month_label,
    month_so_far,
    running_week_note,
    week_so_far,
)
from reports.figures.strengths import (
    MODEL_MIN_LEVEL,
    MODEL_MIN_VISITS,
    lookfor_reach,
    model_practice_candidates,
    strengths_and_opportunities,
)
from reports.model import (
    Block,
    Cell,
    Chart,
    ChartKind,
    ColorScale,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from reports.tabs import same_point
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of
from sheets_templates.schema import TRENDS_TAB

HEAT_LOW, HEAT_HIGH = "FFFFFF", "63BE7B"  # white to green: more evidence reads greener
LEVEL = " level"  # suffix of a mean-level column, e.g. "IN1 level"
BECAME_PRIORITY = " became a priority"  # suffix of a chart-marker column


def trends_tab(book: Book) -> OutputTab:
    """The Trends tab for `book`: evidence over time and by group, feedback, cycles, strengths."""
    flags = feedback_flags(book)
    loop = feedback_loop(flags)
    weekly = evidence_by_week(book)
    codes = [p.code for p in priorities(book)]
    areas = framework_areas(book)
    by_grade = evidence_by_group(book, "grade")
    by_department = evidence_by_group(book, "department")

    blocks: list[Block] = [
        _loop_figures(loop),
        Note(
            "Evidence shared the same day: Evidence Shared is the visit date (or Y). "
            "Conversation within 2 school days: Conversation Date at most 2 school days "
            "after the visit. Shares are over valid visits, leaving out the pending: a visit "
            "of today with no evidence shared yet, a visit with no conversation yet whose 2 "
            "school days have not passed. A week with under a third of a typical week's "
            "visits (a holiday or the current week) shows no share."
        ),
        *same_point.trends_blocks(book),
        _priority_weeks(book, weekly.priorities, codes),
        _area_weeks(book, weekly.areas, areas),
        *([Note(note)] if (note := running_week_note(book)) else []),
        _group_table("by_grade", "Grade", by_grade, areas),
        _group_table("by_department", "Department", by_department, areas),
        Note(_merged_note(book, by_grade, by_department)),
        _feedback_months(book, flags),
        *_cycle_blocks(book),
        *_strength_blocks(book),
    ]
    return OutputTab(
        name=TRENDS_TAB,
        title="Trends: framework evidence and the feedback loop",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}, from {loop.visits:,} valid visits. "
        "A share is the part of visits that recorded the look-for or area.",
        blocks=tuple(blocks),
        charts=_charts(
            codes,
            _marked_codes(book, codes),
            areas,
            running_week=ends_running(
                book, [week.date() for week in weekly.priorities.visits.index], week_so_far
            ),
            running_month=ends_running(
                book, [month.date() for month, _ in feedback_by_month(flags)], month_so_far
            ),
        ),
        color_scales=tuple(
            ColorScale(key, tuple(areas), low_color=HEAT_LOW, high_color=HEAT_HIGH)
            for key in ("by_grade", "by_department")
            if areas
        ),
    )


def _loop_figures(loop: FeedbackLoop) -> KeyFigures:
    return KeyFigures(
        "feedback",
        (
            KeyFigure("Valid visits", loop.visits, Format.INTEGER),
            KeyFigure(
                "Evidence shared the same day",
                loop.shared_same_day,
                Format.PERCENT,
                headline=True,
                aside=loop.evidence_pending_words,
            ),
            KeyFigure(
                "Visits today with no evidence shared yet", loop.evidence_pending, Format.INTEGER
            ),
            KeyFigure(
                "Conversation within 2 school days",
                loop.within_two_days,
                Format.PERCENT,
                headline=True,
                aside=loop.conversation_pending_words,
            ),
            KeyFigure(
                "Visits still within their 2 days", loop.conversation_pending, Format.INTEGER
            ),
            KeyFigure(
                "Median school days to a conversation",
                loop.median_days,
                Format.DECIMAL,
                "over visits with a Conversation Date",
            ),
            KeyFigure(
                "Visits in the framework's language",
                loop.tagged,
                Format.PERCENT,
                "at least one framework code",
            ),
            KeyFigure(
                "Visits with a subject recorded",
                loop.subject_given,
                Format.PERCENT,
                "discipline-specific feedback",
            ),
        ),
        title="Feedback loop and framework language",
    )


def _priority_weeks(book: Book, evidence: Evidence, codes: Sequence[str]) -> Table:
    marks: dict[pd.Timestamp, list[str]] = {}
    for priority in priorities(book):
        if priority.since:
            week = pd.Timestamp(monday_of(priority.since))
            marks.setdefault(week, []).append(priority.code)
    marked = _marked_codes(book, codes)
    rows = [
        (
            week.date(),
            int(evidence.visits[week]),
            *(_number(evidence.share.at[week, code]) for code in codes),
            *(_number(evidence.level.at[week, code]) for code in codes),
            ", ".join(marks.get(week, [])) or None,
            # The chart's marker: the look-for's share, on the week it became a priority.
            *(
                _number(evidence.share.at[week, code]) if code in marks.get(week, []) else None
                for code in marked
            ),
        )
        for week in evidence.visits.index
    ]
    return Table(
        "priority_weeks",
        (
            Column("Week", Format.DATE),
            Column("Visits", Format.INTEGER),
            *(Column(code, Format.PERCENT) for code in codes),
            *(Column(code + LEVEL, Format.DECIMAL) for code in codes),
            Column("Became a priority"),
            *(Column(code + BECAME_PRIORITY, Format.PERCENT) for code in marked),
        ),
        tuple(rows),
        title="Priority look-fors by week: share of visits recording each, and mean level",
        empty_message="No Priority look-fors on the Framework tab, or no visits yet."
        if codes
        else "Mark look-fors Priority = Y on the Framework tab to follow them here.",
    )


def _marked_codes(book: Book, codes: Sequence[str]) -> list[str]:
    """The Priority look-fors with a Priority Since date: each gets a mark on the chart."""
    since = {p.code for p in priorities(book) if p.since}
    return [code for code in codes if code in since]


def _area_weeks(book: Book, evidence: Evidence, areas: Sequence[str]) -> Table:
    rows = [
        (
            week.date(),
            int(evidence.visits[week]),
            *(_number(evidence.share.at[week, area]) for area in areas),
            *(_number(evidence.level.at[week, area]) for area in areas),
        )
        for week in evidence.visits.index
    ]
    return Table(
        "area_weeks",
        (
            Column("Week", Format.DATE),
            Column("Visits", Format.INTEGER),
            *(Column(area, Format.PERCENT) for area in areas),
            *(Column(area + LEVEL, Format.DECIMAL) for area in areas),
        ),
        tuple(rows) if areas else (),
        title="Framework areas by week",
        empty_message="Add your framework on the Framework tab (Code, Area) to see areas here.",
    )


def _group_table(key: str, label: str, groups: GroupEvidence, areas: Sequence[str]) -> Table:
    evidence = groups.areas
    rows = [
        (
            group,
            int(groups.teachers[group]),
            int(evidence.visits[group]),
            *(_number(evidence.share.at[group, area]) for area in areas),
        )
        for group in groups.teachers.index
    ]
    return Table(
        key,
        (
            Column(label),
            Column("Teachers", Format.INTEGER),
            Column("Visits", Format.INTEGER),
            *(Column(area, Format.PERCENT) for area in areas),
        ),
        tuple(rows) if areas else (),
        title=f"Framework areas by {label.lower()}: share of visits recording each",
    )


def _merged_note(book: Book, *tables: GroupEvidence) -> str:
    hidden = max(t.hidden_teachers for t in tables)
    note = (
        f"Teachers counts visited teachers. Groups of fewer than {book.settings.min_group_size} "
        "(Min Group Size on Settings) are merged into one Other row, and while that row is "
        "still too small the smallest other group joins it: every visited teacher, with or "
        "without a grade or department, is in one row, and no row is one teacher."
    )
    if hidden:
        note += " The school has too few visited teachers for any row yet."
    return note


def _feedback_months(book: Book, flags: pd.DataFrame) -> Table:
    rows = [
        (
            month_label(book, month),
            loop.visits,
            loop.shared_same_day,
            loop.evidence_pending,
            loop.within_two_days,
            loop.conversation_pending,
            loop.median_days,
            *(loop.roles[role] for role in (*ROLES, NO_ROLE)),
        )
        for month, loop in feedback_by_month(flags)
    ]
    return Table(
        "feedback_months",
        (
            Column("Month"),
            Column("Visits", Format.INTEGER),
            Column("Shared same day", Format.PERCENT),
            Column("Evidence pending", Format.INTEGER),
            Column("Conversation within 2 days", Format.PERCENT),
            Column("Conversations pending", Format.INTEGER),
            Column("Median days to conversation", Format.DECIMAL),
            *(Column(role, Format.INTEGER) for role in (*ROLES, NO_ROLE)),
        ),
        tuple(rows),
        title="Feedback loop by month, with conversation roles",
    )


def _cycle_blocks(book: Book) -> list[Block]:
    results = cycle_results(book)
    rows = [
        (
            r.name,
            r.lookfor,
            r.start,
            r.end,
            r.baseline_visits,
            r.baseline_rate,
            r.during_visits,
            r.during_rate,
            r.verdict,
        )
        for r in results
    ]
    table = Table(
        "cycles",
        (
            Column("Cycle"),
            Column("Look-for"),
            Column("Start", Format.DATE),
            Column("End", Format.DATE),
            Column("Visits before", Format.INTEGER),
            Column("Rate before", Format.PERCENT),
            Column("Visits during", Format.INTEGER),
            Column("Rate during", Format.PERCENT),
            Column("Verdict", width=60, wrap=True),
        ),
        tuple(rows),
        title="Improvement cycles: the look-for's rate before and during each cycle",
        empty_message="No cycles yet: add Name, Look-for, Start and End on a Cycles tab.",
    )
    note = Note(
        f"Before: the {BASELINE_WEEKS} weeks before Start. A change is called only with at "
        f"least {MIN_VISITS} visits on each side and when it is unlikely to be chance (95%)."
    )
    return [table, note]


def _strength_blocks(book: Book) -> list[Block]:
    strengths, opportunities = strengths_and_opportunities(lookfor_reach(book))
    columns = (
        Column("Look-for"),
        Column("Area"),
        Column("Goal Area"),
        Column("Visits", Format.INTEGER),
        Column("Share of visits", Format.PERCENT),
        Column("Teachers", Format.INTEGER),
        Column("Share of teachers", Format.PERCENT),
        Column("Mean level", Format.DECIMAL),
        Column("Reach", Format.PERCENT),
    )

    def rows(frame: pd.DataFrame) -> tuple[tuple[Cell, ...], ...]:
        return tuple(
            (
                str(code),
                str(row.area),
                "Goal Area" if row.goal_area else None,
                int(row.visits),
                float(row.visit_share),
                int(row.teachers),
                float(row.teacher_share),
                _number(row.mean_level),
                float(row.reach),
            )
            for code, row in zip(frame.index, frame.itertuples(), strict=True)
        )

    candidates = model_practice_candidates(book)
    return [
        Table(
            "strengths", columns, rows(strengths), title="Strengths: the widest-reaching look-fors"
        ),
        Table(
            "opportunities",
            columns,
            rows(opportunities),
            title="Opportunities: the look-fors seen least",
        ),
        Note(
            "Reach = share of visits x share of visited teachers, so one classroom seen often "
            "does not read as a school-wide strength. Goal Area: named on Settings."
        ),
        Table(
            "model_practice",
            (
                Column("Teacher"),
                Column("Area"),
                Column("Visits with a level", Format.INTEGER),
                Column("Mean level", Format.DECIMAL),
                Column("Last visit", Format.DATE),
            ),
            tuple(
                (
                    str(row.name) if not pd.isna(row.name) else str(row.teacher_id),
                    str(row.area),
                    int(row.visits),
                    float(row.mean_level),
                    pd.Timestamp(row.last_visit).date(),
                )
                for row in candidates.itertuples()
            ),
            title="Could model practice for peers (private: never in a shared copy or the packet)",
            empty_message=f"No teacher yet has {MODEL_MIN_VISITS} visits with every level in an "
            f"area at {MODEL_MIN_LEVEL} or more.",
        ),
    ]


def _charts(
    codes: Sequence[str],
    marked: Sequence[str],
    areas: Sequence[str],
    *,
    running_week: bool,
    running_month: bool,
) -> tuple[Chart, ...]:
    """The tab's charts; `running_week` and `running_month` say whether the tables by week and
    by month end on a period still running, drawn apart."""
    charts = []
    if codes:
        charts.append(
            Chart(
                "priority_chart",
                ChartKind.LINE,
                "Priority look-fors: share of visits by week",
                "priority_weeks",
                "Week",
                tuple(codes),
                y_title="Share of visits",
                percent=True,
                markers=tuple(code + BECAME_PRIORITY for code in marked),
                partial_last=running_week,
            )
        )
    if areas:
        charts.append(
            Chart(
                "area_chart",
                ChartKind.LINE,
                "Framework areas: share of visits by week",
                "area_weeks",
                "Week",
                tuple(areas),
                y_title="Share of visits",
                percent=True,
                partial_last=running_week,
            )
        )
    charts += [
        Chart(
            "loop_chart",
            ChartKind.LINE,
            "Feedback loop by month",
            "feedback_months",
            "Month",
            ("Shared same day", "Conversation within 2 days"),
            y_title="Share of visits",
            percent=True,
            partial_last=running_month,
        ),
        Chart(
            "roles_chart",
            ChartKind.BAR,
            "Conversation roles by month",
            "feedback_months",
            "Month",
            (*ROLES, NO_ROLE),
            y_title="Visits",
            stacked=True,
            partial_last=running_month,
        ),
    ]
    return tuple(charts)


def _number(value: object) -> float | None:
    """A float for a cell, None for a missing figure (NaN, NA)."""
    if not isinstance(value, int | float) or pd.isna(value):
        return None
    return float(value)
