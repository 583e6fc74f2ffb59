"""Open the workbook a person names: an .xlsx/.xlsm path, or a Google Sheets link or key."""

from __future__ import annotations

import re
from pathlib import Path

from sheets_templates.errors import NotAWorkbook, WorkbookError
from sync.backend import Backend

_SHEETS_URL = re.compile(r"docs\.google\.com/spreadsheets/d/([A-Za-z0-9_-]+)")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]{30,}$")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def google_key(target: str) -> str | None:
    """The spreadsheet key in a Google Sheets link, or a bare key; None for anything else."""
    if match := _SHEETS_URL.search(target):
        return match.group(1)
    if _BARE_KEY.match(target) and not Path(target).exists():
        return target
    return None


def open_backend(target: str, *, credentials: Path | None = None) -> Backend:
    """The backend for `target`. Raises `WorkbookError` or `AccessError` with one sentence."""
    if google_key(target):
        from sync.google import GoogleOptions, GoogleSheetsBackend

        return GoogleSheetsBackend.open(target, GoogleOptions(credentials=credentials))
    path = Path(target).expanduser()
    if not path.exists():
        raise WorkbookError(f"There is no file at {path}. Check the path, or run `ilr demo`.")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise NotAWorkbook(
            f"{path.name} is not an Excel workbook (.xlsx or .xlsm). Open it in your "
            "spreadsheet program and save it as an Excel workbook, or give a Google Sheets link."
        )
    from sync.xlsx import XlsxBackend

    return XlsxBackend.open(path)
