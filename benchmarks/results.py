"""The benchmark's tables in Markdown, the targets they are held to, and the machine they ran on."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.google import GoogleRefresh
    from benchmarks.run import SizeResult

# The targets of the benchmark issue.
TARGET_ROWS = 50_000
MAX_RATIO = 1.5  # refresh time / floor time at TARGET_ROWS
MAX_PEAK_MB = 500
MAX_PER_ROW_GROWTH = 1.3  # per-row cost at the largest size / at the smallest
MAX_GOOGLE_REQUESTS = 3
PACKAGES = ("pandas", "openpyxl", "python-calamine", "gspread")


def render_results(
    sizes: Sequence[SizeResult], google: Sequence[GoogleRefresh], repeat: int
) -> str:
    """The whole report: machine, refresh against floor, stages, cost curve, Google, targets."""
    lines = ["# Benchmark results", "", *_machine(), ""]
    lines += [
        f"## Refresh against the floor (best of {repeat})",
        "",
        "| rows | teachers | coaching rows | refresh s | floor s | ratio | peak RSS MB "
        "| µs per row | µs per row after start-up | first refresh s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        lines.append(
            f"| {size.rows:,} | {size.teachers:,} | {size.coaching:,} "
            f"| {size.refresh.seconds:.2f} | {size.floor.seconds:.2f} | {size.ratio:.2f} "
            f"| {size.peak_mb:.0f} | {size.per_row_us:.1f} | {size.per_row_work_us:.1f} "
            f"| {size.first.seconds:.2f} |"
        )
    lines += ["", "## Where the refresh spends its time (seconds)", ""]
    stages = list(sizes[0].refresh.stages)
    lines.append("| stage | " + " | ".join(f"{size.rows:,} rows" for size in sizes) + " |")
    lines.append("| --- | " + " | ".join("---:" for _ in sizes) + " |")
    for stage in stages:
        cells = " | ".join(f"{size.refresh.stages.get(stage, 0):.2f}" for size in sizes)
        lines.append(f"| {stage} | {cells} |")
    floors = " | ".join(f"{s.floor.read:.2f} + {s.floor.write:.2f}" for s in sizes)
    lines += [
        f"| floor: read + write | {floors} |",
        "",
        "The input tabs are read in the background from the moment the workbook is opened: "
        "`read` is what the refresh still waits for once pandas and the reports have loaded "
        "(that loading is in `start-up`, with the interpreter, the command line and printing).",
        "",
    ]
    lines += [
        "## Google Sheets (against the in-process Sheets API)",
        "",
        "| refresh | output tabs | requests | bytes sent | requests made |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for counted in google:
        lines.append(
            f"| {counted.label} | {counted.tabs} | {counted.requests} "
            f"| {counted.bytes_sent:,} | {', '.join(counted.calls)} |"
        )
    lines += ["", "## Targets", "", *_targets(sizes, google), ""]
    return "\n".join(lines)


def write_results(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _targets(sizes: Sequence[SizeResult], google: Sequence[GoogleRefresh]) -> list[str]:
    lines = []
    at_target = [size for size in sizes if size.rows == TARGET_ROWS]
    for size in at_target:
        lines.append(
            _verdict(
                size.ratio <= MAX_RATIO,
                f"{size.rows:,} rows: refresh within {MAX_RATIO}x of the floor ({size.ratio:.2f}x)",
            )
        )
        lines.append(
            _verdict(
                size.peak_mb < MAX_PEAK_MB,
                f"{size.rows:,} rows: peak memory under {MAX_PEAK_MB} MB ({size.peak_mb:.0f} MB)",
            )
        )
    if not at_target:
        lines.append(f"- not measured: the ratio and memory targets are for {TARGET_ROWS:,} rows")
    if len(sizes) > 1:
        small, large = min(sizes, key=lambda s: s.rows), max(sizes, key=lambda s: s.rows)
        for label, per_row in (
            ("whole process", lambda s: s.per_row_us),
            ("after start-up", lambda s: s.per_row_work_us),
        ):
            growth = per_row(large) / per_row(small)
            lines.append(
                _verdict(
                    growth <= MAX_PER_ROW_GROWTH,
                    f"linear ({label}): per-row cost at {large.rows:,} rows is {growth:.2f}x "
                    f"that at {small.rows:,} (at most {MAX_PER_ROW_GROWTH}x)",
                )
            )
    most = max(counted.requests for counted in google)
    lines.append(
        _verdict(
            most <= MAX_GOOGLE_REQUESTS,
            f"Google Sheets: at most {MAX_GOOGLE_REQUESTS} requests per refresh (most: {most})",
        )
    )
    return lines


def _verdict(met: bool, what: str) -> str:
    return f"- {'met' if met else '**missed**'}: {what}"


def _machine() -> list[str]:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    return [
        f"Run on {dt.date.today():%Y-%m-%d}: {_cpu()}, {os.cpu_count()} cores, "
        f"{_memory_gib():.0f} GiB memory; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}.",
    ]


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0.0
    return pages / 2**30
