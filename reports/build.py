"""Every report, in the order docs/design.md gives the tabs: `build_output_tabs`, Summary first.

The tabs' names and their order are the workbook contract's (`sheets_templates.schema`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from reports.model import OutputTab
from reports.tabs.calibration import calibration_tab
from reports.tabs.coverage import coverage_tab
from reports.tabs.issues import issues_tab
from reports.tabs.next_visits import next_visits_tab
from reports.tabs.outcomes import outcomes_tab
from reports.tabs.pl_needs import pl_needs_tab
from reports.tabs.roadmap import roadmap_tab
from reports.tabs.snapshot import staff_snapshot_tab
from reports.tabs.summary import summary_tab
from reports.tabs.teacher_support import teacher_support_tab
from reports.tabs.trends import trends_tab
from sheets_templates.book import Book
from sheets_templates.schema import (
    CALIBRATION_TAB,
    COVERAGE_TAB,
    ISSUES_TAB,
    NEXT_VISITS_TAB,
    OUTCOMES_TAB,
    OUTPUT_TAB_NAMES,
    PL_NEEDS_TAB,
    ROADMAP_TAB,
    STAFF_SNAPSHOT_TAB,
    TEACHER_SUPPORT_TAB,
    TRENDS_TAB,
)

Report = Callable[[Book], OutputTab]

# The report of every output tab but Summary, which is built from their tabs.
REPORTS: dict[str, Report] = {
    ISSUES_TAB: issues_tab,
    COVERAGE_TAB: coverage_tab,
    NEXT_VISITS_TAB: next_visits_tab,
    TEACHER_SUPPORT_TAB: teacher_support_tab,
    TRENDS_TAB: trends_tab,
    CALIBRATION_TAB: calibration_tab,
    ROADMAP_TAB: roadmap_tab,
    PL_NEEDS_TAB: pl_needs_tab,
    STAFF_SNAPSHOT_TAB: staff_snapshot_tab,
    OUTCOMES_TAB: outcomes_tab,
}


def build_output_tabs(
    book: Book,
    progress: Callable[[str], None] | None = None,
    seconds: dict[str, float] | None = None,
) -> list[OutputTab]:
    """Every output tab for `book`, in the order of `OUTPUT_TAB_NAMES`: Summary first.

    The reports run in that order, so Summary lists their headlines in it too. `seconds`
    collects time per report.
    """
    tabs: list[OutputTab] = []
    for name in OUTPUT_TAB_NAMES[1:]:  # after Summary
        report = REPORTS[name]
        if progress:
            progress(f"Computing {name}")
        started = time.perf_counter()
        tabs.append(report(book))
        if seconds is not None:
            seconds[name] = time.perf_counter() - started
    return [summary_tab(book, tabs), *tabs]
