"""Findings: problems in what people typed, collected rather than raised.

A finding has a stable `code`, the tab as the person named it, the sheet row number as the
person sees it, and the column header as written in their sheet. It carries the offending
cell's value (needed to fix it, and shown only in the private workbook and terminal), never
the rest of the row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the row is left out of the metrics it would corrupt
    WARNING = "warning"  # the row still counts; worth a look
    INFO = "info"  # nothing wrong, just noted (e.g. a loose name match)


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

MAX_VALUE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one cell (or one row, when `column` is empty)."""

    code: str
    severity: Severity
    tab: str
    row: int | None
    column: str
    value: str
    problem: str
    fix: str
    column_index: int | None = None  # 1-based sheet column, for a link to the cell

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @property
    def sort_key(self) -> tuple[int, str, int, int]:
        return (SEVERITY_ORDER[self.severity], self.tab, self.row or 0, self.column_index or 0)


def shown_value(value: object) -> str:
    """The cell value as a finding shows it: text, trimmed to a readable length."""
    if value is None:
        return ""
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        return text[: MAX_VALUE_CHARS - 1] + "…"
    return text
