"""This year against last year at the same point, as blocks of the Coverage and Trends tabs.

The figures are `reports.figures.last_year`'s; a tab without a previous year in its log gets
no block at all (never a row of zeros).
"""

from __future__ import annotations

from reports.figures.last_year import SamePointLastYear, YearAtPoint, same_point_last_year
from reports.model import Block, Cell, Column, Format, Note, Table
from sheets_templates.book import Book

YEAR_COLUMNS = (
    Column("School Year"),
    Column("As Of", Format.DATE),
    Column("School Days In", Format.INTEGER),
)


def coverage_blocks(book: Book) -> tuple[Block, ...]:
    """Pace and coverage this year and at the same point last year, with the visits behind."""
    compared = same_point_last_year(book)
    if compared is None:
        return ()
    columns = (
        *YEAR_COLUMNS,
        Column("Valid Visits", Format.INTEGER),
        Column("Observers", Format.INTEGER),
        Column("Visits Per Observer Per School Day", Format.DECIMAL),
        Column("Visits In Window", Format.INTEGER),
        Column("Teachers Seen In Window", Format.INTEGER),
        Column("Active Teachers", Format.INTEGER),
        Column("Coverage %", Format.PERCENT),
    )
    rows = tuple(
        (
            *_year_cells(year),
            year.pace.visits,
            year.pace.observers,
            _rounded(year.pace.per_observer_day),
            year.coverage.visits_in_window,
            year.coverage.seen_in_window,
            year.coverage.active_teachers,
            year.coverage.coverage,
        )
        for year in compared.years
    )
    return (
        Table("same_point_coverage", columns, rows, title=_title(compared)),
        Note(
            _point_note(compared) + " Last year's active teachers: the Roster teachers with a "
            "valid visit at any time last year (the Roster says only who teaches now)."
        ),
    )


def trends_blocks(book: Book) -> tuple[Block, ...]:
    """The feedback loop and each Priority look-for's share, this year and last, same point."""
    compared = same_point_last_year(book)
    if compared is None:
        return ()
    codes = list(compared.this_year.priorities)
    columns = (
        *YEAR_COLUMNS,
        Column("Valid Visits", Format.INTEGER),
        Column("Shared Same Day", Format.PERCENT),
        Column("Conversation Within 2 Days", Format.PERCENT),
        *(Column(code, Format.PERCENT) for code in codes),
    )
    rows = tuple(
        (
            *_year_cells(year),
            year.loop.visits,
            year.loop.shared_same_day,
            year.loop.within_two_days,
            *(year.priorities[code] for code in codes),
        )
        for year in compared.years
    )
    return (
        Table("same_point_trends", columns, rows, title=_title(compared)),
        Note(
            _point_note(compared) + " Each share is of that year's valid visits so far; a "
            "look-for column is a Priority look-for of the Framework tab."
        ),
    )


def _title(compared: SamePointLastYear) -> str:
    return f"This year against last year ({compared.last_year.year}) at the same point"


def _year_cells(year: YearAtPoint) -> tuple[Cell, ...]:
    return (year.year, year.day, year.school_days)


def _point_note(compared: SamePointLastYear) -> str:
    this, last = compared.years
    return (
        f"Same point last year: {last.day:%a %b %-d, %Y}, school day {last.school_days} of "
        f"{last.year}, as {this.day:%a %b %-d, %Y} is school day {this.school_days} of "
        f"{this.year}. Last year's rows with an error are left out, and evidence or "
        "conversations dated after that day do not count yet."
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
