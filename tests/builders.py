"""Small generated workbooks for tests: a few lines build a parsed `Book`.

    book = make_book(
        roster=[teacher("T1", "Ana Ortiz", room="101"), teacher("T2", "Bo Li")],
        walkthroughs=[visit("2026-11-16", "10:15", "Obs A", "T1")],
        as_of="2026-11-20",
    )

Dates may be ISO text or `date`s; every name is invented. Defaults: a school year from
2026-08-17 to 2027-06-11, no Calendar (every weekday is a school day), default settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from sheets_templates.book import Book
from sheets_templates.parse import parse_book
from sheets_templates.schema import (
    BELL_SCHEDULE,
    CALENDAR,
    COACHING,
    CYCLES,
    FRAMEWORK,
    RESULTS,
    ROSTER,
    SHARED_RATINGS,
    WALKTHROUGHS,
    Tab,
    locate_tabs,
)

YEAR_START, YEAR_END = "2026-08-17", "2027-06-11"


def _rows(spec: Tab, records: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    return [spec.headers, *([record.get(f.field) for f in spec.columns] for record in records)]


def teacher(teacher_id: str, name: str, **fields: Any) -> dict[str, Any]:
    """A Roster row; other fields by their schema field names (room, grade, periods, ...)."""
    return {"teacher_id": teacher_id, "name": name, "active": "Y", **fields}


def visit(date: str | dt.date, time: str | None, observer: str, teacher: str, **fields: Any):
    """A Walkthroughs row; `teacher` as typed (ID, email or name)."""
    return {"date": date, "time": time, "observer": observer, "teacher": teacher, **fields}


def coaching(date: str | dt.date, coach: str, teacher: str, **fields: Any) -> dict[str, Any]:
    return {"date": date, "coach": coach, "teacher": teacher, **fields}


def rating(session: str, date: str | dt.date, observer: str, lookfors: str) -> dict[str, Any]:
    """A Shared Ratings row: one observer's `CODE:LEVEL` for one session."""
    return {"session": session, "date": date, "observer": observer, "lookfors": lookfors}


def result(teacher: str, assessment: str, date: str, value: object, **fields: Any):
    """A Results row: `teacher` as typed, the assessment, its date and the result."""
    return {"teacher": teacher, "assessment": assessment, "date": date, "result": value, **fields}


def look_for(code: str, area: str, **fields: Any) -> dict[str, Any]:
    return {"code": code, "area": area, **fields}


def make_raw(
    *,
    roster: Sequence[Mapping[str, Any]],
    walkthroughs: Sequence[Mapping[str, Any]] = (),
    coaching_rows: Sequence[Mapping[str, Any]] = (),
    framework: Sequence[Mapping[str, Any]] = (),
    calendar: Sequence[tuple[str, ...]] = (),
    bell_schedule: Sequence[tuple[str, str, str]] = (),
    cycles: Sequence[Mapping[str, Any]] = (),
    shared_ratings: Sequence[Mapping[str, Any]] = (),
    results: Sequence[Mapping[str, Any]] = (),
    settings: Mapping[str, Any] | None = None,
) -> dict[str, list[list[Any]]]:
    """Raw tabs (sheet name -> rows) as a backend would hand them over."""
    tabs = {
        "Roster": _rows(ROSTER, roster),
        "Walkthroughs": _rows(WALKTHROUGHS, walkthroughs),
    }
    if coaching_rows:
        tabs["Coaching"] = _rows(COACHING, coaching_rows)
    if framework:
        tabs["Framework"] = _rows(FRAMEWORK, framework)
    if calendar:
        # (date, type) or (date, type, ends): a Half Day may give when its classes end
        fields = ("date", "type", "ends")
        tabs["Calendar"] = _rows(
            CALENDAR, [dict(zip(fields, day, strict=False)) for day in calendar]
        )
    if bell_schedule:
        tabs["Bell Schedule"] = _rows(
            BELL_SCHEDULE, [{"period": p, "start": s, "end": e} for p, s, e in bell_schedule]
        )
    if cycles:
        tabs["Cycles"] = _rows(CYCLES, cycles)
    if shared_ratings:
        tabs["Shared Ratings"] = _rows(SHARED_RATINGS, shared_ratings)
    if results:
        tabs["Results"] = _rows(RESULTS, results)
    values = {"School Year Start": YEAR_START, "School Year End": YEAR_END, **(settings or {})}
    tabs["Settings"] = [["Setting", "Value"], *([k, v] for k, v in values.items())]
    return tabs


def make_book(*, as_of: str | dt.date, today: str | dt.date | None = None, **tabs: Any) -> Book:
    """A parsed `Book` from the same arguments as `make_raw`, refreshed on `today` (as-of
    unless given)."""
    raw = make_raw(**tabs)
    return parse_book(raw, locate_tabs(list(raw)), _day(as_of), today=_day(today or as_of))


def _day(value: str | dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def write_book(path: Path, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """Raw tabs (as `make_raw` gives them) saved as an .xlsx file, the way a person would."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tabs.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path
