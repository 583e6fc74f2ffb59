"""The district workbook's output tabs, laid out from the schools' figures and the pooled ones.

    tabs = district_tabs(schools, problems, as_of)   # District Summary, Schools, ... Problems

No teacher appears: the figures carry none (`reports.district.figures`), observers are counts,
and the PL needs counts are hidden as a school's are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reports.district.figures import SchoolFigures
from reports.district.pooled import (
    FURTHEST_BEHIND,
    DistrictWeeks,
    SchoolProblem,
    district_codes,
    district_coverage,
    district_needs,
    district_weeks,
    lowest_coverage_first,
    median_of,
)
from reports.figures.roadmap_levels import STAGES
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
from reports.tabs.pl_needs import needs_blocks, needs_charts, needs_key_figures
from sheets_templates.schema import (
    DISTRICT_PL_NEEDS_TAB,
    DISTRICT_SUMMARY_TAB,
    DISTRICT_TRENDS_TAB,
    PROBLEMS_TAB,
    SCHOOLS_TAB,
)

NO_TEACHER = "No teacher is named in this workbook: it shows schools, and observers as counts."
DISTRICT = "District"


def district_tabs(
    schools: Sequence[SchoolFigures], problems: Sequence[SchoolProblem], as_of: dt.date
) -> list[OutputTab]:
    """Every tab of the district workbook, in `DISTRICT_OUTPUT_TAB_NAMES` order."""
    return [
        summary_tab(schools, problems, as_of),
        schools_tab(schools, as_of),
        trends_tab(schools, as_of),
        pl_needs_tab(schools, as_of),
        problems_tab(problems),
    ]


def summary_tab(
    schools: Sequence[SchoolFigures], problems: Sequence[SchoolProblem], as_of: dt.date
) -> OutputTab:
    """Schools read, the district's teachers, visits and pooled coverage, the median school,
    the schools furthest behind."""
    seen = sum(school.seen_in_window for school in schools)
    teachers = sum(school.teachers for school in schools)
    coverage = district_coverage(schools)
    district = KeyFigures(
        "district",
        (
            KeyFigure("As of", as_of, Format.DATE),
            KeyFigure("Schools read", len(schools), Format.INTEGER),
            KeyFigure(
                "Schools with problems",
                len(problems),
                Format.INTEGER,
                f"could not be read: see {PROBLEMS_TAB}",
            ),
            KeyFigure(
                "Schools with errors in their log",
                sum(1 for school in schools if school.errors),
                Format.INTEGER,
                "rows each school's own Issues tab lists to fix",
            ),
            KeyFigure("Teachers", teachers, Format.INTEGER, "active teachers, every school"),
            KeyFigure("Observers", sum(s.observers for s in schools), Format.INTEGER),
            KeyFigure("Visits this year", sum(s.visits_this_year for s in schools), Format.INTEGER),
            KeyFigure(
                "District coverage %",
                coverage,
                Format.PERCENT,
                f"{seen:,} of {teachers:,} active teachers seen in their school's rotation window",
            ),
        ),
        title="The district",
    )
    median = KeyFigures(
        "median_school",
        (
            KeyFigure("Coverage %", median_of(schools, lambda s: s.coverage), Format.PERCENT),
            KeyFigure("Overdue teachers", median_of(schools, lambda s: s.overdue), Format.DECIMAL),
            KeyFigure(
                "Visits this year", median_of(schools, lambda s: s.visits_this_year), Format.DECIMAL
            ),
            KeyFigure(
                "Visits per observer per day",
                _rounded(median_of(schools, lambda s: s.per_observer_day)),
                Format.DECIMAL,
            ),
            KeyFigure(
                "Projected share of target",
                _rounded(median_of(schools, lambda s: s.projected_share)),
                Format.DECIMAL,
            ),
            KeyFigure(
                "Evidence shared the same day",
                median_of(schools, lambda s: s.shared_same_day),
                Format.PERCENT,
            ),
            KeyFigure(
                "Conversation within 2 school days",
                median_of(schools, lambda s: s.within_two_days),
                Format.PERCENT,
            ),
        ),
        title="The median school (each figure's median over the schools read)",
    )
    behind = lowest_coverage_first(schools)[:FURTHEST_BEHIND]
    return OutputTab(
        name=DISTRICT_SUMMARY_TAB,
        title="District roll-up",
        subtitle=f"As of {as_of:%a %b %-d, %Y}: every school computed with its own Settings, "
        "Calendar and Framework. Rewritten on every roll-up; your own tabs are never changed.",
        blocks=(
            district,
            median,
            Table(
                "furthest_behind",
                (
                    Column("School"),
                    Column("Coverage %", Format.PERCENT),
                    Column("Overdue", Format.INTEGER),
                    Column("Teachers", Format.INTEGER),
                ),
                tuple((s.school, s.coverage, s.overdue, s.teachers) for s in behind),
                title="The schools furthest behind (lowest coverage first)",
                empty_message="No school was read.",
            ),
            Note(NO_TEACHER),
        ),
    )


SCHOOL_COLUMNS = (
    Column("School", width=28),
    Column("Teachers", Format.INTEGER),
    Column("Observers", Format.INTEGER),
    Column("Coverage %", Format.PERCENT),
    Column("Overdue", Format.INTEGER),
    Column("Visits This Year", Format.INTEGER),
    Column("Visits Per Observer Per Day", Format.DECIMAL),
    Column("Projected Share Of Target", Format.DECIMAL),
    Column("Evidence Same Day", Format.PERCENT),
    Column("Conversation Within 2 Days", Format.PERCENT),
    *(Column(stage.name, Format.INTEGER) for stage in STAGES),
    Column("Errors To Fix", Format.INTEGER),
    Column("Rows Left Out", Format.PERCENT),
)


def school_row(school: SchoolFigures) -> tuple[Cell, ...]:
    """One school's row of the Schools tab, in `SCHOOL_COLUMNS` order."""
    levels = dict(school.levels)
    return (
        school.school,
        school.teachers,
        school.observers,
        school.coverage,
        school.overdue,
        school.visits_this_year,
        _rounded(school.per_observer_day),
        _rounded(school.projected_share),
        school.shared_same_day,
        school.within_two_days,
        *(levels.get(stage.name) for stage in STAGES),
        school.errors,
        school.rows_left_out,
    )


