"""Findings: problems in what people typed, collected rather than raised, and the catalogue
of every kind of finding.

A finding has a stable `code`, the tab as the person named it, the sheet row number as the
person sees it, and the column header as written in their sheet. It carries the offending
cell's value (needed to fix it, and shown only in the private workbook and terminal), never
the rest of the row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from sheets_templates.schema import (
    BELL_SCHEDULE,
    CALENDAR,
    COACHING,
    CYCLES,
    FRAMEWORK,
    INPUT_TABS,
    RESULTS,
    ROSTER,
    SETTINGS,
    SHARED_RATINGS,
    WALKTHROUGHS,
    Tab,
)


class Severity(StrEnum):
    ERROR = "error"  # the row is left out of the metrics it would corrupt
    WARNING = "warning"  # the row still counts; worth a look
    INFO = "info"  # nothing wrong, just noted (e.g. a loose name match)


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

MAX_VALUE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one cell (or one row, when `column` is empty)."""

    code: str
    severity: Severity
    tab: str
    row: int | None
    column: str
    value: str
    problem: str
    fix: str
    column_index: int | None = None  # 1-based sheet column, for a link to the cell

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @property
    def sort_key(self) -> tuple[int, str, int, int]:
        return (SEVERITY_ORDER[self.severity], self.tab, self.row or 0, self.column_index or 0)


def shown_value(value: object) -> str:
    """The cell value as a finding shows it: text, trimmed to a readable length."""
    if value is None:
        return ""
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        return text[: MAX_VALUE_CHARS - 1] + "…"
    return text


