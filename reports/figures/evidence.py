"""Framework evidence: how often valid visits record each area and Priority look-for.

A visit *records* a look-for when its Look-fors cell lists the code (with or without a level);
it records an area when it lists any code of that area. Shares are over valid visits; mean
levels are over the levels written (`IN2:3`), so a bare code adds to a share but not a mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reports.figures.shared import once_per_book
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of

OTHER_GROUP = "Other (small groups merged)"
NOT_GIVEN = "(not given)"
THIN_WEEK = 1 / 3  # of a typical week's visits: fewer, and the week shows no share


@dataclass(frozen=True)
class Priority:
    """A Priority look-for of the Framework tab and the day it became one."""

    code: str
    area: str
    since: dt.date | None


def framework_areas(book: Book) -> list[str]:
    """Framework areas in the order the Framework tab first lists them."""
    framework = book.framework[book.framework["valid"]]
    return list(dict.fromkeys(framework["area"].dropna()))


def priorities(book: Book) -> list[Priority]:
    """The Priority look-fors, in Framework-tab order."""
    framework = book.framework[book.framework["valid"] & book.framework["priority"]]
    return [
        Priority(
            str(row.code),
            str(row.area),
            None if pd.isna(row.priority_since) else pd.Timestamp(row.priority_since).date(),
        )
        for row in framework.itertuples()
    ]


def recorded_lookfors(book: Book) -> pd.DataFrame:
    """One row per look-for recorded on a valid visit: visit, date, teacher_id, code, level, area.

    `visit` is the visit's index in `book.walkthroughs`; a code written twice on one visit
    counts once (with the higher level).
    """
    return _records(book).copy()


@once_per_book
def _records(book: Book) -> pd.DataFrame:
    visits = book.valid_walkthroughs
    lookfors = visits["lookfors"]
    # Each visit's row position, repeated once per look-for it recorded.
    owner = np.repeat(np.arange(len(visits)), lookfors.map(len).to_numpy(dtype=np.int64))
    frame = pd.DataFrame(
        {
            "visit": visits.index.to_numpy()[owner],
            "date": visits["date"].to_numpy()[owner],
            "teacher_id": visits["teacher_id"].to_numpy(dtype=object)[owner],
            "code": [code for found in lookfors for code, _ in found],
            "level": [level for found in lookfors for _, level in found],
        }
    )
    frame["level"] = pd.to_numeric(frame["level"], errors="coerce").astype("float64")
    frame = (
        frame.sort_values("level", ascending=False, na_position="last")
        .drop_duplicates(["visit", "code"])
        .sort_values(["visit", "code"])
        .reset_index(drop=True)
    )
    frame["area"] = frame["code"].map(book.code_areas).astype("object")
    return frame


@dataclass(frozen=True)
class Evidence:
    """Per group (index): the visits, the share recording each value, the mean level."""

    visits: pd.Series
    share: pd.DataFrame  # columns: the codes or areas asked for
    level: pd.DataFrame  # same columns; NaN where no level was written

    def reindex(self, index: pd.Index) -> Evidence:
        return Evidence(
            self.visits.reindex(index).fillna(0).astype(int),
            self.share.reindex(index),
            self.level.reindex(index),
        )

    def blank_where(self, thin: pd.Series) -> Evidence:
        """The same, with no share or level for the groups `thin` marks (visits kept)."""
        return Evidence(self.visits, self.share.mask(thin, axis=0), self.level.mask(thin, axis=0))


def share_and_level(
    groups: pd.Series, records: pd.DataFrame, key: str, values: list[str]
) -> Evidence:
    """Evidence for each group of visits (`groups`: a label per visit index) and each of
    `values`, which are codes or areas as `key` says.
    """
    totals = groups.groupby(groups).size()
    chosen = records[records[key].isin(values) & records["visit"].isin(groups.index)]
    chosen = chosen.assign(group=groups.reindex(chosen["visit"]).to_numpy())
    seen = _table(chosen.drop_duplicates(["visit", key]).groupby(["group", key]).size())
    levels = _table(chosen.groupby(["group", key])["level"].mean())
    shares = seen.reindex(index=totals.index, columns=values).fillna(0).div(totals, axis=0)
    return Evidence(totals, shares, levels.reindex(index=totals.index, columns=values))


def _table(series: pd.Series) -> pd.DataFrame:
    """A (group, value) Series as a group x value frame, also when empty."""
    if series.empty:
        return pd.DataFrame(dtype="float64")
    return series.astype("float64").unstack()


@dataclass(frozen=True)
class WeeklyEvidence:
    """Evidence by week (Monday index) for every area and every Priority look-for."""

    areas: Evidence
    priorities: Evidence


def evidence_by_week(book: Book, codes: list[str] | None = None) -> WeeklyEvidence:
    """Weeks from the first visit's week to as_of's week, empty weeks included (0 visits).

    `codes` are the look-fors of `WeeklyEvidence.priorities`: the Priority look-fors unless
    given (the district roll-up asks for every framework code a district priority may be).
    """
    visits = book.valid_walkthroughs
    records = recorded_lookfors(book)
    weeks = monday_of(visits["date"])
    areas = share_and_level(weeks, records, "area", framework_areas(book))
    wanted = [p.code for p in priorities(book)] if codes is None else codes
    looked_for = share_and_level(weeks, records, "code", wanted)
    if weeks.empty:
        return WeeklyEvidence(areas, looked_for)
    this_week = pd.Timestamp(monday_of(book.as_of))
    every_week = pd.date_range(weeks.min(), max(this_week, weeks.max()), freq="7D", name="week")
    areas, looked_for = areas.reindex(every_week), looked_for.reindex(every_week)
    # A partial week (the as-of week, a holiday week) would swing from 0% to 100% on a
    # handful of visits: below a third of a typical week's visits, a week shows no share.
    typical = weeks.value_counts().median()
    thin = areas.visits < typical * THIN_WEEK
    return WeeklyEvidence(areas.blank_where(thin), looked_for.blank_where(thin))


def calendar_months(dates: pd.Series) -> pd.Series:
    """The first day of each date's calendar month: how every figure by month groups visits."""
    return dates.dt.to_period("M").dt.to_timestamp()


