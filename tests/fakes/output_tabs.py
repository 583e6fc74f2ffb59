"""Small generated output tabs for backend tests (invented values, no real people)."""

from __future__ import annotations

import datetime as dt

from reports.model import (
    Chart,
    ChartKind,
    ColorScale,
    Format,
    KeyFigure,
    KeyFigures,
    Link,
    Note,
    OutputTab,
    table,
)

PERSON_FORMULA = '=HYPERLINK("http://example.org","click")'


def coverage_tab(name: str = "Coverage", weeks: int = 4) -> OutputTab:
    """A tab with every kind of block, a chart, a colour scale, dates, percents and a link."""
    start = dt.date(2026, 9, 7)
    rows = [
        (start + dt.timedelta(weeks=w), 10 + w, (10 + w) / 20, PERSON_FORMULA if w == 0 else "")
        for w in range(weeks)
    ]
    return OutputTab(
        name=name,
        title=f"{name}: every classroom every two weeks",
        subtitle="As of 2026-10-02",
        blocks=(
            KeyFigures(
                "figures",
                (
                    KeyFigure("Coverage", 0.85, Format.PERCENT),
                    KeyFigure("Window starts", dt.date(2026, 9, 21), Format.DATE),
                    KeyFigure("Worst cell", Link("Walkthroughs B3", "Walkthroughs", 3, 2)),
                ),
                title="This fortnight",
            ),
            table(
                "weekly",
                [
                    ("Week", Format.DATE),
                    ("Visits", Format.INTEGER),
                    ("Coverage", Format.PERCENT),
                    "Notes",
                ],
                rows,
                title="Week by week",
                freeze_header=True,
            ),
            Note("Coverage % = seen in window / active teachers."),
        ),
        charts=(
            Chart("trend", ChartKind.LINE, "Visits per week", "weekly", "Week", ("Visits",)),
            Chart(
                "share", ChartKind.BAR, "Coverage", "weekly", "Week", ("Coverage",), percent=True
            ),
        ),
        color_scales=(ColorScale("weekly", ("Coverage",)),),
    )


def empty_tab(name: str) -> OutputTab:
    """A tab whose only table has no rows yet."""
    return OutputTab(name, name, (table("items", ["Item", ("When", Format.DATE)], []),))
