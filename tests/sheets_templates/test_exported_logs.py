"""Logs as other tools export them: a Google Forms response sheet, a title above the header."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from tests.builders import make_raw
from tests.sheets_templates.clean_school import AS_OF, FRAMEWORK, ROSTER, clean_visit


def serial(day: dt.datetime) -> float:
    """A date and time as Google Sheets hands it over unformatted (days since 1899-12-30)."""
    return (day - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)


def google_forms_book() -> dict[str, list[list[Any]]]:
    """A Google Forms export: its own tab name, Timestamp, Email Address, extra questions."""
    raw = make_raw(roster=ROSTER, framework=FRAMEWORK)
    del raw["Walkthroughs"]
    header = [
        "Timestamp",
        "Email Address",
        "Teacher Name",
        "Room Number",
        "Was the objective posted?",
        "Look Fors",
        "Anything else?",
    ]
    raw["Form Responses 1"] = [
        header,
        ["11/16/2026 10:15:32", "obs.a@school.example", "Ana Ortiz", "101", "Yes", "IN1", ""],
        ["11/31/2026 10:15:32", "obs.a@school.example", "Ana Ortiz", "101", "Yes", "IN1", ""],
        ["11/17/2026 9:05:00", "", "Ana Ortiz", "101", "No", "IN2", "=SUM(A1)"],
        ["11/17/2026 9:25:00", "obs.b@school.example", "Anna Ortez", "101", "Yes", "", ""],
        ["11/17/2026 13:05:00", "obs.b@school.example", "bo li", "102", "Yes", "CL1", ""],
        ["11/17/2026", "obs.b@school.example", "Bo Li", "102", "Yes", "CL1", ""],
        [dt.datetime(2026, 11, 18, 9, 40), "obs.a@school.example", "T3", 103, "Yes", "IN1", ""],
        [serial(dt.datetime(2026, 11, 19, 14, 5)), "obs.a@school.example", "T2", "102", "", "", ""],
    ]
    return raw


def test_a_google_forms_export_is_read_with_its_own_headers() -> None:
    raw = google_forms_book()
    book = parse_book(raw, locate_tabs(list(raw)), AS_OF)
    form = "Form Responses 1"
    assert [(f.tab, f.row, f.column, f.code) for f in book.findings] == [
        (form, 3, "Timestamp", "date-unreadable"),
        (form, 4, "Email Address", "observer-missing"),
        (form, 5, "Teacher Name", "teacher-unknown"),
        (form, 7, "Timestamp", "time-missing"),
        (form, 6, "Teacher Name", "teacher-loose-match"),
    ]
    assert [f.column_index for f in book.findings] == [1, 2, 3, 1, 3]
    visits = book.valid_walkthroughs
    assert visits["row"].tolist() == [2, 6, 7, 8, 9]
    assert visits["teacher_id"].tolist() == ["T1", "T2", "T2", "T3", "T2"]
    assert visits["minute"].fillna(-1).tolist() == [615, 785, -1, 580, 845]  # -1: no time
    assert visits["observer"].tolist()[-1] == "obs.a@school.example"
    assert book.sources["walkthroughs"].headers["observer"] == "Email Address"


def test_a_header_in_row_3_gives_the_sheet_row_numbers() -> None:
    raw = make_raw(roster=ROSTER, framework=FRAMEWORK, walkthroughs=[clean_visit(observer=None)])
    raw["Walkthroughs"] = [["Walkthrough log: Lincoln Middle"], [], *raw["Walkthroughs"]]
    assert [
        (f.row, f.column, f.code) for f in parse_book(raw, locate_tabs(list(raw)), AS_OF).findings
    ] == [(4, "Observer", "observer-missing")]
