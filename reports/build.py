"""Every report, in the order docs/design.md gives the tabs: `build_output_tabs`, Summary first."""

from __future__ import annotations

import time
from collections.abc import Callable

from reports.model import OutputTab
from reports.tabs.coverage import coverage_tab
from reports.tabs.issues import issues_tab
from reports.tabs.next_visits import next_visits_tab
from reports.tabs.pl_needs import pl_needs_tab
from reports.tabs.roadmap import roadmap_tab
from reports.tabs.summary import summary_tab
from reports.tabs.trends import trends_tab
from sheets_templates.book import Book

Report = Callable[[Book], OutputTab]

# (tab name, report) in tab order; Summary is built from these and placed first.
REPORTS: tuple[tuple[str, Report], ...] = (
    ("Issues", issues_tab),
    ("Coverage", coverage_tab),
    ("Next Visits", next_visits_tab),
    ("Trends", trends_tab),
    ("Roadmap", roadmap_tab),
    ("PL Needs", pl_needs_tab),
)


def build_output_tabs(
    book: Book,
    progress: Callable[[str], None] | None = None,
    seconds: dict[str, float] | None = None,
) -> list[OutputTab]:
    """Every output tab for `book`, Summary first. `seconds` collects time per report."""
    tabs: list[OutputTab] = []
    for name, report in REPORTS:
        if progress:
            progress(f"Computing {name}")
        started = time.perf_counter()
        tabs.append(report(book))
        if seconds is not None:
            seconds[name] = time.perf_counter() - started
    return [summary_tab(book, tabs), *tabs]
