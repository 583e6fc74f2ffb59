"""`ilr deidentify LINK --share EMAIL`: a new Google Sheet, shared, against the Sheets fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from addin.cli import app
from tests.addin.google_fixtures import open_in_fake, school
from tests.fakes.sheets_api import FakeSheetsApi


def test_deidentify_shares_the_new_google_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=False))

    open_in_fake(monkeypatch, api)
    link = f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"
    result = CliRunner().invoke(
        app,
        [
            *("deidentify", link, "-o", "Shared coaching", "--as-of", "2026-11-20"),
            "--share",
            "pl-team@lincoln.k12.us",
        ],
    )

    assert result.exit_code == 0, result.output
    (copy,) = [b for b in api.spreadsheets.values() if b.title == "Shared coaching"]
    assert [(p["emailAddress"], p["role"]) for p in copy.permissions] == [
        ("pl-team@lincoln.k12.us", "writer")
    ]
    new_link = f"https://docs.google.com/spreadsheets/d/{copy.spreadsheet_id}/edit"
    assert f"Shared {new_link} with pl-team@lincoln.k12.us." in result.output.splitlines()
    api.assert_clean()


def test_share_is_refused_for_an_excel_file(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")
    result = CliRunner().invoke(
        app, ["deidentify", str(book), "-o", str(tmp_path / "c.xlsx"), "--share", "a@b.org"]
    )
    assert result.exit_code == 2
    assert "--share works with Google Sheets only" in " ".join(result.output.split())
