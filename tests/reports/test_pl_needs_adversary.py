"""An adversary who solves for PL Needs' hidden cells by linear programming gets nothing.

For many random schools, the reader sees what PL Needs shows: the group x area table with its
totals over the last 4 weeks, the last 8 weeks and all weeks, small cells hidden. Their
unknowns are the conversations of each group and area in each stretch of weeks (last 4,
weeks 5-8, before), never negative. For each hidden cell, and each count a difference of
windows would give that rests on fewer than Min Group Size teachers, the adversary asks
`scipy.optimize.linprog` for the largest and smallest value the shown cells allow: it must
not be pinned to one value. A line's total minus its shown cells must not give a count
resting on fewer than Min Group Size teachers either.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import numpy as np
import pytest

from reports.privacy.nested import Slice, protect_windows
from reports.privacy.suppression import primary, protect

optimize = pytest.importorskip("scipy.optimize")

SCHOOLS = 200
SLICES = 3  # last 4 weeks, weeks 5-8, before: window w is slices 0..w


def random_school(rng: random.Random) -> tuple[list[Slice], int]:
    """Slices of a school with 2-4 groups of 5-9 teachers, 2-4 areas, 5-60 conversations."""
    rows, columns = rng.randint(2, 4), rng.randint(2, 4)
    staff = [[f"g{g}t{t}" for t in range(rng.randint(5, 9))] for g in range(rows)]
    counts = [[[0] * columns for _ in range(rows)] for _ in range(SLICES)]
    who: list[list[list[set[str]]]] = [
        [[set() for _ in range(columns)] for _ in range(rows)] for _ in range(SLICES)
    ]
    popularity = [rng.random() + 0.1 for _ in range(columns)]
    for _ in range(rng.randint(5, 60)):
        g = rng.randrange(rows)
        a = rng.choices(range(columns), popularity)[0]
        s = rng.choices(range(SLICES), (0.3, 0.3, 0.4))[0]
        counts[s][g][a] += 1
        who[s][g][a].add(rng.choice(staff[g]))
    slices = [
        Slice(counts[s], [[frozenset(cell) for cell in row] for row in who[s]])
        for s in range(SLICES)
    ]
    return slices, rng.randint(3, 5)


def coefficients(runs: Iterable[int], i: int, j: int, rows: int, columns: int) -> np.ndarray:
    """Cell (i, j) of the table with totals (i == rows: total row; j == columns: Total
    column), summed over the slices `runs`, as coefficients over every slice's inner cells."""
    vector = np.zeros((SLICES, rows, columns))
    for s in runs:
        vector[s, slice(None) if i == rows else i, slice(None) if j == columns else j] = 1
    return vector.reshape(-1)


def value(slices: list[Slice], runs: Iterable[int], i: int, j: int) -> tuple[int, frozenset[str]]:
    """The true count of a cell over `runs`, and the teachers behind it."""
    rows, columns = len(slices[0].counts), len(slices[0].counts[0])
    count, teachers = 0, frozenset[str]()
    for s in runs:
        for r in range(rows) if i == rows else [i]:
            for c in range(columns) if j == columns else [j]:
                count += slices[s].counts[r][c]
                teachers |= slices[s].teachers[r][c]
    return count, teachers


