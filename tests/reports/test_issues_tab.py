"""The `Issues` tab as a school leader reads it: key figures, then one line per finding,
errors first, each linking to the cell it is about, with the column named as in their sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports.model import Link
from reports.tabs.issues import HEADERS, issues_tab
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from sync.memory import MemoryBackend
from sync.pipeline import refresh
from tests.builders import look_for, make_book, make_raw, teacher, visit

AS_OF = dt.date(2026, 11, 20)
ROSTER = [
    teacher("T1", "Ana Ortiz", room="101"),
    teacher("T2", "Bo Li", room="102"),
    teacher("T3", "Cy Park", email="cy.park school.example"),  # warning on Roster row 4
]
FRAMEWORK = [look_for("IN1", "Instruction")]


def forms_workbook() -> dict[str, list[list[Any]]]:
    """A Google Forms log with an error, a warning and an info line, plus a Roster warning."""
    raw = make_raw(roster=ROSTER, framework=FRAMEWORK)
    del raw["Walkthroughs"]
    raw["Form Responses 1"] = [
        ["Timestamp", "Email Address", "Teacher Name", "Room Number", "Look Fors", "Comments?"],
        ["11/16/2026 10:15:32", "obs.a@school.example", "Ana Ortiz", "101", "IN1", ""],
        ["11/16/2026 11:00:00", "obs.a@school.example", "bo  li", "102", "IN1", ""],  # info
        ["11/17/2026 9:05:00", "obs.a@school.example", "Ana Ortiz", "201", "IN1", ""],  # warning
        ["11/17/2026 9:25:00", "", "Bo Li", "102", "IN1", "=1+1"],  # error
    ]
    return raw


def test_lines_are_errors_first_then_by_tab_and_row() -> None:
    raw = forms_workbook()
    tab = issues_tab(parse_book(raw, locate_tabs(list(raw)), AS_OF))
    table = tab.table("issues")
    assert [c.header for c in table.columns] == list(HEADERS)
    shown = [(sev, tab_name, link.text, column) for sev, tab_name, link, column, *_ in table.rows]
    assert shown == [
        ("Error", "Form Responses 1", "5", "Email Address"),
        ("Warning", "Form Responses 1", "4", "Room Number"),
        ("Warning", "Roster", "4", "Email"),
        ("Info", "Form Responses 1", "3", "Teacher Name"),
    ]
    error = table.rows[0]
    assert error[4:] == ("", "no observer; this row is left out", "Write who made the visit.")


def test_each_line_links_to_its_cell() -> None:
    raw = forms_workbook()
    table = issues_tab(parse_book(raw, locate_tabs(list(raw)), AS_OF)).table("issues")
    links = [row[2] for row in table.rows]
    assert links == [
        Link("5", "Form Responses 1", 5, 2),
        Link("4", "Form Responses 1", 4, 4),
        Link("4", "Roster", 4, 3),
        Link("3", "Form Responses 1", 3, 3),
    ]


def test_key_figures_count_rows_errors_warnings_and_the_clean_share() -> None:
    raw = forms_workbook()
    tab = issues_tab(parse_book(raw, locate_tabs(list(raw)), AS_OF))
    figures = {f.label: f.value for f in tab.key_figures("checked").items}
    assert figures == {
        "Rows checked: Roster": 3,
        "Rows checked: Form Responses 1": 4,
        "Rows checked: Framework": 1,
        "Rows checked: Settings": 2,
        "Errors": 1,
        "Warnings": 2,
        # 10 rows, 3 with an error or a warning (an info line is not a problem)
        "Rows clean": 0.7,
    }


def test_a_clean_log_says_so() -> None:
    book = make_book(
        roster=ROSTER[:2],
        walkthroughs=[visit("2026-11-16", "10:15", "Obs A", "T1", room="101")],
        as_of=AS_OF,
    )
    tab = issues_tab(book)
    table = tab.table("issues")
    assert table.rows == ()
    assert table.empty_message == "No problems found: every row is clean."
    figures = {f.label: f.value for f in tab.key_figures("checked").items}
    assert (figures["Errors"], figures["Warnings"], figures["Rows clean"]) == (0, 0, 1.0)


def test_the_written_tab_shows_the_values_as_typed_and_leaves_the_inputs_alone() -> None:
    raw = forms_workbook()
    backend = MemoryBackend(raw)
    before = {name: [list(r) for r in rows] for name, rows in raw.items()}
    refresh(backend, as_of=AS_OF)
    grid = backend.book.sheets["Issues"]
    header_at = next(i for i, row in enumerate(grid) if tuple(row[:7]) == HEADERS)
    lines = [tuple(row[:7]) for row in grid[header_at + 1 : header_at + 5]]
    assert lines[0] == (
        "Error",
        "Form Responses 1",
        "5",
        "Email Address",
        "",
        "no observer; this row is left out",
        "Write who made the visit.",
    )
    assert lines[1][3:5] == ("Room Number", "201")
    assert lines[2][1:5] == ("Roster", "4", "Email", "cy.park school.example")
    assert {name: backend.book.sheets[name] for name in before} == before
