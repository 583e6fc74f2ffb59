"""ILR Sheets for xlwings Lite: Refresh in Excel on the web and on a Mac, no local Python.

Paste this file into the xlwings Lite add-in's main.py and `requirements.txt` beside it into
its requirements.txt. The script runs the same refresh as the desktop button, in Excel's own
Python (Pyodide): the live-Excel backend reads the input tabs and writes the output tabs
through xlwings, so no file reader (python-calamine) and no compiled package is needed.
"""

import xlwings as xw
from xlwings import script

from addin.excel.refresh import refresh_from_excel


@script
def refresh(book: xw.Book) -> None:
    """Refresh: rewrite the output tabs from the input tabs of this workbook."""
    refresh_from_excel(book)
