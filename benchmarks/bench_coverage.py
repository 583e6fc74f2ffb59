"""Benchmark: the Coverage and Next Visits tabs for 500 teachers and 50,000 visits.

Run on demand (not part of the tests):

    cd /work/main && /work/venv/bin/python benchmarks/bench_coverage.py

Parsing the generated workbook is timed separately; the target (issue 4) is coverage and the
plan in under 1 s of compute. Every name is generated.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.tabs.coverage import coverage_tab
from reports.tabs.next_visits import next_visits_tab
from tests.builders import make_book, teacher, visit

TEACHERS, VISITS, OBSERVERS = 500, 50_000, 10
AS_OF = dt.date(2027, 5, 14)
BELLS = [
    ("1", "07:45", "08:35"),
    ("2", "08:40", "09:30"),
    ("3", "09:40", "10:30"),
    ("4", "11:40", "12:30"),
    ("5", "12:35", "13:25"),
    ("6", "13:40", "14:30"),
]
HOLIDAYS = ["2026-11-25", "2026-11-26", "2026-11-27", *(f"2026-12-{d}" for d in range(21, 32))]


def generated_book():
    rng = random.Random(4)
    roster = [
        teacher(
            f"T{i:03d}",
            f"Teacher {i:03d}",
            room=str(100 + i % 450),  # some rooms shared
            grade=str(6 + i % 3),
            department=rng.choice(["Math", "ELA", "Science", "History", "Arts"]),
            periods=",".join(sorted(rng.sample("123456", 4))) if i % 2 else None,
            start_date="2027-01-11" if i % 50 == 0 else None,
            active="N" if i % 97 == 0 else "Y",
        )
        for i in range(TEACHERS)
    ]
    first = dt.date(2026, 8, 17)
    span = (AS_OF - first).days
    walkthroughs = []
    for n in range(VISITS):
        day = first + dt.timedelta(days=rng.randrange(span))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=2)
        walkthroughs.append(
            visit(
                day,
                f"{rng.randrange(7, 15)}:{rng.randrange(60):02d}",
                f"Observer {rng.randrange(OBSERVERS)}",
                f"T{rng.randrange(TEACHERS):03d}",
                notes=str(n),
            )
        )
    return make_book(
        roster=roster,
        walkthroughs=walkthroughs,
        calendar=[(d, "Holiday") for d in HOLIDAYS],
        bell_schedule=BELLS,
        as_of=AS_OF,
    )


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    started = time.perf_counter()
    book = generated_book()
    parsed = time.perf_counter() - started
    valid = int(book.walkthroughs["valid"].sum())
    print(
        f"generated and parsed {len(book.walkthroughs):,} visits ({valid:,} valid), "
        f"{len(book.roster)} teachers in {parsed:.1f} s"
    )
    coverage = best_of(5, lambda: coverage_tab(book))
    plan = best_of(5, lambda: next_visits_tab(book))
    print(f"Coverage tab:    {coverage * 1000:6.0f} ms (best of 5)")
    print(f"Next Visits tab: {plan * 1000:6.0f} ms (best of 5)")
    total = coverage + plan
    print(f"together:        {total * 1000:6.0f} ms  ({'within' if total < 1 else 'OVER'} 1 s)")


if __name__ == "__main__":
    main()
