"""The workbook contract as data: every input tab, its columns, aliases and types.

Nothing here reads a file. `sheets_templates.parse` applies these specs to raw cell values;
the template builder and the demo generator write headers from them; the de-identifier reads
`identifies_teacher`. Names and headers match case-, space- and punctuation-insensitively
(`normalise_header`), so `Look Fors`, `look-fors` and `LOOKFORS` are one header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from sheets_templates.errors import MissingTab


class Kind(StrEnum):
    """How a column's cells are parsed."""

    TEXT = "text"
    ID = "id"  # text that must keep leading zeros (staff IDs, rooms)
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"  # one cell with date and time (a Google Forms Timestamp)
    INTEGER = "integer"
    YES_NO = "yes/no"
    EMAIL = "email"
    LIST = "list"  # comma-separated values, e.g. periods `1,2,4,6`
    LOOKFORS = "look-fors"  # framework codes, `CODE` or `CODE:LEVEL`
    ROLE = "conversation role"
    DATE_OR_YES = "date or Y/N"
    TEACHER = "teacher"  # a Roster name, email or ID


class DateOrder(StrEnum):
    """Settings Date Order: how a date typed as `10/09/2026` is read."""

    MDY = "MDY"  # month first (US): 10/09/2026 is October 9
    DMY = "DMY"  # day first: 10/09/2026 is 10 September


class Role(StrEnum):
    """Conversation roles of the Instructional Leadership Roadmap."""

    DIRECTIVE = "Directive"
    REFLECTIVE = "Reflective"
    REFLEXIVE = "Reflexive"


# The Roadmap's other words for the same three stances.
ROLE_ALIASES = {
    "directive": Role.DIRECTIVE,
    "boss": Role.DIRECTIVE,
    "reflective": Role.REFLECTIVE,
    "coach": Role.REFLECTIVE,
    "reflexive": Role.REFLEXIVE,
    "leader": Role.REFLEXIVE,
}


class DayType(StrEnum):
    HOLIDAY = "Holiday"
    NO_SCHOOL = "No School"
    PD_DAY = "PD Day"
    HALF_DAY = "Half Day"

    @property
    def in_words(self) -> str:
        """The day as a sentence names it: `a PD Day`, `a No School day`."""
        return f"a {self} day" if self is DayType.NO_SCHOOL else f"a {self}"


# docs/design.md, School day: these Calendar days have no classes (a PD Day has no students).
CLOSED_DAY_TYPES = frozenset({DayType.HOLIDAY, DayType.NO_SCHOOL, DayType.PD_DAY})


@dataclass(frozen=True)
class Column:
    """One input column: its field name in code, its header in the template, its aliases."""

    field: str
    header: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    required: bool = False
    identifies_teacher: bool = False
    help: str = ""

    def matches(self, header: str) -> bool:
        wanted = {normalise_header(self.header), *(normalise_header(a) for a in self.aliases)}
        return normalise_header(header) in wanted


@dataclass(frozen=True)
class Tab:
    """One input tab: its name, aliases, columns and whether a workbook must have it."""

    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    required: bool = False
    # Groups of fields of which at least one must be present (e.g. Date or Timestamp).
    one_of: tuple[tuple[str, ...], ...] = ()
    help: str = ""

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def matches(self, name: str) -> bool:
        wanted = {normalise_header(self.name), *(normalise_header(a) for a in self.aliases)}
        return normalise_header(name) in wanted

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class Setting:
    """One key of the Settings tab, its type, default (as text) and what it means."""

    key: str
    kind: Kind
    default: str
    help: str


