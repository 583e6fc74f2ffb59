"""Every output tab, named and ordered as the workbook contract says."""

from __future__ import annotations

from reports.build import build_output_tabs
from sheets_templates.schema import OUTPUT_TAB_NAMES
from tests.builders import make_book, teacher, visit


def test_the_tabs_come_named_and_in_the_contract_s_order() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[visit("2026-11-18", "10:00", "Obs A", "T1")],
        as_of="2026-11-20",
    )
    tabs = build_output_tabs(book)
    assert [tab.name for tab in tabs] == [
        "Summary",
        "Issues",
        "Coverage",
        "Next Visits",
        "Teacher Support",
        "Trends",
        "Calibration",
        "Roadmap",
        "PL Needs",
        "Outcomes",
        "Staff Snapshot",
    ]
    assert tuple(tab.name for tab in tabs) == OUTPUT_TAB_NAMES
    headline_tabs = [row[0] for row in tabs[0].table("headlines").rows]
    assert headline_tabs == sorted(headline_tabs, key=OUTPUT_TAB_NAMES.index)
