"""Suppression solved jointly over nested windows of one group x area table.

PL Needs shows the same group x area table (with its Total column and total row) over the
last 4 weeks, the last 8 weeks and all weeks. The windows are nested, so a reader can
subtract them: all weeks minus 8 weeks is what happened before, cell by cell and line by line.
Protecting each window alone (`reports.privacy.suppression`) is not enough.

The reader's knowledge is a linear system. Its unknowns are the *slices*: the counts of each
group and area in the last 4 weeks, in weeks 5 to 8 and before that; every shown cell of every
window is one equation (a window is the sum of its slices). A quantity is *worked out* when it
is a linear combination of those equations (checked exactly, by projection on their row
space). The rules, kept together until nothing changes:

1. in each window, a cell is hidden for itself as before (fewer than `min_group` teachers,
   0 included, or the whole of its row), and complementary cells are hidden so no hidden cell
   is a bridge and no line's hidden cells are all 0 (`suppression.protect`);
2. no hidden cell of any window can be worked out from all the windows together;
3. no *derived count* that rests on fewer than `min_group` teachers can be worked out: a cell
   or total over any run of slices (a difference of two windows), or a line's hidden cells
   in one window (its total minus its shown cells), unless that count is 0.

A hidden cell that can be worked out gets a partner hidden beside it; a difference that gives
a small count away is hidden in the shorter window; a line whose hidden cells rest on too few
teachers hides one more of its cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from reports.privacy.suppression import Grid, Mask, primary, protect, with_totals

Teachers = list[list[frozenset[str]]]
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Slice:
    """One stretch of weeks: conversations and the teachers behind them, group x area."""

    counts: list[list[int]]
    teachers: list[list[frozenset[str]]]


@dataclass(frozen=True)
class _Table:
    """The group x area table with totals, of one window or one run of slices."""

    grid: Grid
    teachers: Teachers


def protect_windows(slices: Sequence[Slice], min_group: int) -> list[Mask]:
    """One mask per window (window `w` is slices `0..w`), hidden cells True."""
    rows, columns = len(slices[0].counts), len(slices[0].counts[0])
    windows = [_total(slices[: w + 1], rows, columns) for w in range(len(slices))]
    masks = [
        protect(t.grid, primary(t.grid, [[len(s) for s in r] for r in t.teachers], min_group))
        for t in windows
    ]
    runs = {run: _total(slices[run[0] : run[1] + 1], rows, columns) for run in _runs(len(slices))}
    for _ in range(len(slices) * (rows + 1) * (columns + 1)):
        fixes = _fixes(windows, runs, masks, min_group)
        if not fixes:
            return masks
        for w, i, j in fixes:
            masks[w][i][j] = True
        for w in {w for w, _, _ in fixes}:
            masks[w] = protect(windows[w].grid, masks[w])
    return [[[True] * (columns + 1) for _ in range(rows + 1)] for _ in slices]


def _total(slices: Sequence[Slice], rows: int, columns: int) -> _Table:
    counts = [[sum(s.counts[i][j] for s in slices) for j in range(columns)] for i in range(rows)]
    who = [
        [frozenset().union(*(s.teachers[i][j] for s in slices)) for j in range(columns)]
        for i in range(rows)
    ]
    return _Table(with_totals(counts, columns), _teachers_with_totals(who))


def _teachers_with_totals(who: Teachers) -> Teachers:
    grid = [[*row, frozenset().union(*row)] for row in who]
    width = len(grid[0])
    grid.append([frozenset().union(*(row[j] for row in grid)) for j in range(width)])
    return grid


class _System:
    """What a reader knows: the shown cells as equations over the slices' inner cells."""

    def __init__(self, slices: int, rows: int, columns: int, masks: list[Mask]) -> None:
        self.shape = (slices, rows, columns)
        shown = [
            (range(w + 1), i, j)
            for w, mask in enumerate(masks)
            for i, line in enumerate(mask)
            for j, hidden in enumerate(line)
            if not hidden
        ]
        matrix = self.cells(shown)
        if matrix.shape[0]:
            _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
            self._basis = vt[singular > _TOLERANCE * max(1.0, singular[0])]
        else:
            self._basis = matrix

    def cells(self, wanted: Sequence[tuple[range, int, int]]) -> np.ndarray:
        """One row per (slices, i, j): the coefficients of cell (i, j) of the grid with
        totals (i == rows: the total row; j == columns: the Total column) over those slices."""
        _, rows, columns = self.shape
        matrix = np.zeros((len(wanted), *self.shape))
        for n, (runs, i, j) in enumerate(wanted):
            row_part = slice(None) if i == rows else slice(i, i + 1)
            column_part = slice(None) if j == columns else slice(j, j + 1)
            matrix[n, runs.start : runs.stop, row_part, column_part] = 1.0
        return matrix.reshape(len(wanted), int(np.prod(self.shape)))

    def worked_out(self, wanted: Sequence[tuple[range, int, int]]) -> list[bool]:
        """For each cell over its slices: whether it follows from the shown cells (lies in
        their span)."""
        if not wanted:
            return []
        targets = self.cells(wanted)
        rest = targets - (targets @ self._basis.T) @ self._basis
        return [bool(r) for r in np.abs(rest).max(axis=1) < 1e-7]


