"""`ilr refresh` in this process, as a person runs it, reporting its stages to the benchmark.

    python -m benchmarks.timed_refresh BOOK.xlsx --as-of 2027-05-14 REPORT.json TABS.pickle

The command line runs untouched: only the CLI module is loaded beforehand (as the `ilr`
script does), and one spy on the function that prints the result keeps the result. When the
command has finished, the clock is read and the peak memory noted, and only then are the
stages (JSON, timed by the refresh itself) and the output tabs (pickle, for the floor)
written, so handing them over costs the measured refresh nothing.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
import time
from typing import Any

import addin.cli


def run(workbook: str, as_of: str, report: str, tabs: str) -> None:
    results: list[Any] = []
    print_refresh = addin.cli._print_refresh

    def kept(result: Any) -> None:
        results.append(result)
        print_refresh(result)

    addin.cli._print_refresh = kept
    sys.argv = ["ilr", "refresh", workbook, "--as-of", as_of]
    try:
        addin.cli.main()
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
                "stages": result.seconds,
                "walkthrough_rows": len(result.book.walkthroughs),
                "findings": len(result.findings),
            },
            out,
        )
    with open(tabs, "wb") as kept_tabs:
        pickle.dump(result.tabs, kept_tabs)


if __name__ == "__main__":
    workbook, _, as_of, report, tabs = sys.argv[1:6]
    run(workbook, as_of, report, tabs)
