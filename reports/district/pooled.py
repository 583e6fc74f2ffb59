"""The district's own figures, pooled from its schools' (docs/design.md, District roll-up).

A district figure pools the schools' counts, never their shares: the district's Coverage % is
every school's teachers seen in its own rotation window over every school's active teachers;
a look-for's district share in a week is the visits recording it over the visits of the
schools that look for it. PL needs group the district's coached teachers afresh, with Min
Group Size applied to all of them, through the same counting and hiding as a school's tab.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from reports.district.figures import SchoolFigures
from reports.figures.coaching_needs import CoachingNeeds, grouped_sessions, needs_by_group
from reports.figures.rotation import coverage_share
from reports.privacy.groups import Facts, group_teachers

FURTHEST_BEHIND = 5  # schools the District Summary lists, lowest coverage first


@dataclass(frozen=True)
class SchoolProblem:
    """A school that could not be rolled up, and why, in one sentence."""

    school: str
    workbook: str
    reason: str


def district_coverage(schools: Sequence[SchoolFigures]) -> float | None:
    """docs/design.md, District coverage %: teachers seen in their school's rotation window
    over all active teachers, every school pooled; None with no active teacher."""
    return coverage_share(
        sum(school.seen_in_window for school in schools),
        sum(school.teachers for school in schools),
    )


def lowest_coverage_first(schools: Sequence[SchoolFigures]) -> list[SchoolFigures]:
    """Schools by Coverage %, lowest first; a school with no active teacher last; ties by name."""
    return sorted(
        schools,
        key=lambda s: (s.coverage is None, s.coverage or 0.0, s.school.casefold()),
    )


def median_of(
    schools: Sequence[SchoolFigures], figure: Callable[[SchoolFigures], float | int | None]
) -> float | None:
    """The median school's value of `figure`, over the schools that have one."""
    values = [value for school in schools if (value := figure(school)) is not None]
    return float(statistics.median(values)) if values else None


def district_codes(schools: Sequence[SchoolFigures]) -> list[str]:
    """The district's Priority look-fors: every school's, matched by code, in the order the
    schools first list them."""
    return list(dict.fromkeys(code for school in schools for code in school.priority_codes))


@dataclass(frozen=True)
class DistrictWeeks:
    """One look-for by week across the district: the pooled share beside each school's."""

    code: str
    weeks: tuple[dt.date, ...]
    visits: tuple[int, ...]  # the valid visits of the schools that look for it, pooled
    district: tuple[float | None, ...]  # pooled share; None in a week no school shows
    schools: tuple[tuple[str, tuple[float | None, ...]], ...]  # (school, its shares)
    left_out: tuple[str, ...]  # schools whose Framework lacks the code


def district_weeks(schools: Sequence[SchoolFigures], code: str) -> DistrictWeeks:
    """`code` by week: each school's share as its Trends tab shows it, and the district's.

    The district's share in a week pools the schools that show one that week (a school's thin
    week shows none, docs/design.md): their visits recording the code over their visits.
    """
    having = [school for school in schools if school.share_of(code) is not None]
    weeks = sorted({week for school in having for week in school.weeks})
    recorded = dict.fromkeys(weeks, 0.0)
    shown_visits = dict.fromkeys(weeks, 0)
    all_visits = dict.fromkeys(weeks, 0)
    columns = []
    for school in having:
        evidence = school.share_of(code)
        assert evidence is not None
        by_week = dict(zip(school.weeks, evidence.shares, strict=True))
        for week, visits in zip(school.weeks, school.week_visits, strict=True):
            all_visits[week] += visits
            if (share := by_week[week]) is not None:
                recorded[week] += share * visits
                shown_visits[week] += visits
        columns.append((school.school, tuple(by_week.get(week) for week in weeks)))
    return DistrictWeeks(
        code=code,
        weeks=tuple(weeks),
        visits=tuple(all_visits[week] for week in weeks),
        district=tuple(
            recorded[week] / shown_visits[week] if shown_visits[week] else None for week in weeks
        ),
        schools=tuple(columns),
        left_out=tuple(school.school for school in schools if school.share_of(code) is None),
    )


def district_min_group(schools: Sequence[SchoolFigures]) -> int:
    """The district's Min Group Size: the largest any school sets (at least 2), so no group
    is smaller than a school of the district would allow."""
    return max([2, *(school.min_group for school in schools)])


def district_needs(schools: Sequence[SchoolFigures], as_of: dt.date) -> CoachingNeeds:
    """PL needs across the district: every school's coached teachers grouped together, with
    Min Group Size applied to the district's teachers, counted and hidden as a school's are.

    A teacher is a school's number for them (`CoachedSession`), made district-wide by the
    school's place in the list; areas are matched by name, in the order schools list them.
    """
    min_group = district_min_group(schools)
    facts: dict[str, Facts] = {}
    rows = []
    for place, school in enumerate(schools):
        facts.update({f"{place}:{n}": known for n, known in school.facts.items()})
        rows += [
            (pd.Timestamp(session.week), f"{place}:{session.teacher}", session.area)
            for session in school.sessions
        ]
    sessions = pd.DataFrame(rows, columns=["week", "teacher_id", "area"])
    grouping = group_teachers(facts, sessions["teacher_id"], min_group)
    counted, unfocused = grouped_sessions(sessions, grouping.labels)
    areas = list(dict.fromkeys(area for school in schools for area in school.area_order))
    return needs_by_group(counted, unfocused, areas, as_of, min_group)
