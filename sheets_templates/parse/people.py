"""Parsing the tabs that describe the school: Settings, Calendar, Roster, Framework,
Bell Schedule and Cycles. The visit and coaching logs are in `parse_logs`.

The findings these parsers record are declared in the catalogue of
`sheets_templates.findings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from sheets_templates import findings
from sheets_templates.book import Settings
from sheets_templates.calendar import parse_time_blocks, time_block_problems
from sheets_templates.findings import Finding, Severity
from sheets_templates.parse.reader import TabReader, dates_series
from sheets_templates.parse.values import (
    Parsed,
    is_email,
    parse_date,
    parse_integer,
    parse_list,
    parse_time,
    parse_yes_no,
    text_of,
)
from sheets_templates.schema import (
    SETTINGS_KEYS,
    DateOrder,
    DayType,
    Kind,
    normalise_header,
    setting_default,
    setting_minutes,
)

E = Severity.ERROR
LARGEST_SETTING = 100_000  # any count or target above this is a typo
YEAR_KEYS = {"School Year Start", "School Year End"}
USUAL_YEAR = "the usual Aug 1 to Jun 30"


def parse_settings(
    reader: TabReader | None,
    as_of: dt.date,
    log_date_order: DateOrder | None = None,
) -> Settings:
    """The Settings tab, with defaults for what is absent and findings for what is wrong.

    Without a Date Order on the tab, the order is `log_date_order` (what the log's dates that
    can be read only one way use), else MDY; `Settings.date_order_from` says which.
    """
    start, end = Settings.default_year(as_of)
    values: dict[str, object] = {}
    order, order_from = _assumed_date_order(log_date_order)
    if reader is None:
        return Settings(
            start, end, year_assumed_from=USUAL_YEAR, date_order=order, date_order_from=order_from
        )
    order, order_from = _date_order_setting(reader, order, order_from)
    reader.date_order = order
    known = {normalise_header(s.key): s for s in SETTINGS_KEYS}
    keys, raw = reader.text("key"), reader.raw("value")
    rows_of: dict[str, int] = {}
    for row in reader.rows:
        key = keys[row]
        if pd.isna(key):
            continue
        setting = known.get(normalise_header(key))
        if setting is None:
            reader.add(findings.SETTING_UNKNOWN, row, "key", key)
            continue
        if text_of(raw[row]) == "":
            continue
        parsed = _setting_value(setting.kind, raw[row], order)
        if setting.key == DATE_ORDER:
            continue  # read first, by _date_order_setting
        if parsed is None:
            reader.add(
                findings.SETTING_INVALID,
                row,
                "value",
                raw[row],
                setting=setting.key,
                expected=_kind_words(setting.kind),
                example=_example(setting.kind),
            )
            continue
        values[setting.key] = parsed
        rows_of[setting.key] = row

    start = _as_date(values.get("School Year Start")) or start
    end = _as_date(values.get("School Year End")) or (
        dt.date(start.year + 1, 6, 30) if "School Year Start" in values else end
    )
    if end <= start:
        reader.add(findings.SCHOOL_YEAR_BACKWARDS, rows_of.get("School Year End"), "value", end)
        start, end = Settings.default_year(as_of)

    blocks = Settings(start, end).time_blocks
    if "Time Blocks" in values:
        row = rows_of["Time Blocks"]
        try:
            blocks = parse_time_blocks(str(values["Time Blocks"]))
        except ValueError as problem:
            reader.add(
                findings.TIME_BLOCKS_UNREADABLE,
                row,
                "value",
                values["Time Blocks"],
                problem=problem,
            )
        else:
            for problem_text in time_block_problems(blocks):
                kind = (
                    findings.TIME_BLOCKS_OVERLAP
                    if "overlap" in problem_text
                    else findings.TIME_BLOCKS_GAP
                )
                reader.add(kind, row, "value", values["Time Blocks"], problem=problem_text)

    def number(key: str) -> int:
        default = setting_default(key)
        value = values.get(key)
        if isinstance(value, int) and 0 < value <= LARGEST_SETTING:
            return value
        if value is not None:
            reader.add(
                findings.SETTING_OUT_OF_RANGE,
                rows_of[key],
                "value",
                value,
                setting=key,
                largest=LARGEST_SETTING,
                default=default,
            )
        return default

    goals = values.get("Goal Areas")
    half_day_ends = values.get("Half Day Ends")
    return Settings(
        school_year_start=start,
        school_year_end=end,
        rotation_school_days=number("Rotation School Days"),
        daily_target=number("Daily Target"),
        yearly_target=number("Yearly Target"),
        min_group_size=number("Min Group Size"),
        time_blocks=blocks,
        half_day_ends=(
            half_day_ends if isinstance(half_day_ends, int) else setting_minutes("Half Day Ends")
        ),
        goal_areas=goals if isinstance(goals, tuple) else (),
        calibration_window_minutes=number("Calibration Window Minutes"),
        staff_focus=str(values.get("Staff Focus", "")),
        year_assumed_from="" if values.keys() & YEAR_KEYS else USUAL_YEAR,
        date_order=order,
        date_order_from=order_from,
    )


DATE_ORDER = "Date Order"


def _assumed_date_order(log_date_order: DateOrder | None) -> tuple[DateOrder, str]:
    if log_date_order is None:
        return DateOrder.MDY, "the default"
    return log_date_order, "the log's dates that can be read only one way"


def _date_order_setting(
    reader: TabReader, order: DateOrder, order_from: str
) -> tuple[DateOrder, str]:
    """Settings Date Order when the tab gives a valid one (a finding when it is not MDY or
    DMY), else the assumed `order`. Read before the other settings: their dates need it."""
    keys, raw = reader.text("key"), reader.raw("value")
    for row in reader.rows:
        key = keys[row]
        if pd.isna(key) or normalise_header(key) != normalise_header(DATE_ORDER):
            continue
        text = text_of(raw[row]).upper().replace("/", "").replace("-", "")
        if not text:
            continue
        if text in DateOrder.__members__:
            return DateOrder(text), ""
        reader.add(
            findings.SETTING_INVALID,
            row,
            "value",
            raw[row],
            setting=DATE_ORDER,
            expected="MDY or DMY",
            example="DMY",
        )
    return order, order_from


def _setting_value(kind: Kind, value: object, order: DateOrder) -> object | None:
    if kind is Kind.DATE:
        return parse_date(value, order).value
    if kind is Kind.INTEGER:
        return parse_integer(value).value
    if kind is Kind.TIME:
        return parse_time(value).value
    if kind is Kind.LIST:
        return tuple(part.strip() for part in text_of(value).split(",") if part.strip())
    return text_of(value)


def _as_date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _kind_words(kind: Kind) -> str:
    words = {Kind.DATE: "a date", Kind.INTEGER: "a whole number", Kind.TIME: "a time of day"}
    return words.get(kind, "text")


def _example(kind: Kind) -> str:
    return {Kind.DATE: "2026-08-17", Kind.INTEGER: "10", Kind.TIME: "12:30"}.get(kind, "text")


def parse_calendar(reader: TabReader | None) -> pd.DataFrame:
    """Calendar rows: row, date, type, ends (minutes after midnight), description, valid.

    An end time that cannot be read is a warning; that Half Day ends at Settings Half Day Ends.
    """
    if reader is None:
        return empty_frame(
            ["date", "type", "ends", "description"], date_columns=["date"], int_columns=["ends"]
        )
    dates, ok = reader.parsed(
        "date",
        reader.parse_date,
        unreadable=findings.SCHOOL_DATE_UNREADABLE,
        missing=findings.SCHOOL_DATE_MISSING,
    )
    types = reader.text("type")
    canonical = {normalise_header(t): t.value for t in DayType}
    normalised = types.map(lambda t: canonical.get(normalise_header(t)) if not pd.isna(t) else None)
    for row in normalised[normalised.isna()].index:
        reader.add(findings.DAY_TYPE_UNKNOWN, row, "type", types[row])
    ends, _ = reader.parsed("ends", parse_time, unreadable=findings.HALF_DAY_END_UNREADABLE)
    return _frame(
        reader,
        ok,
        date=dates_series(dates),
        type=normalised.astype("string"),
        ends=pd.array(ends.tolist(), dtype="Int64"),
        description=reader.text("description"),
    )


def parse_roster(reader: TabReader) -> pd.DataFrame:
    """Roster rows: row, teacher_id, name, email, room, grade, department, years, active,
    periods, start_date, valid."""
    ids, names, emails = reader.text("teacher_id"), reader.text("name"), reader.text("email")
    ok = pd.Series(True, index=reader.rows)
    for field, values, kind in (
        ("teacher_id", ids, findings.ID_MISSING),
        ("name", names, findings.NAME_MISSING),
    ):
        for row in values[values.isna()].index:
            reader.add(kind, row, field, None)
            ok[row] = False
    for field, values, kind in (
        ("teacher_id", ids, findings.ID_DUPLICATE),
        ("email", emails, findings.EMAIL_DUPLICATE),
        ("name", names, findings.NAME_DUPLICATE),
    ):
        folded = values.str.casefold()
        repeated = folded.duplicated() & folded.notna()
        for row in repeated[repeated].index:
            first = folded[folded == folded[row]].index[0]
            reader.add(kind, row, field, values[row], first=first)
            if kind.severity is E:
                ok[row] = False
    bad_email = emails.notna() & ~emails.fillna("").map(is_email).astype(bool)
    for row in bad_email[bad_email].index:
        reader.add(findings.EMAIL_INVALID, row, "email", emails[row])
    active_cells = reader.raw("active")
    active = active_cells.map(parse_yes_no)
    for row, parsed in active.items():
        if not parsed.ok and parsed.problem != "empty":
            reader.add(findings.ACTIVE_INVALID, row, "active", active_cells[row])
    years, _ = reader.parsed("years", parse_years, unreadable=findings.YEARS_INVALID)
    return _frame(
        reader,
        ok,
        teacher_id=ids,
        name=names,
        email=emails,
        room=reader.text("room"),
        grade=reader.text("grade"),
        department=reader.text("department"),
        years=pd.array(years.tolist(), dtype="Int64"),
        active=active.map(lambda p: p.value is not False).astype(bool),
        periods=reader.raw("periods").map(parse_list),
        start_date=reader.optional_date("start_date"),
    )


def parse_years(value: object) -> Parsed[int]:
    """Years of teaching experience: a whole number from 0 to 60."""
    parsed = parse_integer(value)
    if parsed.value is not None and not 0 <= parsed.value <= 60:
        return Parsed(problem="not a number of years from 0 to 60")
    return parsed


def parse_framework(reader: TabReader | None) -> pd.DataFrame:
    """Framework rows: row, code, area, indicator, priority, priority_since, valid."""
    if reader is None:
        return empty_frame(
            ["code", "area", "indicator", "priority", "priority_since"],
            date_columns=["priority_since"],
        )
    codes = reader.text("code").str.upper().str.replace(r"\s+", "", regex=True)
    ok = codes.notna()
    for row in codes[codes.isna()].index:
        reader.add(findings.CODE_MISSING, row, "code", None)
    repeated = codes.duplicated() & codes.notna()
    for row in repeated[repeated].index:
        reader.add(findings.CODE_DUPLICATE, row, "code", codes[row])
        ok[row] = False
    priority = reader.raw("priority").map(parse_yes_no)
    return _frame(
        reader,
        ok,
        code=codes,
        area=reader.text("area"),
        indicator=reader.text("indicator"),
        priority=priority.map(lambda p: p.value is True).astype(bool),
        priority_since=reader.optional_date("priority_since"),
    )


def parse_bell_schedule(reader: TabReader | None) -> pd.DataFrame:
    """Bell Schedule rows: row, period, start, end (minutes after midnight), valid."""
    if reader is None:
        return empty_frame(["period", "start", "end"], int_columns=["start", "end"])
    times = {"unreadable": findings.BELL_TIME_UNREADABLE, "missing": findings.BELL_TIME_MISSING}
    start, ok_start = reader.parsed("start", parse_time, **times)
    end, ok_end = reader.parsed("end", parse_time, **times)
    ok = ok_start & ok_end
    backwards = ok & (end.where(ok, 0) <= start.where(ok, 0))
    end_cells = reader.raw("end")
    for row in backwards[backwards].index:
        reader.add(findings.PERIOD_ENDS_BEFORE_START, row, "end", end_cells[row])
    return _frame(
        reader,
        ok & ~backwards,
        period=reader.text("period"),
        start=pd.array(start.tolist(), dtype="Int64"),
        end=pd.array(end.tolist(), dtype="Int64"),
    )


def parse_cycles(reader: TabReader | None, framework_codes: set[str]) -> pd.DataFrame:
    """Cycles rows: row, name, lookfor, start, end, valid."""
    if reader is None:
        return empty_frame(["name", "lookfor", "start", "end"], date_columns=["start", "end"])
    dates = {
        "unreadable": findings.SCHOOL_DATE_UNREADABLE,
        "missing": findings.SCHOOL_DATE_MISSING,
    }
    start, ok_start = reader.parsed("start", reader.parse_date, **dates)
    end, ok_end = reader.parsed("end", reader.parse_date, **dates)
    lookfor = reader.text("lookfor").str.upper().str.strip()
    ok = ok_start & ok_end & lookfor.notna()
    for row in lookfor[lookfor.isna()].index:
        reader.add(findings.LOOKFOR_MISSING, row, "lookfor", None)
    if framework_codes:
        unknown = lookfor.notna() & ~lookfor.isin(framework_codes)
        for row in unknown[unknown].index:
            reader.add(findings.CYCLE_LOOKFOR_UNKNOWN, row, "lookfor", lookfor[row])
            ok[row] = False
    return _frame(
        reader,
        ok,
        name=reader.text("name"),
        lookfor=lookfor,
        start=dates_series(start),
        end=dates_series(end),
    )


def _frame(reader: TabReader, ok: pd.Series, **columns: object) -> pd.DataFrame:
    """A parsed frame with `row` and `valid`; rows with an error finding are not valid."""
    errors = {f.row for f in reader.findings if f.severity is E}
    frame = pd.DataFrame({"row": reader.rows.to_numpy(), **columns}, index=reader.rows)
    frame["valid"] = ok.reindex(reader.rows, fill_value=True).astype(bool) & ~frame["row"].isin(
        errors
    )
    return frame.reset_index(drop=True)


def empty_frame(
    columns: Sequence[str], date_columns: Sequence[str] = (), int_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """A frame with the given columns and no rows (for an absent optional tab)."""
    frame = pd.DataFrame({"row": pd.Series(dtype="int64")})
    for column in columns:
        dtype = (
            "datetime64[ns]"
            if column in date_columns
            else ("Int64" if column in int_columns else object)
        )
        frame[column] = pd.Series(dtype=dtype)
    frame["valid"] = pd.Series(dtype=bool)
    return frame


def collect(readers: list[TabReader | None]) -> list[Finding]:
    return [f for r in readers if r is not None for f in r.findings]