class Adversary:
    """Everything the shown cells imply, solved by linear programming."""

    def __init__(self, slices: list[Slice], masks: list[list[list[bool]]]) -> None:
        self.rows, self.columns = len(slices[0].counts), len(slices[0].counts[0])
        equations, values = [], []
        for w, mask in enumerate(masks):
            for i, line in enumerate(mask):
                for j, hidden in enumerate(line):
                    if not hidden:
                        runs = range(w + 1)
                        equations.append(coefficients(runs, i, j, self.rows, self.columns))
                        values.append(value(slices, runs, i, j)[0])
        self.equations = np.array(equations) if equations else None
        self.values = np.array(values, dtype=float) if values else None

    def pinned(self, targets: list[tuple[np.ndarray, int]]) -> list[bool]:
        """For each (target, true value): whether the shown cells leave it only that value.

        A few LPs in random directions first: every target that differs at one of their
        solutions can take two values. Each one left is maximised and minimised alone.
        """
        rng = np.random.default_rng(0)
        left = list(range(len(targets)))
        cap = 10 * (1 + max((truth for _, truth in targets), default=0))
        for _ in range(6 if left else 0):
            direction = sum(rng.normal() * targets[t][0] for t in left)
            result = self._solve(direction, (0, cap))
            left = [t for t in left if abs(targets[t][0] @ result.x - targets[t][1]) < 0.5]
            if not left:
                break
        return [t in left and self._pinned_alone(*targets[t]) for t in range(len(targets))]

    def _pinned_alone(self, target: np.ndarray, truth: int) -> bool:
        for sign in (-1.0, 1.0):  # maximise, then minimise
            result = self._solve(sign * target, (0, None))
            if result.status == 3 or abs(sign * result.fun - truth) > 0.5:
                return False
        return True

    def _solve(self, objective: np.ndarray, bounds: tuple[float, float | None]) -> object:
        result = optimize.linprog(
            objective, A_eq=self.equations, b_eq=self.values, bounds=bounds, method="highs"
        )
        assert result.status in (0, 3), result.message  # solved, or unbounded
        return result


def audit(slices: list[Slice], masks: list[list[list[bool]]], min_group: int) -> list[str]:
    """What the adversary learns that these masks meant to hide."""
    adversary = Adversary(slices, masks)
    rows, columns = adversary.rows, adversary.columns
    targets: list[tuple[np.ndarray, int]] = []
    names = []
    for w, mask in enumerate(masks):
        for i, j in ((i, j) for i, line in enumerate(mask) for j, flag in enumerate(line) if flag):
            truth, _ = value(slices, range(w + 1), i, j)
            targets.append((coefficients(range(w + 1), i, j, rows, columns), truth))
            names.append(f"window {w} cell {i},{j} = {truth}")
    for first in range(1, SLICES):
        for last in range(first, SLICES):
            runs = range(first, last + 1)
            for i in range(rows + 1):
                for j in range(columns + 1):
                    truth, teachers = value(slices, runs, i, j)
                    if truth > 0 and len(teachers) < min_group:
                        targets.append((coefficients(runs, i, j, rows, columns), truth))
                        names.append(f"slices {first}-{last} cell {i},{j} = {truth}")
    found = [name for name, pinned in zip(names, adversary.pinned(targets), strict=True) if pinned]
    for w, mask in enumerate(masks):
        for line in lines(rows, columns):
            *cells, total = line
            hidden = [c for c in cells if mask[c[0]][c[1]]]
            if hidden and not mask[total[0]][total[1]]:
                parts = [value(slices, range(w + 1), i, j) for i, j in hidden]
                count = sum(n for n, _ in parts)
                behind = frozenset().union(*(t for _, t in parts))
                if count > 0 and len(behind) < min_group:
                    found.append(f"window {w} line {total} hidden cells = {count}")
    return found


def lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Every row and column of the table with totals, its total cell last."""
    return [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]


def test_no_hidden_cell_or_small_difference_can_be_solved_for_in_random_schools() -> None:
    rng = random.Random(17)
    found = {}
    shown = 0
    for school in range(SCHOOLS):
        slices, min_group = random_school(rng)
        masks = protect_windows(slices, min_group)
        if leaks := audit(slices, masks, min_group):
            found[school] = leaks
        shown += sum(not flag for mask in masks for line in mask for flag in line)
    assert found == {}
    assert shown > SCHOOLS * 10  # the tables still show something


def test_the_adversary_finds_what_protecting_each_window_alone_gives_away() -> None:
    """The same schools, each window protected on its own (the rule before joint
    suppression): the adversary recovers hidden cells or small differences in most."""
    rng = random.Random(17)
    leaking = 0
    for _ in range(40):
        slices, min_group = random_school(rng)
        rows, columns = len(slices[0].counts), len(slices[0].counts[0])
        masks = []
        for w in range(SLICES):
            grid = [
                [value(slices, range(w + 1), i, j)[0] for j in range(columns + 1)]
                for i in range(rows + 1)
            ]
            teachers = [
                [len(value(slices, range(w + 1), i, j)[1]) for j in range(columns + 1)]
                for i in range(rows + 1)
            ]
            masks.append(protect(grid, primary(grid, teachers, min_group)))
        leaking += bool(audit(slices, masks, min_group))
    assert leaking > 20
