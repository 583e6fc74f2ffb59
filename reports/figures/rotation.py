"""Rotation figures per teacher, shared by the Coverage tab and the visit planner.

Every figure follows docs/design.md's definitions (school day, rotation window, seen in window,
school days since last visit, overdue, time block, blocks seen); the counting itself is
`SchoolCalendar`'s. Only active teachers who have started are listed, and only their valid
visits count.

A teacher never visited has no last visit; their `school_days_since` counts every school day
since they joined (their Start Date, or the first day of the year). Without a Start Date a
never-visited teacher is overdue (docs/design.md); with one, they become overdue once they have
been at school for a full rotation, so a teacher who joined yesterday is not flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reports.figures.shared import once_per_book
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of

ONE_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Rotation:
    """Where every active teacher stands in the rotation on `as_of`."""

    as_of: dt.date
    rotation_days: int
    window: tuple[dt.date, dt.date] | None  # first and last school day; None before day one
    block_names: tuple[str, ...]
    # index teacher_id; name, grade, department, room, periods, start_date, last_visit,
    # never_visited, school_days_since, visits_in_window, observers_in_window,
    # visits_this_year, blocks_seen, overdue
    teachers: pd.DataFrame
    block_counts: pd.DataFrame  # index teacher_id, one column of visit counts per block
    visits: pd.DataFrame  # the valid visits of the listed teachers
    not_started: int  # active teachers whose Start Date is after as_of

    @property
    def seen_in_window(self) -> int:
        return int((self.teachers["visits_in_window"] > 0).sum())

    @property
    def coverage(self) -> float | None:
        """docs/design.md, Coverage %: seen in window / active teachers; None with none."""
        return coverage_share(self.seen_in_window, len(self.teachers))

    @property
    def overdue(self) -> pd.DataFrame:
        return self.teachers[self.teachers["overdue"]]


def coverage_share(seen: int, active: int) -> float | None:
    """docs/design.md, Coverage %: the one place it is divided; None with no active teacher."""
    return seen / active if active else None


@once_per_book
def rotation(book: Book) -> Rotation:
    """Each active teacher's last visit, school days since, window visits and blocks seen."""
    as_of = pd.Timestamp(book.as_of)
    roster = book.active_roster
    started = roster["start_date"].isna() | (roster["start_date"] <= as_of)
    teachers = roster[started].set_index("teacher_id")[
        ["name", "grade", "department", "room", "periods", "start_date"]
    ]
    visits = book.valid_walkthroughs
    visits = visits[visits["teacher_id"].isin(teachers.index)]

    days = book.settings.rotation_school_days
    window = (
        (book.rotation_window.first, book.rotation_window.last) if book.rotation_window else None
    )
    by_teacher = visits.groupby("teacher_id")
    teachers = teachers.assign(
        last_visit=by_teacher["date"].max(),
        visits_this_year=by_teacher.size(),
    )
    in_window = visits[book.rotation_window.holds(visits["date"])]
    pairs = in_window.drop_duplicates(["teacher_id", "observer"])
    teachers = teachers.assign(
        visits_in_window=in_window.groupby("teacher_id").size(),
        observers_in_window=pairs.groupby("teacher_id").size(),
    )
    for column in ("visits_this_year", "visits_in_window", "observers_in_window"):
        teachers[column] = teachers[column].fillna(0).astype(int)

    never = teachers["last_visit"].isna()
    # A join date counts as a school day at school: the clock starts the evening before.
    joined = teachers["start_date"].fillna(pd.Timestamp(book.settings.school_year_start))
    since = teachers["last_visit"].where(~never, joined - ONE_DAY)
    teachers["never_visited"] = never
    teachers["school_days_since"] = book.calendar.count_between(since, book.as_of).astype(int)
    teachers["overdue"] = (teachers["school_days_since"] >= days) | (
        never & teachers["start_date"].isna()
    )

    names = tuple(block.name for block in book.settings.time_blocks)
    counts = (
        visits.groupby(["teacher_id", "block"]).size().unstack(fill_value=0)
        if len(visits.dropna(subset=["block"]))
        else pd.DataFrame()
    )
    counts = counts.reindex(index=teachers.index, columns=list(names), fill_value=0).astype(int)
    counts.columns.name = None
    teachers["blocks_seen"] = _blocks_seen(counts)
    return Rotation(
        as_of=book.as_of,
        rotation_days=days,
        window=window,
        block_names=names,
        teachers=teachers,
        block_counts=counts,
        visits=visits,
        not_started=int((~started).sum()),
    )


def most_overdue_first(teachers: pd.DataFrame) -> pd.DataFrame:
    """Overdue first; then never visited; then most school days since; then by name."""
    order = teachers.assign(_name=teachers["name"].str.casefold()).sort_values(
        ["overdue", "never_visited", "school_days_since", "_name"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return order.drop(columns="_name")


def _blocks_seen(counts: pd.DataFrame) -> pd.Series:
    """`Early, Midday (2 of 4)`, or `none (0 of 4)`, per teacher."""
    seen = counts > 0
    total = len(counts.columns)
    if seen.empty:
        return pd.Series("", index=counts.index, dtype="string")
    names = seen.dot(pd.Index([f"{name}, " for name in counts.columns])).str.removesuffix(", ")
    names = names.where(names != "", "none")
    return (names + " (" + seen.sum(axis=1).astype(str) + f" of {total})").astype("string")


def weekly_coverage(book: Book, rota: Rotation) -> pd.DataFrame:
    """Coverage % at each school week's last school day up to as_of.

    For each week's last school day: the share of teachers then active (started by that day)
    with a valid visit in the rotation window ending that day. Columns: week_ending,
    coverage. Vectorised: one `merge_asof` finds each teacher's last visit by each day.
    """
    school_days = book.calendar.school_days(book.settings.school_year_start, book.as_of)
    days = pd.DatetimeIndex(school_days).as_unit("ns")
    if days.empty:
        return pd.DataFrame({"week_ending": pd.Series(dtype="datetime64[ns]"), "coverage": []})
    position = pd.Series(np.arange(len(days)), index=days)
    ends = position.groupby(monday_of(days)).max().to_numpy()
    firsts = np.maximum(ends - rota.rotation_days + 1, 0)
    weeks = pd.DataFrame({"week_ending": days[ends], "window_first": days[firsts]})

    teachers = rota.teachers[["start_date"]].reset_index()
    grid = teachers.merge(weeks, how="cross").sort_values("week_ending", kind="stable")
    visits = rota.visits[["teacher_id", "date"]].sort_values("date")
    grid = pd.merge_asof(
        grid,
        visits.rename(columns={"date": "last_visit"}),
        left_on="week_ending",
        right_on="last_visit",
        by="teacher_id",
        direction="backward",
    )
    grid["active"] = grid["start_date"].isna() | (grid["start_date"] <= grid["week_ending"])
    grid["seen"] = grid["active"] & (grid["last_visit"] >= grid["window_first"])
    totals = grid.groupby("week_ending")[["active", "seen"]].sum().reindex(weeks["week_ending"])
    coverage = (totals["seen"] / totals["active"].where(totals["active"] > 0)).fillna(0.0)
    return pd.DataFrame({"week_ending": weeks["week_ending"], "coverage": coverage.to_numpy()})
