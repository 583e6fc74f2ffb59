"""The `Issues` tab: every finding, errors first, each linked to the cell it is about."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

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
from sheets_templates.schema import ISSUES_TAB

HEADERS = ("Severity", "Tab", "Row", "Column", "Value", "Problem", "Fix")


@dataclass(frozen=True)
class CheckStats:
    """The figures above the findings, shared by the Issues tab and `ilr check --json`."""

    rows: dict[str, int]  # tab name as in the workbook -> non-empty data rows
    errors: int
    warnings: int
    rows_clean: float  # share of rows with no error or warning

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_stats(book: Book) -> CheckStats:
    """Rows checked per tab, errors, warnings and the share of rows with neither."""
    counts = Counter(f.severity for f in book.findings)
    rows = {source.name: source.rows_read for source in book.sources.values()}
    with_problems = {
        (f.tab, f.row) for f in book.findings if f.severity is not Severity.INFO and f.row
    }
    checked = sum(rows.values())
    return CheckStats(
        rows=rows,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        rows_clean=1 - len(with_problems) / checked if checked else 1.0,
    )


def issues_tab(book: Book) -> OutputTab:
    """Key figures (rows checked per tab, errors, warnings, share clean) and the findings."""
    findings = sorted(book.findings, key=lambda f: f.sort_key)
    stats = check_stats(book)
    items = [
        KeyFigure(f"Rows checked: {name}", count, Format.INTEGER)
        for name, count in stats.rows.items()
    ]
    items += [
        KeyFigure(
            "Errors",
            stats.errors,
            Format.INTEGER,
            "rows left out of the figures until fixed",
            headline=True,
        ),
        KeyFigure("Warnings", stats.warnings, Format.INTEGER, headline=True),
        KeyFigure("Rows clean", stats.rows_clean, Format.PERCENT, headline=True),
    ]
    table = Table(
        key="issues",
        columns=(
            Column("Severity"),
            Column("Tab"),
            Column("Row", Format.INTEGER),
            Column("Column"),
            Column("Value", width=30, wrap=True),
            Column("Problem", width=60, wrap=True),
            Column("Fix", width=60, wrap=True),
        ),
        rows=tuple(_row(f) for f in findings),
        freeze_header=True,
        empty_message="No problems found: every row is clean.",
    )
    return OutputTab(
        name=ISSUES_TAB,
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
