"""Every tab's values of a workbook as one JSON file, to compare two versions of the tool:

    python -m benchmarks.snapshot BOOK.xlsx > before.json
    ... change the code, refresh a fresh copy again ...
    python -m benchmarks.snapshot BOOK.xlsx > after.json && cmp before.json after.json

A refactoring that should change no figure must give the same file, cell for cell.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from python_calamine import CalamineWorkbook


def snapshot(path: str) -> dict[str, list[list[object]]]:
    """Each tab's cells as the file holds them, dates as ISO text."""
    book = CalamineWorkbook.from_path(path)
    return {
        name: [[_plain(cell) for cell in row] for row in book.get_sheet_by_name(name).to_python()]
        for name in book.sheet_names
    }


def _plain(cell: object) -> object:
    return cell.isoformat() if isinstance(cell, dt.date | dt.time) else cell


if __name__ == "__main__":
    json.dump(snapshot(sys.argv[1]), sys.stdout, indent=0, ensure_ascii=False, default=str)
