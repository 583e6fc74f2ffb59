"""The `Staff Snapshot` tab: the page `ilr snapshot` shares with the staff, seen first here.

The figures are the snapshot's (`reports.exports.snapshot.content`) for the month it shares by
default, the last full month, and the words are its own (`text`), so leaders read on this tab
exactly what the staff will read. It names no one: it is the shareable content.
"""

from __future__ import annotations

from reports.exports.snapshot import text
from reports.exports.snapshot.content import SnapshotContent, snapshot_content, snapshot_month
from reports.model import (
    HIDDEN,
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
from sheets_templates.schema import STAFF_SNAPSHOT_TAB

VISITS = " visits"  # suffix of the visits column beside each month's share


def staff_snapshot_tab(book: Book) -> OutputTab:
    """The staff snapshot of the last full month, as a tab of the private workbook."""
    content = snapshot_content(book, snapshot_month(book))
    priorities = _priority_table(content)
    return OutputTab(
        name=STAFF_SNAPSHOT_TAB,
        title=text.title(content),
        subtitle=f"{text.subtitle(content)} The command ilr snapshot prints this page as a PDF "
        "or HTML file to share with the staff.",
        blocks=(
            _figures(content),
            priorities,
            *(Note(line) for line in text.priority_lines(content)),
            _seen_most_table(content),
            Note(f"{text.HEADINGS[2]}: " + " ".join(text.focus_lines(content))),
            Note(f"{text.HEADINGS[3]}: " + " ".join(text.feedback_lines(content))),
            Note(
                f"{HIDDEN} = too few classrooms to show: a share is shown only when the "
                f"month's visits reached at least {content.min_group} classrooms (Min Group "
                "Size). Our focus next is the Settings value Staff Focus (scrubbed of names); "
                "when it is empty, the Priority look-fors."
            ),
            Note(text.footer(content)),
        ),
        charts=(
            Chart(
                "priority_shares_chart",
                ChartKind.BAR,
                text.CHART_TITLE,
                priorities.key,
                "Look-for",
                tuple(month.label for month in content.months),
                y_title="Share of visits",
                percent=True,
            ),
        )
        if content.priorities
        else (),
    )


def _figures(content: SnapshotContent) -> KeyFigures:
    month = text.during(content.month)
    return KeyFigures(
        "snapshot",
        (
            KeyFigure("Month", content.month.label),
            KeyFigure(
                f"Classrooms visited {month}",
                content.classrooms_share,
                Format.PERCENT,
                note=f"{content.classrooms_visited} of {content.teachers} active teachers "
                "seen at least once",
            ),
            KeyFigure(f"Visits {month}", content.visits, Format.INTEGER),
            KeyFigure("Visits this school year", content.visits_this_year, Format.INTEGER),
            KeyFigure(
                "Evidence shared the same day",
                HIDDEN if content.hidden else content.evidence_same_day,
                Format.PERCENT,
            ),
        ),
        title="This month",
    )


def _priority_table(content: SnapshotContent) -> Table:
    columns = [Column("Look-for"), Column("Indicator", width=40, wrap=True)]
    for month in content.months:
        columns += [
            Column(month.label, Format.PERCENT),
            Column(month.label + VISITS, Format.INTEGER),
        ]
    rows: list[tuple[Cell, ...]] = []
    for trend in content.priorities:
        row: list[Cell] = [trend.code, trend.indicator or trend.area]
        for share in trend.shares:
            row += [HIDDEN if share.hidden else share.share, share.visits]
        rows.append(tuple(row))
    return Table(
        "priorities",
        tuple(columns),
        tuple(rows),
        title=f"{text.HEADINGS[0]}: share of visits, month by month",
        empty_message="No look-for is marked Priority on the Framework tab yet.",
    )


def _seen_most_table(content: SnapshotContent) -> Table:
    return Table(
        "seen_most",
        (
            Column("Look-for"),
            Column("Indicator", width=40, wrap=True),
            Column("Classrooms", Format.INTEGER),
            Column("Share of visits", Format.PERCENT),
        ),
        tuple(
            (seen.code, seen.indicator or seen.area, seen.classrooms, seen.visit_share)
            for seen in content.seen_most
        ),
        title=f"{text.HEADINGS[1]} {text.during(content.month)}",
        empty_message=(text.seen_most_lines(content) or [""])[0],
    )
