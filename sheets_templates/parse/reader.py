"""Finding input tabs and their header rows, and reading typed columns with findings.

`TabReader` wraps one raw tab: it locates the header row (the row, among the first ten, that
names the most known columns), maps each schema field to the header the person wrote, and
turns columns into typed pandas Series while collecting findings with the sheet's own row
numbers and header text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import TypeVar

import numpy as np
import pandas as pd

from sheets_templates.errors import MissingColumn
from sheets_templates.findings import (
    CELL_ERROR,
    OPTIONAL_DATE_UNREADABLE,
    Finding,
    FindingKind,
    counted,
    fault_counts,
    shown_value,
)
from sheets_templates.parse.distinct import Distinct
from sheets_templates.parse.values import (
    Parsed,
    is_blank,
    is_error_value,
    parse_date,
    parse_datetime,
    text_of,
)
from sheets_templates.schema import DateOrder, Tab, normalise_header

T = TypeVar("T")
HEADER_SEARCH_ROWS = 10


class TabReader:
    """One input tab: header mapping, raw data rows, and the findings made reading it."""

    def __init__(self, spec: Tab, sheet_name: str, rows: Sequence[Sequence[object]]) -> None:
        self.spec = spec
        self.name = sheet_name
        self.findings: list[Finding] = []
        header_index = _header_row(spec, rows)
        header = list(rows[header_index]) if rows else []
        self.headers: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        for column in spec.columns:
            position = _find_column(column.header, column.aliases, header, self.columns)
            if position is not None:
                self.headers[column.field] = text_of(header[position])
                self.columns[column.field] = position
        self._check_required()
        body = rows[header_index + 1 :]
        every_row = pd.RangeIndex(header_index + 2, header_index + 2 + len(body))
        grid = _grid(body)
        cells = {field: _column(grid, at, every_row) for field, at in self.columns.items()}
        # Rows with nothing in the known columns are not rows anyone meant to write.
        written = np.zeros(len(body), dtype=bool)
        for filled in cells.values():
            written |= ~filled.isna().to_numpy()
        self.rows: pd.Index = every_row[written]  # the sheet's row numbers of the data rows
        self._cells = {field: kept.take(written) for field, kept in cells.items()}
        self._texts: dict[str, pd.Series] = {}
        self.date_order = DateOrder.MDY  # Settings Date Order, once the Settings are read
        self._clear_error_cells()

    def _clear_error_cells(self) -> None:
        """A cell showing `#N/A`, `#REF!`... is a finding naming it, and reads as empty: an
        error is never a value (an observer called "#N/A")."""
        for field, column in self._cells.items():
            flagged = column.map(is_error_value).series(bool)
            if not flagged.any():
                continue
            raw = column.series()
            for row in flagged[flagged].index:
                self.add(CELL_ERROR, row, field, raw[row], error=str(raw[row]).strip())
            self._cells[field] = column.map(_none_if_error)

    def parse_date(self, value: object) -> Parsed[dt.date]:
        """`values.parse_date`, text read by this workbook's Date Order."""
        return parse_date(value, self.date_order)

    def parse_datetime(self, value: object) -> tuple[Parsed[dt.date], Parsed[int]]:
        """`values.parse_datetime`, text read by this workbook's Date Order."""
        return parse_datetime(value, self.date_order)

    def _check_required(self) -> None:
        # The message names the headers we look for, never the cells we found: without a
        # header row, those cells would be a teacher's name and email.
        for column in self.spec.columns:
            if column.required and column.field not in self.columns:
                also = [repr(a) for a in column.aliases[:3]]
                raise MissingColumn(
                    f"The '{self.name}' tab has no '{column.header}' column. Put the headers in "
                    f"the tab's first row, with one headed '{column.header}'"
                    + (f" (or {', '.join(also)})." if also else ".")
                )
        for group in self.spec.one_of:
            if not any(field in self.columns for field in group):
                names = " or ".join(f"'{self.spec.column(f).header}'" for f in group)
                raise MissingColumn(
                    f"The '{self.name}' tab needs a {names} column. Put the headers in the "
                    "tab's first row."
                )

    def has(self, field: str) -> bool:
        return field in self.columns

    def column(self, field: str) -> Distinct:
        """A column's cells (all empty when the tab lacks it); empty cells are None."""
        return self._cells.get(field) or Distinct.empty(self.rows)

    def raw(self, field: str) -> pd.Series:
        """The raw cell values of a column, one per row (None for empty cells)."""
        return self.column(field).series()

    def text(self, field: str) -> pd.Series:
        """A column as trimmed text, `<NA>` for empty cells."""
        if field not in self._texts:
            self._texts[field] = self.column(field).map(_text_or_none).series("string")
        return self._texts[field].copy()

    def parsed(
        self,
        field: str,
        parser: Callable[[object], Parsed[T]],
        *,
        unreadable: FindingKind,
        missing: FindingKind | None = None,
    ) -> tuple[pd.Series, pd.Series]:
        """Parse a column cell by cell: (values, ok mask), with an `unreadable` finding for
        each cell that fails. With `missing`, every row must fill the column: an empty cell
        is that finding and not ok."""
        column = self.column(field)
        results = column.map(parser)
        blank = column.isna()
        failed = ~results.map(attrgetter("ok")).series(bool) & ~blank
        if failed.any():
            raw, problems = column.series(), results.map(attrgetter("problem")).series()
            for row in failed[failed].index:
                self.add(unreadable, row, field, raw[row], problem=problems[row])
        if missing is not None:
            for row in blank[blank].index:
                self.add(missing, row, field, None)
        ok = ~failed & (~blank if missing is not None else True)
        return results.map(attrgetter("value")).series(), ok.astype(bool)

    def optional_date(self, field: str) -> pd.Series:
        """A date column that may be left blank; a date that cannot be read is a warning
        and counts as blank."""
        values, _ = self.parsed(field, self.parse_date, unreadable=OPTIONAL_DATE_UNREADABLE)
        return dates_series(values)

    def summarise(self, rows: pd.Series, kind: FindingKind, **fields: object) -> None:
        """One finding of `kind` for these rows, in place of the findings made on them: the
        line counts the rows (`{rows}`) and their faults (`{faults}`)."""
        on_rows = set(rows)
        folded = [f for f in self.findings if f.row in on_rows]
        self.findings = [f for f in self.findings if f.row not in on_rows]
        faults = fault_counts(folded)
        self.add(
            kind,
            int(rows.min()),
            "date" if self.has("date") else "timestamp",
            None,
            rows=counted(len(rows), "row"),
            faults=f"; faults in them: {faults}" if faults else "",
            **fields,
        )

    def add(
        self, kind: FindingKind, row: int | None, field: str, value: object, **fields: object
    ) -> None:
        """Record a finding of this kind at this tab's (row, field); `fields` fill in the
        kind's problem and fix."""
        self.findings.append(
            Finding(
                code=kind.code,
                severity=kind.severity,
                tab=self.name,
                row=row,
                column=self.headers.get(field, self.spec.column(field).header) if field else "",
                value=shown_value(value),
                problem=kind.problem.format(**fields),
                fix=kind.fix.format(**fields),
                column_index=self.columns[field] + 1 if field in self.columns else None,
            )
        )


