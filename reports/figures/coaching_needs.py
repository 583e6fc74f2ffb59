"""Professional-learning needs: what groups of teachers are coached on, never who.

Coaching conversations are counted by teacher group (the labels of the de-identified copy,
`reports.privacy.groups`, generalised to at least Min Group Size teachers) and by the framework
area of their focus, over the last 4 weeks, the last 8 weeks and all weeks up to as-of (weeks
run Monday to Sunday; the current week counts as one). A count is shown only when at least Min
Group Size teachers are behind it and it is not the whole of its row (no 0% or 100% share of a
group); further counts are hidden so no hidden one can be worked out from the totals, and the
three windows are protected together so that no difference of two gives a hidden count or a
count of too few teachers away (`reports.privacy.nested`, docs/design.md "The de-identified
copy").

A hidden count is None here; the PL Needs tab and the ILT packet each say how they show one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from reports.figures.evidence import framework_areas
from reports.figures.shared import once_per_book
from reports.privacy.groups import log_groups, rows_in_scope
from reports.privacy.nested import Slice, protect_windows
from reports.privacy.suppression import with_totals
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of

ALL_GROUPS = "All groups"
# (title, weeks up to as-of's week; None: every week). All weeks comes last.
WINDOWS: tuple[tuple[str, int | None], ...] = (
    ("Last 4 weeks", 4),
    ("Last 8 weeks", 8),
    ("All weeks", None),
)
NO_FOCUS_YET = "No coaching conversations with a framework focus yet."

Count = int | None  # None: hidden to protect a small group


@dataclass(frozen=True)
class GroupRow:
    """One group's conversations in a window, or the All groups row (the column totals)."""

    group: str
    teachers: Count  # distinct teachers coached
    areas: tuple[Count, ...]  # by framework area, in `CoachingNeeds.areas` order
    total: Count


@dataclass(frozen=True)
class NeedsWindow:
    """Conversations by group and framework area over one of `WINDOWS`."""

    title: str
    rows: tuple[GroupRow, ...]  # each group in label order, then All groups; none without groups
    hidden: int  # counts hidden in the group x area grid and its totals


@dataclass(frozen=True)
class AreaNeeds:
    """One framework area's conversations, all groups together, in each of `WINDOWS`."""

    area: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class CoachingNeeds:
    """The PL needs figures: every count by group, with small cells already hidden."""

    min_group: int  # Min Group Size, at least 2
    areas: tuple[str, ...]  # framework areas with conversations, in Framework tab order
    groups: tuple[str, ...]  # group labels, in label order
    conversations: Count  # all weeks; hidden when fewer than min_group teachers are behind it
    unfocused: int  # conversations of grouped teachers with no framework focus: not counted
    windows: tuple[NeedsWindow, ...]  # in `WINDOWS` order
    by_area: tuple[AreaNeeds, ...]  # most conversations over all weeks first, hidden last

    @property
    def hidden(self) -> int:
        """Counts hidden over every window."""
        return sum(window.hidden for window in self.windows)


@once_per_book
def coaching_needs(book: Book) -> CoachingNeeds:
    """Coaching conversations by teacher group and framework area, small cells hidden."""
    min_group = max(2, book.settings.min_group_size)
    grouping = log_groups(book, min_group)
    sessions, unfocused = grouped_sessions(coached_sessions(book), grouping.labels)
    return needs_by_group(sessions, unfocused, framework_areas(book), book.as_of, min_group)


def coached_sessions(book: Book) -> pd.DataFrame:
    """The coaching rows a shared output may draw on (`rows_in_scope`): week (its Monday),
    teacher_id and the framework area of the focus (NA when none, or not a framework code)."""
    rows = rows_in_scope(book)
    return pd.DataFrame(
        {
            "week": monday_of(rows["date"]),
            "teacher_id": rows["teacher_id"].astype(str),
            "area": rows["focus_area"].map(book.code_areas),
        }
    )


def grouped_sessions(sessions: pd.DataFrame, labels: dict[str, str]) -> tuple[pd.DataFrame, int]:
    """`sessions` of grouped teachers with a framework focus, each with its group label; and
    how many conversations of grouped teachers have no framework focus."""
    sessions = sessions.assign(group=sessions["teacher_id"].map(labels))
    grouped, focused = sessions["group"].notna(), sessions["area"].notna()
    return sessions[grouped & focused], int((grouped & ~focused).sum())


