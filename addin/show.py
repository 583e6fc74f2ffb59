"""How a use case's result is shown to a person, the same from every face that prints: the `ilr`
command line and the Google Sheets notebook. Each function takes the rich `Console` to print on
(a terminal, or a notebook cell's output).

The packet is saved here too, with one rename, so a failed write leaves no half-written file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sheets_templates.errors import UsageError, WorkbookError
from sheets_templates.findings import Finding

if TYPE_CHECKING:
    from addin.app import DeidentifyResult, RefreshResult


def print_refresh(console: Console, result: RefreshResult) -> None:
    """Where the refresh went, its one-line summary and the Summary tab's headlines."""
    console.print(f"[green]Refreshed[/green] {result.location}")
    console.print(result.summary_line())
    if note := result.book.settings.assumed_year_note:
        console.print(note, markup=False)
    headlines = result.tabs[0].table("headlines")
    table = Table("Tab", "Figure", "Value", title="Headlines", title_justify="left")
    for row in headlines.rows:
        table.add_row(*(str(cell) for cell in row))
    console.print(table)


WIDE_TABLE = 100  # columns: a terminal this wide shows the findings as the Issues tab's table


def print_findings(console: Console, findings: Sequence[Finding]) -> None:
    """The findings in the order they come (the Issues tab's): a table on a wide terminal,
    else one block each, whose problem and fix wrap in full rather than being cut."""
    if not findings:
        console.print("[green]No problems found.[/green]")
        return
    if console.width >= WIDE_TABLE:
        _findings_table(console, findings)
        return
    blocks = Table.grid(padding=(0, 1, 1, 0))
    blocks.add_column(no_wrap=True, min_width=7)
    blocks.add_column(ratio=1)
    for f in findings:
        where = f"{f.tab} row {f.row}" if f.row else f.tab
        if f.column:
            where += f", {f.column}"
        body = Text(where, style="bold")
        if f.value:
            body.append(": ")
            body.append(f.value)  # what people typed is text, never rich markup
        body.append(f"\n{f.problem}\nFix: {f.fix}")
        blocks.add_row(Text(str(f.severity).title()), body)
    console.print(blocks)


def _findings_table(console: Console, findings: Sequence[Finding]) -> None:
    table = Table("Severity", "Tab", "Row", "Column", "Value", "Problem", "Fix")
    for short in table.columns[:4]:  # Severity, Tab, Row, Column: whole, never "Walkthrou…"
        short.no_wrap = True
    for f in findings:
        row = (
            str(f.severity).title(),
            f.tab,
            str(f.row or ""),
            f.column,
            f.value,
            f.problem,
            f.fix,
        )
        table.add_row(*map(Text, row))  # what people typed is text, never rich markup
    console.print(table)


def print_copy(console: Console, copy: DeidentifyResult, tab: str) -> None:
    """Where the de-identified copy of `tab` went, what it holds, and the rows copied with no
    focus (by their sheet rows, never their text)."""
    counts = copy.counts
    console.print(
        f"Wrote {copy.location}: {counts.copied} rows copied, {counts.suppressed} suppressed, "
        f"{counts.mentions} mentions replaced. Read its 'About this copy' tab before sharing.",
        soft_wrap=True,
    )
    if counts.no_focus:
        rows = ", ".join(str(row) for row in counts.no_focus)
        console.print(
            f"{tab} rows {rows}: no focus given (blank, or no code on the Framework tab), "
            "copied with it blank; add a framework code there to count them in PL Needs.",
            soft_wrap=True,
        )


def print_snapshot(console: Console, path: Path, month: dt.date) -> None:
    """Where the staff snapshot went, and to read it before sharing."""
    console.print(
        f"Wrote {path}: the staff snapshot of {month:%B %Y}. Read it, or the Staff "
        "Snapshot tab, before you share it.",
        soft_wrap=True,
    )


def save_packet(
    path: Path, data: bytes, document: str = "the packet", *, keep_old: bool = False
) -> None:
    """Save the packet (or another printable `document`) with one rename; with `keep_old`, a
    file already there is kept as a dated backup. Raises `UsageError` when the folder is
    missing or cannot be written."""
    from sheets_templates.files import replace_file

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    try:
        replace_file(path, write, backup=keep_old and path.exists())
    except WorkbookError as error:
        raise UsageError(
            f"Cannot write {document} to {path}: check the folder exists and is writable."
        ) from error
