"""Parsing the Walkthroughs and Coaching logs: dates, teachers, look-fors and the checks that
decide which rows are valid visits (docs/design.md).

The findings these parsers record are declared in the catalogue of
`sheets_templates.findings`.

Columns are checked whole (a log has 50,000 rows); only the rows with a finding are visited
one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from operator import attrgetter, itemgetter

import numpy as np
import pandas as pd

from sheets_templates import findings
from sheets_templates.book import Settings
from sheets_templates.calendar import (
    SchoolCalendar,
    block_of,
    rotation_window,
    school_year_of,
    year_label,
)
from sheets_templates.findings import FindingKind, counted
from sheets_templates.parse.people import _frame
from sheets_templates.parse.reader import TabReader, dates_series
from sheets_templates.parse.teachers import MatchedBy, TeacherMatcher
from sheets_templates.parse.values import (
    LookFor,
    Parsed,
    date_order_of,
    is_ambiguous_date,
    is_blank,
    parse_date,
    parse_lookfors,
    parse_role,
    parse_time,
    parse_yes_no,
)
from sheets_templates.schema import CLOSED_DAY_TYPES, DateOrder, DayType, Role


class LogContext:
    """What parsing a log needs from the rest of the workbook."""

    def __init__(
        self,
        as_of: dt.date,
        today: dt.date,
        settings: Settings,
        calendar: SchoolCalendar,
        calendar_days: pd.DataFrame,
        roster: pd.DataFrame,
        framework: pd.DataFrame,
        bell_schedule: pd.DataFrame,
    ) -> None:
        self.as_of = as_of
        self.today = today
        self.settings = settings
        self.calendar = calendar
        self.day_types = {
            d.date(): DayType(t)
            for d, t in zip(calendar_days["date"], calendar_days["type"], strict=True)
            if not pd.isna(d) and not pd.isna(t)
        }
        self.roster = roster[roster["valid"]].set_index("teacher_id")
        self.matcher = TeacherMatcher(roster)
        self.codes = set(framework.loc[framework["valid"], "code"].dropna())
        valid_bells = bell_schedule[bell_schedule["valid"]]
        self.period_starts = dict(
            zip(valid_bells["period"].str.casefold(), valid_bells["start"], strict=True)
        )


def year_from_log(reader: TabReader, settings: Settings, as_of: dt.date) -> Settings:
    """docs/design.md, No Settings yet: without School Year Start and End, the school year
    that holds as-of starts on the first day logged from July 15 on (mid-summer)."""
    if not settings.year_assumed_from:
        return settings
    mid_summer = dt.date(settings.school_year_start.year, 7, 15)
    by_date = reader.has("date")
    cells = reader.column("date" if by_date else "timestamp")
    read = cells.map(
        lambda cell: (reader.parse_date(cell) if by_date else reader.parse_datetime(cell)[0]).value
    )
    days = [d for d in read.series() if isinstance(d, dt.date) and mid_summer <= d <= as_of]
    if not days:
        return settings
    return replace(settings, school_year_start=min(days), year_assumed_from="the log's dates")


def visit_dates(reader: TabReader, ctx: LogContext) -> tuple[pd.Series, pd.Series]:
    """(date, minute) for each row, from Date/Time or a single Timestamp, with findings.

    The Date cell wins when filled, else the Timestamp; a filled Time cell wins over the
    Timestamp's time of day. Dates are Python dates (None when missing or unreadable).
    """
    date_cells, time_cells = reader.column("date"), reader.column("time")
    stamp_cells = reader.column("timestamp")
    use_date = ~date_cells.isna()
    use_stamp = ~use_date & ~stamp_cells.isna()
    time_typed = ~time_cells.isna()
    stamp = stamp_cells.map(reader.parse_datetime)
    day = date_cells.map(reader.parse_date).where(use_date, stamp.map(itemgetter(0)))
    time = time_cells.map(parse_time).where(time_typed, stamp.map(itemgetter(1)))
    absent_field = "date" if reader.has("date") else "timestamp"
    field = pd.Series(np.where(use_date, "date", np.where(use_stamp, absent_field, "")))
    field = field.set_axis(reader.rows).replace("", absent_field)
    cell = date_cells.where(use_date, stamp_cells).series()

    missing = ~use_date & ~use_stamp
    for row in missing[missing].index:
        reader.add(findings.DATE_MISSING, row, field[row], None)
    day_ok = ~missing & day.map(attrgetter("ok")).series(bool)
    unreadable = ~missing & ~day_ok
    day_problems = day.map(attrgetter("problem")).series()
    for row in unreadable[unreadable].index:
        reader.add(findings.DATE_UNREADABLE, row, field[row], cell[row], problem=day_problems[row])
    time_bad = day_ok & time.map(_unreadable).series(bool)
    if time_bad.any():
        time_problems = time.map(attrgetter("problem")).series()
        stamp_raw, time_raw = stamp_cells.series(), time_cells.series()
        for row in time_bad[time_bad].index:
            from_stamp = not time_typed[row]
            reader.add(
                findings.TIME_UNREADABLE,
                row,
                "timestamp" if from_stamp else "time",
                stamp_raw[row] if from_stamp else time_raw[row],
                problem=time_problems[row],
            )
    dates = day.map(attrgetter("value")).series().where(day_ok, None)
    minutes = time.map(attrgetter("value")).series().where(day_ok & ~time_bad, None)
    _say_how_ambiguous_dates_were_read(reader, ctx.settings, day_ok, field, cell, dates)
    _check_dates_in_year(reader, ctx, dates, field, cell)
    return dates, minutes


def log_date_order(readers: list[TabReader | None]) -> DateOrder | None:
    """The order the logs' text dates that can be read only one way use (`25.09.2026`):
    the default Date Order when Settings give none."""
    cells: list[object] = []
    for reader in readers:
        if reader is not None:
            for field in ("date", "timestamp"):
                cells += (
                    reader.column(field)
                    .map(lambda c: c if isinstance(c, str) else None)
                    .series()
                    .dropna()
                    .tolist()
                )
    return date_order_of(cells)


def _say_how_ambiguous_dates_were_read(
    reader: TabReader,
    settings: Settings,
    read: pd.Series,
    field: pd.Series,
    cell: pd.Series,
    dates: pd.Series,
) -> None:
    """One warning for the text dates that read differently day first and month first
    (`10.09.2026`), saying how they were read, when Settings give no Date Order."""
    if not settings.date_order_from:
        return
    ambiguous = read & cell.map(is_ambiguous_date).astype(bool)
    if not ambiguous.any():
        return
    rows = ambiguous[ambiguous].index
    first = rows[0]
    reading = "day first" if settings.date_order is DateOrder.DMY else "month first"
    reader.add(
        findings.DATE_ORDER_ASSUMED,
        int(first),
        field[first],
        cell[first],
        count=counted(len(rows), "date"),
        read_as=f"{dates[first]:%-d %B %Y}",
        reading=reading,
        order=str(settings.date_order),
        source=settings.date_order_from,
    )


def _unreadable(parsed: Parsed[object]) -> bool:
    """A cell that was written but could not be read."""
    return not parsed.ok and parsed.problem != "empty"


def _role_name(role: Parsed[Role]) -> str | None:
    return role.value.value if role.value else None


def _check_dates_in_year(
    reader: TabReader, ctx: LogContext, dates: pd.Series, field: pd.Series, cell: pd.Series
) -> None:
    """Errors for dates after both as-of and today (typos), and warnings for days that are
    not school days. Earlier school years and rows after as-of are `set_aside` later."""
    start, end = ctx.settings.school_year_start, ctx.settings.school_year_end
    day = dates_series(dates)
    typo = day > pd.Timestamp(max(ctx.as_of, ctx.today))
    after_year = typo & (day > pd.Timestamp(end))
    in_future = typo & ~after_year
    kind = findings.DATE_IN_FUTURE if ctx.as_of >= ctx.today else findings.DATE_AFTER_TODAY
    for flagged, found in ((after_year, findings.DATE_AFTER_YEAR), (in_future, kind)):
        for row in flagged[flagged].index:
            reader.add(found, row, field[row], cell[row], end=end, as_of=ctx.as_of, today=ctx.today)
    this_year = (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(ctx.as_of))
    school_days = pd.to_datetime(pd.Series(ctx.calendar.school_days(), dtype=object))
    closed = this_year & ~day.isin(school_days)
    for row in closed[closed].index:
        visit_day = dates[row]
        what = _closed_day_words(visit_day, ctx)
        reader.add(findings.NOT_A_SCHOOL_DAY, row, field[row], cell[row], day=visit_day, what=what)


def _closed_day_words(day: dt.date, ctx: LogContext) -> str:
    """Why a day is not a school day, as the warning says it: `a PD Day`, `a weekend`."""
    kind = ctx.day_types.get(day)
    if kind in CLOSED_DAY_TYPES:
        return kind.in_words
    return "a weekend" if day.weekday() >= 5 else "closed"


def set_aside(reader: TabReader, ctx: LogContext, frame: pd.DataFrame) -> pd.DataFrame:
    """docs/design.md, School year of a row: rows of earlier school years are history, and
    rows after as-of (but not after today) wait for a later day. Neither counts in this
    year's figures, and neither is listed row by row: one info line for each earlier year and
    one for the later rows, each counting the faults in its rows.

    Adds `school_year` (the calendar year in which each row's school year starts) and
    `history` (a row of an earlier year with no error of its own).
    """
    start = pd.Timestamp(ctx.settings.school_year_start)
    year = school_year_of(frame["date"], ctx.settings.school_year_start)
    earlier = frame["date"] < start
    later = (frame["date"] > pd.Timestamp(ctx.as_of)) & (
        frame["date"] <= pd.Timestamp(max(ctx.as_of, ctx.today))
    )
    frame["school_year"] = year
    frame["history"] = frame["valid"] & earlier
    frame["valid"] &= ~earlier & ~later
    for first_year, rows in frame.loc[earlier, "row"].groupby(year[earlier]):
        reader.summarise(rows, findings.EARLIER_YEAR, year=year_label(int(first_year)))
    if later.any():
        reader.summarise(frame.loc[later, "row"], findings.AFTER_AS_OF, as_of=ctx.as_of)
    return frame


def roster_ids(
    reader: TabReader,
    ctx: LogContext,
    *,
    missing: FindingKind,
    unknown: FindingKind,
    loose: FindingKind,
) -> pd.Series:
    """Roster Teacher IDs for a tab's Teacher column (name, email or ID as typed), with a
    `missing`, `unknown` (naming the close Roster names) or `loose` finding where it says."""
    typed = reader.text("teacher")
    matched = ctx.matcher.match_column(typed)
    for row in typed[typed.isna()].index:
        reader.add(missing, row, "teacher", None)
    not_found = typed.notna() & matched["teacher_id"].isna()
    for row in not_found[not_found].index:
        close = matched["suggestions"][row]
        hint = f" Close names on the Roster: {', '.join(close)}." if close else ""
        reader.add(unknown, row, "teacher", typed[row], close_names=hint)
    ids = matched["teacher_id"]
    names = ids.map(ctx.roster["name"])
    by_loose = matched["by"] == MatchedBy.LOOSE
    for row in by_loose[by_loose].index:
        reader.add(loose, row, "teacher", typed[row], name=names[row])
    return ids


def match_teachers(reader: TabReader, ctx: LogContext, dates: pd.Series) -> pd.Series:
    """Roster Teacher IDs for the Teacher column, with findings for unknown and loose.

    A visit to a teacher whose Active is N is only worth a warning inside the rotation
    window: earlier visits were most likely made before the teacher left.
    """
    ids = roster_ids(
        reader,
        ctx,
        missing=findings.TEACHER_MISSING,
        unknown=findings.TEACHER_UNKNOWN,
        loose=findings.TEACHER_LOOSE_MATCH,
    )
    typed = reader.text("teacher")
    window = rotation_window(ctx.calendar, ctx.as_of, ctx.settings.rotation_school_days)
    recent = dates_series(dates) >= pd.Timestamp(window.first)
    inactive = recent & ids.notna() & ids.map(ctx.roster["active"]).eq(False)
    for row in inactive[inactive].index:
        reader.add(findings.TEACHER_INACTIVE, row, "teacher", typed[row])
    return ids


def parse_walkthroughs(reader: TabReader, ctx: LogContext) -> pd.DataFrame:
    """Walkthrough rows as Book.walkthroughs (see `sheets_templates.book`)."""
    dates, minutes = visit_dates(reader, ctx)
    teacher_ids = match_teachers(reader, ctx, dates)
    observers = one_spelling(reader.text("observer"))
    for row in observers[observers.isna()].index:
        reader.add(findings.OBSERVER_MISSING, row, "observer", None)

    rooms = reader.text("room")
    roster_rooms = teacher_ids.map(ctx.roster["room"]).astype("string")
    disagree = (
        rooms.notna() & roster_rooms.notna() & (rooms.str.casefold() != roster_rooms.str.casefold())
    )
    for row in disagree[disagree].index:
        reader.add(findings.ROOM_MISMATCH, row, "room", rooms[row], room=roster_rooms[row])

    lookfors = _lookfors(reader, ctx)
    visit_day = dates_series(dates)
    shared_date, shared_yes = _evidence_shared(reader, visit_day)
    conversation = _later_date(
        reader, "conversation_date", visit_day, findings.CONVERSATION_BEFORE_VISIT
    )
    roles = reader.column("conversation_role").map(parse_role)
    unknown_role = roles.map(_unreadable).series(bool)
    if unknown_role.any():
        role_cells, problems = reader.raw("conversation_role"), roles.series()
        for row in unknown_role[unknown_role].index:
            reader.add(
                findings.ROLE_UNKNOWN,
                row,
                "conversation_role",
                role_cells[row],
                problem=problems[row].problem,
            )

    minute = pd.array(minutes.tolist(), dtype="Int64")
    period = reader.text("period")
    block = block_of(pd.Series(minute, index=reader.rows), ctx.settings.time_blocks)
    by_period = period.str.casefold().map(ctx.period_starts)
    from_bell = block_of(by_period.astype("Float64"), ctx.settings.time_blocks)
    block = block.fillna(from_bell)
    if reader.has("time") or reader.has("timestamp"):
        time_field = "time" if reader.has("time") else "timestamp"
        warned = {f.row for f in reader.findings if f.code == findings.TIME_UNREADABLE.code}
        untimed = dates.notna() & minutes.isna() & block.isna() & ~dates.index.isin(warned)
        for row in untimed[untimed].index:
            reader.add(findings.TIME_MISSING, row, time_field, None)

    _flag_duplicates(reader, dates, minutes, observers, teacher_ids)
    frame = _frame(
        reader,
        dates.notna() & observers.notna() & teacher_ids.notna(),
        date=visit_day,
        minute=minute,
        block=block,
        observer=observers,
        teacher_id=teacher_ids,
        teacher_text=reader.text("teacher"),
        room=rooms,
        period=period,
        subject=reader.text("subject"),
        lookfors=lookfors,
        evidence=reader.text("evidence"),
        evidence_shared_date=shared_date,
        evidence_shared_yes=shared_yes,
        conversation_date=conversation,
        conversation_role=roles.map(_role_name).series("string"),
        notes=reader.text("notes"),
    )
    return set_aside(reader, ctx, frame)


def _lookfors(reader: TabReader, ctx: LogContext) -> pd.Series:
    """Each row's framework look-fors as ((code, level or None), ...); others are findings."""

    def read(value: object) -> tuple[tuple[LookFor, ...], list[str], list[str]]:
        found, problems = parse_lookfors(value)
        if not ctx.codes or all(code in ctx.codes for code, _ in found):
            return found, problems, []
        unknown = [code for code, _ in found if code not in ctx.codes]
        return tuple(f for f in found if f[0] not in unknown), problems, unknown

    each = reader.column("lookfors").map(read)
    flagged = each.map(lambda p: bool(p[1] or p[2])).series(bool)
    cells, parsed = reader.raw("lookfors"), each.series()
    for row in flagged[flagged].index:
        _, problems, unknown = parsed[row]
        for problem in problems:
            reader.add(findings.LOOKFOR_LEVEL, row, "lookfors", cells[row], problem=problem)
        if unknown:
            reader.add(
                findings.LOOKFOR_UNKNOWN, row, "lookfors", cells[row], codes=", ".join(unknown)
            )
    return each.map(itemgetter(0)).series()


def _shared(value: object, order: DateOrder) -> tuple[bool, dt.date | None, bool]:
    """An Evidence Shared cell as (Y typed, date, unreadable)."""
    if is_blank(value):
        return False, None, False
    if not isinstance(value, dt.date):
        answer = parse_yes_no(value)
        if answer.ok:
            return answer.value is True, None, False
    day = parse_date(value, order)
    return False, day.value, not day.ok


def _evidence_shared(reader: TabReader, visit_day: pd.Series) -> tuple[pd.Series, pd.Series]:
    cells = reader.raw("evidence_shared")
    parsed = reader.column("evidence_shared").map(lambda cell: _shared(cell, reader.date_order))
    unreadable = parsed.map(itemgetter(2)).series(bool)
    for row in unreadable[unreadable].index:
        reader.add(findings.EVIDENCE_SHARED_UNREADABLE, row, "evidence_shared", cells[row])
    shared = dates_series(parsed.map(itemgetter(1)).series())
    before = shared.notna() & visit_day.notna() & (shared < visit_day)
    for row in before[before].index:
        reader.add(findings.EVIDENCE_BEFORE_VISIT, row, "evidence_shared", cells[row])
    return shared, parsed.map(itemgetter(0)).series(bool)


def _later_date(
    reader: TabReader, field: str, visit_day: pd.Series, kind: FindingKind
) -> pd.Series:
    dates = reader.optional_date(field)
    before = dates.notna() & visit_day.notna() & (dates < visit_day)
    cells = reader.raw(field)
    for row in before[before].index:
        reader.add(kind, row, field, cells[row])
    return dates


def one_spelling(names: pd.Series) -> pd.Series:
    """Each person under one spelling: `Ms. Diaz`, `ms. diaz` and `Ms.  Diaz` are one observer.

    Names that differ only in case and spacing take the spelling written most often (the
    first such on a tie), so pace and plans are not split between two versions of one person.
    """
    codes, spellings = pd.factorize(names)
    if not len(spellings):
        return names
    keys = pd.Series([" ".join(name.casefold().split()) for name in spellings])
    times = np.bincount(codes[codes >= 0], minlength=len(spellings))
    by_use = pd.DataFrame({"key": keys, "name": spellings, "times": times})
    by_use = by_use.sort_values("times", ascending=False, kind="stable")
    usual = by_use.drop_duplicates("key").set_index("key")["name"]
    spelled = keys.map(usual).to_numpy(dtype=object)
    return pd.Series(np.where(codes >= 0, spelled[codes], None), index=names.index, dtype="string")


def _flag_duplicates(
    reader: TabReader,
    dates: pd.Series,
    minutes: pd.Series,
    observers: pd.Series,
    teachers: pd.Series,
) -> None:
    """A warning on each later copy of a visit: same date, time, observer and teacher."""
    key = pd.DataFrame(
        {
            "date": dates,
            "minute": minutes,
            "observer": observers.str.casefold(),
            "teacher": teachers,
        }
    ).astype(object)
    repeated = key.duplicated() & key["date"].notna() & key["teacher"].notna()
    if not repeated.any():
        return
    visit = key.groupby(list(key.columns), dropna=False, sort=False).ngroup()
    first_row = pd.Series(reader.rows, index=reader.rows).groupby(visit).transform("first")
    for row in repeated[repeated].index:
        reader.add(findings.DUPLICATE_ROW, row, "", None, first=first_row[row])


def parse_coaching(reader: TabReader | None, ctx: LogContext) -> pd.DataFrame:
    """Coaching rows as Book.coaching (see `sheets_templates.book`)."""
    fields = [
        "date",
        "coach",
        "teacher_id",
        "teacher_text",
        "focus_area",
        "strengths",
        "needs",
        "notes",
        "next_steps",
    ]
    if reader is None:
        from sheets_templates.parse.people import empty_frame

        frame = empty_frame(fields, date_columns=["date"])
        return frame.assign(school_year=pd.Series(dtype="Int64"), history=frame["valid"])
    dates, _ = visit_dates(reader, ctx)
    teacher_ids = match_teachers(reader, ctx, dates)
    coaches = one_spelling(reader.text("coach"))
    for row in coaches[coaches.isna()].index:
        reader.add(findings.COACH_MISSING, row, "coach", None)
    focus = reader.text("focus_area").str.upper().str.replace(r"\s+", "", regex=True)
    unknown = focus.notna() & ~focus.isin(ctx.codes) if ctx.codes else focus.isna() & False
    for row in unknown[unknown].index:
        reader.add(findings.FOCUS_UNKNOWN, row, "focus_area", focus[row])
    frame = _frame(
        reader,
        dates.notna() & coaches.notna() & teacher_ids.notna(),
        date=dates_series(dates),
        coach=coaches,
        teacher_id=teacher_ids,
        teacher_text=reader.text("teacher"),
        focus_area=focus,
        strengths=reader.text("strengths"),
        needs=reader.text("needs"),
        notes=reader.text("notes"),
        next_steps=reader.text("next_steps"),
    )
    return set_aside(reader, ctx, frame)
