"""The benchmarks, in one command (not part of the test suite):

    python -m benchmarks.run [--sizes 10000,50000,200000] [--quick] [--seed 1] [--repeat 3]

For each size it takes a district workbook (`benchmarks.generate`, cached under
benchmarks/data/), refreshes it once with `ilr refresh` so it holds the tool's tabs, then
times, `--repeat` times each and keeping the best:

- `ilr refresh` as a whole process, on a fresh copy of that refreshed workbook (the
  refresh a person clicks every week), with its peak memory and the time of each stage;
- the floor in its own process (`benchmarks.floor`): python-calamine reading the input
  tabs and the same renderer writing the same output tabs into a new file.

Then it counts the Google Sheets requests (`benchmarks.google`), prints the tables and
writes them, with a description of the machine, to benchmarks/results.md. `--quick` runs
10,000 and 50,000 rows once each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import AS_OF, DistrictSize, district_workbook
from benchmarks.google import google_refreshes
from benchmarks.results import render_results, write_results

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 50_000, 200_000)
QUICK_SIZES = (10_000, 50_000)


@dataclass(frozen=True)
class RefreshRun:
    """One `ilr refresh` process."""

    seconds: float
    peak_mb: float
    stages: dict[str, float]  # read, parse and validate, each report, write, start-up
    exit_code: int


@dataclass(frozen=True)
class FloorRun:
    seconds: float
    read: float
    write: float
    peak_mb: float


@dataclass
class SizeResult:
    """Everything measured on one size of district."""

    rows: int
    teachers: int
    coaching: int
    first: RefreshRun  # the very first refresh, which adds the tabs
    refreshes: list[RefreshRun] = field(default_factory=list)
    floors: list[FloorRun] = field(default_factory=list)

    @property
    def refresh(self) -> RefreshRun:
        return min(self.refreshes, key=lambda run: run.seconds)

    @property
    def floor(self) -> FloorRun:
        return min(self.floors, key=lambda run: run.seconds)

    @property
    def ratio(self) -> float:
        return self.refresh.seconds / self.floor.seconds

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in [self.first, *self.refreshes])

    @property
    def per_row_us(self) -> float:
        return self.refresh.seconds / self.rows * 1e6

    @property
    def per_row_work_us(self) -> float:
        """Per row, leaving out the interpreter's start-up and imports (the same at any size)."""
        work = self.refresh.seconds - self.refresh.stages["start-up"]
        return work / self.rows * 1e6


def measure(rows: int, seed: int, repeat: int, scratch: Path, say: Any = print) -> SizeResult:
    """Time the refresh and the floor on the district workbook with `rows` walkthroughs."""
    started = time.perf_counter()
    source = district_workbook(rows, seed)
    say(f"{rows:,} rows: workbook ready in {time.perf_counter() - started:.1f} s ({source.name})")
    book, refreshed, tabs = scratch / "book.xlsx", scratch / "refreshed.xlsx", scratch / "tabs.pkl"
    shutil.copyfile(source, book)
    size = DistrictSize(rows)
    result = SizeResult(rows, size.teachers, size.coaching, first=_refresh(book, tabs))
    shutil.copyfile(book, refreshed)
    for attempt in range(1, repeat + 1):
        shutil.copyfile(refreshed, book)
        result.refreshes.append(_refresh(book, tabs))
        result.floors.append(_floor(source, tabs, scratch / "floor.xlsx"))
        say(
            f"  run {attempt}: refresh {result.refreshes[-1].seconds:.2f} s, "
            f"floor {result.floors[-1].seconds:.2f} s"
        )
    return result


def _refresh(book: Path, tabs: Path) -> RefreshRun:
    report = book.with_suffix(".json")
    spawned = time.time()
    _child("benchmarks.timed_refresh", str(book), "--as-of", AS_OF.isoformat(), report, tabs)
    measured = json.loads(report.read_text(encoding="utf-8"))
    seconds = measured["finished"] - spawned
    split = dict(measured["stages"])
    split["start-up"] = seconds - sum(split.values())  # interpreter, imports, CLI, printing
    return RefreshRun(seconds, _mb(measured["peak_rss_kib"]), split, measured["exit_code"])


def _floor(source: Path, tabs: Path, output: Path) -> FloorRun:
    report = output.with_suffix(".json")
    spawned = time.time()
    _child("benchmarks.floor", str(source), tabs, output, report)
    measured = json.loads(report.read_text(encoding="utf-8"))
    seconds = measured["finished"] - spawned - measured["excluded"]
    return FloorRun(seconds, measured["read"], measured["write"], _mb(measured["peak_rss_kib"]))


def _child(module: str, *arguments: object) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, *map(str, arguments)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: the log has error-level findings, as real logs do
        raise SystemExit(f"{module} failed (exit {done.returncode}):\n{done.stderr}")


def _mb(kib: int) -> float:
    return kib * 1024 / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", help="walkthrough rows, comma-separated (10000,50000,200000)")
    parser.add_argument("--quick", action="store_true", help="10k and 50k rows, one run each")
    parser.add_argument("--seed", type=int, default=1, help="another seed, another district")
    parser.add_argument("--repeat", type=int, help="runs per size, best kept (default 3)")
    parser.add_argument(
        "--results", type=Path, default=ROOT / "benchmarks" / "results.md", help="where to write"
    )
    options = parser.parse_args(argv)
    sizes = (
        tuple(int(size) for size in options.sizes.split(","))
        if options.sizes
        else QUICK_SIZES
        if options.quick
        else SIZES
    )
    repeat = options.repeat or (1 if options.quick else 3)

    results = []
    with tempfile.TemporaryDirectory(prefix="ilr-bench-") as folder:
        for rows in sizes:
            results.append(measure(rows, options.seed, repeat, Path(folder)))
    print("Google Sheets: counting requests against the in-process Sheets API")
    google = google_refreshes(min(sizes), options.seed)
    text = render_results(results, google, repeat)
    print()
    print(text)
    write_results(options.results, text)
    print(f"Wrote {options.results}")


if __name__ == "__main__":
    main()
