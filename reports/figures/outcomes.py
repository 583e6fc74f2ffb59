"""docs/design.md, Outcomes: walkthrough evidence beside the change in each class's results.

The two most recent assessments on the Results tab (by their last date up to as-of) give each
teacher a change: their result on the later one minus the earlier (a teacher with several
rows of one assessment, a class each, has their mean). The walkthroughs between the two dates
give each teacher, for each Priority look-for and framework area, the share of their visits
that recorded it and the mean level written. Across the teachers with both results and at
least `MIN_VISITS` such visits, Spearman's rank correlation relates each to the change, with a
95% interval by Fisher's z (`relationship`).

The same figures by group (the Results tab's Group, else the Roster grade; and the Roster
department), with groups of fewer than Min Group Size teachers merged into "Other" and that
row left out when it is still too small, as on Trends.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reports.figures.evidence import framework_areas, priorities, recorded_lookfors
from reports.figures.shared import once_per_book
from sheets_templates.book import Book
from sheets_templates.schema import RESULTS

MIN_VISITS = 3  # a teacher's visits between the two assessments, to count
MIN_TEACHERS = 8  # fewer teachers than this: too few to tell
Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile
OTHER_GROUP = "Other (small groups)"
NO_GROUP = "No group given"

GAINED_MORE = "Classes where this was seen more gained more"
GAINED_LESS = "Classes where this was seen more gained less"
NO_CLEAR = "No clear relationship"
NO_CLEAR_YET = "No clear relationship yet"
TOO_FEW = "Too few teachers to tell"
SHARE = "Share of visits"
LEVEL = "Mean level"


@dataclass(frozen=True)
class Assessment:
    name: str
    date: dt.date  # the last date a class took it
    percent: bool  # a percent proficient (else a mean scale score)


@dataclass(frozen=True)
class Relationship:
    """How one measure of one look-for or area ranks with the change in results."""

    subject: str  # a look-for code or a framework area
    measure: str  # SHARE or LEVEL
    teachers: int
    correlation: float | None  # Spearman's rho; None when a side does not vary
    low: float | None  # its 95% interval
    high: float | None
    verdict: str
    points: tuple[tuple[float, float], ...]  # (measure, change), one per teacher, no names

    @property
    def clear(self) -> bool:
        return self.verdict in (GAINED_MORE, GAINED_LESS)

    def in_words(self) -> str:
        """`IN2 (share of visits): classes where this was seen more gained more (rho 0.75, 34
        teachers)`: the one sentence the Summary and the packet give."""
        rho = "" if self.correlation is None else f"rho {self.correlation:.2f}, "
        return (
            f"{self.subject} ({self.measure.lower()}): {self.verdict.lower()} "
            f"({rho}{self.teachers} teachers)"
        )


@dataclass(frozen=True)
class GroupOutcome:
    """One group of teachers: its visits between the assessments and its results' change."""

    group: str
    teachers: int
    visits: int
    mean_change: float
    shares: dict[str, float]  # Priority code -> share of the group's visits

    @property
    def visits_per_teacher(self) -> float:
        return self.visits / self.teachers


@dataclass(frozen=True)
class GroupView:
    by: str  # "Group" or "Department"
    groups: tuple[GroupOutcome, ...]
    hidden: int  # teachers in groups too small to show, even merged

    @property
    def gaps(self) -> tuple[GroupOutcome, ...]:
        """Groups whose results fell while they were visited least: a mean change below zero
        and fewer visits per teacher than the median group's."""
        if len(self.groups) < 2:
            return ()
        median = float(np.median([g.visits_per_teacher for g in self.groups]))
        return tuple(g for g in self.groups if g.mean_change < 0 and g.visits_per_teacher < median)