def _header_row(spec: Tab, rows: Sequence[Sequence[object]]) -> int:
    best, best_score = 0, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(
            1
            for cell in row
            if not is_blank(cell) and any(c.matches(str(cell)) for c in spec.columns)
        )
        if score > best_score:
            best, best_score = index, score
    return best


def _find_column(
    header_name: str, aliases: Sequence[str], header: list[object], taken: Mapping[str, int]
) -> int | None:
    used = set(taken.values())
    for wanted in (header_name, *aliases):
        key = normalise_header(wanted)
        for position, cell in enumerate(header):
            if position not in used and not is_blank(cell) and normalise_header(cell) == key:
                return position
    return None


def _grid(rows: Sequence[Sequence[object]]) -> np.ndarray:
    """The rows as one 2-D array of cells, short rows padded with empty cells."""
    width = max(map(len, rows), default=0)
    grid = np.full((len(rows), width), None, dtype=object)
    if all(len(row) == width for row in rows):
        grid[:] = rows
    else:
        for number, row in enumerate(rows):
            grid[number, : len(row)] = row
    return grid


def _column(grid: np.ndarray, position: int, rows: pd.Index) -> Distinct:
    if position >= grid.shape[1]:
        return Distinct.empty(rows)
    # Text of only spaces is an empty cell.
    return Distinct.of(pd.Series(grid[:, position], index=rows)).map(_none_if_blank)


def _none_if_blank(value: object) -> object:
    return None if is_blank(value) else value


def _none_if_error(value: object) -> object:
    return None if is_error_value(value) else value


def _text_or_none(value: object) -> str | None:
    return text_of(value) or None


def dates_series(values: pd.Series) -> pd.Series:
    """Python dates (or None) as a `datetime64[ns]` column.

    Each distinct date is converted once: a log of 50,000 visits has a few hundred dates.
    """
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    days = pd.Series([d if isinstance(d, dt.date) else None for d in distinct], dtype=object)
    converted = pd.to_datetime(days).astype("datetime64[ns]").to_numpy()
    column = np.full(len(codes), np.datetime64("NaT", "ns"))
    given = codes >= 0  # factorize gives -1 for None and NaN
    column[given] = converted[codes[given]]
    return pd.Series(column, index=values.index, name=values.name, dtype="datetime64[ns]")