def needs_by_group(
    sessions: pd.DataFrame,
    unfocused: int,
    areas_in_order: Sequence[str],
    as_of: dt.date,
    min_group: int,
) -> CoachingNeeds:
    """The PL needs figures of grouped, focused `sessions` (`grouped_sessions`): the one place
    the windows are counted and hidden, for a school's log or a district's.

    `areas_in_order` lists the framework areas in the order the tables show them (a school's
    Framework tab order); only areas with conversations are kept.
    """
    counted = set(sessions["area"])
    areas = [area for area in areas_in_order if area in counted]
    groups = sorted(sessions["group"].unique())
    windows = _windows(sessions, as_of, groups, areas, min_group)
    return CoachingNeeds(
        min_group=min_group,
        areas=tuple(areas),
        groups=tuple(groups),
        conversations=windows[-1].rows[-1].total if windows[-1].rows else None,
        unfocused=unfocused,
        windows=windows,
        by_area=_by_area(areas, windows),
    )


def _slice_of(weeks: pd.Series, as_of: dt.date) -> pd.Series:
    """Which slice of weeks each conversation falls in: 0 for the last 4 weeks, 1 for weeks
    5 to 8, 2 before that (window `w` of `WINDOWS` is slices 0..w)."""
    this_week = pd.Timestamp(monday_of(as_of))
    slice_of = pd.Series(len(WINDOWS) - 1, index=weeks.index)
    for s, (_, span) in reversed(list(enumerate(WINDOWS[:-1]))):
        assert span is not None
        first = this_week - pd.Timedelta(weeks=span - 1)
        slice_of[weeks >= first] = s
    return slice_of


def _windows(
    sessions: pd.DataFrame, as_of: dt.date, groups: list[str], areas: list[str], min_group: int
) -> tuple[NeedsWindow, ...]:
    """Every window's group x area counts with totals, protected together
    (`reports.privacy.nested`): no window, nor a difference of two, gives a hidden one away."""
    if not groups:
        return tuple(NeedsWindow(title, (), 0) for title, _ in WINDOWS)
    row_of = {group: i for i, group in enumerate(groups)}
    column_of = {area: j for j, area in enumerate(areas)}
    counts = [[[0] * len(areas) for _ in groups] for _ in WINDOWS]
    who: list[list[list[set[str]]]] = [[[set() for _ in areas] for _ in groups] for _ in WINDOWS]
    slice_of = _slice_of(sessions["week"], as_of)
    for record, s in zip(sessions.itertuples(index=False), slice_of, strict=True):
        i, j = row_of[record.group], column_of[record.area]
        counts[s][i][j] += 1
        who[s][i][j].add(record.teacher_id)
    slices = [
        Slice(counts[s], [[frozenset(cell) for cell in row] for row in who[s]])
        for s in range(len(WINDOWS))
    ]
    masks = protect_windows(slices, min_group)
    return tuple(
        _window(title, slices[: w + 1], masks[w], groups, min_group)
        for w, (title, _) in enumerate(WINDOWS)
    )


def _window(
    title: str, slices: list[Slice], mask: list[list[bool]], groups: list[str], min_group: int
) -> NeedsWindow:
    """One window's rows: the slices up to it added up, its hidden cells None."""
    columns = len(slices[0].counts[0])
    counts = [
        [sum(s.counts[i][j] for s in slices) for j in range(columns)] for i in range(len(groups))
    ]
    who = [
        [set().union(*(s.teachers[i][j] for s in slices)) for j in range(columns)]
        for i in range(len(groups))
    ]
    grid = with_totals(counts, columns)
    teachers = _teachers_with_totals(who)

    def shown(i: int, j: int) -> Count:
        return None if mask[i][j] else grid[i][j]

    people = [len(set().union(*row)) for row in teachers]
    rows = tuple(
        GroupRow(
            label,
            # Each coached teacher had at least one conversation: a teacher count beside a
            # hidden total would bound it, so it is hidden with it.
            people[i] if people[i] >= min_group and not mask[i][-1] else None,
            tuple(shown(i, j) for j in range(columns)),
            shown(i, columns),
        )
        for i, label in enumerate([*groups, ALL_GROUPS])
    )
    return NeedsWindow(title, rows, sum(flag for row in mask for flag in row))


def _teachers_with_totals(who: Sequence[Sequence[set[str]]]) -> list[list[set[str]]]:
    """Distinct teachers behind every cell, the Total column and the total row included."""
    width = len(who[0]) if who else 0
    grid = [[*row, set().union(*row)] for row in who]
    column_sets: list[set[str]] = [set() for _ in range(width + 1)]
    for row in grid:
        for j, cell in enumerate(row):
            column_sets[j] |= cell
    grid.append(column_sets)
    return grid


def _by_area(areas: list[str], windows: tuple[NeedsWindow, ...]) -> tuple[AreaNeeds, ...]:
    """Each area's All groups count per window, most over all weeks first; a hidden count
    sorts below every shown one, and ties keep the Framework tab's order."""
    if not areas:
        return ()
    needs = [
        AreaNeeds(area, tuple(window.rows[-1].areas[j] for window in windows))
        for j, area in enumerate(areas)
    ]
    return tuple(sorted(needs, key=lambda need: -_sortable(need.counts[-1])))


def _sortable(count: Count) -> int:
    return -1 if count is None else count
