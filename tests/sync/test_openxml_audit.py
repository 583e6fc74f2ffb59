"""Every kind of file the tool writes passes openxml-audit (a port of the Open XML SDK
validator), but for what openpyxl's own files show too.

The validator runs as its command, `openxml-audit` on the PATH or `$ILR_OPENXML_AUDIT`
(`pipx install openxml-audit`): it brings lxml, and openpyxl writes differently where lxml is
installed, so it is kept out of the test environment itself. Without it these tests are
skipped, saying why.

Tolerated, because a workbook openpyxl writes on its own shows them: the order of a font's
children in styles.xml, and inline strings with no shared-strings part. Anything else a
refreshed file shows must be in the person's file already (the validator looks part names up
by case and knows no Strict files): a new error is a bug, since Excel would repair the file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.cli import app
from tests.sync.package_shapes import SHAPES, base_parts, write
from tests.sync.rich_workbook import build
from tests.sync.test_xlsx_real_files import refresh_twice

pytestmark = pytest.mark.openxml_audit
runner = CliRunner()
# What openpyxl's own files show: a font's children out of the schema's order, and inline
# strings without a shared-strings part.
TOLERATED = (
    re.compile(r"Unexpected element '\w+' found"),
    re.compile(r"inline-string cell\(s\)"),
)


def audit_command() -> str:
    command = os.environ.get("ILR_OPENXML_AUDIT") or shutil.which("openxml-audit")
    if command is None:
        pytest.skip("openxml-audit is not installed (pipx install openxml-audit)")
    return command


@pytest.fixture(autouse=True)
def _validator_installed() -> None:
    audit_command()  # skip before building any file


def problems(path: Path) -> set[tuple[str, str]]:
    """(part, description) of each error openxml-audit finds, tolerated ones left out."""
    result = subprocess.run(
        [audit_command(), "-o", "json", "-m", "0", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(result.stdout)
    report = report[0] if isinstance(report, list) else report
    found = set()
    for error in report.get("errors", []):
        description = error.get("description", "")
        if not any(pattern.search(description) for pattern in TOLERATED):
            found.add((error.get("part_uri") or "", re.sub(r"\d+", "N", description)))
    return found


def test_openpyxl_s_own_file_shows_only_what_is_tolerated(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "text"
    workbook.save(tmp_path / "plain.xlsx")
    assert problems(tmp_path / "plain.xlsx") == set()


def _cli(*arguments: str) -> None:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code in (0, 1), result.output


def _template(path: Path) -> Path:
    _cli("template", str(path))
    return path


def _refreshed_template_xlsm(path: Path) -> Path:
    _cli("template", str(path.with_suffix(".xlsm")), "--excel")
    _cli("refresh", str(path.with_suffix(".xlsm")), "--as-of", "2026-11-20")
    return path.with_suffix(".xlsm")


def _demo(path: Path) -> Path:
    _cli("demo", str(path), "--as-of", "2026-11-20")
    return path


def _deidentified(path: Path) -> Path:
    book = _demo(path.with_name("demo.xlsx"))
    _cli("deidentify", str(book), "-o", str(path), "--as-of", "2026-11-20")
    return path


WRITTEN: dict[str, Callable[[Path], Path]] = {
    "template": _template,
    "refreshed .xlsm template": _refreshed_template_xlsm,
    "refreshed demo": _demo,
    "de-identified copy": _deidentified,
}


@pytest.mark.parametrize("kind", list(WRITTEN))
def test_each_kind_of_file_the_tool_writes_passes(kind: str, tmp_path: Path) -> None:
    assert problems(WRITTEN[kind](tmp_path / f"{kind}.xlsx")) == set()


@pytest.mark.parametrize("shape", [*SHAPES, "rich macro workbook"])
def test_a_refreshed_workbook_shows_nothing_its_original_did_not(
    shape: str, tmp_path: Path
) -> None:
    if shape == "rich macro workbook":
        path = build(tmp_path / "ILT log.xlsm")
    else:
        path = write(SHAPES[shape](base_parts()), tmp_path / "ILT log.xlsx")
    original = tmp_path / f"original{path.suffix}"
    shutil.copyfile(path, original)
    refresh_twice(path)
    assert problems(path) <= problems(original)
