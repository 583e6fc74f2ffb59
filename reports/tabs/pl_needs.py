"""The `PL Needs` tab: what groups of teachers are being coached on, never who.

Coaching conversations are counted by teacher group (the labels of the de-identified copy,
generalised to at least Min Group Size teachers) and by the framework area of their focus,
over the last 4 weeks, the last 8 weeks and all weeks up to `as_of` (weeks run Monday to
Sunday; the current week counts as one). A cell is shown only when at least Min Group Size
teachers are behind it and it is not the whole of its row (no 0% or 100% share of a group);
further cells are hidden so no hidden one can be worked out from the totals
(`reports.privacy.suppression`). Hidden cells read `*`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from reports.exports.deidentified import coaching_groups, rows_in_scope, week_of
from reports.model import (
    HIDDEN,
    Cell,
    Chart,
    ChartKind,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from reports.privacy.suppression import primary, protect, with_totals
from sheets_templates.book import Book
from sheets_templates.schema import PL_NEEDS_TAB

ALL_GROUPS = "All groups"
WINDOWS: tuple[tuple[str, int | None], ...] = (
    ("Last 4 weeks", 4),
    ("Last 8 weeks", 8),
    ("All weeks", None),
)


def pl_needs_tab(book: Book) -> OutputTab:
    """Coaching focus by teacher group and framework area, with small cells hidden."""
    min_group = max(2, book.settings.min_group_size)
    sessions, unfocused = _sessions(book, min_group)
    areas = _areas_in_order(book, sessions)
    groups = sorted(sessions["group"].unique())

    tables, totals, hidden_cells = [], {}, 0
    for title, weeks in WINDOWS:
        window = _in_window(sessions, book.as_of, weeks)
        table, total_row, hidden = _window_table(title, window, groups, areas, min_group)
        tables.append(table)
        totals[title] = total_row
        hidden_cells += hidden

    top = sorted(
        areas,
        key=lambda area: (-_number(totals["All weeks"][area]), areas.index(area)),
    )
    top_needs = Table(
        "top_needs",
        (
            Column("Framework Area", width=26),
            *(Column(title, Format.INTEGER) for title, _ in WINDOWS),
        ),
        tuple((area, *(_chartable(totals[title][area]) for title, _ in WINDOWS)) for area in top),
        title="Coaching focus by framework area (all groups)",
        empty_message="No coaching conversations with a framework focus yet.",
    )
    figures = KeyFigures(
        "needs",
        (
            KeyFigure("Minimum group size", min_group, Format.INTEGER),
            KeyFigure(
                "Conversations counted",
                len(sessions) if sessions["teacher_id"].nunique() >= min_group else HIDDEN,
                Format.INTEGER,
                "all weeks, teachers in a group of at least the minimum size",
                headline=True,
            ),
            KeyFigure("Teacher groups", len(groups), Format.INTEGER),
            KeyFigure("Cells hidden", hidden_cells, Format.INTEGER, "small or whole-row counts"),
            KeyFigure(
                "Conversations with no framework focus",
                unfocused,
                Format.INTEGER,
                "no Focus Area, or a code not on the Framework tab: not counted",
            ),
        ),
        title="Professional-learning needs",
    )
    return OutputTab(
        name=PL_NEEDS_TAB,
        title="PL Needs: coaching focus by teacher group",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Groups of at least {min_group} teachers; "
        "no individual is shown.",
        blocks=(
            figures,
            Note(
                f"{HIDDEN} = hidden: fewer than {min_group} teachers behind the count, the "
                "whole of a group's row, or a cell that would let a hidden one be worked out."
            ),
            top_needs,
            *tables,
        ),
        charts=(
            Chart(
                "top_needs_chart",
                ChartKind.BAR,
                "Coaching focus by framework area",
                "top_needs",
                "Framework Area",
                tuple(title for title, _ in WINDOWS),
                y_title="Conversations",
            ),
        )
        if areas
        else (),
    )


def _sessions(book: Book, min_group: int) -> tuple[pd.DataFrame, int]:
    """Conversations with a framework focus and a grouped teacher; and how many lack a focus."""
    rows = rows_in_scope(book)
    grouping = coaching_groups(book, min_group)
    framework = book.framework[book.framework["valid"]]
    area_of = {
        str(code).upper(): str(area)
        for code, area in zip(framework["code"], framework["area"], strict=True)
        if not pd.isna(code) and not pd.isna(area)
    }
    focus = rows["focus_area"].astype("string").str.upper()
    area = focus.map(lambda code: area_of.get(code) if not pd.isna(code) else None)
    group = rows["teacher_id"].astype(str).map(lambda t: grouping.labels.get(t))
    grouped = group.notna()
    sessions = pd.DataFrame(
        {
            "week": rows["date"] - pd.to_timedelta(rows["date"].dt.day_of_week, unit="D"),
            "teacher_id": rows["teacher_id"].astype(str),
            "group": group,
            "area": area,
        }
    )
    focused = sessions["area"].notna()
    return sessions[grouped & focused], int((grouped & ~focused).sum())


def _areas_in_order(book: Book, sessions: pd.DataFrame) -> list[str]:
    """Framework areas in the Framework tab's order, those with conversations only."""
    counted = set(sessions["area"])
    ordered = dict.fromkeys(str(a) for a in book.framework["area"].dropna())
    return [area for area in ordered if area in counted]


