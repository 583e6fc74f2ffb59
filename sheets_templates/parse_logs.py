"""Parsing the Walkthroughs and Coaching logs: dates, teachers, look-fors and the checks that
decide which rows are valid visits (DESIGN.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sheets_templates.book import Settings
from sheets_templates.calendar import SchoolCalendar, block_of
from sheets_templates.findings import Severity
from sheets_templates.parse_people import _frame
from sheets_templates.tabs import TabReader, dates_series
from sheets_templates.teachers import MatchedBy, TeacherMatcher
from sheets_templates.values import (
    Parsed,
    is_blank,
    parse_date,
    parse_datetime,
    parse_lookfors,
    parse_role,
    parse_time,
    parse_yes_no,
)

W, E, INFO = Severity.WARNING, Severity.ERROR, Severity.INFO
DATE_FIX = "Write the date as 2026-11-03 (or 11/3/2026)."


class LogContext:
    """What parsing a log needs from the rest of the workbook."""

    def __init__(
        self,
        as_of: dt.date,
        settings: Settings,
        calendar: SchoolCalendar,
        calendar_days: pd.DataFrame,
        roster: pd.DataFrame,
        framework: pd.DataFrame,
        bell_schedule: pd.DataFrame,
    ) -> None:
        self.as_of = as_of
        self.settings = settings
        self.calendar = calendar
        self.day_types = {
            d.date(): t
            for d, t in zip(calendar_days["date"], calendar_days["type"], strict=True)
            if not pd.isna(d)
        }
        self.roster = roster[roster["valid"]].set_index("teacher_id")
        self.matcher = TeacherMatcher(roster)
        self.codes = set(framework.loc[framework["valid"], "code"].dropna())
        valid_bells = bell_schedule[bell_schedule["valid"]]
        self.period_starts = dict(
            zip(valid_bells["period"].str.casefold(), valid_bells["start"], strict=True)
        )


def visit_dates(reader: TabReader, ctx: LogContext) -> tuple[pd.Series, pd.Series]:
    """(date, minute) for each row, from Date/Time or a single Timestamp, with findings."""
    dates = pd.Series([None] * len(reader.rows), index=reader.rows, dtype=object)
    minutes = dates.copy()
    raw_date, raw_time, raw_stamp = reader.raw("date"), reader.raw("time"), reader.raw("timestamp")
    date_field = {}
    for row in reader.rows:
        if reader.has("date") and not is_blank(raw_date[row]):
            day, field = parse_date(raw_date[row]), "date"
            time = parse_time(raw_time[row]) if reader.has("time") else Parsed()
            if not reader.has("time") or is_blank(raw_time[row]):
                time = parse_datetime(raw_stamp[row])[1] if reader.has("timestamp") else time
        elif reader.has("timestamp") and not is_blank(raw_stamp[row]):
            (day, time), field = parse_datetime(raw_stamp[row]), "timestamp"
            if reader.has("time") and not is_blank(raw_time[row]):
                time = parse_time(raw_time[row])
        else:
            field = "date" if reader.has("date") else "timestamp"
            reader.add(
                "date-missing", E, row, field, None, "no date; this row is left out", DATE_FIX
            )
            continue
        date_field[row] = field
        if not day.ok:
            reader.add(
                "date-unreadable",
                E,
                row,
                field,
                reader.raw(field)[row],
                f"{day.problem}; this row is left out",
                DATE_FIX,
            )
            continue
        dates[row] = day.value
        if time.ok:
            minutes[row] = time.value
        elif reader.has("time") and time.problem != "empty":
            reader.add(
                "time-unreadable",
                W,
                row,
                "time",
                raw_time[row],
                f"{time.problem}; the visit counts but its time of day is unknown",
                "Write the time as 10:15 or 1:05 PM.",
            )
    _check_dates_in_year(reader, ctx, dates, date_field)
    return dates, minutes


def _check_dates_in_year(
    reader: TabReader, ctx: LogContext, dates: pd.Series, date_field: dict[int, str]
) -> None:
    start, end = ctx.settings.school_year_start, ctx.settings.school_year_end
    for row, day in dates.dropna().items():
        field = date_field[row]
        raw = reader.raw(field)[row]
        if day > ctx.as_of:
            reader.add(
                "date-in-future",
                E,
                row,
                field,
                raw,
                f"after the as-of date {ctx.as_of:%Y-%m-%d}; this row is left out",
                "Check the year and month of the date.",
            )
        elif day < start:
            reader.add(
                "date-before-year",
                E,
                row,
                field,
                raw,
                f"before the school year starts ({start:%Y-%m-%d}); this row is left out",
                "Check the date, or School Year Start on the Settings tab.",
            )
        elif day > end:
            reader.add(
                "date-after-year",
                E,
                row,
                field,
                raw,
                f"after the school year ends ({end:%Y-%m-%d}); this row is left out",
                "Check the date, or School Year End on the Settings tab.",
            )
        elif not ctx.calendar.is_school_day(day):
            what = ctx.day_types.get(day) or ("a weekend" if day.weekday() >= 5 else "closed")
            reader.add(
                "not-a-school-day",
                W,
                row,
                field,
                raw,
                f"{day:%a %b %-d} is {what.lower() if what != 'a weekend' else what}, "
                "not a school day; the visit still counts",
                "Check the date; if the school was open, fix the Calendar tab.",
            )


def match_teachers(reader: TabReader, ctx: LogContext) -> pd.Series:
    """Roster Teacher IDs for the Teacher column, with findings for unknown and loose."""
    typed = reader.text("teacher")
    matched = ctx.matcher.match_column(typed)
    for row in typed[typed.isna()].index:
        reader.add(
            "teacher-missing",
            E,
            row,
            "teacher",
            None,
            "no teacher; this row is left out",
            "Write the teacher's name as on the Roster.",
        )
    unknown = typed.notna() & matched["teacher_id"].isna()
    for row in unknown[unknown].index:
        close = matched["suggestions"][row]
        hint = f" Close names on the Roster: {', '.join(close)}." if close else ""
        reader.add(
            "teacher-unknown",
            E,
            row,
            "teacher",
            typed[row],
            "not on the Roster; this row is left out",
            f"Fix the spelling or add the teacher to the Roster.{hint}",
        )
    loose = matched["by"] == MatchedBy.LOOSE
    for row in loose[loose].index:
        name = ctx.roster.loc[matched["teacher_id"][row], "name"]
        reader.add(
            "teacher-loose-match",
            INFO,
            row,
            "teacher",
            typed[row],
            f"read as {name} (differs only in case, spacing or accents); it counts",
            "Nothing to do; to be exact, write the name as on the Roster.",
        )
    ids = matched["teacher_id"]
    inactive = ids.notna() & ~ids.map(
        lambda t: bool(ctx.roster.at[t, "active"]) if not pd.isna(t) else True
    ).astype(bool)
    for row in inactive[inactive].index:
        reader.add(
            "teacher-inactive",
            W,
            row,
            "teacher",
            typed[row],
            "Active is N on the Roster; the visit is kept out of coverage",
            "Check the teacher, or set Active to Y on the Roster.",
        )
    return ids


def parse_walkthroughs(reader: TabReader, ctx: LogContext) -> pd.DataFrame:
    """Walkthrough rows as Book.walkthroughs (see `sheets_templates.book`)."""
    dates, minutes = visit_dates(reader, ctx)
    teacher_ids = match_teachers(reader, ctx)
    observers = reader.text("observer")
    for row in observers[observers.isna()].index:
        reader.add(
            "observer-missing",
            E,
            row,
            "observer",
            None,
            "no observer; this row is left out",
            "Write who made the visit.",
        )

    rooms = reader.text("room")
    roster_rooms = teacher_ids.map(
        lambda t: ctx.roster.at[t, "room"] if not pd.isna(t) else pd.NA
    ).astype("string")
    disagree = (
        rooms.notna() & roster_rooms.notna() & (rooms.str.casefold() != roster_rooms.str.casefold())
    )
    for row in disagree[disagree].index:
        reader.add(
            "room-mismatch",
            W,
            row,
            "room",
            rooms[row],
            f"the Roster has room {roster_rooms[row]} for this teacher",
            "Check the room here or on the Roster.",
        )

    lookfors = _lookfors(reader, ctx)
    visit_day = dates_series(dates)
    shared_date, shared_yes = _evidence_shared(reader, visit_day)
    conversation = _later_date(
        reader, "conversation_date", visit_day, "conversation-before-visit", "the conversation"
    )
    roles = reader.raw("conversation_role").map(parse_role)
    for row, parsed in roles.items():
        if not parsed.ok and parsed.problem != "empty":
            reader.add(
                "role-unknown",
                W,
                row,
                "conversation_role",
                reader.raw("conversation_role")[row],
                parsed.problem,
                "Pick Directive, Reflective or Reflexive (or Boss, Coach, Leader).",
            )

    minute = pd.array(minutes.tolist(), dtype="Int64")
    period = reader.text("period")
    block = block_of(pd.Series(minute, index=reader.rows), ctx.settings.time_blocks)
    by_period = period.str.casefold().map(ctx.period_starts)
    from_bell = block_of(by_period.astype("Float64"), ctx.settings.time_blocks)
    block = block.fillna(from_bell)

    _flag_duplicates(reader, dates, minutes, observers, teacher_ids)
    return _frame(
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
        conversation_role=roles.map(lambda p: p.value.value if p.value else None).astype("string"),
        notes=reader.text("notes"),
    )


def _lookfors(reader: TabReader, ctx: LogContext) -> pd.Series:
    raw = reader.raw("lookfors")
    parsed = raw.map(parse_lookfors)
    kept = []
    for row, (found, problems) in parsed.items():
        for problem in problems:
            reader.add(
                "lookfor-level",
                W,
                row,
                "lookfors",
                raw[row],
                problem,
                "Write a level from 1 to 4 after the colon, e.g. IN2:3.",
            )
        unknown = [code for code, _ in found if ctx.codes and code not in ctx.codes]
        if unknown:
            reader.add(
                "lookfor-unknown",
                W,
                row,
                "lookfors",
                raw[row],
                f"{', '.join(unknown)} not on the Framework tab; left out of the trends",
                "Use codes from the Framework tab, or add the look-for there.",
            )
        kept.append(tuple((c, lv) for c, lv in found if not ctx.codes or c in ctx.codes))
    return pd.Series(kept, index=reader.rows, dtype=object)


def _evidence_shared(reader: TabReader, visit_day: pd.Series) -> tuple[pd.Series, pd.Series]:
    raw = reader.raw("evidence_shared")
    yes = pd.Series(False, index=reader.rows)
    dates = pd.Series([None] * len(raw), index=reader.rows, dtype=object)
    for row, value in raw.items():
        if is_blank(value):
            continue
        answer = parse_yes_no(value) if not isinstance(value, dt.date) else Parsed()
        if answer.ok and answer.value is not None:
            yes[row] = answer.value
            continue
        day = parse_date(value)
        if day.ok:
            dates[row] = day.value
        else:
            reader.add(
                "evidence-shared-unreadable",
                W,
                row,
                "evidence_shared",
                value,
                "not a date or Y/N",
                "Write the date the evidence was shared, or Y.",
            )
    shared = dates_series(dates)
    before = shared.notna() & visit_day.notna() & (shared < visit_day)
    for row in before[before].index:
        reader.add(
            "evidence-before-visit",
            W,
            row,
            "evidence_shared",
            raw[row],
            "the evidence is dated before the visit",
            "Check both dates.",
        )
    return shared, yes


def _later_date(
    reader: TabReader, field: str, visit_day: pd.Series, code: str, what: str
) -> pd.Series:
    values, _ = reader.parsed(field, parse_date, code="date-unreadable", severity=W, fix=DATE_FIX)
    dates = dates_series(values)
    before = dates.notna() & visit_day.notna() & (dates < visit_day)
    for row in before[before].index:
        reader.add(
            code,
            W,
            row,
            field,
            reader.raw(field)[row],
            f"{what} is dated before the visit",
            "Check both dates.",
        )
    return dates


def _flag_duplicates(
    reader: TabReader,
    dates: pd.Series,
    minutes: pd.Series,
    observers: pd.Series,
    teachers: pd.Series,
) -> None:
    key = pd.DataFrame(
        {
            "date": dates,
            "minute": minutes,
            "observer": observers.str.casefold(),
            "teacher": teachers,
        }
    )
    complete = key["date"].notna() & key["teacher"].notna()
    repeated = key.duplicated() & complete
    for row in repeated[repeated].index:
        same = (key == key.loc[row]).all(axis=1) | (
            key.isna() & key.loc[row].isna().to_numpy()
        ).all(axis=1)
        first = int(np.flatnonzero(same.to_numpy())[0])
        reader.add(
            "duplicate-row",
            W,
            row,
            "",
            None,
            f"the same visit as row {reader.rows[first]} (date, time, observer, "
            "teacher); it is counted twice",
            "Delete one of the two rows if it was entered twice.",
        )


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
        from sheets_templates.parse_people import empty_frame

        return empty_frame(fields, date_columns=["date"])
    dates, _ = visit_dates(reader, ctx)
    teacher_ids = match_teachers(reader, ctx)
    coaches = reader.text("coach")
    for row in coaches[coaches.isna()].index:
        reader.add(
            "coach-missing",
            E,
            row,
            "coach",
            None,
            "no coach; this row is left out",
            "Write who led the coaching conversation.",
        )
    focus = reader.text("focus_area").str.upper().str.replace(r"\s+", "", regex=True)
    unknown = focus.notna() & ~focus.isin(ctx.codes) if ctx.codes else focus.isna() & False
    for row in unknown[unknown].index:
        reader.add(
            "focus-unknown",
            W,
            row,
            "focus_area",
            focus[row],
            "not a code on the Framework tab",
            "Use a code from the Framework tab.",
        )
    return _frame(
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
