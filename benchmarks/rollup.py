"""The district roll-up benchmark (not part of the test suite):

    python -m benchmarks.rollup [--schools 20,200] [--distinct 20] [--workers 2]

For each number of schools it fills a folder with that many school workbooks and times
`ilr rollup FOLDER -o district.xlsx` as a whole process, as a person runs it, with its peak
memory: the parent's, and the largest worker's (each worker computes one school at a time, so
memory should stay flat as the number of schools grows; the target is under 60 s and 1 GB for
200 schools, and at most 1.5 times the memory of 20 at 200).

A school is the demo school at Feb 1 with last year's visits (about 2,600 walkthrough rows,
41 teachers), one seed per school for the first `--distinct` schools, cached under
benchmarks/data/rollup/; the schools after those are copies of them under new names (the
cost of a school is its rows, not its seed). Every person is invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import DATA

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2027, 2, 1)
SCHOOLS = (20, 200)
DISTINCT = 20
VERSION = 1  # part of the cached files' names: bump when the schools change


@dataclass(frozen=True)
class RollupRun:
    schools: int
    seconds: float
    parent_mb: float  # the rolling-up process's own peak
    worker_mb: float  # the largest worker's peak
    exit_code: int

    def line(self) -> str:
        return (
            f"{self.schools:>4} schools: {self.seconds:6.1f} s, peak memory "
            f"{self.parent_mb:6.0f} MB (roll-up process) + {self.worker_mb:4.0f} MB "
            f"(largest worker), exit {self.exit_code}"
        )


def school_workbook(seed: int) -> Path:
    """The generated school of `seed`, written once and cached."""
    from sheets_templates.demo import demo_school
    from sheets_templates.template import build_template

    path = DATA / "rollup" / f"school-v{VERSION}-{AS_OF:%Y%m%d}-{seed:03d}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_template(path, demo_school(AS_OF, seed=seed))
    return path


def fill_folder(folder: Path, schools: int, distinct: int) -> None:
    """`schools` workbooks in `folder`: School 001, 002, ... (copies past `distinct`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, schools + 1):
        source = school_workbook((number - 1) % distinct + 1)
        shutil.copyfile(source, folder / f"School {number:03d}.xlsx")


def measure(schools: int, distinct: int, workers: int | None, scratch: Path) -> RollupRun:
    """One `ilr rollup` of `schools` schools in its own process."""
    folder = scratch / f"schools-{schools}"
    fill_folder(folder, schools, distinct)
    output, report = scratch / f"district-{schools}.xlsx", scratch / f"district-{schools}.json"
    arguments = ["--child", str(folder), str(output), str(report)]
    if workers:
        arguments += ["--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.rollup", *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if not report.exists():
        raise SystemExit(f"the roll-up did not finish (exit {done.returncode}):\n{done.stderr}")
    measured = json.loads(report.read_text(encoding="utf-8"))
    return RollupRun(
        schools, seconds, _mb(measured["parent_kib"]), _mb(measured["worker_kib"]), measured["exit"]
    )


def child(folder: str, output: str, report: str, workers: int | None) -> None:
    """`ilr rollup` in this process; then its peak memory and its workers', into `report`."""
    import addin.cli

    sys.argv = ["ilr", "rollup", folder, "-o", output, "--as-of", AS_OF.isoformat()]
    if workers:
        sys.argv += ["--workers", str(workers)]
    try:
        addin.cli.main()
        code = 0
    except SystemExit as ended:
        code = int(ended.code or 0)
    Path(report).write_text(
        json.dumps(
            {
                "parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                "exit": code,
            }
        ),
        encoding="utf-8",
    )


def _mb(kib: int) -> float:
    return kib * 1024 / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.rollup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--schools", default=",".join(map(str, SCHOOLS)), help="e.g. 20,200")
    parser.add_argument("--distinct", type=int, default=DISTINCT, help="generated schools")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "OUTPUT", "REPORT"))
    options = parser.parse_args(argv)
    if options.child:
        child(*options.child, options.workers)
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="ilr-rollup-") as scratch:
        for schools in (int(n) for n in options.schools.split(",")):
            runs.append(measure(schools, options.distinct, options.workers, Path(scratch)))
            print(runs[-1].line(), flush=True)
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        print(
            f"Memory at {last.schools} schools over {first.schools}: roll-up process "
            f"{last.parent_mb / first.parent_mb:.2f}x, largest worker "
            f"{last.worker_mb / first.worker_mb:.2f}x"
        )


if __name__ == "__main__":
    main()