def _in_window(sessions: pd.DataFrame, as_of: dt.date, weeks: int | None) -> pd.DataFrame:
    if weeks is None:
        return sessions
    first = week_of(as_of) - dt.timedelta(weeks=weeks - 1)
    return sessions[sessions["week"] >= pd.Timestamp(first)]


def _window_table(
    title: str, window: pd.DataFrame, groups: list[str], areas: list[str], min_group: int
) -> tuple[Table, dict[str, Cell], int]:
    """One window's group x area table; its total row by area; how many cells it hides."""
    counts = [[0] * len(areas) for _ in groups]
    who: list[list[set[str]]] = [[set() for _ in areas] for _ in groups]
    row_of = {group: i for i, group in enumerate(groups)}
    column_of = {area: j for j, area in enumerate(areas)}
    for record in window.itertuples(index=False):
        i, j = row_of[record.group], column_of[record.area]
        counts[i][j] += 1
        who[i][j].add(record.teacher_id)
    if not groups:
        empty = Table(
            title.casefold().replace(" ", "_"),
            (Column("Group"),),
            (),
            title=title,
            empty_message="No coaching conversations with a framework focus yet.",
        )
        return empty, {}, 0
    grid = with_totals(counts, len(areas))
    teachers = _teachers_with_totals(who)
    mask = protect(grid, primary(grid, [[len(s) for s in row] for row in teachers], min_group))

    def shown(i: int, j: int) -> Cell:
        return HIDDEN if mask[i][j] else grid[i][j]

    people = [len(set().union(*row)) for row in teachers]
    rows = [
        (
            label,
            # Each coached teacher had at least one conversation: a teacher count beside a
            # hidden total would bound it, so it is hidden with it.
            people[i] if people[i] >= min_group and not mask[i][-1] else HIDDEN,
            *(shown(i, j) for j in range(len(areas) + 1)),
        )
        for i, label in enumerate([*groups, ALL_GROUPS])
    ]
    table = Table(
        key=title.casefold().replace(" ", "_"),
        columns=(
            Column("Group", width=24),
            Column("Teachers coached", Format.INTEGER),
            *(Column(area, Format.INTEGER) for area in areas),
            Column("Total", Format.INTEGER),
        ),
        rows=tuple(rows),
        title=f"{title}: conversations by group and framework area",
    )
    total_row = {area: shown(len(groups), j) for j, area in enumerate(areas)}
    hidden = sum(flag for row in mask for flag in row)
    return table, total_row, hidden


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


def _number(value: Cell) -> int:
    return value if isinstance(value, int) else -1


def _chartable(value: Cell) -> Cell:
    """A hidden count is a blank in the chart's table (a `*` would be drawn as zero)."""
    return None if value == HIDDEN else value
