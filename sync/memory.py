"""An in-memory workbook: the tests' double, and the official fake of the backend contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reports.layout import cells, layout
from reports.model import Link, OutputTab
from sheets_templates.errors import MissingTab
from sync.backend import RawCell, RawTab, TabInfo
from sync.outputs import plan_write


@dataclass
class MemoryBook:
    """Tabs as lists of rows; output tabs also keep the `OutputTab` they were written from."""

    sheets: dict[str, list[list[RawCell]]] = field(default_factory=dict)
    outputs: dict[str, OutputTab] = field(default_factory=dict)


class MemoryBackend:
    """A workbook that lives in a dict. `created` collects workbooks made by `create`."""

    def __init__(self, sheets: dict[str, list[list[RawCell]]] | None = None) -> None:
        self.book = MemoryBook(dict(sheets or {}))
        self.created: dict[str, MemoryBook] = {}
        self.writes = 0

    @property
    def location(self) -> str:
        return "memory"

    def tabs(self) -> list[TabInfo]:
        return [TabInfo(name, name in self.book.outputs) for name in self.book.sheets]

    def read(self, names: Sequence[str]) -> dict[str, RawTab]:
        missing = [name for name in names if name not in self.book.sheets]
        if missing:
            raise MissingTab(f"The workbook has no tab named '{missing[0]}'.")
        return {name: RawTab(name, [list(r) for r in self.book.sheets[name]]) for name in names}

    def write(self, tabs: Sequence[OutputTab]) -> None:
        existing = self.tabs()
        plan = plan_write(existing, tabs)
        for position in plan.replaced:
            name = existing[position].name
            del self.book.sheets[name]
            del self.book.outputs[name]
        people_tabs = self.book.sheets
        self.book.sheets = {tab.name: render_values(tab) for tab in plan.tabs}
        self.book.sheets.update(people_tabs)
        self.book.outputs = {tab.name: tab for tab in plan.tabs}
        self.writes += 1

    def create(self, destination: str, tabs: Sequence[OutputTab]) -> str:
        self.created[destination] = MemoryBook(
            {tab.name: render_values(tab) for tab in tabs}, {tab.name: tab for tab in tabs}
        )
        return destination

    def close(self) -> None:
        pass


def render_values(tab: OutputTab) -> list[list[RawCell]]:
    """The tab as a grid of plain values, laid out exactly as the file backends lay it out."""
    placed = list(cells(layout(tab)))
    height = max(cell.row for cell in placed)
    width = max(cell.column for cell in placed)
    rows: list[list[RawCell]] = [[None] * width for _ in range(height)]
    for cell in placed:
        value = cell.value
        rows[cell.row - 1][cell.column - 1] = value.text if isinstance(value, Link) else value
    return rows
