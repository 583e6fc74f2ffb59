"""The Refresh button's Python side, end to end against the xlwings stand-in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import xlwings as xw

from addin.excel import refresh as entry
from addin.excel.refresh import refresh_from_excel
from sheets_templates.errors import WorkbookLocked
from sheets_templates.schema import OUTPUT_TAB_NAMES
from sync.excel_live.backend import read_sheet
from tests.builders import look_for, make_raw, teacher, visit
from tests.fakes.xlwings_standin import book_with
from tests.sync.test_xlwings_backend import summary_tab

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture
def school():
    """A small generated school, open in the stand-in Excel."""
    raw = make_raw(
        roster=[teacher("T1", "Avery Quill", room="101"), teacher("T2", "Rowan Pike")],
        walkthroughs=[
            visit("2026-11-16", "10:15", "Obs A", "T1", lookfors="E1"),
            visit("2026-11-17", "13:40", "Obs A", "Nobody Known"),
        ],
        framework=[look_for("E1", "Engagement")],
    )
    return book_with(raw)


@pytest.fixture(autouse=True)
def log_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv(entry.LOG_ENV, str(tmp_path / "excel-refresh.log"))


def test_refresh_writes_the_output_tabs_in_front_of_the_inputs(school):
    inputs_before = {sheet.name: read_sheet(sheet) for sheet in school.sheets}

    refresh_from_excel(school, as_of=AS_OF)

    names = [sheet.name for sheet in school.sheets]
    outputs = names[: len(names) - len(inputs_before)]
    assert outputs[:3] == ["Summary", "Issues", "Coverage"]
    assert set(outputs) <= set(OUTPUT_TAB_NAMES)
    assert names[len(outputs) :] == list(inputs_before)
    assert {name: read_sheet(school.sheets[name]) for name in inputs_before} == inputs_before
    assert school.app.alerts == []
    assert school.saves == 0


def test_the_unknown_teacher_is_an_issue_and_the_status_bar_says_so(school):
    refresh_from_excel(school, as_of=AS_OF)

    issues = read_sheet(school.sheets["Issues"])
    assert any("Nobody Known" in row for row in issues)
    status = school.app.status_bar
    assert status.startswith("ILR Sheets: Read 2 walkthrough rows;")
    assert re.search(r"; 1 errors?, 0 warnings; wrote \d+ tabs\. See the Issues tab\.$", status)


def test_progress_shows_on_the_status_bar(school):
    refresh_from_excel(school, as_of=AS_OF)

    shown = [s for s in school.app.status_history if isinstance(s, str)]
    assert "ILR Sheets: Reading the workbook…" in shown
    assert "ILR Sheets: Writing the output tabs…" in shown


def test_refreshing_twice_gives_the_same_tabs(school):
    refresh_from_excel(school, as_of=AS_OF)
    first = {sheet.name: read_sheet(sheet) for sheet in school.sheets}

    refresh_from_excel(school, as_of=AS_OF)

    assert school.app.alerts == []  # a refresh that failed would also leave the tabs as they were
    assert school.app.status_bar.startswith("ILR Sheets: Read 2 walkthrough rows;")
    assert {sheet.name: read_sheet(sheet) for sheet in school.sheets} == first


def test_a_problem_the_person_can_fix_is_a_message_box_not_a_traceback():
    book = book_with({"Walkthroughs": [["Date", "Teacher"]], "Summary": [["our notes"]]})

    refresh_from_excel(book, as_of=AS_OF)

    [(prompt, title, mode)] = book.app.alerts
    assert prompt.startswith("The workbook already has a tab named 'Summary'")
    assert (title, mode) == ("ILR Sheets", "critical")
    assert "Traceback" not in prompt
    assert book.app.status_bar is False
    assert [sheet.name for sheet in book.sheets] == ["Walkthroughs", "Summary"]


def test_a_missing_roster_is_named_in_the_message():
    book = book_with({"Walkthroughs": [["Date", "Teacher"]]})

    refresh_from_excel(book, as_of=AS_OF)

    [(prompt, _, _)] = book.app.alerts
    assert "Roster" in prompt


def test_an_error_raised_while_writing_reaches_the_person_as_its_sentence(school, monkeypatch):
    def refuse(self, tabs):
        raise WorkbookLocked("Excel would not let ILR Sheets change the tabs of 'x'.")

    monkeypatch.setattr(entry.XlwingsBackend, "write", refuse)

    refresh_from_excel(school, as_of=AS_OF)

    assert school.app.alerts == [
        ("Excel would not let ILR Sheets change the tabs of 'x'.", "ILR Sheets", "critical")
    ]


def test_an_unexpected_failure_is_one_sentence_and_the_details_go_to_the_log(
    school, monkeypatch, tmp_path
):
    def crash(*args, **kwargs):
        raise ZeroDivisionError("division by zero in a report")

    monkeypatch.setattr(entry, "refresh", crash)

    refresh_from_excel(school, as_of=AS_OF)

    [(prompt, _, _)] = school.app.alerts
    log_file = tmp_path / "excel-refresh.log"
    assert prompt == (
        "ILR Sheets stopped because of an unexpected problem and changed nothing; please "
        f"send the file {log_file} to whoever set up ILR Sheets."
    )
    assert "ZeroDivisionError: division by zero in a report" in log_file.read_text()
    assert school.sheets[0].name == "Roster"


def test_without_a_book_it_refreshes_the_workbook_that_called(school, monkeypatch):
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: school))

    refresh_from_excel(as_of=AS_OF)

    assert school.sheets[0].name == "Summary"


class FakeResult:
    """What `sync.pipeline.refresh` returns, reduced to what the entry point reads."""

    findings = ("one finding",)

    def summary_line(self) -> str:
        return "Read 2 walkthrough rows; 1 errors, 0 warnings; wrote 1 tabs."


def test_the_entry_point_hands_the_pipeline_the_live_workbook(school, monkeypatch):
    """Independent of the reports: the entry point's own wiring, with the pipeline stubbed."""
    seen = {}

    def pipeline(backend, *, as_of=None, progress=None):
        seen.update(location=backend.location, as_of=as_of)
        progress("Reading the workbook")
        backend.write([summary_tab()])
        return FakeResult()

    monkeypatch.setattr(entry, "refresh", pipeline)

    refresh_from_excel(school, as_of=AS_OF)

    assert seen == {"location": school.fullname, "as_of": AS_OF}
    assert school.sheets[0].name == "Summary"
    assert school.app.status_history[0] == "ILR Sheets: Reading the workbook…"
    assert school.app.status_bar == (
        "ILR Sheets: Read 2 walkthrough rows; 1 errors, 0 warnings; wrote 1 tabs. "
        "See the Issues tab."
    )
    assert school.app.alerts == []
