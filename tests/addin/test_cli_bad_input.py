"""Bad workbooks through `ilr refresh`: one plain sentence, exit code 2, the file untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.cli import app
from sheets_templates.files import backups
from tests.builders import make_raw, teacher, visit, write_book

runner = CliRunner()
Tabs = dict[str, list[list[object]]]


def school() -> Tabs:
    return make_raw(
        roster=[teacher("T1", "Avery Quill")],
        walkthroughs=[visit("2026-11-16", "10:15", "Obs A", "T1")],
    )


def empty_workbook(path: Path) -> Path:
    openpyxl.Workbook().save(path)  # one blank "Sheet"
    return path


def no_walkthroughs_tab(path: Path) -> Path:
    tabs = school()
    del tabs["Walkthroughs"]
    return write_book(path, tabs)


def unknown_headers(path: Path) -> Path:
    tabs = school()
    tabs["Walkthroughs"] = [["When", "Who", "Whom"], ["2026-11-16", "Obs A", "T1"]]
    return write_book(path, tabs)


def password_protected(path: Path) -> Path:
    # An encrypted OOXML file is an OLE compound file, as is an old .xls.
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    return path


def damaged(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04 this zip was cut short")
    return path


def open_in_excel(path: Path) -> Path:
    write_book(path, school())
    path.with_name(f"~${path.name}").write_bytes(b"")
    return path


def tab_name_clash(path: Path) -> Path:
    tabs = school()
    tabs["Coverage"] = [["My own coverage notes"]]
    return write_book(path, tabs)


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty workbook": (empty_workbook, "has no 'Roster' tab"),
    "missing tab": (no_walkthroughs_tab, "has no 'Walkthroughs' tab"),
    "header with no known alias": (unknown_headers, "has no 'Observer' column"),
    "password-protected": (password_protected, "password-protected"),
    "damaged file": (damaged, "is not a readable Excel workbook"),
    "open in Excel": (open_in_excel, "is open in Excel"),
    "tab name clash": (tab_name_clash, "'Coverage' that ILR Sheets did not create"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_workbook_gets_one_sentence_and_is_left_as_it_was(case: str, tmp_path: Path) -> None:
    make, expected = CASES[case]
    book = make(tmp_path / "walkthroughs.xlsx")
    before = book.read_bytes()

    result = runner.invoke(app, ["refresh", str(book), "--as-of", "2026-11-20"])

    message = " ".join(result.output.split())
    assert result.exit_code == 2, message
    assert expected in message
    assert "Traceback" not in message
    assert message.count("Error:") == 1
    assert book.read_bytes() == before
    assert not backups(book)


@pytest.mark.parametrize("typed", ["12/03/2026", "2026-13-01", "yesterday"])
def test_an_as_of_written_another_way_says_how_to_write_it(tmp_path: Path, typed: str) -> None:
    book = write_book(tmp_path / "log.xlsx", school())
    before = book.read_bytes()
    result = runner.invoke(app, ["refresh", str(book), "--as-of", typed])
    assert result.exit_code == 2
    assert "write the date as 2026-11-20" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert book.read_bytes() == before
