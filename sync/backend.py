"""The backend interface: read input tabs, write output tabs, make a new workbook, close.

Backends move cells; they never compute. Every backend (in-memory, .xlsx file, Google
Sheets, live Excel) passes the same contract suite in `tests/sync/test_contract.py`.

A backend marks the tabs it writes as the tool's (a hidden sheet-scoped name `ILR_Output` in
Excel files, developer metadata in Google Sheets) and reports the mark in `tabs()`. Which tabs
a write may replace is not the backend's to decide: `sync.outputs.plan_write` decides, once for
every backend, and refuses a tab with an output name that carries no mark (`TabNameClash`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reports.model import OutputTab

# What a backend hands over for one cell: the value as the spreadsheet holds it. Dates may be
# datetimes (Excel, calamine) or serial numbers / text (Google Sheets UNFORMATTED_VALUE); an
# empty cell may be None or empty text. The schema parsers accept all of them.
RawCell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

OUTPUT_MARKER = "ILR_Output"


@dataclass(frozen=True)
class RawTab:
    """The values of one tab, row by row, starting at the sheet's row 1, column A."""

    name: str
    rows: list[list[RawCell]]


@dataclass(frozen=True)
class TabInfo:
    name: str
    is_output: bool  # created by the tool (carries the output mark)


class Backend(Protocol):
    """One open workbook."""

    @property
    def location(self) -> str:
        """Where the workbook is, for messages: a file path or a spreadsheet link."""
        ...

    def tabs(self) -> list[TabInfo]:
        """Every tab, in workbook order. Raises `WorkbookError` if it cannot be opened."""
        ...

    def read(self, names: Sequence[str]) -> dict[str, RawTab]:
        """The values of the named tabs, in one read where the backend allows."""
        ...

    def write(self, tabs: Sequence[OutputTab]) -> None:
        """Replace the tool's output tabs with `tabs`, all or nothing.

        Tabs the people own are never touched. Raises `TabNameClash` when a tab with one of
        the names exists without the output mark, `WorkbookLocked` when it cannot be replaced.
        """
        ...

    def create(self, destination: str, tabs: Sequence[OutputTab]) -> str:
        """Write `tabs` into a brand-new workbook (never a copy) and return where it is."""
        ...

    def close(self) -> None: ...