@dataclass(frozen=True)
class Outcomes:
    earlier: Assessment | None
    later: Assessment | None
    problem: str  # why nothing can be compared yet, in one sentence; "" when it can
    teachers: int  # teachers with both results
    counted: int  # of them, with at least MIN_VISITS visits between the assessments
    relationships: tuple[Relationship, ...]
    views: tuple[GroupView, ...]

    @property
    def has_results_tab(self) -> bool:
        return self.problem != NO_RESULTS

    @property
    def clearest(self) -> Relationship | None:
        """The clear relationship with the strongest correlation, if any."""
        clear = [r for r in self.relationships if r.clear]
        return max(clear, key=lambda r: (abs(r.correlation or 0), r.teachers), default=None)

    @property
    def clearest_words(self) -> str:
        """The clearest relationship in one sentence, or that there is none yet."""
        return self.clearest.in_words() if self.clearest else NO_CLEAR_YET

    @property
    def strongest(self) -> Relationship | None:
        """The relationship with the strongest correlation, clear or not (for the chart)."""
        ranked = [r for r in self.relationships if r.correlation is not None]
        return max(ranked, key=lambda r: (abs(r.correlation or 0), r.teachers), default=None)


NO_RESULTS = "There is no Results tab yet."


@once_per_book
def outcomes(book: Book) -> Outcomes:
    """The Outcomes figures of `book` (see the module's docstring)."""
    results = book.results[book.results["valid"].astype(bool)]
    results = results[results["date"] <= pd.Timestamp(book.as_of)]
    if RESULTS.key not in book.sources:
        return Outcomes(None, None, NO_RESULTS, 0, 0, (), ())
    found = _assessments(results)
    if len(found) < 2:
        named = f" ({found[0].name})" if found else ""
        return Outcomes(
            None,
            found[0] if found else None,
            f"The Results tab holds {len(found)} assessment{named} up to as-of: the Outcomes "
            "need two, to see each class's change.",
            0,
            0,
            (),
            (),
        )
    earlier, later = found[-2:]
    if earlier.percent != later.percent:
        return Outcomes(
            earlier,
            later,
            f"{earlier.name} and {later.name} are not on the same scale (one a percent, one a "
            "scale score), so their results cannot be subtracted.",
            0,
            0,
            (),
            (),
        )
    change = _changes(results, earlier, later)
    visits = _visits_between(book, earlier.date, later.date, change.index)
    counts = visits.groupby("teacher_id").size()
    counted = counts[counts >= MIN_VISITS].index
    measures = _measures(book, visits, counted)
    relationships = tuple(
        relationship(subject, measure, values, change)
        for (subject, measure), values in measures.items()
    )
    views = tuple(
        _group_view(book, by, labels, visits, change)
        for by, labels in _group_labels(book, results, later, change.index).items()
    )
    return Outcomes(earlier, later, "", len(change), len(counted), relationships, views)


def relationship(subject: str, measure: str, values: pd.Series, change: pd.Series) -> Relationship:
    """Spearman's rho between `values` and `change` over the teachers both give, its 95%
    interval by Fisher's z (tanh(atanh(rho) +/- 1.96 / sqrt(n - 3))), and the verdict: too few
    teachers under MIN_TEACHERS, no clear relationship when the interval holds zero (or a side
    does not vary), else the direction."""
    both = pd.concat([values.rename("x"), change.rename("y")], axis=1, join="inner").dropna()
    n = len(both)
    points = tuple((float(x), float(y)) for x, y in zip(both["x"], both["y"], strict=True))
    rho = _spearman(both["x"], both["y"]) if n >= 2 else None
    if n < MIN_TEACHERS:
        return Relationship(subject, measure, n, rho, None, None, TOO_FEW, points)
    if rho is None:
        return Relationship(subject, measure, n, None, None, None, NO_CLEAR, points)
    z = math.atanh(min(max(rho, -0.999999), 0.999999))
    spread = Z_95 / math.sqrt(n - 3)
    low, high = math.tanh(z - spread), math.tanh(z + spread)
    verdict = GAINED_MORE if low > 0 else GAINED_LESS if high < 0 else NO_CLEAR
    return Relationship(subject, measure, n, rho, low, high, verdict, points)


def _spearman(x: pd.Series, y: pd.Series) -> float | None:
    """Pearson's correlation of the ranks (ties share their mean rank); None if a side is flat."""
    rx, ry = x.rank().to_numpy(float), y.rank().to_numpy(float)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def _assessments(results: pd.DataFrame) -> list[Assessment]:
    """Each assessment with its last date, oldest first."""
    grouped = results.groupby("assessment").agg(date=("date", "max"), percent=("percent", "any"))
    ordered = grouped.sort_values(["date"], kind="stable")
    return [
        Assessment(str(name), pd.Timestamp(row.date).date(), bool(row.percent))
        for name, row in ordered.iterrows()
    ]


