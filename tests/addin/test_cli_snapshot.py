"""`ilr snapshot` end to end on a written .xlsx, and its use case on the in-memory workbook."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.app import snapshot
from addin.cli import app
from reports.exports.packet import PacketFormat
from sync.memory import MemoryBackend
from tests.builders import write_book
from tests.reports.snapshot_school import AS_OF, assert_names_no_one, tabs

runner = CliRunner()


def run(*arguments: str) -> tuple[int, str]:
    result = runner.invoke(app, ["snapshot", *arguments, "--as-of", AS_OF.isoformat()])
    return result.exit_code, " ".join(result.output.split())


def test_ilr_snapshot_writes_one_page_of_the_last_full_month(tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    out = tmp_path / "staff.pdf"
    code, output = run(str(workbook), "-o", str(out))
    assert code == 0, output
    assert output == (
        f"Wrote {out}: the staff snapshot of October 2026. Read it, or the Staff Snapshot "
        "tab, before you share it."
    )
    done = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True, text=True)
    assert "Pages:           1" in done.stdout
    words = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Most of you got written evidence the same day: 80% of 10 visits." in words
    assert_names_no_one(words)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["school.xlsx", "staff.pdf"]


def test_ilr_snapshot_of_the_current_month_as_html(tmp_path: Path) -> None:
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    out = tmp_path / "staff.html"
    code, output = run(str(workbook), "-o", str(out), "--current")
    assert code == 0, output
    page = out.read_text(encoding="utf-8")
    assert "<h1>What we saw in classrooms: November 2026 so far</h1>" in page
    assert "too few classrooms to show (4 visits) in November so far" in page
    assert_names_no_one(page)


def test_ilr_snapshot_of_a_named_month(tmp_path: Path) -> None:
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    code, output = run(str(workbook), "-o", str(tmp_path / "aug.html"), "--month", "2026-08")
    assert code == 0, output
    assert "the staff snapshot of August 2026" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("-o", "staff.docx"),
            "Error: Cannot write the snapshot as 'staff.docx': end the file name in .pdf or .html.",
        ),
        (
            ("-o", "staff.pdf", "--month", "2027-01"),
            "Error: No snapshot of January 2027: pick a month from August 2026 to November "
            "2026 (the school year up to the as-of date, Nov 20, 2026).",
        ),
        (
            ("-o", "staff.pdf", "--month", "2026-10", "--current"),
            "Error: Ask for one month or for the current month, not both.",
        ),
    ],
)
def test_a_bad_ask_is_one_sentence_and_exit_2(
    tmp_path: Path, arguments: tuple[str, ...], message: str
) -> None:
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    in_tmp = (str(tmp_path / a) if a.startswith("staff") else a for a in arguments)
    code, output = run(str(workbook), *in_tmp)
    assert code == 2
    assert output == message
    assert sorted(path.name for path in tmp_path.iterdir()) == ["school.xlsx"]


def test_ilr_snapshot_into_a_missing_folder_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    out = tmp_path / "no such folder" / "staff.pdf"
    code, output = run(str(workbook), "-o", str(out))
    assert code == 2
    assert output == (
        f"Error: Cannot write the snapshot to {out}: check the folder exists and is writable."
    )


def test_the_use_case_draws_bytes_and_writes_nothing() -> None:
    messages: list[str] = []
    backend = MemoryBackend(tabs())
    drawn = snapshot(backend, PacketFormat.PDF, as_of=AS_OF, progress=messages.append)
    assert (drawn.format, drawn.month) == (PacketFormat.PDF, dt.date(2026, 10, 1))
    assert drawn.data.startswith(b"%PDF-")
    assert (backend.writes, backend.created) == (0, {})
    assert messages[-1] == "Drawing the snapshot"


def test_every_refresh_writes_the_staff_snapshot_tab_naming_no_one(tmp_path: Path) -> None:
    workbook = write_book(tmp_path / "school.xlsx", tabs())
    result = runner.invoke(app, ["refresh", str(workbook), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(workbook)["Staff Snapshot"]
    cells = [
        [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
    ]
    assert cells[0] == ["What we saw in classrooms: October 2026"]
    figures = {row[0]: row[1] for row in cells if len(row) == 2}
    assert figures["Classrooms visited in October"] == 1
    assert figures["Visits this school year"] == 15
    assert figures["Evidence shared the same day"] == 0.8
    assert ["EN1", "Every student talks about the work", 6, 0.6] in cells
    assert_names_no_one(" ".join(str(cell) for row in cells for cell in row))
