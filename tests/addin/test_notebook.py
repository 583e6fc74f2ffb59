"""The Google Sheets notebook, run headless as a person would run it in Colab (see
`tests/addin/notebook_run.py`), and the rule that keeps it from drifting: a cell calls the
notebook face's public functions and nothing else."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

import addin.google.notebook as face
from tests.addin.notebook_run import NOTEBOOK, ROOT, run_notebook


def cells() -> list[Any]:
    return list(nbformat.read(NOTEBOOK, as_version=4).cells)


def code_of(cell: Any) -> str:
    """A code cell's Python, without its IPython magics."""
    return "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))


def test_every_cell_calls_only_the_faces_public_functions() -> None:
    allowed = set(face.__all__)
    for cell in cells():
        if cell.cell_type != "code" or "install" in cell.metadata.get("tags", []):
            continue
        for statement in ast.parse(code_of(cell)).body:
            if isinstance(statement, ast.Import):
                assert [a.name for a in statement.names] == ["addin.google.notebook"]
            elif isinstance(statement, ast.Assign):  # a form field: a literal, no logic
                assert isinstance(statement.value, ast.Constant), ast.unparse(statement)
            else:
                assert isinstance(statement, ast.Expr), ast.unparse(statement)
                call = statement.value
                assert isinstance(call, ast.Call)
                assert isinstance(call.func, ast.Attribute)
                assert ast.unparse(call.func.value) == "ilr"
                assert call.func.attr in allowed, ast.unparse(call)


def test_each_public_function_runs_one_use_case_of_the_application() -> None:
    source = Path(face.__file__).read_text(encoding="utf-8")
    uses = set(re.findall(r"\bapp\.(\w+)\(", source))
    assert uses == {"refresh", "packet", "snapshot", "deidentify"}


def test_the_install_cell_pins_the_version_being_released() -> None:
    (install,) = [c for c in cells() if "install" in c.metadata.get("tags", [])]
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (version,) = re.findall(r'^version = "(.+)"$', project, flags=re.MULTILINE)
    assert f'"ilr-sheets=={version}"' in install.source


def test_run_all_signs_in_and_refreshes_the_sheet_in_three_requests(tmp_path: Path) -> None:
    ran = run_notebook({"SHEET_LINK": "LINK"}, tmp_path)
    report, shown = ran.report, ran.shown

    assert report["violations"] == [], shown
    assert not any("TRACEBACK" in text for text in shown)
    assert report["tabs"][:3] == ["Summary", "Issues", "Coverage"], shown
    assert {"Roster", "Walkthroughs"} <= set(report["tabs"])
    assert report["summary"][0][0] == "ILR Sheets summary"
    assert report["requests"] == 3  # the same three requests as `ilr refresh LINK`
    refreshed = next(text for text in shown if "Refreshed" in text)
    assert "Headlines" in refreshed
    assert not any("RefreshResult(" in text for text in shown)  # nothing echoed
    assert "Tick MAKE_PACKET" in "\n".join(shown)  # the extras wait for their box
    assert report["created"] == []


def test_the_boxes_make_the_packet_the_snapshot_and_a_new_sheet_with_the_copy(
    tmp_path: Path,
) -> None:
    ran = run_notebook(
        {"SHEET_LINK": "LINK", "MAKE_PACKET": "True", "MAKE_SNAPSHOT": "True", "MAKE_COPY": "True"},
        tmp_path,
    )
    report, shown = ran.report, ran.shown

    assert report["violations"] == []
    assert not any("TRACEBACK" in text for text in shown)
    assert (tmp_path / "ilt-packet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "staff-snapshot.pdf").read_bytes().startswith(b"%PDF")
    assert any("the staff snapshot of" in text for text in shown)
    assert report["created"] == ["Coaching log, de-identified"]
    assert any("About this copy" in text for text in shown)


@pytest.mark.parametrize(
    ("link", "said"),
    [
        ('""', "Paste the sheet's link into SHEET_LINK above"),
        ('"https://example.org/not-a-sheet"', "is not a Google Sheets link"),
        ('"https://docs.google.com/spreadsheets/d/1NoSuchSheetExistsHere000000000/edit"',
         "There is no Google Sheet at"),
    ],
)  # fmt: skip
def test_a_wrong_link_is_one_sentence_never_a_traceback(
    link: str, said: str, tmp_path: Path
) -> None:
    ran = run_notebook({"SHEET_LINK": link}, tmp_path)
    report, shown = ran.report, ran.shown

    assert not any("TRACEBACK" in text for text in shown)
    assert said in "\n".join(shown)
    assert "Refreshed" not in "\n".join(shown)
    assert "Summary" not in report["tabs"]
