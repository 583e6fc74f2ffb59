"""The backend interface: read input tabs, write output tabs, make a new workbook, close.

Backends move cells; they never compute. Every backend (in-memory, .xlsx file, Google
Sheets, live Excel) passes the same contract suite in `tests/sync/test_contract.py`.

A backend knows which tabs the tool created: each marks its output tabs (a hidden sheet-scoped
name `ILR_Output` in Excel files, developer metadata in Google Sheets) and refuses to
overwrite a tab with an output name that carries no mark (`TabNameClash`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reports.model import OutputTab
from sheets_templates.schema import OUTPUT_TAB_NAMES

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


def replaced_by_refresh(tab: TabInfo, written: Sequence[str]) -> bool:
    """Whether a refresh that writes `written` replaces `tab`.

    Only a marked tab with an output tab's name (or a name being written now) is the tool's.
    A copy a person makes of an output tab in Excel or Sheets (`Coverage (2)`) carries the
    mark too: it is theirs now, and no refresh deletes it.
    """
    names = {name.casefold() for name in (*OUTPUT_TAB_NAMES, *written)}
    return tab.is_output and tab.name.casefold() in names


def check_no_clash(existing: Sequence[TabInfo], names: Sequence[str]) -> None:
    """Raise `TabNameClash` if an output name is taken by a tab the people own."""
    from sheets_templates.errors import TabNameClash

    wanted = {name.casefold() for name in names}
    for info in existing:
        if info.name.casefold() in wanted and not info.is_output:
            raise TabNameClash(
                f"The workbook already has a tab named '{info.name}' that ILR Sheets did not "
                f"create, so the refresh stopped without changing anything. Rename that tab "
                f"(for example to '{info.name} (mine)') and refresh again."
            )
