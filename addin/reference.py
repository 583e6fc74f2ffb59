"""The README's command reference, generated from each command's own `--help`.

    python -m addin.reference            # print it
    python -m addin.reference --write    # rewrite the README section in place

A test fails when README.md and `--help` disagree, so the reference never goes stale.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typer.testing import CliRunner

from addin.cli import app

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"
PLAIN = {"COLUMNS": "96", "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}


def command_names() -> list[str]:
    """The `ilr` commands, in the order they are defined."""
    names = []
    for command in app.registered_commands:
        callback_name = command.callback.__name__ if command.callback else ""
        names.append(command.name or callback_name.replace("_", "-"))
    return names


def help_text(*args: str) -> str:
    """What `ilr ARGS --help` prints, without colour, trailing spaces trimmed."""
    result = CliRunner().invoke(app, [*args, "--help"], env=PLAIN, prog_name="ilr")
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip()


def reference() -> str:
    """Markdown: every command's help, as the terminal shows it."""
    parts = [f"```\n{help_text()}\n```"]
    parts += [f"### `ilr {name}`\n\n```\n{help_text(name)}\n```" for name in command_names()]
    return "\n\n".join(parts) + "\n"


def readme_section(text: str) -> str:
    """The generated part of a README text (between the markers)."""
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def write_readme(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    path.write_text(f"{before}{START}\n{reference()}{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    os.environ.update(PLAIN)
    if "--write" in sys.argv:
        write_readme()
    else:
        sys.stdout.write(reference())
