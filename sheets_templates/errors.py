"""Exceptions: the "cannot go on" channel.

Data problems in a person's rows are never exceptions: they are `Finding`s (see
`sheets_templates.findings`). An exception means the refresh cannot start or finish, and its
message is one plain sentence a school leader can act on. The tree is shallow (the leaves
marked `.watch`, `.gate`, `.jobs` live in `addin.google`, beside the code that raises them)::

    IlrError
    +-- WorkbookError        the workbook cannot be read or written as a whole
    |   +-- NotAWorkbook     not an .xlsx/.xlsm, corrupt, or password-protected
    |   +-- WorkbookLocked   open in another program, or read-only
    |   +-- WorkbookChanged  saved by another program while a refresh was writing it
    |   +-- TabNameClash     an output tab name is taken by a tab the tool did not create
    |   +-- MissingTab       a required input tab is absent
    |   +-- MissingColumn    a required column has no header the schema recognises
    |   +-- CannotUntick     `ilr watch` cannot untick the Refresh Now box (.watch)
    +-- AccessError          credentials missing or refused, sheet not shared, quota
    |   +-- Refused          `ilr serve` refuses a request, with its HTTP status (.gate)
    |   +-- ServerBusy       `ilr serve` runs as many refreshes as it may (.jobs)
    +-- UsageError           a date outside the school year, an option that makes no sense

The CLI prints `str(error)` and exits 2; the Excel button and the Google Sheets menu show it
as a message. Messages name tabs, columns and files, never a person.
"""

from __future__ import annotations


class IlrError(Exception):
    """Root of every error the tool raises on purpose."""


class WorkbookError(IlrError):
    """The workbook as a whole cannot be read or written."""


class NotAWorkbook(WorkbookError):
    """The file is not a readable .xlsx/.xlsm workbook."""


class WorkbookLocked(WorkbookError):
    """The file is open in another program or cannot be replaced."""


class WorkbookChanged(WorkbookError):
    """The file was saved by someone else between the refresh reading and replacing it."""


class TabNameClash(WorkbookError):
    """An output tab name is used by a tab that the tool did not create."""


class MissingTab(WorkbookError):
    """A required input tab is absent."""


class MissingColumn(WorkbookError):
    """A required column has no header the schema recognises."""


class AccessError(IlrError):
    """Credentials are missing or refused, the sheet is not shared, or a quota was hit."""


class UsageError(IlrError):
    """The request itself makes no sense (for example an as-of date outside the school year)."""
