"""What the Refresh button runs: refresh the workbook that pressed it, inside Excel.

The button's macro (`ILRSheets.bas`) calls, through xlwings' `RunPython`::

    import addin.excel.refresh as r; r.refresh_from_excel()

Progress and the result go to Excel's status bar; a problem the person can fix is shown as
a message box with the error's own sentence; anything unexpected is one plain sentence on
screen and the details in a log file, never a traceback in front of a school leader.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from addin.app import refresh
from addin.rollup import is_district, refresh_district
from sheets_templates.errors import IlrError
from sheets_templates.schema import ISSUES_TAB
from sync.excel_live import XlwingsBackend

log = logging.getLogger(__name__)

TITLE = "ILR Sheets"
LOG_ENV = "ILR_SHEETS_LOG"


def log_path() -> Path:
    """Where the details of an unexpected failure go (`ILR_SHEETS_LOG` overrides)."""
    configured = os.environ.get(LOG_ENV)
    return Path(configured) if configured else Path.home() / ".ilr-sheets" / "excel-refresh.log"


def refresh_from_excel(book: Any = None, *, as_of: dt.date | None = None) -> None:
    """Refresh the calling workbook in place; never raises into Excel.

    `book` defaults to `xlwings.Book.caller()`, the workbook whose button was pressed.
    """
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    app = book.app

    def progress(message: str) -> None:
        app.status_bar = f"{TITLE}: {message}…"

    try:
        backend = XlwingsBackend(book)
        if is_district(backend):  # a School List tab: the district's workbook rolls up
            done = refresh_district(backend, as_of=as_of, progress=progress).summary_line()
        else:
            result = refresh(backend, as_of=as_of, progress=progress)
            done = f"{result.summary_line()}{_where_to_look(result)}"
    except IlrError as error:
        app.status_bar = False
        app.alert(str(error), title=TITLE, mode="critical")
        return
    except Exception:
        app.status_bar = False
        where = _log_details()
        app.alert(
            "ILR Sheets stopped because of an unexpected problem and changed nothing; "
            f"please send the file {where} to whoever set up ILR Sheets.",
            title=TITLE,
            mode="critical",
        )
        return
    app.status_bar = f"{TITLE}: {done}"


def _where_to_look(result: Any) -> str:
    return f" See the {ISSUES_TAB} tab." if result.findings else ""


def _log_details() -> Path:
    """Write the current exception's traceback to the log file; return where it is."""
    path = log_path()
    handler: logging.Handler | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        log.addHandler(handler)
        log.exception("Refresh from Excel failed")
    except OSError:
        log.exception("Refresh from Excel failed (and the log file could not be written)")
    finally:
        if handler is not None:
            log.removeHandler(handler)
            handler.close()
    return path
