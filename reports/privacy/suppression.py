"""Which cells of a group x area table to hide, so no hidden cell can be worked out again.

The table is counts with a Total column and a total row (an (R+1) x (C+1) grid; the last row
and column are the totals). A cell is hidden for itself (*primary*) when fewer than
`min_group` distinct teachers are behind it (that includes 0), or when it is the whole of its
row (a 100% share: it would tell something about every teacher of the group).

Then *complementary* cells are hidden so subtraction gives nothing back. Each cell sits in one
row sum and one column sum; take rows and columns as the nodes of a graph and hidden cells as
its edges. A hidden cell can be recomputed from the visible ones exactly when its edge lies on
no cycle (a bridge), for instance the only hidden cell of a row. So: while some hidden cell is
a bridge, hide one more cell that closes a cycle through it, choosing small counts above 0.
Counts are never negative, so a line whose hidden cells are all 0 would give them away: such a
line gets one more hidden cell. (This is the linear audit plus that one bound; a full
interval audit with linear programming could still narrow some hidden cells to a range.)
"""

from __future__ import annotations

from collections.abc import Sequence

Grid = list[list[int]]
Mask = list[list[bool]]


def with_totals(counts: Sequence[Sequence[int]], columns: int) -> Grid:
    """`counts` (R x C) with a Total column and a total row appended."""
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[j] for row in grid) for j in range(columns + 1)])
    return grid


def primary(grid: Grid, teachers: Sequence[Sequence[int]], min_group: int) -> Mask:
    """Cells hidden for themselves: too few teachers behind them, or all of their row."""
    last = len(grid[0]) - 1
    return [
        [
            teachers[i][j] < min_group or (j < last and 0 < value == row[last])
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(grid)
    ]


def protect(grid: Grid, hidden: Mask) -> Mask:
    """`hidden` plus complementary cells, until no hidden cell can be recomputed."""
    mask = [list(row) for row in hidden]
    while True:
        if (bridge := _find_bridge(mask)) is not None:
            partner = _close_cycle(grid, mask, *bridge)
            if partner is None:  # too small a table to hide anything safely: hide it all
                return [[True] * len(row) for row in grid]
        elif (partner := _zero_line_partner(grid, mask)) is None:
            return mask
        mask[partner[0]][partner[1]] = True


def _zero_line_partner(grid: Grid, mask: Mask) -> tuple[int, int] | None:
    """A cell to hide in a line whose hidden cells are all 0 (counts are never negative, so
    such zeros could be read off); None when there is no such line."""
    lines = [[(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    for line in lines:
        hidden = [grid[i][j] for i, j in line if mask[i][j]]
        if hidden and not any(hidden):
            visible = [(grid[i][j], i, j) for i, j in line if not mask[i][j] and grid[i][j]]
            if visible:
                _, i, j = min(visible)
                return i, j
    return None


def recoverable(mask: Mask) -> list[tuple[int, int]]:
    """Hidden cells that the visible cells and the totals give back exactly (bridges)."""
    return [cell for cell in _hidden(mask) if _is_bridge(mask, *cell)]


def _hidden(mask: Mask) -> list[tuple[int, int]]:
    return [(i, j) for i, row in enumerate(mask) for j, flag in enumerate(row) if flag]


def _find_bridge(mask: Mask) -> tuple[int, int] | None:
    for cell in _hidden(mask):
        if _is_bridge(mask, *cell):
            return cell
    return None


def _is_bridge(mask: Mask, row: int, column: int) -> bool:
    """Whether row and column stay connected through other hidden cells without this one."""
    seen = {("r", row)}
    todo = [("r", row)]
    while todo:
        kind, index = todo.pop()
        if kind == "r":
            nxt = [("c", j) for j, flag in enumerate(mask[index]) if flag]
        else:
            nxt = [("r", i) for i in range(len(mask)) if mask[i][index]]
        for node in nxt:
            edge = (index, node[1]) if kind == "r" else (node[1], index)
            if edge == (row, column) or node in seen:
                continue
            if node == ("c", column):
                return False
            seen.add(node)
            todo.append(node)
    return True


def _close_cycle(grid: Grid, mask: Mask, row: int, column: int) -> tuple[int, int] | None:
    """A visible cell whose hiding puts (row, column) on a cycle: the smallest such count.

    Hiding (r2, c2) with r2 reachable from `column` and c2 reachable from `row` (each without
    the bridge) closes the cycle row - column - ... - r2 - c2 - ... - row.
    """
    rows_of_column = _reach(mask, ("c", column), (row, column), "r")
    columns_of_row = _reach(mask, ("r", row), (row, column), "c")
    # A row or column whose only hidden cell is this one first gets a second hidden cell.
    if not rows_of_column:
        rows_of_column, columns_of_row = set(range(len(grid))) - {row}, {column}
    elif not columns_of_row:
        rows_of_column, columns_of_row = {row}, set(range(len(grid[0]))) - {column}
    options = [
        (grid[r][c] == 0, grid[r][c], r == len(grid) - 1 or c == len(grid[0]) - 1, r, c)
        for r in rows_of_column
        for c in columns_of_row
        if not mask[r][c]
    ]
    if not options:
        return None
    *_, r, c = min(options)  # the smallest count above 0; inner cells before totals
    return r, c


def _reach(mask: Mask, start: tuple[str, int], without: tuple[int, int], kind: str) -> set[int]:
    """Indices of `kind` nodes reachable from `start` through hidden cells, bridge excluded."""
    seen = {start}
    todo = [start]
    while todo:
        node_kind, index = todo.pop()
        if node_kind == "r":
            nxt = [("c", j) for j, flag in enumerate(mask[index]) if flag and (index, j) != without]
        else:
            nxt = [("r", i) for i in range(len(mask)) if mask[i][index] and (i, index) != without]
        for node in nxt:
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return {index for node_kind, index in seen if node_kind == kind}
