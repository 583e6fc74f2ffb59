"""`ilr refresh` in this process, as a person runs it, reporting its stages to the benchmark.

    python -m benchmarks.timed_refresh BOOK.xlsx --as-of 2027-05-14 REPORT.json TABS.pickle

The command line runs untouched; two spies only listen: one times the file read, the other
keeps the refresh's result. When the command has finished, the clock is read and the peak
memory noted, and only then are the stages (JSON) and the output tabs (pickle, for the floor)
written, so handing them over costs the measured refresh nothing.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
import time
from typing import Any

import sync.pipeline
from addin.cli import main
from sync.xlsx.backend import XlsxBackend


def run(workbook: str, as_of: str, report: str, tabs: str) -> None:
    reading_seconds = 0.0
    results: list[sync.pipeline.RefreshResult] = []
    read, refresh = XlsxBackend.read, sync.pipeline.refresh

    def timed_read(self: XlsxBackend, names: Any) -> Any:
        nonlocal reading_seconds
        started = time.perf_counter()
        try:
            return read(self, names)
        finally:
            reading_seconds += time.perf_counter() - started

    def kept_refresh(*args: Any, **kwargs: Any) -> sync.pipeline.RefreshResult:
        result = refresh(*args, **kwargs)
        results.append(result)
        return result

    XlsxBackend.read = timed_read  # type: ignore[method-assign]
    sync.pipeline.refresh = kept_refresh
    sys.argv = ["ilr", "refresh", workbook, "--as-of", as_of]
    try:
        main()
        exit_code = 0
    except SystemExit as done:
        exit_code = int(done.code or 0)
    finished = time.time()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    if not results:
        raise SystemExit(f"the refresh did not complete (exit code {exit_code})")
    result = results[0]
    with open(report, "w", encoding="utf-8") as out:
        json.dump(
            {
                "finished": finished,
                "peak_rss_kib": peak_kib,
                "exit_code": exit_code,
                "read": reading_seconds,
                "stages": result.seconds,
                "walkthrough_rows": len(result.book.walkthroughs),
                "findings": len(result.findings),
            },
            out,
        )
    with open(tabs, "wb") as kept:
        pickle.dump(result.tabs, kept)


if __name__ == "__main__":
    workbook, _, as_of, report, tabs = sys.argv[1:6]
    run(workbook, as_of, report, tabs)
