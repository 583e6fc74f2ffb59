"""`Book`: a workbook's input tabs parsed into typed pandas frames, plus the findings.

This is the one thing every report receives. Frames keep a `row` column (the sheet row number
as the person sees it) so any figure can be traced back to the cells behind it. Dates are
`datetime64[ns]` at midnight; times are minutes after midnight (`Int64`); text is `string`.

Frame columns (optional tabs give an empty frame with the same columns):

- roster: row, teacher_id, name, email, room, grade, department, years, active (bool),
  periods (tuple of period labels, empty when not given), start_date, valid (bool)
- walkthroughs: row, date, minute (time of day), block (time-block name or NA), observer,
  teacher_id (matched Roster ID, NA when unmatched), teacher_text (as typed), room, period,
  subject, lookfors (tuple of (code, level or None)), evidence, evidence_shared_date,
  evidence_shared_yes (bool: "Y" typed), conversation_date, conversation_role (Role value or
  NA), notes, valid (bool: no error-level finding, docs/design.md "valid visit"),
  school_year (the calendar year in which the row's school year starts, e.g. 2025 for
  2025-26), history (bool: a row of an earlier school year with no error of its own)
- coaching: row, date, coach, teacher_id, teacher_text, focus_area, strengths, needs, notes,
  next_steps, valid, school_year, history
- framework: row, code, area, indicator, priority (bool), priority_since, valid
- calendar: row, date, type, ends (when a Half Day's classes end, minutes; NA when not
  given), description, valid
- bell_schedule: row, period, start, end (minutes), valid
- cycles: row, name, lookfor, start, end, valid
- shared_ratings: row, session, date, observer (spelled as in the Walkthroughs log), lookfors
  (tuple of (code, level or None)), valid (bool: this school year, up to as-of, no error)

`Book.previous_year` is the same workbook as it stood at the same point last year: a `Book`
of last school year's history rows, so every figure of this year is worked out for last year
by the very same function (docs/design.md, Same point last year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from sheets_templates.calendar import (
    SchoolCalendar,
    TimeBlock,
    Window,
    a_year_earlier,
    parse_time_blocks,
    rotation_window,
    same_point,
)
from sheets_templates.findings import Finding
from sheets_templates.schema import (
    DEFAULT_TIME_BLOCKS,
    DateOrder,
    setting_default,
    setting_minutes,
)

# docs/design.md, Observer pace: recent pace is over the last 20 school days.
PACE_SCHOOL_DAYS = 20


@dataclass(frozen=True)
class Settings:
    """The Settings tab, with the defaults of `SETTINGS_KEYS` for anything not given."""

    school_year_start: dt.date
    school_year_end: dt.date
    rotation_school_days: int = setting_default("Rotation School Days")
    daily_target: int = setting_default("Daily Target")
    yearly_target: int = setting_default("Yearly Target")
    min_group_size: int = setting_default("Min Group Size")
    time_blocks: tuple[TimeBlock, ...] = field(
        default_factory=lambda: parse_time_blocks(DEFAULT_TIME_BLOCKS)
    )
    half_day_ends: int = setting_minutes("Half Day Ends")  # minutes after midnight
    goal_areas: tuple[str, ...] = ()
    calibration_window_minutes: int = setting_default("Calibration Window Minutes")
    staff_focus: str = ""  # free text, as typed: scrub it before it is shared
    # Where the school year came from when Settings do not give it: "" when they do.
    year_assumed_from: str = ""
    date_order: DateOrder = DateOrder.MDY
    # Where the Date Order came from when Settings do not give it: "" when they do.
    date_order_from: str = "the default"

    @property
    def assumed_year_note(self) -> str:
        """One sentence saying the school year was assumed, or "" when Settings give it."""
        if not self.year_assumed_from:
            return ""
        return (
            "No School Year Start or End on the Settings tab: this refresh takes the school "
            f"year to run from {self.school_year_start:%b %-d, %Y} to "
            f"{self.school_year_end:%b %-d, %Y}, from {self.year_assumed_from}. Write both "
            "on the Settings tab to be sure."
        )

    @staticmethod
    def default_year(as_of: dt.date) -> tuple[dt.date, dt.date]:
        """Aug 1 to Jun 30 of the school year that `as_of` falls in."""
        first_year = as_of.year if as_of.month >= 7 else as_of.year - 1
        return dt.date(first_year, 8, 1), dt.date(first_year + 1, 6, 30)


def school_calendar(
    start: dt.date, end: dt.date, calendar_days: pd.DataFrame, half_day_ends: int
) -> SchoolCalendar:
    """The school days from `start` to `end`, with the valid Calendar rows' days without
    classes and half days (docs/design.md, School day). This year's and last year's calendars
    are both drawn from the one Calendar tab this way."""
    days = calendar_days[calendar_days["valid"] & calendar_days["type"].notna()]
    return SchoolCalendar.from_days(
        start,
        end,
        (
            (day.date(), kind, None if pd.isna(ends) else int(ends))
            for day, kind, ends in zip(days["date"], days["type"], days["ends"], strict=True)
        ),
        half_day_ends,
    )


@dataclass(frozen=True)
class TabSource:
    """Where a parsed tab came from: its own name and the headers as the person wrote them."""

    name: str
    headers: dict[str, str]  # field -> header text in the sheet
    rows_read: int  # non-empty data rows


def _no_results() -> pd.DataFrame:
    """Book.results of a workbook without a Results tab."""
    columns = ["row", "teacher_id", "assessment", "date", "result", "percent", "group", "valid"]
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


@dataclass
class Book:
    """Parsed input tabs, the school calendar, the settings and every finding."""

    as_of: dt.date
    settings: Settings
    calendar: SchoolCalendar
    roster: pd.DataFrame
    walkthroughs: pd.DataFrame
    coaching: pd.DataFrame
    framework: pd.DataFrame
    calendar_days: pd.DataFrame
    bell_schedule: pd.DataFrame
    cycles: pd.DataFrame
    shared_ratings: pd.DataFrame = field(default_factory=lambda: no_shared_ratings())
    # The optional Results tab (sheets_templates.parse.results): row, valid, teacher_id,
    # assessment, date, result, percent, group. Empty without the tab.
    results: pd.DataFrame = field(default_factory=_no_results)
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, TabSource] = field(default_factory=dict)  # tab key -> source
    # What reports work out once and share (`reports.figures.shared.once_per_book`).
    shared: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def active_roster(self) -> pd.DataFrame:
        """Valid Roster rows whose Active is not N (docs/design.md "active teacher")."""
        return self.roster[self.roster["valid"] & self.roster["active"]]

    @cached_property
    def rotation_window(self) -> Window:
        """docs/design.md, Rotation window: the last Rotation School Days up to as-of."""
        return rotation_window(self.calendar, self.as_of, self.settings.rotation_school_days)

    @cached_property
    def pace_window(self) -> Window:
        """docs/design.md, Observer pace: the last 20 school days up to as-of."""
        return self.calendar.last_school_days(self.as_of, PACE_SCHOOL_DAYS)

    @cached_property
    def code_areas(self) -> dict[str, str]:
        """Framework code -> its area, over the valid Framework rows that give one.

        The one lookup of a look-for's or a coaching focus's area. The parser writes every
        code upper-cased without spaces, on the Framework tab and in the logs alike, so a code
        as read from a log is the key. Read it; never change it.
        """
        framework = self.framework[self.framework["valid"]].dropna(subset=["area"])
        return {
            str(code): str(area)
            for code, area in zip(framework["code"], framework["area"], strict=True)
        }

    @cached_property
    def valid_walkthroughs(self) -> pd.DataFrame:
        """Walkthrough rows with no error-level finding, up to and including as_of.

        Picked once for every report that asks (read it; never add to it).
        """
        return self.walkthroughs[self.walkthroughs["valid"]]

    @cached_property
    def previous_year(self) -> Book | None:
        """docs/design.md, Same point last year: this workbook as it stood on the school day
        of last school year as far into it as as-of is into this one; None when the log
        has no valid row of last year up to that day.

        Its valid visits are last year's history rows up to that day, read as they stood
        then (evidence and conversations dated later had not happened yet); its calendar
        runs from the month and day of School Year Start and End a year earlier, closed
        on the Calendar rows of that year. Its active teachers are the Roster teachers with
        a valid visit at any time last year: the Roster says only who teaches now. It holds
        no Shared Ratings: no figure of last year reads them.
        """
        start = a_year_earlier(self.settings.school_year_start)
        end = a_year_earlier(self.settings.school_year_end)
        calendar = school_calendar(start, end, self.calendar_days, self.settings.half_day_ends)
        day = same_point(self.calendar, self.as_of, calendar)
        visits = _last_year(self.walkthroughs, start.year)
        if day is None or not (visits["date"] <= pd.Timestamp(day)).any():
            return None
        staff = self.roster["valid"] & self.roster["teacher_id"].isin(visits["teacher_id"])
        return replace(
            self,
            as_of=day,
            settings=replace(self.settings, school_year_start=start, school_year_end=end),
            calendar=calendar,
            roster=self.roster[staff].assign(active=True),
            walkthroughs=_as_known_on(visits, day),
            coaching=_as_known_on(_last_year(self.coaching, start.year), day),
            shared_ratings=no_shared_ratings(),
            findings=[],
            sources={},
        )


def no_shared_ratings() -> pd.DataFrame:
    """The shared_ratings frame of a workbook without a Shared Ratings tab: no rows."""
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "session": pd.Series(dtype="string"),
            "date": pd.Series(dtype="datetime64[ns]"),
            "observer": pd.Series(dtype="string"),
            "lookfors": pd.Series(dtype=object),
            "valid": pd.Series(dtype=bool),
        }
    )


def _last_year(log: pd.DataFrame, first_year: int) -> pd.DataFrame:
    """The valid rows of a log's school year `first_year` (its `history` rows), as valid."""
    rows = log[log["history"] & log["school_year"].eq(first_year)]
    return rows.assign(valid=True, history=False)


def _as_known_on(log: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """A log's rows up to `day`, as they stood that day: what is dated later is left out,
    and a walkthrough's evidence or conversation dated later is not written yet."""
    on = pd.Timestamp(day)
    rows = log[log["date"] <= on]
    if "conversation_date" not in rows:
        return rows
    later = rows["conversation_date"] > on
    return rows.assign(
        evidence_shared_date=rows["evidence_shared_date"].where(
            ~(rows["evidence_shared_date"] > on)
        ),
        conversation_date=rows["conversation_date"].where(~later),
        conversation_role=rows["conversation_role"].where(~later),
    )
