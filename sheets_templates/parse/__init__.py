"""Raw tabs in, a `Book` out: the one entry point of the schema layer.

    names = backend.tabs()                       # what the workbook has
    where = locate_tabs([t.name for t in names])  # which sheet is which input tab (schema)
    raw = backend.read(list(where.values()))
    book = parse_book(raw, where, as_of)

Raises `MissingTab`/`MissingColumn` when the workbook cannot be read as a walkthrough log,
and `UsageError` when `as_of` is outside the school year. Everything else a person typed
wrong becomes a finding on `book.findings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sheets_templates.book import Book, TabSource, school_calendar
from sheets_templates.errors import UsageError
from sheets_templates.parse.logs import (
    LogContext,
    log_date_order,
    parse_coaching,
    parse_walkthroughs,
    year_from_log,
)
from sheets_templates.parse.people import (
    collect,
    parse_bell_schedule,
    parse_calendar,
    parse_cycles,
    parse_framework,
    parse_roster,
    parse_settings,
)
from sheets_templates.parse.reader import TabReader
from sheets_templates.parse.results import parse_results
from sheets_templates.parse.shared_ratings import parse_shared_ratings
from sheets_templates.parse.values import PLAUSIBLE_YEARS
from sheets_templates.schema import INPUT_TABS

RawRows = Sequence[Sequence[object]]
# The days an as-of may be: a school year around it, and the year before, stay inside the
# years a log's dates may have (`values.PLAUSIBLE_YEARS`).
FIRST_AS_OF, LAST_AS_OF = (
    dt.date(PLAUSIBLE_YEARS[0] + 1, 1, 1),
    dt.date(PLAUSIBLE_YEARS[1] - 1, 12, 31),
)


def check_as_of(as_of: dt.date) -> None:
    """Raise `UsageError` for an as-of no school year can hold (`--as-of 9999-12-31`)."""
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise UsageError(
            f"The as-of date {as_of.isoformat()} is not a day a school year can hold: give a "
            f"date from {FIRST_AS_OF.year} to {LAST_AS_OF.year} with --as-of."
        )


def parse_book(
    raw: Mapping[str, RawRows],
    where: Mapping[str, str],
    as_of: dt.date,
    today: dt.date | None = None,
) -> Book:
    """Parse the input tabs. `raw` maps sheet names to rows; `where` maps tab keys to sheets.

    `today` is the real day (as-of unless told): rows after as-of but not after today are
    left out quietly, rows after both are typos."""
    check_as_of(as_of)
    readers: dict[str, TabReader | None] = {}
    for spec in INPUT_TABS:
        sheet = where.get(spec.key)
        readers[spec.key] = TabReader(spec, sheet, raw[sheet]) if sheet else None

    walkthrough_reader = readers["walkthroughs"]
    assert walkthrough_reader is not None  # locate_tabs guarantees the required tabs
    order = log_date_order([walkthrough_reader, readers["coaching"]])
    settings = parse_settings(readers["settings"], as_of, order)
    for reader in readers.values():
        if reader is not None:
            reader.date_order = settings.date_order
    settings = year_from_log(walkthrough_reader, settings, as_of)
    if not settings.school_year_start <= as_of <= settings.school_year_end:
        raise UsageError(
            f"The as-of date {as_of:%Y-%m-%d} is outside the school year "
            f"({settings.school_year_start:%Y-%m-%d} to {settings.school_year_end:%Y-%m-%d}). "
            "Give a date inside the year with --as-of, or fix School Year Start and End on "
            "the Settings tab."
        )
    calendar_days = parse_calendar(readers["calendar"])
    calendar = school_calendar(
        settings.school_year_start, settings.school_year_end, calendar_days, settings.half_day_ends
    )
    roster_reader = readers["roster"]
    assert roster_reader is not None  # locate_tabs guarantees the required tabs
    roster = parse_roster(roster_reader)
    framework = parse_framework(readers["framework"])
    bell_schedule = parse_bell_schedule(readers["bell_schedule"])
    cycles = parse_cycles(readers["cycles"], set(framework.loc[framework["valid"], "code"]))
    context = LogContext(
        as_of, today or as_of, settings, calendar, calendar_days, roster, framework, bell_schedule
    )
    walkthroughs = parse_walkthroughs(walkthrough_reader, context)
    coaching = parse_coaching(readers["coaching"], context)
    shared_ratings = parse_shared_ratings(
        readers["shared_ratings"], context, walkthroughs["observer"]
    )
    results = parse_results(readers["results"], context)

    sources = {
        key: TabSource(r.name, r.headers, len(r.rows))
        for key, r in readers.items()
        if r is not None
    }
    findings = sorted(collect(list(readers.values())), key=lambda f: f.sort_key)
    return Book(
        as_of=as_of,
        settings=settings,
        calendar=calendar,
        roster=roster,
        walkthroughs=walkthroughs,
        coaching=coaching,
        framework=framework,
        calendar_days=calendar_days,
        bell_schedule=bell_schedule,
        cycles=cycles,
        shared_ratings=shared_ratings,
        results=results,
        findings=findings,
        sources=sources,
    )
