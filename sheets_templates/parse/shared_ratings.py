"""Parsing the Shared Ratings tab: the team's calibration sessions (docs/design.md,
Calibration).

Each row is one observer's rating of what the whole team watched together (a video, or one
classroom): Session, Date, Observer and Look-for, `CODE:LEVEL` as in the log. It is checked
as the log's look-fors are: an observer typed in another case or spacing is the log's
spelling, a code not on the Framework tab and a level outside 1-4 are warnings. The findings
are declared in the catalogue of `sheets_templates.findings`.
"""

from __future__ import annotations

from operator import itemgetter

import pandas as pd

from sheets_templates import findings
from sheets_templates.book import no_shared_ratings
from sheets_templates.calendar import school_year_of, year_label
from sheets_templates.parse.logs import LogContext, one_spelling
from sheets_templates.parse.people import _frame
from sheets_templates.parse.reader import TabReader, dates_series
from sheets_templates.parse.values import LookFor, parse_lookfors


def parse_shared_ratings(
    reader: TabReader | None, ctx: LogContext, log_observers: pd.Series
) -> pd.DataFrame:
    """Shared Ratings rows as Book.shared_ratings (see `sheets_templates.book`).

    `log_observers` are the Walkthroughs log's observers, one spelling each: a rater typed
    like one of them (any case or spacing) takes the log's spelling.
    """
    if reader is None:
        return no_shared_ratings()
    sessions = reader.text("session")
    for row in sessions[sessions.isna()].index:
        reader.add(findings.SESSION_MISSING, row, "session", None)
    dates, dated = reader.parsed(
        "date",
        reader.parse_date,
        unreadable=findings.RATING_DATE_UNREADABLE,
        missing=findings.RATING_DATE_MISSING,
    )
    day = dates_series(dates.where(dated, None))
    observers = as_in_log(one_spelling(reader.text("observer")), log_observers)
    for row in observers[observers.isna()].index:
        reader.add(findings.RATER_MISSING, row, "observer", None)
    lookfors = _ratings(reader, ctx)
    _check_dates(reader, ctx, day)
    frame = _frame(
        reader,
        sessions.notna() & dated & observers.notna() & lookfors.map(bool),
        session=sessions,
        date=day,
        observer=observers,
        lookfors=lookfors,
    )
    return _this_year(reader, ctx, frame)


def as_in_log(names: pd.Series, log_observers: pd.Series) -> pd.Series:
    """Each name as the log spells the same person (`Ms. Diaz` for `ms.  diaz`), when the
    log has them; others unchanged."""
    spelling = {_folded(name): name for name in log_observers.dropna().unique()}
    return names.map(lambda name: spelling.get(_folded(name), name), na_action="ignore").astype(
        "string"
    )


def _folded(name: str) -> str:
    return " ".join(str(name).casefold().split())


def _ratings(reader: TabReader, ctx: LogContext) -> pd.Series:
    """Each row's ratings as ((code, level or None), ...), framework codes only; a row with
    none is `lookfor-missing`, a bad level or an unknown code a warning."""

    def read(value: object) -> tuple[tuple[LookFor, ...], list[str], list[str]]:
        found, problems = parse_lookfors(value)
        unknown = [code for code, _ in found if ctx.codes and code not in ctx.codes]
        return tuple(f for f in found if f[0] not in unknown), problems, unknown

    each = reader.column("lookfors").map(read).series()
    cells = reader.raw("lookfors")
    for row, (_, problems, unknown) in each.items():
        if cells[row] is None:
            reader.add(findings.RATING_MISSING, row, "lookfors", None)
        for problem in problems:
            reader.add(findings.RATING_LEVEL, row, "lookfors", cells[row], problem=problem)
        if unknown:
            reader.add(
                findings.RATING_LOOKFOR_UNKNOWN,
                row,
                "lookfors",
                cells[row],
                codes=", ".join(unknown),
            )
    return each.map(itemgetter(0))


def _check_dates(reader: TabReader, ctx: LogContext, day: pd.Series) -> None:
    """An error for a date after both as-of and today (a typo, most likely)."""
    typo = day > pd.Timestamp(max(ctx.as_of, ctx.today))
    cells = reader.raw("date")
    for row in typo[typo].index:
        reader.add(findings.RATING_DATE_IN_FUTURE, row, "date", cells[row], as_of=ctx.as_of)


def _this_year(reader: TabReader, ctx: LogContext, frame: pd.DataFrame) -> pd.DataFrame:
    """docs/design.md, School year of a row: sessions of earlier years and after as-of do not
    count this year, each kind in one info line (as the log's rows)."""
    start = pd.Timestamp(ctx.settings.school_year_start)
    earlier = frame["date"] < start
    later = (frame["date"] > pd.Timestamp(ctx.as_of)) & (
        frame["date"] <= pd.Timestamp(max(ctx.as_of, ctx.today))
    )
    frame["valid"] &= ~earlier & ~later
    year = school_year_of(frame["date"], ctx.settings.school_year_start)
    for first_year, rows in frame.loc[earlier, "row"].groupby(year[earlier]):
        reader.summarise(rows, findings.RATING_EARLIER_YEAR, year=year_label(int(first_year)))
    if later.any():
        reader.summarise(frame.loc[later, "row"], findings.RATING_AFTER_AS_OF, as_of=ctx.as_of)
    return frame