@lru_cache(maxsize=4096)
def normalise_header(text: object) -> str:
    """Fold a header or tab name for matching: `" Look-Fors "` -> `"lookfors"`."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


_TEACHER_HELP = "The teacher's name, email or Teacher ID, as on the Roster."
# The Teacher column of the Coaching and Results tabs: a Roster name, email or ID.
TEACHER_COLUMN = Column(
    "teacher",
    "Teacher",
    Kind.TEACHER,
    ("Teacher Name", "Teacher Email", "Teacher ID"),
    required=True,
    identifies_teacher=True,
    help=_TEACHER_HELP,
)

ROSTER = Tab(
    key="roster",
    name="Roster",
    required=True,
    aliases=("Teachers", "Staff", "Staff Roster", "Teacher Roster"),
    help="One row per teacher. Set Active to N when a teacher leaves; never delete the row.",
    columns=(
        Column(
            "teacher_id",
            "Teacher ID",
            Kind.ID,
            ("ID", "Staff ID", "Employee ID"),
            required=True,
            identifies_teacher=True,
            help="A short unique ID, e.g. T012.",
        ),
        Column(
            "name",
            "Name",
            Kind.TEXT,
            ("Teacher", "Teacher Name", "Full Name"),
            required=True,
            identifies_teacher=True,
            help="First and last name.",
        ),
        Column(
            "email",
            "Email",
            Kind.EMAIL,
            ("Email Address", "E-mail", "Teacher Email"),
            identifies_teacher=True,
        ),
        Column(
            "room", "Room", Kind.ID, ("Room Number", "Room #", "Classroom"), identifies_teacher=True
        ),
        Column("grade", "Grade", Kind.ID, ("Grade Level", "Grades"), help="e.g. 7, or K."),
        Column("department", "Department", Kind.TEXT, ("Dept", "Content Area", "Subject Area")),
        Column(
            "years",
            "Years",
            Kind.INTEGER,
            ("Years Experience", "Years of Experience", "Experience", "Yrs"),
            help="Years of teaching experience.",
        ),
        Column(
            "active",
            "Active",
            Kind.YES_NO,
            ("Active?", "Is Active"),
            help="Y, or N for a teacher who has left. Empty means Y.",
        ),
        Column(
            "periods",
            "Periods",
            Kind.LIST,
            ("Periods Taught", "Teaching Periods"),
            help="Periods taught, e.g. 1,2,4,6 (optional: keeps visits out of prep).",
        ),
        Column(
            "start_date",
            "Start Date",
            Kind.DATE,
            ("Joined", "Hire Date", "Started"),
            help="Only for a teacher who joined mid-year.",
        ),
    ),
)

WALKTHROUGHS = Tab(
    key="walkthroughs",
    name="Walkthroughs",
    required=True,
    aliases=(
        "Walkthrough Log",
        "Walkthrough",
        "Log",
        "Visits",
        "Observations",
        "Form Responses 1",
        "Form Responses",
    ),
    one_of=(("date", "timestamp"),),
    help="One row per classroom visit.",
    columns=(
        Column(
            "timestamp",
            "Timestamp",
            Kind.DATETIME,
            (),
            help="Google Forms fills this in; Date and Time can be used instead.",
        ),
        Column("date", "Date", Kind.DATE, ("Visit Date", "Walkthrough Date", "Observation Date")),
        Column("time", "Time", Kind.TIME, ("Visit Time", "Start Time")),
        Column(
            "observer",
            "Observer",
            Kind.TEXT,
            ("Observer Name", "Email Address", "Observer Email", "Visited By", "Leader"),
            required=True,
            help="Who made the visit.",
        ),
        Column(
            "teacher",
            "Teacher",
            Kind.TEACHER,
            ("Teacher Name", "Teacher Email", "Teacher ID", "Classroom Teacher"),
            required=True,
            identifies_teacher=True,
            help=_TEACHER_HELP,
        ),
        Column(
            "room", "Room", Kind.ID, ("Room Number", "Room #", "Classroom"), identifies_teacher=True
        ),
        Column("period", "Period", Kind.ID, ("Class Period", "Block")),
        Column("subject", "Subject", Kind.TEXT, ("Course", "Class", "Content Area")),
        Column(
            "lookfors",
            "Look-fors",
            Kind.LOOKFORS,
            ("Look Fors", "Look-for", "Framework Codes", "Indicators", "Evidence Codes"),
            help="Framework codes, comma-separated; CODE:LEVEL (1-4) records a level.",
        ),
        Column(
            "evidence",
            "Evidence",
            Kind.TEXT,
            ("Evidence Notes", "Observation Notes"),
            help="What was seen and heard, in the framework's language.",
        ),
        Column(
            "evidence_shared",
            "Evidence Shared",
            Kind.DATE_OR_YES,
            ("Feedback Sent", "Evidence Sent", "Shared"),
            help="When the written evidence reached the teacher (a date, or Y/N).",
        ),
        Column(
            "conversation_date",
            "Conversation Date",
            Kind.DATE,
            ("Debrief Date", "Feedback Conversation", "Conversation"),
        ),
        Column(
            "conversation_role",
            "Conversation Role",
            Kind.ROLE,
            ("Role", "Stance", "Conversation Type"),
            help="Directive, Reflective or Reflexive (or Boss, Coach, Leader).",
        ),
        Column("notes", "Notes", Kind.TEXT, ("Comments",)),
    ),
)

COACHING = Tab(
    key="coaching",
    name="Coaching",
    aliases=("Coaching Log", "Coaching Notes"),
    one_of=(("date", "timestamp"),),
    help="One row per coaching conversation.",
    columns=(
        Column("timestamp", "Timestamp", Kind.DATETIME),
        Column("date", "Date", Kind.DATE, ("Session Date", "Coaching Date")),
        Column(
            "coach",
            "Coach",
            Kind.TEXT,
            ("Coach Name", "Email Address", "Coach Email"),
            required=True,
        ),
        TEACHER_COLUMN,
        Column(
            "focus_area",
            "Focus Area",
            Kind.ID,
            ("Focus", "Framework Code", "Look-for"),
            help="A framework code.",
        ),
        Column("strengths", "Strengths", Kind.TEXT, ("Glows", "Strength")),
        Column("needs", "Needs", Kind.TEXT, ("Areas for Growth", "Growth Areas", "Grows", "Need")),
        Column("notes", "Notes", Kind.TEXT, ("Comments",)),
        Column("next_steps", "Next Steps", Kind.TEXT, ("Action Steps", "Next Step")),
    ),
)

FRAMEWORK = Tab(
    key="framework",
    name="Framework",
    aliases=("Look-fors", "Look Fors", "Instructional Framework"),
    help="The school's instructional framework: one row per look-for.",
    columns=(
        Column("code", "Code", Kind.ID, ("Look-for Code", "Look-for"), required=True),
        Column("area", "Area", Kind.TEXT, ("Domain", "Framework Area", "Strand"), required=True),
        Column("indicator", "Indicator", Kind.TEXT, ("Description", "Look-for Description")),
        Column("priority", "Priority", Kind.YES_NO, ("Priority?", "Focus")),
        Column("priority_since", "Priority Since", Kind.DATE, ("Priority Start",)),
    ),
)

CALENDAR = Tab(
    key="calendar",
    name="Calendar",
    aliases=("School Calendar", "Non-School Days", "Holidays"),
    help=(
        "Days that are not ordinary school days. Weekends need not be listed. Holiday, No "
        "School and PD Day are not school days; a Half Day is a school day that ends early."
    ),
    columns=(
        Column("date", "Date", Kind.DATE, required=True),
        Column(
            "type",
            "Type",
            Kind.TEXT,
            ("Day Type", "Kind"),
            required=True,
            help=(
                "Holiday, No School, PD Day or Half Day. A PD Day has staff but no students: "
                "no visits are planned and it does not count as a school day. A Half Day "
                "counts as a school day whose classes end early: visits are planned only in "
                "time blocks that end by then."
            ),
        ),
        Column("description", "Description", Kind.TEXT, ("Name", "Note", "Event")),
        Column(
            "ends",
            "Ends",
            Kind.TIME,
            ("End Time", "Dismissal"),
            help="Half Day only: when classes end. Empty: Settings Half Day Ends.",
        ),
    ),
)

BELL_SCHEDULE = Tab(
    key="bell_schedule",
    name="Bell Schedule",
    aliases=("Bell Times", "Schedule", "Periods"),
    columns=(
        Column("period", "Period", Kind.ID, required=True),
        Column("start", "Start", Kind.TIME, ("Start Time", "Begins"), required=True),
        Column("end", "End", Kind.TIME, ("End Time", "Ends"), required=True),
    ),
)

CYCLES = Tab(
    key="cycles",
    name="Cycles",
    aliases=("Improvement Cycles", "Learning Cycles"),
    help="Short improvement cycles: one look-for, a start and an end.",
    columns=(
        Column("name", "Name", Kind.TEXT, ("Cycle", "Cycle Name"), required=True),
        Column("lookfor", "Look-for", Kind.ID, ("Look-fors", "Code", "Focus"), required=True),
        Column("start", "Start", Kind.DATE, ("Start Date",), required=True),
        Column("end", "End", Kind.DATE, ("End Date",), required=True),
    ),
)

SHARED_RATINGS = Tab(
    key="shared_ratings",
    name="Shared Ratings",
    aliases=("Shared Observations", "Calibration Ratings", "Calibration Sessions"),
    help=(
        "Optional: the team rates one video or classroom together. One row per observer "
        "(and look-for, if you like); the rows of one Session on one Date are compared."
    ),
    columns=(
        Column(
            "session",
            "Session",
            Kind.TEXT,
            ("Session Name", "Video", "Shared Observation"),
            required=True,
            help="A name for what was watched, the same on each rater's row.",
        ),
        Column("date", "Date", Kind.DATE, ("Session Date",), required=True),
        Column(
            "observer",
            "Observer",
            Kind.TEXT,
            ("Observer Name", "Rater", "Rated By"),
            required=True,
            help="Who rated, spelled as in the Walkthroughs log.",
        ),
        Column(
            "lookfors",
            "Look-for",
            Kind.LOOKFORS,
            ("Look-fors", "Look Fors", "Rating", "Ratings"),
            required=True,
            help="CODE:LEVEL (1-4), as in the log; several comma-separated.",
        ),
        Column("notes", "Notes", Kind.TEXT, ("Comments",)),
    ),
)

RESULTS = Tab(
    key="results",
    name="Results",
    aliases=("Assessment Results", "Student Results", "Assessments"),
    help=(
        "Optional: each class's results on the school's interim assessments, one row per "
        "teacher (or class) and assessment. The Outcomes tab sets them beside the walkthroughs."
    ),
    columns=(
        TEACHER_COLUMN,
        Column(
            "assessment",
            "Assessment",
            Kind.TEXT,
            ("Assessment Name", "Test", "Window"),
            required=True,
            help='The assessment as the school names it, e.g. "Fall interim".',
        ),
        Column("date", "Date", Kind.DATE, ("Test Date", "Given"), required=True),
        Column(
            "result",
            "Result",
            Kind.TEXT,
            ("Score", "Percent Proficient", "Mean Scale Score"),
            required=True,
            help="A percent proficient (72%) or a mean scale score (215).",
        ),
        Column(
            "group",
            "Group",
            Kind.TEXT,
            ("Class", "Course", "Section"),
            help="A grade, course or period label. Empty: the teacher's Roster grade.",
        ),
    ),
)

SETTINGS = Tab(
    key="settings",
    name="Settings",
    aliases=("Config", "Configuration", "Options"),
    help="One setting per row: the key in the first column, its value in the second.",
    columns=(
        Column("key", "Setting", Kind.TEXT, ("Key", "Name"), required=True),
        Column("value", "Value", Kind.TEXT, (), required=True),
        Column("explanation", "What it means", Kind.TEXT, ("Explanation", "Help", "Notes")),
    ),
)

INPUT_TABS: tuple[Tab, ...] = (
    ROSTER,
    WALKTHROUGHS,
    COACHING,
    FRAMEWORK,
    CALENDAR,
    BELL_SCHEDULE,
    CYCLES,
    SHARED_RATINGS,
    RESULTS,
    SETTINGS,
)

DEFAULT_TIME_BLOCKS = (
    "Early 07:00-09:30; Mid-morning 09:30-11:30; Midday 11:30-13:30; Afternoon 13:30-17:00"
)

SETTINGS_KEYS: tuple[Setting, ...] = (
    Setting(
        "School Year Start",
        Kind.DATE,
        "",
        "First day of the school year. Empty: Aug 1 of the year the as-of date falls in.",
    ),
    Setting(
        "School Year End",
        Kind.DATE,
        "",
        "Last day of the school year. Empty: Jun 30 after the start.",
    ),
    Setting(
        "Rotation School Days",
        Kind.INTEGER,
        "10",
        "Every classroom should be seen once in this many school days.",
    ),
    Setting("Daily Target", Kind.INTEGER, "3", "Visits per observer per school day."),
    Setting("Yearly Target", Kind.INTEGER, "500", "Visits per observer per school year."),
    Setting(
        "Min Group Size",
        Kind.INTEGER,
        "5",
        "Smallest group of teachers a shared or group figure may describe.",
    ),
    Setting(
        "Time Blocks",
        Kind.TEXT,
        DEFAULT_TIME_BLOCKS,
        "Parts of the day, as Name HH:MM-HH:MM separated by semicolons.",
    ),
    Setting(
        "Half Day Ends",
        Kind.TIME,
        "12:00",
        "When classes end on a Half Day whose Calendar row gives no end time.",
    ),
    Setting(
        "Goal Areas", Kind.LIST, "", "Framework areas the school plan targets, comma-separated."
    ),
    Setting(
        "Date Order",
        Kind.TEXT,
        "",
        "How dates typed as text like 10/09/2026 are read: MDY (month first, Oct 9) or DMY "
        "(day first, 10 Sep). Empty: as the log's dates that can be read only one way.",
    ),
    Setting(
        "Calibration Window Minutes",
        Kind.INTEGER,
        "15",
        "Two observers' rows for one teacher on one day at most this many minutes apart are "
        "one shared visit (the Calibration tab).",
    ),
    Setting(
        "Staff Focus",
        Kind.TEXT,
        "",
        "What the staff snapshot says the school focuses on next. Empty: the Priority look-fors.",
    ),
    Setting(
        "Refresh Now",
        Kind.YES_NO,
        "",
        "Google Sheets with `ilr watch`: tick to refresh; the tool unticks it when done.",
    ),
)


def setting_default(key: str) -> int:
    """A whole-number Setting's default, as SETTINGS_KEYS gives it (the one place it is typed).

    >>> setting_default("Rotation School Days")
    10
    """
    return int(next(s.default for s in SETTINGS_KEYS if s.key == key))


def setting_minutes(key: str) -> int:
    """A time-of-day Setting's default, in minutes after midnight, as SETTINGS_KEYS gives it.

    >>> setting_minutes("Half Day Ends")
    720
    """
    hours, minutes = next(s.default for s in SETTINGS_KEYS if s.key == key).split(":")
    return int(hours) * 60 + int(minutes)


# The tabs the tool writes, named here and nowhere else: each report names its tab with one
# of these, and the write rules and the Excel template read OUTPUT_TAB_NAMES.
SUMMARY_TAB = "Summary"
ISSUES_TAB = "Issues"
COVERAGE_TAB = "Coverage"
NEXT_VISITS_TAB = "Next Visits"
TEACHER_SUPPORT_TAB = "Teacher Support"
TRENDS_TAB = "Trends"
ROADMAP_TAB = "Roadmap"
PL_NEEDS_TAB = "PL Needs"
CALIBRATION_TAB = "Calibration"
STAFF_SNAPSHOT_TAB = "Staff Snapshot"
OUTCOMES_TAB = "Outcomes"
# Their order in the workbook. docs/design.md: Summary first.
OUTPUT_TAB_NAMES: tuple[str, ...] = (
    SUMMARY_TAB,
    ISSUES_TAB,
    COVERAGE_TAB,
    NEXT_VISITS_TAB,
    TEACHER_SUPPORT_TAB,
    TRENDS_TAB,
    CALIBRATION_TAB,
    ROADMAP_TAB,
    PL_NEEDS_TAB,
    OUTCOMES_TAB,
    STAFF_SNAPSHOT_TAB,
)


# The district workbook (docs/design.md, District roll-up): its one input tab lists the
# schools' workbooks; a workbook with it rolls the district up on every refresh. Its output
# tabs, named here and nowhere else, in their order.
SCHOOL_LIST = Tab(
    key="school_list",
    name="School List",
    aliases=("Schools List", "District Schools"),
    required=True,
    help="One row per school: its name and its workbook (a file path or a Google Sheets link).",
    columns=(
        Column("school", "School", Kind.TEXT, ("School Name", "Name"), required=True),
        Column(
            "workbook",
            "Workbook",
            Kind.TEXT,
            ("File", "Link", "Path", "Sheet"),
            required=True,
            help="An .xlsx/.xlsm path (from this workbook's folder) or a Google Sheets link.",
        ),
    ),
)
DISTRICT_SUMMARY_TAB = "District Summary"
SCHOOLS_TAB = "Schools"
DISTRICT_TRENDS_TAB = "District Trends"
DISTRICT_PL_NEEDS_TAB = "District PL Needs"
PROBLEMS_TAB = "Problems"
DISTRICT_OUTPUT_TAB_NAMES: tuple[str, ...] = (
    DISTRICT_SUMMARY_TAB,
    SCHOOLS_TAB,
    DISTRICT_TRENDS_TAB,
    DISTRICT_PL_NEEDS_TAB,
    PROBLEMS_TAB,
)


def find_tab(name: str) -> Tab | None:
    """The input tab spec a sheet name stands for, if any."""
    for tab in INPUT_TABS:
        if tab.matches(name):
            return tab
    return None


def input_sheets(sheet_names: Sequence[str]) -> dict[str, str]:
    """Map each input tab key to the workbook's sheet for it, for the tabs it has.

    An exact name wins over an alias (a workbook with `Walkthroughs` and `Form Responses 1`
    reads `Walkthroughs`).
    """
    found: dict[str, str] = {}
    for spec in INPUT_TABS:
        exact = [n for n in sheet_names if normalise_header(n) == normalise_header(spec.name)]
        aliases = [n for n in sheet_names if spec.matches(n)]
        if exact or aliases:
            found[spec.key] = (exact or aliases)[0]
    return found


def locate_tabs(sheet_names: Sequence[str]) -> dict[str, str]:
    """`input_sheets`, checking that the required tabs are there. Raises `MissingTab`."""
    found = input_sheets(sheet_names)
    for spec in INPUT_TABS:
        if spec.required and spec.key not in found:
            also = "" if not spec.aliases else f" (or one of: {', '.join(spec.aliases[:4])})"
            raise MissingTab(
                f"The workbook has no '{spec.name}' tab{also}. Add it with the headers "
                f"{', '.join(spec.headers[:5])}, ... (`ilr template` writes a ready-made one)."
            )
    return found
