"""Work once per distinct cell: a 50,000-row log repeats the same dates, names and codes.

    day = Distinct.of(cells).map(parse_date)     # parse_date runs once per distinct cell
    ok = day.map(attrgetter("ok")).series(bool)  # one value per row again

A `Distinct` is a column held as its distinct cells and, for each row, the position of its
cell among them. `map` works on the distinct cells only, and keeps the rows' positions, so a
chain of maps costs what the distinct cells cost; `series` spreads the result back over the
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

# Columns whose cells are all of one kind: equal values are the same cell. In a mixed column
# `1`, `1.0` and `True` are equal in Python but not the same cell, so the type is kept apart.
_ONE_KIND = frozenset({"string", "empty", "integer", "floating", "boolean", "datetime", "date"})
_type_of = np.frompyfunc(type, 1, 1)


class Distinct:
    """One column: `values`, its distinct cells, and `codes`, each row's position in them."""

    def __init__(self, index: pd.Index, codes: np.ndarray, values: np.ndarray) -> None:
        self.index = index
        self.codes = codes
        self.values = values

    @classmethod
    def of(cls, column: pd.Series) -> Distinct:
        """The distinct cells of `column`, its rows labelled by its index."""
        cells = column.to_numpy(dtype=object)
        if len(cells) == 0:
            return cls(column.index, np.zeros(0, dtype=np.intp), cells)
        codes, _ = pd.factorize(cells, use_na_sentinel=False)
        if pd.api.types.infer_dtype(cells, skipna=True) not in _ONE_KIND:
            kinds, _ = pd.factorize(_type_of(cells))
            codes, _ = pd.factorize(codes * (kinds.max() + 1) + kinds)
        _, first = np.unique(codes, return_index=True)
        return cls(column.index, codes, cells[first])

    @classmethod
    def empty(cls, index: pd.Index) -> Distinct:
        """A column of empty cells."""
        return cls(index, np.zeros(len(index), dtype=np.intp), _objects([None]))

    def map(self, func: Callable[[Any], object]) -> Distinct:
        """`func` of each distinct cell, the rows unchanged."""
        return Distinct(self.index, self.codes, _objects(func(v) for v in self.values))

    def where(self, keep: pd.Series | np.ndarray, other: Distinct) -> Distinct:
        """This column's cell where `keep`, `other`'s (a column of the same rows) elsewhere."""
        codes = np.where(np.asarray(keep, dtype=bool), self.codes, other.codes + len(self.values))
        return Distinct(self.index, codes, np.concatenate([self.values, other.values]))

    def take(self, rows: np.ndarray) -> Distinct:
        """The rows picked by a boolean mask (or positions)."""
        return Distinct(self.index[rows], self.codes[rows], self.values)

    def isna(self) -> pd.Series:
        """True on rows whose cell is None or NaN."""
        return pd.Series(pd.isna(self.values)[self.codes], index=self.index, dtype=bool)

    def series(self, dtype: Any = object) -> pd.Series:
        """One value per row."""
        return pd.Series(self.values[self.codes], index=self.index, dtype=dtype)


def _objects(items: Iterable[object]) -> np.ndarray:
    """A 1-D object array of `items` (tuples stay whole, unlike `np.array`)."""
    return np.fromiter(items, dtype=object)
