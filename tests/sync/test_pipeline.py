"""The refresh pipeline over the in-memory backend: what is written, and what never is."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

import reports.build
import sync.pipeline
from reports.model import OutputTab
from sheets_templates.errors import TabNameClash
from sheets_templates.schema import ISSUES_TAB
from sync.backend import TabInfo
from sync.memory import MemoryBackend
from sync.outputs import plan_write
from sync.pipeline import refresh
from tests.builders import make_raw, teacher, visit

AS_OF = dt.date(2026, 11, 20)


def school() -> dict[str, list[list[object]]]:
    return make_raw(
        roster=[teacher("T1", "Ana Ortiz", room="101"), teacher("T2", "Bo Lindqvist")],
        walkthroughs=[
            visit("2026-11-16", "10:15", "Obs A", "T1"),
            visit("2026-11-17", "10:15", "Obs A", "Bo Lindkvist"),  # a typo: an error row
        ],
    )


def test_refresh_writes_summary_first_and_leaves_people_tabs_alone() -> None:
    raw = school()
    backend = MemoryBackend(copy.deepcopy(raw))
    result = refresh(backend, as_of=AS_OF)
    names = list(backend.book.sheets)
    assert names[0] == "Summary"
    assert names[1] == "Issues"
    for name, rows in raw.items():
        assert backend.book.sheets[name] == rows
    summary = dict((row[0], row[1]) for row in backend.book.sheets["Summary"] if row[0])
    assert summary["Walkthrough rows"] == 2
    assert summary["Valid visits"] == 1
    assert summary["Errors to fix"] == 1
    assert result.count(result.findings[0].severity) == 1


def test_a_second_refresh_replaces_the_output_tabs() -> None:
    backend = MemoryBackend(school())
    refresh(backend, as_of=AS_OF)
    refresh(backend, as_of=AS_OF)
    assert list(backend.book.sheets).count("Summary") == 1
    assert backend.writes == 2


def test_a_tab_name_clash_stops_before_anything_is_read_computed_or_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = school()
    raw["Coverage"] = [["my own coverage notes"]]
    backend = MemoryBackend(copy.deepcopy(raw))
    done: list[str] = []
    monkeypatch.setattr(backend, "read", lambda names: done.append("read"))
    monkeypatch.setattr(sync.pipeline, "build_output_tabs", lambda *a, **k: done.append("reports"))
    with pytest.raises(TabNameClash, match="'Coverage' that ILR Sheets did not create"):
        refresh(backend, as_of=AS_OF)
    assert done == []
    assert backend.book.sheets == raw
    assert backend.writes == 0


def test_a_report_that_fails_leaves_the_workbook_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = MemoryBackend(school())
    refresh(backend, as_of=AS_OF)
    before = copy.deepcopy(backend.book.sheets)

    def broken(book: object) -> object:
        raise RuntimeError("a report bug")

    monkeypatch.setitem(reports.build.REPORTS, ISSUES_TAB, broken)
    with pytest.raises(RuntimeError):
        refresh(backend, as_of=AS_OF)
    assert backend.book.sheets == before
    assert backend.writes == 1


def test_the_write_plan_replaces_only_the_tools_own_tabs() -> None:
    existing = [
        TabInfo("Roster", False),
        TabInfo("Coverage", True),  # the tool's: replaced
        TabInfo("Coverage (2)", True),  # a person's copy of it, still marked: kept
        TabInfo("Old Notes", False),
    ]
    tabs = [OutputTab("Summary", "Summary", ()), OutputTab("Coverage", "Coverage", ())]
    plan = plan_write(existing, tabs)
    assert plan.replaced == {1}
    assert [tab.name for tab in plan.tabs] == ["Summary", "Coverage"]
    with pytest.raises(TabNameClash, match="'Roster'"):
        plan_write(existing, [OutputTab("Roster", "Roster", ())])