def schools_tab(schools: Sequence[SchoolFigures], as_of: dt.date) -> OutputTab:
    """One row per school, lowest coverage first."""
    return OutputTab(
        name=SCHOOLS_TAB,
        title="Schools",
        subtitle=f"As of {as_of:%a %b %-d, %Y}. Each row is what that school's own refresh "
        "shows. Lowest coverage first.",
        blocks=(
            Table(
                "schools",
                SCHOOL_COLUMNS,
                tuple(school_row(school) for school in lowest_coverage_first(schools)),
                freeze_header=True,
                empty_message="No school was read: see Problems.",
            ),
            Note(
                "Coverage %: active teachers seen in the school's rotation window. Visits Per "
                "Observer Per Day: valid visits per school day so far, per observer. Projected "
                "Share Of Target: the visits the observers are on pace for by the year's end, "
                "over their Yearly Target (1.00 is on target). Roadmap stages: the team's "
                "level, 1 to 4. Rows Left Out: Walkthroughs rows with an error, over all rows."
            ),
        ),
        charts=(
            Chart(
                "coverage_by_school",
                ChartKind.BAR,
                "Coverage % by school",
                "schools",
                "School",
                ("Coverage %",),
                y_title="Seen in the rotation window",
                percent=True,
            ),
        )
        if schools
        else (),
        color_scales=(ColorScale("schools", ("Coverage %",)),) if schools else (),
    )


