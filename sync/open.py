"""Open the workbook a person names: an .xlsx/.xlsm path, or a Google Sheets link or key."""

from __future__ import annotations

import re
from pathlib import Path

from sheets_templates.errors import NotAWorkbook, WorkbookError
from sync.backend import Backend

SHEET_LINK = re.compile(r"docs\.google\.com/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]{25,}")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def parse_spreadsheet_key(target: str) -> str | None:
    """The spreadsheet key in a Google Sheets link or a bare key; None for anything else.

    >>> parse_spreadsheet_key("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit")
    '1AbCdEfGhIjKlMnOpQrStUvWxYz'
    """
    target = target.strip()
    if match := SHEET_LINK.search(target):
        return match.group(1)
    return target if BARE_KEY.fullmatch(target) else None


def spreadsheet_url(key: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{key}/edit"


def google_key(target: str) -> str | None:
    """The key of the Google Sheet `target` names; None for a file (even one named like a key)."""
    key = parse_spreadsheet_key(target)
    return None if key is None or Path(target).exists() else key


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