# The catalogue ------------------------------------------------------------------------------
#
# Every kind of finding, declared once: the parsers record findings by these names, the
# README's table is generated from them (`findings_markdown`), and a test plants each one.


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: what a parser records and what the README says of it.

    `problem` and `fix` are `str.format` templates; the parser that records the finding
    gives their fields. Kinds that share a code differ in where they are found, their
    severity or their wording.
    """

    code: str
    severity: Severity
    tabs: tuple[Tab, ...]
    meaning: str  # the README's "what it means"
    problem: str
    fix: str
    columns: tuple[str, ...] = ()  # only these columns of the tabs, when not any column
    short: str = ""  # a few words for a count of them: "unknown teacher (3)"

    @property
    def counted_as(self) -> str:
        return self.short or self.code


CATALOGUE: list[FindingKind] = []
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
LOGS = (WALKTHROUGHS, COACHING)
DATE_FIX = "Write the date as 2026-11-03 (or 11/3/2026)."
BELL_TIME_FIX = "Write the time as 08:15."


def declare(
    code: str,
    severity: Severity,
    tabs: tuple[Tab, ...],
    meaning: str,
    *,
    problem: str,
    fix: str,
    columns: tuple[str, ...] = (),
    short: str = "",
) -> FindingKind:
    """A new kind of finding, added to the catalogue."""
    kind = FindingKind(code, severity, tabs, meaning, problem, fix, columns, short)
    CATALOGUE.append(kind)
    return kind


def variant(of: FindingKind, **changes: Any) -> FindingKind:
    """Another kind like `of` but for `changes`: usually the same code found elsewhere, at
    another severity or in other words."""
    kind = replace(of, **changes)
    CATALOGUE.append(kind)
    return kind


# Any cell of any input tab.
CELL_ERROR = declare(
    "cell-error",
    W,
    INPUT_TABS,
    "a cell shows a spreadsheet error (`#N/A`, `#REF!`, `#DIV/0!`...) where a value belongs; "
    "it counts as empty, never as a value",
    problem="the cell shows the error {error}, not a value; it counts as empty",
    fix="Fix the formula in this cell, or type the value itself.",
    short="error in a cell",
)

# Dates and times of the visit and coaching logs, and of the tabs that describe the year.
DATE_MISSING = declare(
    "date-missing",
    E,
    LOGS,
    "no date in the row (in a log: no Date and no Timestamp)",
    problem="no date; this row is left out",
    fix=DATE_FIX,
)
SCHOOL_DATE_MISSING = variant(DATE_MISSING, tabs=(CALENDAR, CYCLES), problem="empty")
DATE_UNREADABLE = declare(
    "date-unreadable",
    E,
    LOGS,
    "not a date the tool can read, or an impossible one (`2026-13-01`, year 0998)",
    problem="{problem}; this row is left out",
    fix=DATE_FIX,
    short="unreadable date",
)
SCHOOL_DATE_UNREADABLE = variant(DATE_UNREADABLE, tabs=(CALENDAR, CYCLES), problem="{problem}")
OPTIONAL_DATE_UNREADABLE = variant(
    DATE_UNREADABLE,
    severity=W,
    tabs=(WALKTHROUGHS, ROSTER, FRAMEWORK),
    columns=("Conversation Date", "Start Date", "Priority Since"),
    meaning="a date that may be left blank cannot be read; it counts as blank",
    problem="{problem}",
)
DATE_IN_FUTURE = declare(
    "date-in-future",
    E,
    LOGS,
    "after the as-of date and after today: a typo, most likely",
    problem="after the as-of date {as_of:%Y-%m-%d}; this row is left out",
    fix="Check the year and month of the date.",
)
DATE_AFTER_TODAY = variant(
    DATE_IN_FUTURE, problem="after today ({today:%Y-%m-%d}); this row is left out"
)
DATE_AFTER_YEAR = declare(
    "date-after-year",
    E,
    LOGS,
    "after School Year End",
    problem="after the school year ends ({end:%Y-%m-%d}); this row is left out",
    fix="Check the year of the date, or School Year End on the Settings tab.",
)
EARLIER_YEAR = declare(
    "earlier-year",
    INFO,
    LOGS,
    "rows of an earlier school year: history, left out of this year's figures; one line per "
    "year, which counts the faults in them too",
    problem="{rows} from {year} kept as history, left out of this year's figures{faults}",
    fix="Nothing to do. To tidy the log, move earlier years' rows to another tab.",
)
AFTER_AS_OF = declare(
    "after-as-of",
    INFO,
    LOGS,
    "rows after the as-of date given with `--as-of` (and not after today): left out, one line",
    problem="{rows} after {as_of:%Y-%m-%d} left out{faults}",
    fix="Nothing to do: they count in the figures of a later day.",
)
DATE_ORDER_ASSUMED = declare(
    "date-order-assumed",
    W,
    LOGS,
    "dates typed like `10.09.2026` read differently day first and month first; without a "
    "Date Order on the Settings tab, one line says how they were read",
    problem="{count} like this one can be read day first or month first: read {reading} "
    "({read_as}), as Date Order {order} from {source}",
    fix="Write Date Order (DMY for day first, MDY for month first) on the Settings tab, or "
    "write dates as 2026-09-10.",
    short="day or month first",
)
NOT_A_SCHOOL_DAY = declare(
    "not-a-school-day",
    W,
    LOGS,
    "a weekend, or a Holiday, No School or PD Day on the Calendar",
    problem="{day:%a %b %-d} is {what}, not a school day; the visit still counts",
    fix="Check the date; if the school was open, fix the Calendar tab.",
)
TIME_UNREADABLE = declare(
    "time-unreadable",
    W,
    LOGS,
    "the time cannot be read; the visit counts without a time of day",
    problem="{problem}; the visit counts but its time of day is unknown",
    fix="Write the time as 10:15 or 1:05 PM.",
    short="unreadable time",
)
BELL_TIME_UNREADABLE = variant(
    TIME_UNREADABLE,
    severity=E,
    tabs=(BELL_SCHEDULE,),
    meaning="a period's Start or End cannot be read; the period is left out",
    problem="{problem}",
    fix=BELL_TIME_FIX,
)
HALF_DAY_END_UNREADABLE = variant(
    TIME_UNREADABLE,
    tabs=(CALENDAR,),
    meaning="a Half Day's end time cannot be read; Settings Half Day Ends is used",
    problem="{problem}; this day ends at Settings Half Day Ends",
    fix="Write the time classes end as 12:30.",
)
TIME_MISSING = declare(
    "time-missing",
    W,
    (WALKTHROUGHS,),
    "no time and no Bell Schedule period, so the time of day is unknown",
    problem="no time and no period on the Bell Schedule; the visit counts, but not towards "
    "different times of day",
    fix="Write the time of the visit, e.g. 10:15.",
    short="no time",
)
BELL_TIME_MISSING = variant(
    TIME_MISSING,
    severity=E,
    tabs=(BELL_SCHEDULE,),
    meaning="a period without a Start or End; the period is left out",
    problem="empty",
    fix=BELL_TIME_FIX,
)

# Who: observers, coaches and teachers.
OBSERVER_MISSING = declare(
    "observer-missing",
    E,
    (WALKTHROUGHS,),
    "no observer",
    problem="no observer; this row is left out",
    fix="Write who made the visit.",
    short="no observer",
)
COACH_MISSING = declare(
    "coach-missing",
    E,
    (COACHING,),
    "coaching row with no coach",
    problem="no coach; this row is left out",
    fix="Write who led the coaching conversation.",
    short="no coach",
)
TEACHER_MISSING = declare(
    "teacher-missing",
    E,
    LOGS,
    "no teacher",
    problem="no teacher; this row is left out",
    fix="Write the teacher's name as on the Roster.",
    short="no teacher",
)
TEACHER_UNKNOWN = declare(
    "teacher-unknown",
    E,
    LOGS,
    "not on the Roster; the fix names the close Roster names",
    problem="not on the Roster; this row is left out",
    fix="Fix the spelling or add the teacher to the Roster.{close_names}",
    short="unknown teacher",
)
TEACHER_LOOSE_MATCH = declare(
    "teacher-loose-match",
    INFO,
    LOGS,
    'matched despite case, spacing, accents or "Last, First" order; it counts',
    problem="read as {name} (differs only in case, spacing or accents); it counts",
    fix="Nothing to do; to be exact, write the name as on the Roster.",
)
TEACHER_INACTIVE = declare(
    "teacher-inactive",
    W,
    LOGS,
    "a visit in the rotation window to a teacher whose Active is N",
    problem="Active is N on the Roster; the visit is kept out of coverage",
    fix="Check the teacher, or set Active to Y on the Roster.",
    short="inactive teacher",
)
ROOM_MISMATCH = declare(
    "room-mismatch",
    W,
    (WALKTHROUGHS,),
    "the room differs from the teacher's Roster room",
    problem="the Roster has room {room} for this teacher",
    fix="Check the room here or on the Roster.",
    short="room not as on the Roster",
)

# What was seen: look-fors, evidence and the conversation.
LOOKFOR_UNKNOWN = declare(
    "lookfor-unknown",
    W,
    (WALKTHROUGHS,),
    "a look-for code not on the Framework tab; left out of the trends",
    problem="{codes} not on the Framework tab; left out of the trends",
    fix="Use codes from the Framework tab, or add the look-for there.",
    short="unknown look-for",
)
CYCLE_LOOKFOR_UNKNOWN = variant(
    LOOKFOR_UNKNOWN,
    severity=E,
    tabs=(CYCLES,),
    meaning="a cycle's look-for not on the Framework tab; the cycle is left out",
    problem="not a code on the Framework tab",
    fix="Use a code from the Framework tab.",
)
LOOKFOR_MISSING = declare(
    "lookfor-missing",
    E,
    (CYCLES,),
    "a cycle, or a Shared Ratings row, without a look-for",
    problem="no look-for; this cycle is left out",
    fix="Write the framework code the cycle works on.",
)
LOOKFOR_LEVEL = declare(
    "lookfor-level",
    W,
    (WALKTHROUGHS,),
    "`CODE:LEVEL` with a level outside 1-4",
    problem="{problem}",
    fix="Write a level from 1 to 4 after the colon, e.g. IN2:3.",
    short="look-for level outside 1-4",
)
FOCUS_UNKNOWN = declare(
    "focus-unknown",
    W,
    (COACHING,),
    "coaching Focus Area not a Framework code",
    problem="not a code on the Framework tab",
    fix="Use a code from the Framework tab.",
    short="unknown focus area",
)
ROLE_UNKNOWN = declare(
    "role-unknown",
    W,
    (WALKTHROUGHS,),
    "conversation role not Directive/Reflective/Reflexive (or Boss/Coach/Leader)",
    problem="{problem}",
    fix="Pick Directive, Reflective or Reflexive (or Boss, Coach, Leader).",
    short="unknown conversation role",
)
EVIDENCE_SHARED_UNREADABLE = declare(
    "evidence-shared-unreadable",
    W,
    (WALKTHROUGHS,),
    "Evidence Shared is neither a date nor Y/N",
    problem="not a date or Y/N",
    fix="Write the date the evidence was shared, or Y.",
    short="unreadable Evidence Shared",
)
EVIDENCE_BEFORE_VISIT = declare(
    "evidence-before-visit",
    W,
    (WALKTHROUGHS,),
    "evidence dated before the visit",
    problem="the evidence is dated before the visit",
    fix="Check both dates.",
    short="evidence dated before the visit",
)
CONVERSATION_BEFORE_VISIT = declare(
    "conversation-before-visit",
    W,
    (WALKTHROUGHS,),
    "conversation dated before the visit",
    problem="the conversation is dated before the visit",
    fix="Check both dates.",
    short="conversation dated before the visit",
)
DUPLICATE_ROW = declare(
    "duplicate-row",
    W,
    (WALKTHROUGHS,),
    "same date, time, observer and teacher as an earlier row (flagged on the later copy)",
    problem="the same visit as row {first} (date, time, observer, teacher); it is counted twice",
    fix="Delete one of the two rows if it was entered twice.",
    short="duplicate row",
)

# The Roster.
ID_MISSING = declare(
    "id-missing",
    E,
    (ROSTER,),
    "Roster row without Teacher ID",
    problem="no Teacher ID; this teacher is left out",
    fix="Write the teacher's Teacher ID.",
)
NAME_MISSING = declare(
    "name-missing",
    E,
    (ROSTER,),
    "Roster row without Name",
    problem="no name; this teacher is left out",
    fix="Write the teacher's name.",
)
ID_DUPLICATE = declare(
    "id-duplicate",
    E,
    (ROSTER,),
    "Teacher ID used twice (the later row is left out)",
    problem="also on row {first}; this row is left out",
    fix="Give each teacher one row; set Active to N on a row that is no longer used.",
)
EMAIL_DUPLICATE = declare(
    "email-duplicate",
    W,
    (ROSTER,),
    "the same email on two Roster rows",
    problem="also on row {first}",
    fix="Check that these are two different teachers.",
)
NAME_DUPLICATE = variant(
    EMAIL_DUPLICATE, code="name-duplicate", meaning="the same name on two Roster rows"
)
EMAIL_INVALID = declare(
    "email-invalid",
    W,
    (ROSTER,),
    "not an email address",
    problem="not an email address",
    fix="Write it as name@school.org.",
)
ACTIVE_INVALID = declare(
    "active-invalid",
    W,
    (ROSTER,),
    "Active not Y/N (counted as active)",
    problem="not Y or N; the teacher is counted as active",
    fix="Write Y or N.",
)
YEARS_INVALID = declare(
    "years-invalid",
    W,
    (ROSTER,),
    "years of experience not a whole number from 0 to 60",
    problem="{problem}",
    fix="Write the years of experience as a whole number.",
)

# The Framework, Calendar and Bell Schedule.
CODE_MISSING = declare(
    "code-missing",
    E,
    (FRAMEWORK,),
    "Framework row without a code",
    problem="no code; this look-for is left out",
    fix="Write a short code, e.g. IN2.",
)
CODE_DUPLICATE = declare(
    "code-duplicate",
    E,
    (FRAMEWORK,),
    "Framework row with a code already used",
    problem="this code is already used above; this row is left out",
    fix="Give each look-for its own code.",
)
DAY_TYPE_UNKNOWN = declare(
    "day-type-unknown",
    W,
    (CALENDAR,),
    "Calendar Type not Holiday, No School, PD Day or Half Day",
    problem="not Holiday, No School, PD Day or Half Day; treated as a school day",
    fix="Pick Holiday, No School, PD Day or Half Day.",
)
PERIOD_ENDS_BEFORE_START = declare(
    "period-ends-before-start",
    E,
    (BELL_SCHEDULE,),
    "Bell Schedule period ends before it starts",
    problem="the period ends before it starts",
    fix="Check the Start and End times.",
)

# Settings.
SETTING_UNKNOWN = declare(
    "setting-unknown",
    W,
    (SETTINGS,),
    "a Settings key the tool does not know",
    problem="not a setting this tool knows",
    fix="Check the spelling against the template's Settings tab, or delete the row.",
)
SETTING_INVALID = declare(
    "setting-invalid",
    E,
    (SETTINGS,),
    "a Settings value of the wrong type or out of range; the default is used",
    problem="{setting} must be {expected}; the default is used",
    fix="Write {expected}, e.g. {example}.",
)
SETTING_OUT_OF_RANGE = variant(
    SETTING_INVALID,
    problem="{setting} must be from 1 to {largest:,}; the default {default} is used",
    fix="Write a whole number above zero.",
)
SCHOOL_YEAR_BACKWARDS = variant(
    SETTING_INVALID,
    problem="the school year ends before it starts; default dates are used",
    fix="Fix School Year Start or School Year End.",
)
TIME_BLOCKS_UNREADABLE = variant(
    SETTING_INVALID,
    problem="{problem}; the default blocks are used",
    fix="Write blocks as 'Early 07:00-09:30; Midday 11:30-13:30'.",
)
TIME_BLOCKS_OVERLAP = declare(
    "time-blocks-overlap",
    W,
    (SETTINGS,),
    "Time Blocks overlap",
    problem="{problem}",
    fix="Make each block start where the one before it ends.",
)
TIME_BLOCKS_GAP = variant(
    TIME_BLOCKS_OVERLAP,
    code="time-blocks-gap",
    meaning="Time Blocks leave part of the day uncovered",
)

# Results: assessment results set beside the walkthroughs (the Outcomes tab).
RESULT_TEACHER_MISSING = variant(TEACHER_MISSING, tabs=(RESULTS,))
RESULT_TEACHER_UNKNOWN = variant(TEACHER_UNKNOWN, tabs=(RESULTS,))
RESULT_TEACHER_LOOSE_MATCH = variant(TEACHER_LOOSE_MATCH, tabs=(RESULTS,))
RESULT_ASSESSMENT_MISSING = declare(
    "assessment-missing",
    E,
    (RESULTS,),
    "no assessment named",
    problem="no assessment; this row is left out",
    fix='Write the assessment\'s name, e.g. "Fall interim".',
    short="no assessment",
)
RESULT_DATE_MISSING = variant(DATE_MISSING, tabs=(RESULTS,))
RESULT_DATE_UNREADABLE = variant(DATE_UNREADABLE, tabs=(RESULTS,))
RESULT_MISSING = declare(
    "result-missing",
    E,
    (RESULTS,),
    "no result",
    problem="no result; this row is left out",
    fix="Write the percent proficient (72%) or the mean scale score (215).",
    short="no result",
)
RESULT_UNREADABLE = variant(
    RESULT_MISSING,
    code="result-unreadable",
    meaning="not a number or a percent",
    problem="not a number or a percent; this row is left out",
    short="unreadable result",
)
RESULT_OUT_OF_RANGE = declare(
    "result-out-of-range",
    E,
    (RESULTS,),
    "a percent below 0% or above 100%",
    problem="{percent} is not a percent from 0% to 100%; this row is left out",
    fix="Check the result: a percent proficient is from 0% to 100%.",
    short="percent out of range",
)


# Shared Ratings: the team's calibration sessions, read like the log's look-fors.
SESSION_MISSING = declare(
    "session-missing",
    E,
    (SHARED_RATINGS,),
    "a Shared Ratings row with no Session, so it cannot be compared with the others",
    problem="no session; this row is left out",
    fix="Write the session's name, the same on each rater's row.",
)
RATING_DATE_MISSING = variant(DATE_MISSING, tabs=(SHARED_RATINGS,))
RATING_DATE_UNREADABLE = variant(DATE_UNREADABLE, tabs=(SHARED_RATINGS,))
RATING_DATE_IN_FUTURE = variant(DATE_IN_FUTURE, tabs=(SHARED_RATINGS,))
RATING_EARLIER_YEAR = variant(EARLIER_YEAR, tabs=(SHARED_RATINGS,))
RATING_AFTER_AS_OF = variant(AFTER_AS_OF, tabs=(SHARED_RATINGS,))
RATER_MISSING = variant(
    OBSERVER_MISSING,
    tabs=(SHARED_RATINGS,),
    meaning="a Shared Ratings row with no observer",
    fix="Write who rated, spelled as in the Walkthroughs log.",
)
RATING_MISSING = variant(
    LOOKFOR_MISSING,
    tabs=(SHARED_RATINGS,),
    meaning="a Shared Ratings row without a look-for",
    problem="no look-for; this row is left out",
    fix="Write the look-for and the level given, e.g. IN2:3.",
)
RATING_LOOKFOR_UNKNOWN = variant(
    LOOKFOR_UNKNOWN,
    tabs=(SHARED_RATINGS,),
    meaning="a Shared Ratings look-for not on the Framework tab; left out of calibration",
    problem="{codes} not on the Framework tab; left out of calibration",
)
RATING_LEVEL = variant(LOOKFOR_LEVEL, tabs=(SHARED_RATINGS,))


def counted(number: int, thing: str) -> str:
    """`counted(1, "error")` -> `"1 error"`; `counted(1200, "row")` -> `"1,200 rows"`."""
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def fault_counts(found: Iterable[Finding]) -> str:
    """Errors and warnings counted by code, as a summary line lists them:
    `unknown teacher (3), no observer (1)`. Info lines are not faults."""
    names = {kind.code: kind.counted_as for kind in reversed(CATALOGUE)}
    counts = Counter(f.code for f in found if f.severity is not Severity.INFO)
    return ", ".join(f"{names.get(code, code)} ({n:,})" for code, n in counts.most_common())


def findings_markdown() -> str:
    """The README's findings table: a row per code and severity, in catalogue order."""
    rows: dict[tuple[str, Severity], list[FindingKind]] = {}
    for kind in CATALOGUE:
        rows.setdefault((kind.code, kind.severity), []).append(kind)
    lines = ["| code | severity | where | what it means |", "| --- | --- | --- | --- |"]
    for (code, severity), kinds in rows.items():
        lines.append(f"| `{code}` | {severity} | {_where(kinds)} | {kinds[0].meaning} |")
    return "\n".join(lines)


def _where(kinds: list[FindingKind]) -> str:
    tabs = dict.fromkeys(tab.name for kind in kinds for tab in kind.tabs)
    columns = dict.fromkeys(column for kind in kinds for column in kind.columns)
    return ", ".join(tabs) + (f" ({', '.join(columns)})" if columns else "")
