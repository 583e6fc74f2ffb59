"""Output tabs that use every part of `reports.model`, for the backend tests.

Every name is invented; text that starts like a formula is there on purpose.
"""

from __future__ import annotations

import datetime as dt

from reports.model import (
    Chart,
    ChartKind,
    ColorScale,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Link,
    Note,
    OutputTab,
    Table,
    table,
)

FORMULA_TEXTS = ('=HYPERLINK("http://x","y")', "=1+1", "+1 more", "@mention", "-see notes")


def summary_tab(coverage: float = 0.875) -> OutputTab:
    """A Summary: key figures, a teacher table, a note, a link, a colour scale, two charts."""
    teachers = table(
        "teachers",
        [
            "Teacher",
            ("Last Visit", Format.DATE),
            ("Coverage", Format.PERCENT),
            ("Visits", Format.INTEGER),
        ],
        [
            (FORMULA_TEXTS[0], dt.date(2026, 9, 1), 0.5, 3),
            (FORMULA_TEXTS[1], dt.date(2026, 9, 8), 0.875, 12),
            ("Grade 3 Math team", dt.date(2026, 10, 1), 1.0, 1234),
            (FORMULA_TEXTS[2], None, 0.0, 0),
        ],
        title="Visits by teacher",
        freeze_header=True,
    )
    weekly = table(
        "weekly",
        [("Week", Format.DATE), ("Coverage", Format.PERCENT), ("Visits", Format.INTEGER)],
        [(dt.date(2026, 9, 7) + dt.timedelta(weeks=w), w / 10, 5 + w) for w in range(8)],
        title="By week",
    )
    figures = KeyFigures(
        "headline",
        (
            KeyFigure("Coverage", coverage, Format.PERCENT),
            KeyFigure("As of", dt.date(2026, 11, 3), Format.DATE),
            KeyFigure("Visits this year", 1234, Format.INTEGER),
        ),
        title="This week",
    )
    return OutputTab(
        "Summary",
        "ILT summary",
        (
            figures,
            teachers,
            Note("Coverage % = teachers seen in the window / active teachers."),
            table("links", ["Go to"], [(Link("Walkthroughs row 3", "Walkthroughs", 3, 2),)]),
            weekly,
        ),
        charts=(
            Chart(
                "trend",
                ChartKind.LINE,
                "Coverage by week",
                "weekly",
                "Week",
                ("Coverage",),
                percent=True,
            ),
            Chart("visits", ChartKind.BAR, "Visits by week", "weekly", "Week", ("Visits",)),
        ),
        color_scales=(ColorScale("teachers", ("Coverage",)),),
        subtitle="As of 2026-11-03",
    )


def issues_tab(count: int = 3) -> OutputTab:
    """An Issues list with formula-like values, as a person might have typed them."""
    rows = [
        (
            "error",
            "Walkthroughs",
            2 + i,
            "Date",
            FORMULA_TEXTS[i % len(FORMULA_TEXTS)],
            "not a date",
        )
        for i in range(count)
    ]
    return OutputTab(
        "Issues",
        "Issues to fix",
        (
            table(
                "issues",
                ["Severity", "Tab", ("Row", Format.INTEGER), "Column", "Value", "Problem"],
                rows,
                freeze_header=True,
            ),
        ),
    )


def empty_tab() -> OutputTab:
    """A tab whose only table has no rows (and a chart over it)."""
    return OutputTab(
        "Trends",
        "Trends",
        (table("weeks", [("Week", Format.DATE), ("Visits", Format.INTEGER)], []),),
        charts=(Chart("visits", ChartKind.LINE, "Visits", "weeks", "Week", ("Visits",)),),
    )


def sample_tabs() -> list[OutputTab]:
    return [summary_tab(), issues_tab(), empty_tab()]


def marked_chart_tab() -> OutputTab:
    """A weekly line with a mark on the week a look-for became a priority."""
    weeks = [dt.date(2026, 9, 7) + dt.timedelta(weeks=w) for w in range(4)]
    rows = [(week, 0.2 + w / 10, 0.4 if w == 2 else None) for w, week in enumerate(weeks)]
    columns = (
        Column("Week", Format.DATE),
        Column("IN1", Format.PERCENT),
        Column("IN1 became a priority", Format.PERCENT),
    )
    return OutputTab(
        "Trends",
        "Trends",
        (Table("weeks", columns, tuple(rows)),),
        charts=(
            Chart(
                "c",
                ChartKind.LINE,
                "IN1 by week",
                "weeks",
                "Week",
                ("IN1",),
                markers=("IN1 became a priority",),
            ),
        ),
    )
