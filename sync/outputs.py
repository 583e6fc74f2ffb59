"""The write rules, decided once above the backends: which tabs a refresh may write, which of
the workbook's tabs it replaces, and in what order the new ones go.

    plan = plan_write(backend_tabs, output_tabs)   # raises TabNameClash
    # a backend then removes the tabs at plan.replaced and puts plan.tabs first, marked

A backend carries the plan out with its own means (the .xlsx splice, one Google batchUpdate,
xlwings) and decides nothing: how it marks a tab as the tool's is its detail, which tabs are
the tool's is decided here (docs/design.md, Output tabs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports.model import OutputTab
from sheets_templates.errors import TabNameClash
from sheets_templates.schema import OUTPUT_TAB_NAMES
from sync.backend import TabInfo
from sync.limits import fit_tabs


@dataclass(frozen=True)
class WritePlan:
    """What one write does to a workbook's tabs."""

    tabs: tuple[OutputTab, ...]  # written first in the workbook, in this order, marked
    replaced: frozenset[int]  # positions, in the tab list planned from, of the tabs they replace


def plan_write(existing: Sequence[TabInfo], tabs: Sequence[OutputTab]) -> WritePlan:
    """The plan for writing `tabs` into a workbook whose tabs are `existing`, each made to
    fit a sheet (`sync.limits`).

    Raises `TabNameClash` when one of the names is taken by a tab the people own.
    """
    written = [tab.name for tab in tabs]
    check_no_clash(existing, written)
    replaced = frozenset(
        position for position, info in enumerate(existing) if replaced_by_refresh(info, written)
    )
    return WritePlan(fit_tabs(tabs), replaced)


def replaced_by_refresh(tab: TabInfo, written: Sequence[str]) -> bool:
    """Whether a refresh that writes `written` replaces `tab`.

    Only a marked tab with an output tab's name (or a name being written now) is the tool's.
    A copy a person makes of an output tab in Excel or Sheets (`Coverage (2)`) carries the
    mark too: it is theirs now, and no refresh deletes it.
    """
    names = {name.casefold() for name in (*OUTPUT_TAB_NAMES, *written)}
    return tab.is_output and tab.name.casefold() in names


def check_no_clash(existing: Sequence[TabInfo], names: Sequence[str]) -> None:
    """Raise `TabNameClash` if an output name is taken by a tab the people own."""
    wanted = {name.casefold() for name in names}
    for info in existing:
        if info.name.casefold() in wanted and not info.is_output:
            raise TabNameClash(
                f"The workbook already has a tab named '{info.name}' that ILR Sheets did not "
                f"create, so the refresh stopped without changing anything. Rename that tab "
                f"(for example to '{info.name} (mine)') and refresh again."
            )
