"""The `PL Needs` tab: what groups of teachers are being coached on, never who.

The figures, already grouped and with small cells hidden, are `reports.figures.coaching_needs`;
this tab lays them out: key figures, the focus by framework area (all groups) with its chart,
and one group x area table per window. Hidden counts read `*` (a blank in the chart's table,
which would draw a `*` as zero).
"""

from __future__ import annotations

from reports.figures.coaching_needs import (
    NO_FOCUS_YET,
    WINDOWS,
    CoachingNeeds,
    Count,
    NeedsWindow,
    coaching_needs,
)
from reports.figures.teacher_support import COACHING_WEEKS, teacher_support, team_follows_share
from reports.model import (
    HIDDEN,
    Block,
    Cell,
    Chart,
    ChartKind,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from sheets_templates.book import Book
from sheets_templates.schema import PL_NEEDS_TAB


def pl_needs_tab(book: Book) -> OutputTab:
    """Coaching focus by teacher group and framework area, with small cells hidden."""
    needs = coaching_needs(book)
    return OutputTab(
        name=PL_NEEDS_TAB,
        title="PL Needs: coaching focus by teacher group",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}. Groups of at least {needs.min_group} "
        "teachers; no individual is shown.",
        blocks=(
            needs_key_figures(needs),
            *_follows_evidence(book, needs.min_group),
            *needs_blocks(needs),
        ),
        charts=needs_charts(needs),
    )


def needs_blocks(needs: CoachingNeeds) -> tuple[Block, ...]:
    """What to read hidden cells as, the focus by area (all groups), one table per window:
    the layout a school's PL Needs tab and the district's share."""
    top_needs = Table(
        "top_needs",
        (
            Column("Framework Area", width=26),
            *(Column(title, Format.INTEGER) for title, _ in WINDOWS),
        ),
        tuple((area.area, *area.counts) for area in needs.by_area),
        title="Coaching focus by framework area (all groups)",
        empty_message=NO_FOCUS_YET,
    )
    return (
        Note(
            f"{HIDDEN} = hidden: fewer than {needs.min_group} teachers behind the count, the "
            "whole of a group's row, or a cell that would let a hidden one, or a small count, "
            "be worked out from the totals or from one window taken from another."
        ),
        top_needs,
        *(_window_table(window, needs) for window in needs.windows),
    )


def needs_charts(needs: CoachingNeeds) -> tuple[Chart, ...]:
    """The focus-by-area bar chart over `needs_blocks`' table; none without areas."""
    if not needs.areas:
        return ()
    return (
        Chart(
            "top_needs_chart",
            ChartKind.BAR,
            "Coaching focus by framework area",
            "top_needs",
            "Framework Area",
            tuple(title for title, _ in WINDOWS),
            y_title="Conversations",
        ),
    )


def needs_key_figures(needs: CoachingNeeds) -> KeyFigures:
    """The PL needs key figures: minimum group size, conversations counted, groups, hidden."""
    return KeyFigures(
        "needs",
        (
            KeyFigure("Minimum group size", needs.min_group, Format.INTEGER),
            KeyFigure(
                "Conversations counted",
                _shown(needs.conversations),
                Format.INTEGER,
                "all weeks, teachers in a group of at least the minimum size",
                headline=True,
            ),
            KeyFigure("Teacher groups", len(needs.groups), Format.INTEGER),
            KeyFigure("Cells hidden", needs.hidden, Format.INTEGER, "small or whole-row counts"),
            KeyFigure(
                "Conversations with no framework focus",
                needs.unfocused,
                Format.INTEGER,
                "no Focus Area, or a code not on the Framework tab: not counted",
            ),
        ),
        title="Professional-learning needs",
    )


def _window_table(window: NeedsWindow, needs: CoachingNeeds) -> Table:
    """One window's group x area table, hidden counts as `*`."""
    key = window.title.casefold().replace(" ", "_")
    if not window.rows:
        return Table(key, (Column("Group"),), (), title=window.title, empty_message=NO_FOCUS_YET)
    return Table(
        key=key,
        columns=(
            Column("Group", width=24),
            Column("Teachers coached", Format.INTEGER),
            *(Column(area, Format.INTEGER) for area in needs.areas),
            Column("Total", Format.INTEGER),
        ),
        rows=tuple(
            (
                row.group,
                _shown(row.teachers),
                *(_shown(count) for count in row.areas),
                _shown(row.total),
            )
            for row in window.rows
        ),
        title=f"{window.title}: conversations by group and framework area",
    )


def _shown(count: Count) -> Cell:
    return HIDDEN if count is None else count


def _follows_evidence(book: Book, min_group: int) -> tuple[KeyFigures, Note]:
    """Coaching follows the evidence, for the whole team only (docs/design.md)."""
    share = team_follows_share(book)
    value: Cell = share if share is not None else HIDDEN
    if not teacher_support(book).judged:
        value = "nothing to judge yet"
    return (
        KeyFigures(
            "follows_evidence",
            (KeyFigure("Coaching follows the evidence", value, Format.PERCENT),),
        ),
        Note(
            f"Coaching follows the evidence: the share of coaching conversations of the last "
            f"{COACHING_WEEKS} weeks whose focus is in the teacher's lowest framework area, "
            f"for the whole team only; {HIDDEN} when fewer than {min_group} teachers are "
            "behind it, or when it is all or none of them."
        ),
    )
