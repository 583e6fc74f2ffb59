"""The `Coverage` tab: is every classroom seen every rotation, at different times of day, and
is each observer on pace for the Yearly Target?"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from reports.figures.pace import monthly_pace, observer_pace, weekly_visits
from reports.figures.periods import ends_running, month_label, running_week_note, week_so_far
from reports.figures.rotation import Rotation, most_overdue_first, rotation, weekly_coverage
from reports.model import (
    Cell,
    Chart,
    ChartKind,
    ColorScale,
    Column,
    Format,
    KeyFigure,
    KeyFigures,
    Note,
    OutputTab,
    Table,
)
from reports.tabs import same_point
from sheets_templates.book import PACE_SCHOOL_DAYS, Book
from sheets_templates.schema import COVERAGE_TAB

TEACHER_COLUMNS = (
    Column("Teacher"),
    Column("Grade"),
    Column("Department"),
    Column("Room"),
    Column("Last Visit", Format.DATE),
    Column("School Days Since", Format.INTEGER),
    Column("Visits In Window", Format.INTEGER),
    Column("Visits This Year", Format.INTEGER),
    Column("Blocks Seen"),
    Column("Overdue"),
)
WEEK_ENDING = "Week Ending"
# In the time-block grid, this many visits in a block shows white; fewer shade to red at 0.
SEEN_ENOUGH = 3


def coverage_tab(book: Book) -> OutputTab:
    """Key figures, the teacher table, the time-block grid, observer pace and the charts."""
    rota = rotation(book)
    pace = observer_pace(book)
    weeks = weekly_coverage(book, rota)
    per_observer = weekly_visits(book, weeks["week_ending"])
    days = rota.rotation_days
    running = ends_running(book, [week.date() for week in weeks["week_ending"]], week_so_far)

    charts = []
    if len(weeks):
        charts.append(
            Chart(
                "coverage_by_week",
                ChartKind.LINE,
                "Coverage % by week",
                table="coverage_by_week",
                x=WEEK_ENDING,
                series=("Coverage %",),
                y_title=f"Seen in the last {days} school days",
                percent=True,
                partial_last=running,
            )
        )
    if len(weeks) and len(per_observer.columns) > 1:
        charts.append(
            Chart(
                "visits_by_week",
                ChartKind.BAR,
                "Visits per observer per week",
                table="visits_by_week",
                x=WEEK_ENDING,
                series=tuple(per_observer.columns[1:]),
                y_title="Visits",
                partial_last=running,
            )
        )
    return OutputTab(
        name=COVERAGE_TAB,
        title="Rotation coverage",
        subtitle=f"As of {book.as_of:%a %b %-d, %Y}: every classroom every {days} school "
        "days, at different times of day. Most overdue teachers first.",
        blocks=(
            _key_figures(book, rota),
            Note(
                f"Overdue: {days} or more school days since the last visit, or never visited. "
                "A never-visited teacher's School Days Since counts from the first school day, "
                "or from their Start Date on the Roster (they are overdue once a full "
                "rotation has passed)."
            ),
            *_not_started_note(rota),
            *same_point.coverage_blocks(book),
            _teacher_table(rota),
            _block_grid(rota),
            Note(
                "Visits this year in each time block: red is never seen there, pink once or "
                f"twice, white {SEEN_ENOUGH} or more."
            ),
            _observer_table(book, pace),
            _monthly_pace_table(book, monthly_pace(book)),
            _team_figures(book, rota, pace),
            _weekly_table(book, weeks),
            _weekly_visits_table(book, per_observer),
            *([Note(note)] if (note := running_week_note(book)) else []),
        ),
        charts=tuple(charts),
        color_scales=(ColorScale("blocks", rota.block_names, low_value=0, high_value=SEEN_ENOUGH),)
        if len(rota.teachers)
        else (),
    )


def _key_figures(book: Book, rota: Rotation) -> KeyFigures:
    visited = rota.teachers.loc[~rota.teachers["never_visited"], "school_days_since"]
    median: Cell = _whole_or_decimal(float(visited.median())) if len(visited) else "no visits yet"
    return KeyFigures(
        "coverage",
        (
            KeyFigure(
                "Coverage %",
                "no active teachers yet" if rota.coverage is None else rota.coverage,
                Format.PERCENT,
                f"{rota.seen_in_window} of {len(rota.teachers)} active teachers seen in the "
                "rotation window",
                headline=True,
            ),
            KeyFigure("Overdue teachers", len(rota.overdue), Format.INTEGER, headline=True),
            KeyFigure("Rotation window", _window_text(rota.window)),
            KeyFigure(
                "Median school days since last visit",
                median,
                _number_format(median),
                "teachers visited at least once",
            ),
            KeyFigure("Active teachers", len(rota.teachers), Format.INTEGER),
            KeyFigure("As of", book.as_of, Format.DATE),
        ),
    )


def _whole_or_decimal(value: float) -> int | float:
    """A median of whole days is whole or ends in .5: show `8`, not `8.00`."""
    return int(value) if value.is_integer() else value


def _number_format(value: Cell) -> Format:
    if isinstance(value, int):
        return Format.INTEGER
    return Format.DECIMAL if isinstance(value, float) else Format.TEXT


def _window_text(window: tuple[dt.date, dt.date] | None) -> str:
    if window is None:
        return "no school days yet"
    first, last = window
    return f"{first:%a %b %-d} to {last:%a %b %-d, %Y}"


def _not_started_note(rota: Rotation) -> tuple[Note, ...]:
    if not rota.not_started:
        return ()
    who = "teacher starts" if rota.not_started == 1 else "teachers start"
    return (
        Note(
            f"{rota.not_started} {who} after {rota.as_of:%b %-d} (Start Date on the Roster) "
            "and is not counted yet."
            if rota.not_started == 1
            else f"{rota.not_started} {who} after {rota.as_of:%b %-d} (Start Date on the "
            "Roster) and are not counted yet."
        ),
    )


def _teacher_table(rota: Rotation) -> Table:
    rows = [
        (
            t.name,
            _text(t.grade),
            _text(t.department),
            _text(t.room),
            _day(t.last_visit),
            int(t.school_days_since),
            int(t.visits_in_window),
            int(t.visits_this_year),
            str(t.blocks_seen),
            "Yes" if t.overdue else "",
        )
        for t in most_overdue_first(rota.teachers).itertuples()
    ]
    return Table(
        "teachers",
        TEACHER_COLUMNS,
        tuple(rows),
        title="Teachers, most overdue first",
        empty_message="No active teachers on the Roster.",
    )


def _block_grid(rota: Rotation) -> Table:
    counts = rota.block_counts.assign(_name=rota.teachers["name"])
    counts = counts.assign(_key=counts["_name"].str.casefold()).sort_values("_key")
    rows = [
        (name, *(int(n) for n in values))
        for name, values in zip(
            counts["_name"], counts[list(rota.block_names)].to_numpy(), strict=True
        )
    ]
    return Table(
        "blocks",
        (Column("Teacher"), *(Column(name, Format.INTEGER) for name in rota.block_names)),
        tuple(rows),
        title="Visits by time of day",
        empty_message="No active teachers on the Roster.",
    )


def _observer_table(book: Book, pace: pd.DataFrame) -> Table:
    target = book.settings.yearly_target
    rows = [
        (
            p.observer,
            int(p.visits),
            round(float(p.per_day), 2),
            int(p.days_on_target),
            round(float(p.recent_pace), 2),
            round(float(p.projection)),
            None if math.isnan(p.needed_per_day) else round(float(p.needed_per_day), 2),
            float(p.share),
        )
        for p in pace.itertuples()
    ]
    return Table(
        "observers",
        (
            Column("Observer"),
            Column("Visits This Year", Format.INTEGER),
            Column("Visits Per School Day", Format.DECIMAL),
            Column("Days On Target", Format.INTEGER),
            Column(f"Last {PACE_SCHOOL_DAYS} Days Pace", Format.DECIMAL),
            Column(f"{target} Projection", Format.INTEGER),
            Column("Needed Per Day", Format.DECIMAL),
            Column("Share Of Visits", Format.PERCENT),
        ),
        tuple(rows),
        title="Observers",
        empty_message="No valid visits logged yet.",
    )


def _monthly_pace_table(book: Book, by_month: pd.DataFrame) -> Table:
    months = list(by_month.columns)
    rows = [
        (observer, *(round(float(pace), 2) for pace in paces))
        for observer, paces in zip(by_month.index, by_month.to_numpy(), strict=True)
    ]
    return Table(
        "pace_by_month",
        (
            Column("Observer"),
            *(Column(month_label(book, month.date(), "%b"), Format.DECIMAL) for month in months),
        ),
        tuple(rows),
        title="Visits per school day, by month",
        empty_message="No valid visits logged yet.",
    )


def _team_figures(book: Book, rota: Rotation, pace: pd.DataFrame) -> KeyFigures:
    teachers = rota.teachers
    days = book.calendar.elapsed(book.as_of)
    total = int(pace["visits"].sum())
    return KeyFigures(
        "team",
        (
            KeyFigure("Team visits this year", total, Format.INTEGER),
            KeyFigure(
                "Team visits per school day",
                round(total / days, 2) if days else 0.0,
                Format.DECIMAL,
            ),
            KeyFigure(
                "Teachers seen by nobody in the window",
                int((teachers["visits_in_window"] == 0).sum()),
                Format.INTEGER,
            ),
            KeyFigure(
                "Teachers not visited this year",
                int(teachers["never_visited"].sum()),
                Format.INTEGER,
            ),
            KeyFigure(
                "Teachers seen by 2 or more observers in the window",
                int((teachers["observers_in_window"] >= 2).sum()),
                Format.INTEGER,
            ),
            KeyFigure(
                "Largest observer share of visits",
                float(pace["share"].max()) if len(pace) else 0.0,
                Format.PERCENT,
            ),
        ),
        title="Team",
    )


def _weekly_table(book: Book, weeks: pd.DataFrame) -> Table:
    rows = [
        (_day(end), float(share))
        for end, share in zip(weeks["week_ending"], weeks["coverage"], strict=True)
    ]
    return Table(
        "coverage_by_week",
        (Column(WEEK_ENDING, Format.DATE), Column("Coverage %", Format.PERCENT)),
        tuple(rows),
        title="Coverage % by week (on each week's last school day)",
        empty_message="No school days yet.",
    )


def _weekly_visits_table(book: Book, per_observer: pd.DataFrame) -> Table:
    observers = list(per_observer.columns[1:])
    rows = [
        (_day(end), *(int(n) for n in counts))
        for end, counts in zip(
            per_observer["week_ending"], per_observer[observers].to_numpy(), strict=True
        )
    ]
    return Table(
        "visits_by_week",
        (
            Column(WEEK_ENDING, Format.DATE),
            *(Column(name, Format.INTEGER) for name in observers),
        ),
        tuple(rows),
        title="Visits per observer per week",
        empty_message="No school days yet.",
    )


def _day(value: object) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)
