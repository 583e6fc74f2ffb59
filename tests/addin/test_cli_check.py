"""`ilr check`: the findings as a terminal table or JSON, in the Issues tab's order, and
the exit code a script can rely on (0 clean, 1 an error in the rows, 2 cannot check)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import addin.cli as cli
from addin.show import WIDE_TABLE
from reports.tabs.issues import issues_tab
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from tests.builders import look_for, make_raw, teacher, visit, write_book

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-20"]
ROSTER = [teacher("T1", "Ana Ortiz", room="101"), teacher("T2", "Bo Li", room="102")]
VISITS = [
    visit("2026-11-16", "10:15", "Obs A", "T1", room="101"),
    visit("2026-11-16", "10:45", "Obs A", "Anna Ortez", room="101"),
    visit("2026-11-17", "9:05", "Obs A", "bo li", room="[red]102"),
]


def raw_book(visits: list[dict[str, Any]]) -> dict[str, list[list[Any]]]:
    return make_raw(roster=ROSTER, framework=[look_for("IN1", "Instruction")], walkthroughs=visits)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed terminal width, so the table's exact text does not depend on the machine."""
    monkeypatch.setattr(cli, "console", Console(width=WIDE_TABLE))


TABLE = """\
┏━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┓
┃ Severity ┃ Tab          ┃ Row ┃ Column  ┃ Value      ┃ Problem             ┃ Fix                 ┃
┡━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━┩
│ Error    │ Walkthroughs │ 3   │ Teacher │ Anna Ortez │ not on the Roster;  │ Fix the spelling or │
│          │              │     │         │            │ this row is left    │ add the teacher to  │
│          │              │     │         │            │ out                 │ the Roster. Close   │
│          │              │     │         │            │                     │ names on the        │
│          │              │     │         │            │                     │ Roster: Ana Ortiz.  │
│ Warning  │ Walkthroughs │ 4   │ Room    │ [red]102   │ the Roster has room │ Check the room here │
│          │              │     │         │            │ 102 for this        │ or on the Roster.   │
│          │              │     │         │            │ teacher             │                     │
│ Info     │ Walkthroughs │ 4   │ Teacher │ bo li      │ read as Bo Li       │ Nothing to do; to   │
│          │              │     │         │            │ (differs only in    │ be exact, write the │
│          │              │     │         │            │ case, spacing or    │ name as on the      │
│          │              │     │         │            │ accents); it counts │ Roster.             │
└──────────┴──────────────┴─────┴─────────┴────────────┴─────────────────────┴─────────────────────┘
Rows checked: 8. Errors: 1. Warnings: 1. Rows clean: 75%.
"""


def test_the_findings_as_a_table_and_exit_1_for_an_error(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", raw_book(VISITS))
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF])
    assert result.exit_code == 1
    assert result.output == TABLE


BLOCKS = """\
Error   Walkthroughs row 3, Teacher: Anna Ortez
        not on the Roster; this row is left out
        Fix: Fix the spelling or add the teacher to the Roster. Close names on
        the Roster: Ana Ortiz.
Warning Walkthroughs row 4, Room: [red]102
        the Roster has room 102 for this teacher
        Fix: Check the room here or on the Roster.
Info    Walkthroughs row 4, Teacher: bo li
        read as Bo Li (differs only in case, spacing or accents); it counts
        Fix: Nothing to do; to be exact, write the name as on the Roster.
Rows checked: 8. Errors: 1. Warnings: 1. Rows clean: 75%.
"""


def test_an_80_column_terminal_shows_each_finding_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "console", Console(width=80))
    path = write_book(tmp_path / "log.xlsx", raw_book(VISITS))
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF])
    assert result.exit_code == 1
    assert [line.rstrip() for line in result.output.splitlines()] == BLOCKS.splitlines()


def test_json_has_validity_stats_and_the_findings_in_the_issues_tab_order(tmp_path: Path) -> None:
    raw = raw_book(VISITS)
    path = write_book(tmp_path / "log.xlsx", raw)
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF, "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["stats"] == {
        "rows": {"Roster": 2, "Walkthroughs": 3, "Framework": 1, "Settings": 2},
        "errors": 1,
        "warnings": 1,
        "rows_clean": 0.75,
    }
    assert report["findings"][0] == {
        "code": "teacher-unknown",
        "severity": "error",
        "tab": "Walkthroughs",
        "row": 3,
        "column": "Teacher",
        "value": "Anna Ortez",
        "problem": "not on the Roster; this row is left out",
        "fix": "Fix the spelling or add the teacher to the Roster. "
        "Close names on the Roster: Ana Ortiz.",
        "column_index": 5,
    }
    tab = issues_tab(parse_book(raw, locate_tabs(list(raw)), cli.dt.date(2026, 11, 20)))
    in_tab = [(row[1], row[2].text, row[3], row[4]) for row in tab.table("issues").rows]
    in_json = [(f["tab"], str(f["row"]), f["column"], f["value"]) for f in report["findings"]]
    assert in_json == in_tab


def test_a_clean_log_exits_0(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", raw_book(VISITS[:1]))
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "No problems found.",
        "Rows checked: 6. Errors: 0. Warnings: 0. Rows clean: 100%.",
    ]
    as_json = runner.invoke(cli.app, ["check", str(path), *AS_OF, "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["valid"] is True


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = write_book(tmp_path / "log.xlsx", raw_book([VISITS[0], VISITS[2]]))
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF, "--json"])
    assert result.exit_code == 0
    assert [f["code"] for f in json.loads(result.output)["findings"]] == [
        "room-mismatch",
        "teacher-loose-match",
    ]


def test_a_workbook_that_cannot_be_checked_exits_2(tmp_path: Path) -> None:
    raw = raw_book(VISITS)
    del raw["Walkthroughs"]
    path = write_book(tmp_path / "log.xlsx", raw)
    result = runner.invoke(cli.app, ["check", str(path), *AS_OF])
    assert result.exit_code == 2
    assert "has no 'Walkthroughs' tab" in result.output
