"""The PL Needs tab: counts by group and area, small cells hidden, nothing recoverable."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.model import ChartKind, OutputTab, Table
from reports.privacy.suppression import primary, protect, recoverable, with_totals
from reports.tabs.pl_needs import HIDDEN, pl_needs_tab
from sheets_templates.book import Book
from tests.builders import coaching, look_for, make_book, teacher

AREAS = [look_for("CL1", "Culture"), look_for("IN1", "Instruction"), look_for("AS1", "Assessment")]


def school(sessions: list[tuple[str, str, str]], teachers: dict[str, tuple[str, str]]) -> Book:
    """`sessions`: (date, teacher id, focus code); `teachers`: id -> (grade, department)."""
    return make_book(
        roster=[
            teacher(tid, f"Teacher {tid}", grade=g, department=d, years=5)
            for tid, (g, d) in teachers.items()
        ],
        coaching_rows=[coaching(day, "Coach", tid, focus_area=code) for day, tid, code in sessions],
        framework=AREAS,
        as_of="2026-11-20",
    )


def rows_of(table: Table) -> list[tuple[object, ...]]:
    return [tuple(row) for row in table.rows]


def ten_math_five_ela() -> Book:
    teachers = {f"M{i}": ("7", "Math") for i in range(10)}
    teachers |= {f"E{i}": ("8", "ELA") for i in range(5)}
    sessions = [("2026-11-16", f"M{i}", "IN1") for i in range(6)]  # 6 Math on Instruction
    sessions += [("2026-11-17", f"M{i}", "CL1") for i in range(6, 10)]  # 4 Math on Culture
    sessions += [("2026-09-01", f"E{i}", "IN1") for i in range(5)]  # 5 ELA, weeks ago
    return school(sessions, teachers)


def test_all_weeks_counts_with_small_and_whole_row_cells_hidden() -> None:
    tab = pl_needs_tab(ten_math_five_ela())
    assert tab.name == "PL Needs"
    table = tab.table("all_weeks")
    assert [c.header for c in table.columns] == [
        "Group",
        "Teachers coached",
        "Culture",
        "Instruction",
        "Total",
    ]
    # Math: Culture has 4 teachers (< 5): hidden, and Instruction with it (else 10 - 6 gives
    # it back). ELA: Instruction is 100% of its row and Culture 0: both hidden. All groups:
    # Culture has 4 teachers, so Instruction is hidden beside it.
    assert rows_of(table) == [
        ("Gr 7 Math, 4-10 yrs", 10, HIDDEN, HIDDEN, 10),
        ("Gr 8 ELA, 4-10 yrs", 5, HIDDEN, HIDDEN, 5),
        ("All groups", 15, HIDDEN, HIDDEN, 15),
    ]
    mask = [[cell == HIDDEN for cell in row[2:]] for row in table.rows]
    assert recoverable(mask) == []


def test_a_teacher_count_is_hidden_with_its_row_total() -> None:
    table = pl_needs_tab(ten_math_five_ela()).table("last_4_weeks")
    # Only 10 Math conversations in these weeks, all of them Math's: the group total would be
    # 100% of the All groups total, so the row is hidden, and its teacher count with it.
    assert rows_of(table) == [
        ("Gr 7 Math, 4-10 yrs", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        ("Gr 8 ELA, 4-10 yrs", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        ("All groups", 10, HIDDEN, HIDDEN, 10),
    ]


def twelve_math() -> Book:
    teachers = {f"M{i}": ("7", "Math") for i in range(12)}
    sessions = [("2026-11-16", f"M{i}", "IN1") for i in range(6)]
    sessions += [("2026-10-01", f"M{i}", "IN1") for i in range(6, 12)]
    sessions += [("2026-09-01", f"M{i}", "CL1") for i in range(6)]
    sessions += [("2026-09-02", f"M{i}", "AS1") for i in range(6, 12)]
    return school(sessions, teachers)


def test_no_group_shows_a_zero_or_a_hundred_percent_share() -> None:
    shown = []
    for book in (ten_math_five_ela(), twelve_math()):
        tab = pl_needs_tab(book)
        for key in ("last_4_weeks", "last_8_weeks", "all_weeks"):
            for row in tab.table(key).rows:
                *cells, total = row[2:]
                for cell in cells:
                    assert cell == HIDDEN or (isinstance(total, int) and 0 < cell < total), row
                    shown += [cell] if cell != HIDDEN else []
    assert shown  # some counts are shown, so the rule above was tested


def test_the_top_needs_table_is_the_all_groups_row_of_each_window() -> None:
    tab = pl_needs_tab(twelve_math())
    assert rows_of(tab.table("all_weeks"))[-1] == ("All groups", 12, 6, 12, 6, 24)
    # Sorted by all weeks; a hidden count is a blank, so the chart draws no bar for it.
    assert rows_of(tab.table("top_needs")) == [
        ("Instruction", None, None, 12),  # 8 weeks: 12 of 12 is 100%, hidden
        ("Culture", None, None, 6),
        ("Assessment", None, None, 6),
    ]


def test_the_chart_shows_the_top_needs_by_framework_area() -> None:
    tab = pl_needs_tab(ten_math_five_ela())
    (chart,) = tab.charts
    assert (chart.kind, chart.table, chart.x) == (ChartKind.BAR, "top_needs", "Framework Area")
    assert chart.series == ("Last 4 weeks", "Last 8 weeks", "All weeks")


def test_an_empty_coaching_log_gives_empty_tables() -> None:
    tab: OutputTab = pl_needs_tab(school([], {"T1": ("7", "Math")}))
    assert tab.table("all_weeks").rows == ()
    assert tab.charts == ()


def determined(mask: list[list[bool]]) -> list[tuple[int, int]]:
    """Hidden cells that linear algebra recovers from the row and column sums (independent)."""
    cells = [(i, j) for i, row in enumerate(mask) for j, flag in enumerate(row) if flag]
    if not cells:
        return []
    last_row, last_column = len(mask) - 1, len(mask[0]) - 1
    equations = [
        [(1 if j < last_column else -1) if r == i else 0 for r, j in cells]
        for i in range(len(mask))
    ] + [
        [(1 if i < last_row else -1) if c == j else 0 for i, c in cells]
        for j in range(len(mask[0]))
    ]
    system = np.array(equations, dtype=float)
    rank = np.linalg.matrix_rank(system)
    found = []
    for k, cell in enumerate(cells):
        unit = np.zeros(len(cells))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            found.append(cell)
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.integers(1, 6).flatmap(
            lambda columns: st.lists(
                st.lists(st.integers(0, 12), min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    ),
    st.integers(2, 6),
)
def test_complementary_suppression_leaves_no_hidden_cell_recoverable(
    counts: list[list[int]], k: int
) -> None:
    columns = len(counts[0])
    grid = with_totals(counts, columns)
    teachers = [[min(value, 7) for value in row] for row in grid]  # a few teachers per cell
    mask = protect(grid, primary(grid, teachers, k))
    assert determined(mask) == []
    # Every primary cell stays hidden.
    first = primary(grid, teachers, k)
    assert all(mask[i][j] for i, row in enumerate(first) for j, flag in enumerate(row) if flag)
