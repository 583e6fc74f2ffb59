"""The `ilr` command line through typer's runner: help, exit codes, plain messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from addin.cli import app
from addin.reference import README, SECTIONS, command_names, help_text, readme_section

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
