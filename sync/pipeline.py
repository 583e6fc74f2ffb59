"""The refresh: read the inputs once, run every report, write the outputs once.

    result = refresh(XlsxBackend(path), as_of=date(2026, 11, 20), progress=print)

Nothing is written unless every report ran: a refresh that fails leaves the workbook as it
was. Raises `IlrError` subclasses only (a missing tab, a locked file, a tab-name clash).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reports.build import build_output_tabs
from reports.model import OutputTab
from sheets_templates.book import Book
from sheets_templates.findings import Finding, Severity, counted
from sheets_templates.parse import parse_book
from sheets_templates.schema import OUTPUT_TAB_NAMES, locate_tabs
from sync.backend import Backend, TabInfo
from sync.outputs import check_no_clash

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """The progress of a caller that shows none."""


@dataclass
class RefreshResult:
    book: Book
    tabs: list[OutputTab]
    location: str
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in order

    @property
    def findings(self) -> list[Finding]:
        return self.book.findings

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def summary_line(self) -> str:
        """`Read 672 walkthrough rows; 1 error, 2 warnings; wrote 7 tabs.`"""
        return (
            f"Read {counted(len(self.book.walkthroughs), 'walkthrough row')}; "
            f"{counted(self.count(Severity.ERROR), 'error')}, "
            f"{counted(self.count(Severity.WARNING), 'warning')}; "
            f"wrote {counted(len(self.tabs), 'tab')}."
        )


def read_book(
    backend: Backend, as_of: dt.date | None = None, progress: Progress | None = None
) -> Book:
    """Read and parse the input tabs (what `ilr check` needs; nothing is written)."""
    say = progress or quiet
    say("Reading the workbook")
    return _parse_inputs(backend, backend.tabs(), as_of, say, {})


def _parse_inputs(
    backend: Backend,
    existing: list[TabInfo],
    as_of: dt.date | None,
    progress: Progress,
    seconds: dict[str, float],
) -> Book:
    as_of = as_of or dt.date.today()
    where = locate_tabs([info.name for info in existing])
    with _timed(seconds, "read"):
        raw = backend.read(list(where.values()))
    progress("Checking the rows")
    with _timed(seconds, "parse and validate"):
        rows = {name: tab.rows for name, tab in raw.items()}
        return parse_book(rows, where, as_of, today=dt.date.today())


def refresh(
    backend: Backend, *, as_of: dt.date | None = None, progress: Progress | None = None
) -> RefreshResult:
    """Read, compute and write every output tab. Raises `IlrError` before writing anything."""
    say = progress or quiet
    seconds: dict[str, float] = {}
    say("Reading the workbook")
    existing = backend.tabs()  # one look at the tab list (one request in Google Sheets)
    check_no_clash(existing, OUTPUT_TAB_NAMES)
    book = _parse_inputs(backend, existing, as_of, say, seconds)

    tabs = build_output_tabs(book, progress=say, seconds=seconds)

    say("Writing the output tabs")
    with _timed(seconds, "write"):
        backend.write(tabs)
    return RefreshResult(book, tabs, backend.location, seconds)


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[stage] = time.perf_counter() - started
