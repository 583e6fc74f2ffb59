"""The README's generated sections: the command reference, from each command's own
`--help`; the findings table, from the catalogue in `sheets_templates.findings`; and the
Roadmap level rules, from `reports.figures.roadmap_levels`.

    python -m addin.reference            # print them
    python -m addin.reference --write    # rewrite those README sections in place

A test fails when README.md and the code disagree, so neither goes stale.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from addin.cli import app
from reports.figures.roadmap_levels import rules_markdown
from sheets_templates.findings import findings_markdown

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


def cli_reference() -> str:
    """Markdown: every command's help, as the terminal shows it."""
    parts = [f"```\n{help_text()}\n```"]
    parts += [f"### `ilr {name}`\n\n```\n{help_text(name)}\n```" for name in command_names()]
    return "\n\n".join(parts)


# Marker name in README.md (<!-- NAME:start --> ... <!-- NAME:end -->) -> its generator.
SECTIONS: dict[str, Callable[[], str]] = {
    "cli-reference": cli_reference,
    "findings": findings_markdown,
    "roadmap-levels": rules_markdown,
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def readme_section(text: str, name: str) -> str:
    """The generated part of a README text between the `name` markers."""
    start, end = markers(name)
    return text.split(start, 1)[1].split(end, 1)[0].strip()


def write_readme(path: Path = README) -> None:
    """Regenerate every generated section of the README in place."""
    text = path.read_text(encoding="utf-8")
    for name, generate in SECTIONS.items():
        start, end = markers(name)
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = f"{before}{start}\n{generate().strip()}\n{end}{after}"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    os.environ.update(PLAIN)
    if "--write" in sys.argv:
        write_readme()
    else:
        sys.stdout.write("\n\n".join(generate() for generate in SECTIONS.values()) + "\n")
