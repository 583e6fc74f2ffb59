"""Columns read once per distinct cell give the same answer as reading every cell."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from sheets_templates.parse.distinct import Distinct
from sheets_templates.parse.reader import TabReader
from sheets_templates.schema import WALKTHROUGHS


def test_equal_cells_of_different_types_stay_apart() -> None:
    cells = pd.Series([1, 1.0, True, "1", None, math.nan, 1, "1"], index=range(10, 18))

    kinds = Distinct.of(cells).map(lambda v: type(v).__name__).series()

    assert kinds.tolist() == ["int", "float", "bool", "str", "NoneType", "float", "int", "str"]
    assert kinds.index.tolist() == list(range(10, 18))
    assert len(Distinct.of(cells).values) == 6


def test_a_map_runs_once_per_distinct_cell_and_keeps_tuples_whole() -> None:
    calls: list[object] = []

    def parse(value: object) -> tuple[object, int]:
        calls.append(value)
        return value, len(calls)

    column = Distinct.of(pd.Series(["a", "b", "a", "a", "b"])).map(parse)

    assert calls == ["a", "b"]
    assert column.series().tolist() == [("a", 1), ("b", 2), ("a", 1), ("a", 1), ("b", 2)]


def test_where_picks_each_row_from_one_column_or_the_other() -> None:
    dates = Distinct.of(pd.Series([dt.date(2026, 11, 3), None, None]))
    stamps = Distinct.of(pd.Series([None, dt.date(2026, 11, 4), None]))

    picked = dates.where(~dates.isna(), stamps).series()

    assert picked.tolist() == [dt.date(2026, 11, 3), dt.date(2026, 11, 4), None]


def test_a_tab_reads_spaces_as_empty_and_short_rows_as_empty_cells() -> None:
    rows = [
        ["Date", "Observer", "Teacher", "Room"],
        [dt.date(2026, 11, 3), "Obs A", "T1", 204.0],
        ["  ", " ", "\t"],  # nothing written: not a row
        [dt.date(2026, 11, 4), "Obs A"],  # short: Teacher and Room empty
        [dt.date(2026, 11, 5), "Obs B", "T2", "204"],
    ]

    reader = TabReader(WALKTHROUGHS, "Walkthroughs", rows)

    assert reader.rows.tolist() == [2, 4, 5]
    assert reader.raw("teacher").tolist() == ["T1", None, "T2"]
    assert reader.raw("room").tolist() == [204.0, None, "204"]
    assert reader.text("room").tolist() == ["204", pd.NA, "204"]
    assert reader.raw("notes").tolist() == [None, None, None]
