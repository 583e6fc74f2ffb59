"""The `ilr` command line through typer's runner: help, exit codes, plain messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.cli import app
from addin.reference import README, SECTIONS, command_names, help_text, readme_section
from tests.builders import make_raw, teacher, visit, write_book

runner = CliRunner()


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name: str) -> None:
    text = help_text(name)
    assert "Example:" in text, f"`ilr {name} --help` shows no example"


@pytest.mark.parametrize("section", SECTIONS)
def test_readme_generated_sections_match_the_code(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_section(text, section) == SECTIONS[section]().strip(), (
        f"README.md's {section} section is stale: run `python -m addin.reference --write`"
    )


def test_a_missing_file_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["refresh", str(tmp_path / "nowhere.xlsx")])
    assert result.exit_code == 2
    assert "There is no file at" in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("Date,Teacher\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(notes)])
    assert result.exit_code == 2
    assert "notes.csv is not an Excel workbook" in " ".join(result.output.split())


def test_no_arguments_shows_the_commands() -> None:
    result = runner.invoke(app, [])
    assert "refresh" in result.output
    assert "demo" in result.output


def test_the_demo_on_a_summer_day_shows_the_year_just_ended(tmp_path: Path) -> None:
    book = tmp_path / "demo.xlsx"
    result = runner.invoke(app, ["demo", str(book), "--as-of", "2027-07-15"])
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    assert "it shows the year that ended on Jun 11, 2027" in output
    assert "Read 3,550 walkthrough rows" in output
    summary = openpyxl.load_workbook(book)["Summary"]
    as_of = next(row[1] for row in summary.iter_rows(values_only=True) if row[0] == "As of")
    assert as_of.date() == dt.date(2027, 6, 11)


def test_a_school_year_taken_from_the_log_is_said_in_one_line(tmp_path: Path) -> None:
    tabs = make_raw(
        roster=[teacher("T1", "Avery Quill")],
        walkthroughs=[visit("2026-08-19", "10:15", "Obs A", "T1")],
        settings={"School Year Start": "", "School Year End": ""},
    )
    book = write_book(tmp_path / "book.xlsx", tabs)
    for command in ("refresh", "check"):
        result = runner.invoke(app, [command, str(book), "--as-of", "2026-11-20"])
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert (
            "this refresh takes the school year to run from Aug 19, 2026 to Jun 30, 2027, from "
            "the log's dates." in said
        )