def priorities_by_month(book: Book) -> Evidence:
    """Evidence of each Priority look-for by calendar month (index: the month's first day),
    over the months with a valid visit. No month is blanked: a reader of one month decides
    what is too few visits to show."""
    visits = book.valid_walkthroughs
    codes = [p.code for p in priorities(book)]
    return share_and_level(calendar_months(visits["date"]), recorded_lookfors(book), "code", codes)


@dataclass(frozen=True)
class GroupEvidence:
    """Evidence by area for one roster column (grade or department), small groups merged."""

    teachers: pd.Series  # visited teachers per group
    areas: Evidence
    hidden_teachers: int  # visited teachers in groups too small even after merging


def evidence_by_group(book: Book, column: str) -> GroupEvidence:
    """Share of visits recording each area, by the roster's `column` ("grade"/"department").

    A group is its visited teachers; a teacher with no value in `column` is a group too
    ("Not given"). Groups with fewer than Min Group Size of them are merged into one "Other"
    row; while that row is still too small, the smallest other group joins it. So every
    visited teacher is in exactly one row and no row stands for fewer than Min Group Size
    teachers: the rows add up to the whole school, and no total minus the rows gives anyone
    away. With fewer visited teachers than that in all, there are no rows.
    """
    visits = book.valid_walkthroughs
    roster = book.roster.drop_duplicates("teacher_id").set_index("teacher_id")[column]
    groups = visits["teacher_id"].map(roster.astype("string")).fillna(NOT_GIVEN).astype(object)
    minimum = book.settings.min_group_size
    teachers = visits.groupby(groups)["teacher_id"].nunique()
    small = set(teachers[teachers < minimum].index)
    hidden = 0
    if small:
        by_size = sorted(teachers.items(), key=lambda item: (item[1], _group_order(item[0])))
        merged = sum(teachers[g] for g in small)
        for group, size in by_size:
            if merged >= minimum:
                break
            if group not in small:
                small.add(group)
                merged += size
        if merged < minimum:  # fewer than Min Group Size visited teachers in the school
            hidden = int(merged)
            visits, groups = visits.iloc[:0], groups.iloc[:0]
        else:
            groups = groups.where(~groups.isin(small), OTHER_GROUP)
    teachers = visits.groupby(groups)["teacher_id"].nunique()
    areas = share_and_level(groups, recorded_lookfors(book), "area", framework_areas(book))
    order = sorted(teachers.index, key=_group_order)
    return GroupEvidence(teachers.loc[order], areas.reindex(pd.Index(order)), hidden)


def _group_order(label: str) -> tuple[int, int, str]:
    """Grades as numbers (K first), other labels alphabetically, merged and blank rows last."""
    text = label.strip()
    if label in (OTHER_GROUP, NOT_GIVEN):
        return (2, 0, label)
    if text.upper() in {"K", "KG", "PK", "PRE-K"}:
        return (0, -1, text)
    return (0, int(text), "") if text.isdigit() else (1, 0, text.casefold())
