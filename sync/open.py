"""Open the workbook a person names: an .xlsx/.xlsm path, or a Google Sheets link or key."""

from __future__ import annotations

from pathlib import Path

from sheets_templates.errors import NotAWorkbook, WorkbookError
from sync.backend import Backend
from sync.google_links import parse_spreadsheet_key

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


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
