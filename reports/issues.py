"""The `Issues` tab: every finding, errors first, each linked to the cell it is about."""

from __future__ import annotations

from collections import Counter

from reports.model import (
    Cell,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Link,
    Note,
    OutputTab,
    Table,
)
from sheets_templates.book import Book
from sheets_templates.findings import Finding, Severity

HEADERS = ("Severity", "Tab", "Row", "Column", "Value", "Problem", "Fix")


def issues_tab(book: Book) -> OutputTab:
    """Key figures (rows checked per tab, errors, warnings, share clean) and the findings."""
    findings = sorted(book.findings, key=lambda f: f.sort_key)
    counts = Counter(f.severity for f in findings)
    rows_with_problems = {
        (f.tab, f.row) for f in findings if f.severity is not Severity.INFO and f.row
    }
    rows_checked = sum(source.rows_read for source in book.sources.values())
    items = [
        KeyFigure(f"Rows checked: {source.name}", source.rows_read, Format.INTEGER)
        for source in book.sources.values()
    ]
    items += [
        KeyFigure(
            "Errors",
            counts[Severity.ERROR],
            Format.INTEGER,
            "rows left out of the figures until fixed",
            headline=True,
        ),
        KeyFigure("Warnings", counts[Severity.WARNING], Format.INTEGER, headline=True),
        KeyFigure(
            "Rows clean",
            1 - len(rows_with_problems) / rows_checked if rows_checked else 1.0,
            Format.PERCENT,
            headline=True,
        ),
    ]
    table = Table(
        key="issues",
        columns=(
            Column("Severity"),
            Column("Tab"),
            Column("Row", Format.INTEGER),
            Column("Column"),
            Column("Value", width=30),
            Column("Problem", width=60),
            Column("Fix", width=60),
        ),
        rows=tuple(_row(f) for f in findings),
        freeze_header=True,
        empty_message="No problems found: every row is clean.",
    )
    return OutputTab(
        name="Issues",
        title="Issues in the log",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Fix a row on its own tab; the next "
        "refresh clears the line. Click a row number to jump to the cell.",
        blocks=(
            KeyFigures("checked", tuple(items)),
            Note("Errors leave the row out of every figure; warnings are counted as typed."),
            table,
        ),
    )


def _row(finding: Finding) -> tuple[Cell, ...]:
    row: Cell = finding.row
    if finding.row is not None:
        row = Link(str(finding.row), finding.tab, finding.row, finding.column_index or 1)
    return (
        str(finding.severity).title(),
        finding.tab,
        row,
        finding.column,
        finding.value,
        finding.problem,
        finding.fix,
    )
