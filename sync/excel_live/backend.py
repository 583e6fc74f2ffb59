"""`XlwingsBackend`: the workbook a person has open in Excel, changed in place through xlwings.

Nothing is written to the file on disk: the tabs change inside Excel, and the person saves
when they choose. Reading takes one `used_range` read per tab. Writing builds every new output
tab on a staging sheet first; only when all of them are drawn are the old output tabs deleted
and the new ones renamed into place, so a failure part-way leaves the workbook as it was.

    backend = XlwingsBackend(xw.Book.caller())
    backend.write(tabs)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from reports.model import OutputTab
from sheets_templates.errors import IlrError, MissingTab, WorkbookError, WorkbookLocked
from sync.backend import (
    OUTPUT_MARKER,
    RawCell,
    RawTab,
    TabInfo,
)
from sync.excel_live.render import best_effort, render_tab
from sync.excel_live.values import from_excel
from sync.outputs import plan_write

log = logging.getLogger(__name__)

STAGING_PREFIX = "ILR new"


class XlwingsBackend:
    """One workbook open in Excel, given as an `xlwings.Book` (or anything shaped like one)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    @property
    def location(self) -> str:
        try:
            return str(self.book.fullname)
        except Exception:  # an unsaved or cloud workbook may have no full name
            return str(self.book.name)

    def tabs(self) -> list[TabInfo]:
        """Every sheet in tab order, and whether it carries the output mark."""
        try:
            return [TabInfo(sheet.name, is_marked(sheet)) for sheet in self.book.sheets]
        except Exception as exc:
            raise WorkbookError(
                "Excel did not let ILR Sheets list the workbook's tabs; close any open dialog "
                "or cell edit in Excel and press Refresh again."
            ) from exc

    def read(self, names: Sequence[str]) -> dict[str, RawTab]:
        """The values of the named tabs, one `used_range` read each."""
        present = {sheet.name.casefold(): sheet for sheet in self.book.sheets}
        tabs = {}
        for name in names:
            sheet = present.get(name.casefold())
            if sheet is None:
                raise MissingTab(f"The workbook has no tab named '{name}'.")
            tabs[name] = RawTab(name, read_sheet(sheet))
        return tabs

    def write(self, tabs: Sequence[OutputTab]) -> None:
        """Replace the output tabs with `tabs`, first in the workbook, in the given order.

        Raises `TabNameClash` for a tab of that name the people own, `WorkbookLocked` when
        Excel refuses a change (a protected workbook, a cell being edited).
        """
        plan = plan_write(self.tabs(), tabs)
        tabs = plan.tabs
        old_outputs = [
            sheet for position, sheet in enumerate(self.book.sheets) if position in plan.replaced
        ]
        with _screen_frozen(self.book.app):
            staged = self._stage(tabs)
            try:
                for sheet in old_outputs:
                    sheet.delete()
                for sheet, tab in zip(staged, tabs, strict=True):
                    sheet.name = tab.name
            except Exception as exc:
                raise _locked(self.book) from exc
        if staged:
            best_effort("showing the first output tab", staged[0].activate)

    def _stage(self, tabs: Sequence[OutputTab]) -> list[Any]:
        """Draw every tab on a new staging sheet in front of the others; undo on failure."""
        sheets = self.book.sheets
        taken = {sheet.name.casefold() for sheet in sheets}
        staged: list[Any] = []
        try:
            for index, tab in enumerate(tabs):
                name = _free_name(f"{STAGING_PREFIX} {index + 1}", taken)
                if staged:
                    sheet = sheets.add(name, after=staged[-1])
                else:
                    sheet = sheets.add(name, before=sheets[0])
                staged.append(sheet)
                render_tab(sheet, tab)
                mark(sheet)
        except Exception as exc:
            for sheet in staged:
                best_effort("removing a half-drawn tab", sheet.delete)
            if isinstance(exc, IlrError):
                raise
            raise _locked(self.book) from exc
        return staged

    def create(self, destination: str, tabs: Sequence[OutputTab]) -> str:
        """A brand-new Excel workbook holding `tabs`, saved at `destination`."""
        new_book = self.book.app.books.add()
        try:
            blank = list(new_book.sheets)
            XlwingsBackend(new_book)._stage(tabs)
            for sheet in blank:
                sheet.delete()
            for sheet, tab in zip(new_book.sheets, tabs, strict=True):
                sheet.name = tab.name
            new_book.save(destination)
        except IlrError:
            raise
        except Exception as exc:
            raise WorkbookLocked(
                f"Excel could not save a new workbook at '{destination}'; check that the "
                "folder exists and no file of that name is open, then try again."
            ) from exc
        finally:
            best_effort("closing the new workbook", new_book.close)
        return destination

    def close(self) -> None:
        """Nothing to do: the workbook stays open in Excel for the person to save."""


def is_marked(sheet: Any) -> bool:
    """True when the sheet has the output mark (a sheet-scoped name `ILR_Output`)."""
    return any(name.name.rsplit("!", 1)[-1] == OUTPUT_MARKER for name in sheet.names)


def mark(sheet: Any) -> None:
    """Give the sheet the output mark, hidden from Name Manager where the platform allows."""
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    name = sheet.names.add(OUTPUT_MARKER, f"={quoted}!$A$1")
    # Name.Visible is reached through the native object: Windows (COM) only.
    best_effort("hiding the output mark", lambda: setattr(name.api, "Visible", False))


def read_sheet(sheet: Any) -> list[list[RawCell]]:
    """The sheet's values from A1 to its last used cell, as the schema expects them."""
    used = sheet.used_range
    values = used.options(ndim=2, err_to_str=True).value or []
    left_pad: list[RawCell] = [None] * (used.column - 1)
    rows: list[list[RawCell]] = [[None] for _ in range(used.row - 1)]
    rows += [left_pad + [from_excel(value) for value in row] for row in values]
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    width = max((_last_filled(row) for row in rows), default=0)
    return [(row + [None] * width)[:width] for row in rows]


def _last_filled(row: list[RawCell]) -> int:
    for index in range(len(row), 0, -1):
        if row[index - 1] is not None:
            return index
    return 0


def _free_name(wanted: str, taken: set[str]) -> str:
    name, number = wanted, 1
    while name.casefold() in taken:
        number += 1
        name = f"{wanted} ({number})"
    taken.add(name.casefold())
    return name


def _locked(book: Any) -> WorkbookLocked:
    return WorkbookLocked(
        f"Excel would not let ILR Sheets change the tabs of '{book.name}'; unprotect the "
        "workbook structure (Review > Protect Workbook), finish any cell edit, and press "
        "Refresh again."
    )


class _screen_frozen:
    """Turn off Excel's screen updating while tabs are drawn (faster, no flicker)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __enter__(self) -> None:
        best_effort("pausing screen updates", lambda: setattr(self.app, "screen_updating", False))

    def __exit__(self, *exc: object) -> None:
        best_effort("resuming screen updates", lambda: setattr(self.app, "screen_updating", True))