def _fixes(
    windows: list[_Table],
    runs: dict[tuple[int, int], _Table],
    masks: list[Mask],
    min_group: int,
) -> set[tuple[int, int, int]]:
    """The (window, row, column) cells to hide next; none when every rule holds."""
    rows, columns = len(windows[0].grid) - 1, len(windows[0].grid[0]) - 1
    system = _System(len(windows), rows, columns, masks)
    hidden = [(w, i, j) for w, mask in enumerate(masks) for i, j in _hidden(mask)]
    worked = system.worked_out([(range(w + 1), i, j) for w, i, j in hidden])
    fixes = {
        _partner(windows[w], masks, w, i, j)
        for (w, i, j), out in zip(hidden, worked, strict=True)
        if out
    }
    if fixes:
        return fixes
    small = [
        (first, last, i, j)
        for (first, last), table in runs.items()
        for i, j in _cells(rows, columns)
        if table.grid[i][j] > 0 and len(table.teachers[i][j]) < min_group
    ]
    worked = system.worked_out([(range(first, last + 1), i, j) for first, last, i, j in small])
    for (first, last, i, j), out in zip(small, worked, strict=True):
        if out:
            shown = [w for w in (first - 1, last) if not masks[w][i][j]]
            fixes.add((shown[0], i, j) if shown else _partner(windows[last], masks, last, i, j))
    if fixes:
        return fixes
    return {
        (w, *cell)
        for w, mask in enumerate(masks)
        for cell in _thin_lines(windows[w], mask, min_group)
    }


def _runs(count: int) -> Iterator[tuple[int, int]]:
    """Runs of slices that are a difference of two windows: (first, last), first > 0."""
    for first in range(1, count):
        for last in range(first, count):
            yield first, last


def _cells(rows: int, columns: int) -> Iterator[tuple[int, int]]:
    for i in range(rows + 1):
        for j in range(columns + 1):
            yield i, j


def _hidden(mask: Mask) -> list[tuple[int, int]]:
    return [(i, j) for i, line in enumerate(mask) for j, flag in enumerate(line) if flag]


def _partner(table: _Table, masks: list[Mask], w: int, i: int, j: int) -> tuple[int, int, int]:
    """A visible cell to hide so hidden cell (i, j) of window `w` can no longer be worked
    out: the smallest count above 0 in its row or column of that window, else the same cell
    in the nearest window that shows it."""
    mask, grid = masks[w], table.grid
    options = [
        (grid[r][c] == 0, grid[r][c], r, c)
        for r, c in [*((i, c) for c in range(len(grid[0]))), *((r, j) for r in range(len(grid)))]
        if not mask[r][c]
    ]
    if options:
        *_, r, c = min(options)
        return w, r, c
    nearest = sorted(range(len(masks)), key=lambda v: abs(v - w))
    return next((v, i, j) for v in nearest if not masks[v][i][j])


def _thin_lines(table: _Table, mask: Mask, min_group: int) -> Iterator[tuple[int, int]]:
    """A cell to hide in each line whose hidden cells, worked out together from its shown
    total, are all 0 or rest on fewer than `min_group` teachers."""
    grid, who = table.grid, table.teachers
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    lines = [[(i, j) for j in range(last_column + 1)] for i in range(last_row + 1)]
    lines += [[(i, j) for i in range(last_row + 1)] for j in range(last_column + 1)]
    for line in lines:
        total = line[-1]
        hidden = [cell for cell in line[:-1] if mask[cell[0]][cell[1]]]
        if not hidden or mask[total[0]][total[1]]:
            continue
        count = sum(grid[i][j] for i, j in hidden)
        behind = frozenset().union(*(who[i][j] for i, j in hidden))
        if count == 0 or len(behind) < min_group:
            visible = [
                (len(who[i][j] - behind) == 0, grid[i][j] == 0, grid[i][j], i, j)
                for i, j in line[:-1]
                if not mask[i][j]
            ]
            if visible:
                *_, i, j = min(visible)
                yield i, j