def _changes(results: pd.DataFrame, earlier: Assessment, later: Assessment) -> pd.Series:
    """teacher_id -> later result minus earlier (each the mean of the teacher's rows)."""
    chosen = results[results["assessment"].isin([earlier.name, later.name])]
    means = chosen.groupby(["teacher_id", "assessment"])["result"].mean().unstack()
    if earlier.name not in means or later.name not in means:
        return pd.Series(dtype=float)
    return (means[later.name] - means[earlier.name]).dropna().astype(float)


def _visits_between(book: Book, first: dt.date, last: dt.date, teachers: pd.Index) -> pd.DataFrame:
    visits = book.valid_walkthroughs
    between = visits["date"].between(pd.Timestamp(first), pd.Timestamp(last))
    return visits[between & visits["teacher_id"].isin(teachers)]


def _measures(
    book: Book, visits: pd.DataFrame, counted: pd.Index
) -> dict[tuple[str, str], pd.Series]:
    """(subject, measure) -> the value per counted teacher: for each Priority look-for, then
    each area, the share of visits, then the mean level where levels were written."""
    records = recorded_lookfors(book)
    records = records[records["visit"].isin(visits.index) & records["teacher_id"].isin(counted)]
    totals = visits[visits["teacher_id"].isin(counted)].groupby("teacher_id").size()
    measures: dict[tuple[str, str], pd.Series] = {}
    subjects = [("code", p.code) for p in priorities(book)]
    subjects += [("area", area) for area in framework_areas(book)]
    for key, subject in subjects:
        chosen = records[records[key] == subject]
        seen = chosen.drop_duplicates(["visit"]).groupby("teacher_id").size()
        measures[(subject, SHARE)] = seen.reindex(totals.index, fill_value=0) / totals
        levels = chosen.dropna(subset=["level"]).groupby("teacher_id")["level"].mean()
        if len(levels):
            measures[(subject, LEVEL)] = levels.astype(float)
    return measures


def _group_labels(
    book: Book, results: pd.DataFrame, later: Assessment, teachers: pd.Index
) -> dict[str, pd.Series]:
    """For each view, teacher_id -> its group: the Group written on the teacher's rows of the
    later assessment (else their Roster grade), and their Roster department."""
    roster = book.roster.drop_duplicates("teacher_id").set_index("teacher_id")
    written = results[results["assessment"] == later.name].dropna(subset=["group"])
    given = written.groupby("teacher_id")["group"].agg(lambda g: g.mode().iloc[0])
    grade = roster["grade"].astype("string").map(lambda g: f"Gr {g}", na_action="ignore")
    group = given.reindex(teachers).fillna(grade.reindex(teachers)).fillna(NO_GROUP)
    department = roster["department"].astype("string").reindex(teachers).fillna(NO_GROUP)
    return {"Group": group.astype(str), "Department": department.astype(str)}


def _group_view(
    book: Book, by: str, labels: pd.Series, visits: pd.DataFrame, change: pd.Series
) -> GroupView:
    minimum = book.settings.min_group_size
    sizes = labels.value_counts()
    labels = labels.where(~labels.isin(sizes[sizes < minimum].index), OTHER_GROUP)
    sizes = labels.value_counts()
    hidden = 0
    if sizes.get(OTHER_GROUP, minimum) < minimum:
        hidden = int(sizes[OTHER_GROUP])
        labels = labels[labels != OTHER_GROUP]
    records = recorded_lookfors(book)
    codes = [p.code for p in priorities(book)]
    groups = []
    for group in _ordered(labels.unique()):
        members = labels[labels == group].index
        their = visits[visits["teacher_id"].isin(members)]
        seen = records[records["visit"].isin(their.index) & records["code"].isin(codes)]
        seen = seen.drop_duplicates(["visit", "code"]).groupby("code").size()
        shares = {
            code: float(seen.get(code, 0)) / len(their) if len(their) else 0.0 for code in codes
        }
        groups.append(
            GroupOutcome(group, len(members), len(their), float(change[members].mean()), shares)
        )
    return GroupView(by, tuple(groups), hidden)


def _ordered(groups: Sequence[str]) -> list[str]:
    """Groups alphabetically, the merged and blank rows last."""
    return sorted(groups, key=lambda g: (g in (OTHER_GROUP, NO_GROUP), g))
