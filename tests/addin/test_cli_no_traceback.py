"""Whatever is typed after `ilr`, the answer is a result or one sentence, never a traceback.

hypothesis drives the CLI with random `--as-of` dates (year 1 to 9999, and text that is no
date), commands and files (a real workbook, a folder, a text file, an empty file, nothing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from addin.cli import app

runner = CliRunner()

as_of = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["2026-02-30", "20261120", "tomorrow", "", "-1", "2026-11-20T10:00"]),
)
commands = st.sampled_from(["check", "refresh", "packet", "deidentify"])
files = st.sampled_from(["workbook", "folder", "text", "empty", "missing"])


def target(kind: str, folder: Path, workbook: Path) -> Path:
    if kind == "workbook":
        return workbook
    if kind == "folder":
        return folder
    path = folder / f"{kind}.xlsx"
    if kind == "text":
        path.write_text("Date,Teacher\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    return path


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(command=commands, day=as_of, kind=files)
def test_no_traceback_ever(tmp_path: Path, command: str, day: str, kind: str) -> None:
    workbook = tmp_path / "walkthroughs.xlsx"
    if not workbook.exists():
        assert runner.invoke(app, ["template", str(workbook)]).exit_code == 0
    arguments = [command, str(target(kind, tmp_path, workbook)), "--as-of", day]
    if command == "deidentify":
        arguments += ["-o", str(tmp_path / "copy.xlsx"), "--force"]
    if command == "packet":
        arguments += ["-o", str(tmp_path / "packet.html")]
    result = runner.invoke(app, arguments)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        arguments,
        result.exception,
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output


def test_an_as_of_no_school_year_can_hold_is_one_sentence(tmp_path: Path) -> None:
    workbook = tmp_path / "walkthroughs.xlsx"
    assert runner.invoke(app, ["template", str(workbook)]).exit_code == 0
    for day in ("9999-12-31", "0001-01-01"):
        for command in (["refresh", str(workbook)], ["demo", str(tmp_path / "demo.xlsx")]):
            result = runner.invoke(app, [*command, "--as-of", day])
            assert result.exit_code == 2
            assert " ".join(result.output.split()) == (
                f"Error: The as-of date {day} is not a day a school year can hold: give a "
                "date from 1901 to 2199 with --as-of."
            )
