"""No command replaces an existing file unasked: `--force` replaces it, keeping a backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from addin.cli import app
from sheets_templates.files import backups

runner = CliRunner()


def sentence(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize(
    "command",
    [
        ["template"],
        ["template", "--excel"],
        ["demo", "--as-of", "2026-11-20"],
    ],
)
def test_a_command_refuses_to_replace_a_file_without_force(
    tmp_path: Path, command: list[str]
) -> None:
    mine = tmp_path / ("mine.xlsm" if "--excel" in command else "mine.xlsx")
    mine.write_bytes(b"a year of walkthroughs")
    result = runner.invoke(app, [command[0], str(mine), *command[1:]])
    assert result.exit_code == 2
    assert sentence(result.output) == (
        f"Error: '{mine.name}' already exists: choose another file name, or add --force to "
        f"replace it (the old file is kept as mine.backup-DATE{mine.suffix})."
    )
    assert mine.read_bytes() == b"a year of walkthroughs"
    assert [p.name for p in tmp_path.iterdir()] == [mine.name]


@pytest.mark.parametrize("excel", [False, True])
def test_with_force_the_old_file_is_kept_as_a_dated_backup(tmp_path: Path, excel: bool) -> None:
    mine = tmp_path / ("mine.xlsm" if excel else "mine.xlsx")
    mine.write_bytes(b"a year of walkthroughs")
    result = runner.invoke(app, ["template", str(mine), "--force", *(["--excel"] if excel else [])])
    assert result.exit_code == 0, result.output
    [backup] = backups(mine)
    assert backup.read_bytes() == b"a year of walkthroughs"
    assert mine.read_bytes() != b"a year of walkthroughs"


def test_deidentify_refuses_an_existing_copy_and_keeps_it_with_force(tmp_path: Path) -> None:
    book = tmp_path / "walkthroughs.xlsx"
    assert runner.invoke(app, ["template", str(book)]).exit_code == 0
    shared = tmp_path / "shared.xlsx"
    shared.write_bytes(b"last term's copy")
    command = ["deidentify", str(book), "-o", str(shared), "--as-of", "2026-11-20"]

    refused = runner.invoke(app, command)
    assert refused.exit_code == 2
    assert "'shared.xlsx' already exists" in sentence(refused.output)
    assert shared.read_bytes() == b"last term's copy"

    replaced = runner.invoke(app, [*command, "--force"])
    assert replaced.exit_code == 0, replaced.output
    [backup] = backups(shared)
    assert backup.read_bytes() == b"last term's copy"


@pytest.mark.parametrize(("command", "name"), [("packet", "packet.pdf"), ("snapshot", "staff.pdf")])
def test_the_packet_and_the_snapshot_replace_last_week_s_only_with_force(
    tmp_path: Path, command: str, name: str
) -> None:
    book = tmp_path / "walkthroughs.xlsx"
    assert runner.invoke(app, ["demo", str(book), "--as-of", "2026-11-20"]).exit_code == 0
    printed = tmp_path / name
    printed.write_bytes(b"last week's, with notes")
    asked = [command, str(book), "-o", str(printed), "--as-of", "2026-11-20"]

    refused = runner.invoke(app, asked)
    assert refused.exit_code == 2
    assert "add --force to replace it" in sentence(refused.output)
    assert printed.read_bytes() == b"last week's, with notes"

    replaced = runner.invoke(app, [*asked, "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert printed.read_bytes().startswith(b"%PDF")
    [backup] = backups(printed)
    assert backup.read_bytes() == b"last week's, with notes"
