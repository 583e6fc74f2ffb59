"""The floor: the least any refresh must do, measured as a whole process like the refresh.

    python -m benchmarks.floor BOOK.xlsx TABS.pickle OUT.xlsx REPORT.json

It reads every tab of the input workbook into Python values with python-calamine, and writes
the output tabs the refresh produced into a new file with the same renderer (`new_workbook`).
Loading the prepared tabs (which imports the reports, and pandas with them) is timed and left
out, so the floor is only start-up, reading and writing.
"""

from __future__ import annotations

import gc
import json
import sys
import time


def run(workbook: str, tabs_file: str, output: str, report: str) -> None:
    gc.set_threshold(100_000, 50, 100)  # as `ilr` runs (addin.cli.COLLECTOR_THRESHOLDS)
    started = time.perf_counter()
    import pickle

    with open(tabs_file, "rb") as prepared:
        tabs = pickle.load(prepared)
    loading = time.perf_counter() - started

    started = time.perf_counter()
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(workbook) as book:
        cells = sum(
            len(row)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        )
    reading = time.perf_counter() - started

    started = time.perf_counter()
    from sync.xlsx.render import new_workbook

    new_workbook(tabs).save(output)
    writing = time.perf_counter() - started
    finished = time.time()

    import resource

    with open(report, "w", encoding="utf-8") as out:
        json.dump(
            {
                "finished": finished,
                "excluded": loading,
                "read": reading,
                "write": writing,
                "cells": cells,
                "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            },
            out,
        )


if __name__ == "__main__":
    run(*sys.argv[1:5])
