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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from sheets_templates.calendar import (
    SchoolCalendar,
    TimeBlock,
    Window,
    parse_time_blocks,
    rotation_window,
)
from sheets_templates.findings import Finding
from sheets_templates.schema import DEFAULT_TIME_BLOCKS, setting_default, setting_minutes

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
    # Where the school year came from when Settings do not give it: "" when they do.
    year_assumed_from: str = ""

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


@dataclass(frozen=True)
class TabSource:
    """Where a parsed tab came from: its own name and the headers as the person wrote them."""

    name: str
    headers: dict[str, str]  # field -> header text in the sheet
    rows_read: int  # non-empty data rows


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
