"""Reading the Next Visits tab as a user does: a table's rows by header, a figure, the notes."""

from __future__ import annotations

from typing import Any

from reports.model import OutputTab


def rows(tab: OutputTab, key: str) -> list[dict[str, Any]]:
    table = tab.table(key)
    return [dict(zip((c.header for c in table.columns), row, strict=True)) for row in table.rows]


def figure(tab: OutputTab, label: str) -> Any:
    return next(f.value for f in tab.key_figures("plan").items if f.label == label)


def notes(tab: OutputTab) -> str:
    return " ".join(getattr(block, "text", "") for block in tab.blocks)