def trends_tab(schools: Sequence[SchoolFigures], as_of: dt.date) -> OutputTab:
    """The Priority look-fors by week: the district's share, then each school's beside it."""
    found = [district_weeks(schools, code) for code in district_codes(schools)]
    blocks: list[Block] = []
    charts: list[Chart] = []
    if found:
        blocks.append(_district_weeks_table(found))
        charts.append(
            Chart(
                "district_priorities",
                ChartKind.LINE,
                "Priority look-fors by week, the district",
                "district_weeks",
                "Week",
                tuple(weeks.code for weeks in found),
                y_title="Share of visits",
                percent=True,
            )
        )
    else:
        blocks.append(Note("No school marks a Priority look-for on its Framework tab yet."))
    for weeks in found:
        blocks.append(_code_table(weeks))
        if weeks.left_out:
            blocks.append(
                Note(
                    f"{weeks.code}: left out for {', '.join(weeks.left_out)} (not on "
                    "its Framework tab)."
                )
            )
    blocks.append(
        Note(
            "A look-for's share: the part of a week's valid visits that recorded it. The "
            "district's pools the visits of the schools that look for it; a school's thin week "
            "(under a third of its typical week's visits) shows no share and is left out of "
            "the district's. Look-fors are matched by code."
        )
    )
    return OutputTab(
        name=DISTRICT_TRENDS_TAB,
        title="District trends: the Priority look-fors",
        subtitle=f"As of {as_of:%a %b %-d, %Y}. The Priority look-fors of every school's "
        "Framework tab, by week (named by its Monday).",
        blocks=tuple(blocks),
        charts=tuple(charts),
    )


def _district_weeks_table(found: Sequence[DistrictWeeks]) -> Table:
    weeks = sorted({week for code in found for week in code.weeks})
    shares = [dict(zip(code.weeks, code.district, strict=True)) for code in found]
    return Table(
        "district_weeks",
        (Column("Week", Format.DATE), *(Column(code.code, Format.PERCENT) for code in found)),
        tuple((week, *(share.get(week) for share in shares)) for week in weeks),
        title="The district's share of visits recording each Priority look-for",
        empty_message="No valid visits yet.",
    )


def _code_table(weeks: DistrictWeeks) -> Table:
    return Table(
        f"weeks {weeks.code}",
        (
            Column("Week", Format.DATE),
            Column("Visits", Format.INTEGER),
            Column(DISTRICT, Format.PERCENT),
            *(Column(school, Format.PERCENT) for school, _ in weeks.schools),
        ),
        tuple(
            (week, visits, district, *(shares[i] for _, shares in weeks.schools))
            for i, (week, visits, district) in enumerate(
                zip(weeks.weeks, weeks.visits, weeks.district, strict=True)
            )
        ),
        title=f"{weeks.code} by week: the district and each school",
        empty_message="No valid visits yet.",
    )


def pl_needs_tab(schools: Sequence[SchoolFigures], as_of: dt.date) -> OutputTab:
    """Coaching focus by teacher group across the district, small cells hidden."""
    needs = district_needs(schools, as_of)
    return OutputTab(
        name=DISTRICT_PL_NEEDS_TAB,
        title="District PL Needs: coaching focus by teacher group",
        subtitle=f"As of {as_of:%a %b %-d, %Y}. The district's coached teachers in groups of "
        f"at least {needs.min_group} (the largest Min Group Size of its schools); no "
        "individual and no school is shown.",
        blocks=(needs_key_figures(needs), *needs_blocks(needs)),
        charts=needs_charts(needs),
    )


def problems_tab(problems: Sequence[SchoolProblem]) -> OutputTab:
    """Each school that could not be read, with the reason; the others still rolled up."""
    return OutputTab(
        name=PROBLEMS_TAB,
        title="Schools that could not be read",
        subtitle="Fix each, then roll up again: the other schools are in the figures already.",
        blocks=(
            Table(
                "problems",
                (
                    Column("School", width=28),
                    Column("Workbook", width=40),
                    Column("Problem", width=90, wrap=True),
                ),
                tuple((p.school, p.workbook, p.reason) for p in problems),
                empty_message="Every school was read.",
            ),
        ),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
