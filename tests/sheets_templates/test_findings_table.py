"""Every finding of the catalogue, pinned: generated workbooks with one planted fault each.

Each case builds a small clean school, changes one thing, and lists exactly the findings it
must give as `(tab, row, column, code)`: the tab as the workbook names it, the row as the
person sees it, the column header as the person wrote it. The clean school gives none.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

import pytest

from sheets_templates.findings import CATALOGUE, Finding, FindingKind
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from tests.builders import coaching, look_for, make_raw, rating, result, teacher
from tests.sheets_templates.clean_school import (
    AS_OF,
    FRAMEWORK,
    ROSTER,
    TODAY,
    clean_visit,
    findings,
    parse,
)

SR = "Shared Ratings"
WT, RO, FW, CO, CA, BE, CY, SE = (
    "Walkthroughs",
    "Roster",
    "Framework",
    "Coaching",
    "Calendar",
    "Bell Schedule",
    "Cycles",
    "Settings",
)

CASES: list[tuple[str, dict[str, Any], list[tuple[str, int | None, str, str]]]] = [
    ("clean", {}, []),
    # ---- Walkthroughs: dates and times
    ("date empty", {"walkthroughs": [clean_visit(date=None)]}, [(WT, 2, "Date", "date-missing")]),
    (
        "date words",
        {"walkthroughs": [clean_visit(date="next tuesday")]},
        [(WT, 2, "Date", "date-unreadable")],
    ),
    (
        "month 13",
        {"walkthroughs": [clean_visit(date="2026-13-01")]},
        [(WT, 2, "Date", "date-unreadable")],
    ),
    (
        "after as-of",
        {
            "walkthroughs": [
                clean_visit(date="2026-11-23", evidence_shared="Y", conversation_date=None)
            ]
        },
        [(WT, 2, "Date", "date-in-future")],
    ),
    (
        "after as-of and after today, looking back",
        {
            "today": TODAY,
            "walkthroughs": [
                clean_visit(date="2026-12-07", evidence_shared="Y", conversation_date=None)
            ],
        },
        [(WT, 2, "Date", "date-in-future")],
    ),
    (
        "after as-of but not after today: looking back",
        {
            "today": TODAY,
            "walkthroughs": [
                clean_visit(),
                clean_visit(date="2026-11-23", evidence_shared="Y", conversation_date=None),
            ],
        },
        [(WT, 3, "Date", "after-as-of")],
    ),
    (
        "a date that reads both ways, no Date Order",
        {"walkthroughs": [clean_visit(date="11/10/2026", evidence_shared="Y")]},
        [(WT, 2, "Date", "date-order-assumed")],
    ),
    (
        "day first from the log's own dates",
        {
            "walkthroughs": [
                clean_visit(date="16.11.2026"),
                clean_visit(date="10.11.2026", evidence_shared="Y"),
            ]
        },
        [(WT, 3, "Date", "date-order-assumed")],
    ),
    (
        "Date Order on the Settings tab: no warning",
        {
            "settings": {"Date Order": "DMY"},
            "walkthroughs": [clean_visit(date="10.11.2026", evidence_shared="Y")],
        },
        [],
    ),
    (
        "a Date Order that is neither",
        {"settings": {"Date Order": "YMD"}},
        [(SE, 4, "Value", "setting-invalid")],
    ),
    (
        "an error cell in Observer",
        {"walkthroughs": [clean_visit(observer="#N/A")]},
        [(WT, 2, "Observer", "observer-missing"), (WT, 2, "Observer", "cell-error")],
    ),
    (
        "an error cell in a column that may be empty",
        {"walkthroughs": [clean_visit(room="#REF!")]},
        [(WT, 2, "Room", "cell-error")],
    ),
    (
        "an earlier school year",
        {"walkthroughs": [clean_visit(date="2026-08-10")]},
        [(WT, 2, "Date", "earlier-year")],
    ),
    (
        "after the year",
        {
            "walkthroughs": [
                clean_visit(date="2027-11-16", evidence_shared="Y", conversation_date=None)
            ]
        },
        [(WT, 2, "Date", "date-after-year")],
    ),
    (
        "saturday",
        {
            "walkthroughs": [
                clean_visit(date="2026-11-14", evidence_shared="Y", conversation_date=None)
            ]
        },
        [(WT, 2, "Date", "not-a-school-day")],
    ),
    (
        "holiday",
        {
            "walkthroughs": [clean_visit(date="11/11/2026", evidence_shared="Y")],
            "calendar": [("2026-11-11", "Holiday")],
        },
        [(WT, 2, "Date", "not-a-school-day")],
    ),
    (
        "a PD day has no students",
        {"walkthroughs": [clean_visit()], "calendar": [("2026-11-16", "PD Day")]},
        [(WT, 2, "Date", "not-a-school-day")],
    ),
    (
        "a half day is a school day",
        {"walkthroughs": [clean_visit()], "calendar": [("2026-11-16", "Half Day", "11:30")]},
        [],
    ),
    (
        "time words",
        {"walkthroughs": [clean_visit(time="after lunch")]},
        [(WT, 2, "Time", "time-unreadable")],
    ),
    (
        "time 25:00",
        {"walkthroughs": [clean_visit(time="25:00")]},
        [(WT, 2, "Time", "time-unreadable")],
    ),
    (
        "no time and no period",
        {"walkthroughs": [clean_visit(time=None, period=None)]},
        [(WT, 2, "Time", "time-missing")],
    ),
    (
        "no time but a period on the Bell Schedule",
        {
            "walkthroughs": [clean_visit(time=None, period="2")],
            "bell_schedule": [("1", "08:00", "08:50"), ("2", "09:00", "09:50")],
        },
        [],
    ),
    # ---- Walkthroughs: people
    (
        "observer empty",
        {"walkthroughs": [clean_visit(observer=" ")]},
        [(WT, 2, "Observer", "observer-missing")],
    ),
    (
        "teacher empty",
        {"walkthroughs": [clean_visit(teacher=None)]},
        [(WT, 2, "Teacher", "teacher-missing")],
    ),
    (
        "teacher typo",
        {"walkthroughs": [clean_visit(teacher="Anna Ortez")]},
        [(WT, 2, "Teacher", "teacher-unknown")],
    ),
    (
        "teacher by case and spacing",
        {"walkthroughs": [clean_visit(teacher="ana  ORTIZ")]},
        [(WT, 2, "Teacher", "teacher-loose-match")],
    ),
    (
        "teacher without accents, last name first",
        {"walkthroughs": [clean_visit(teacher="Nunez, Jose", room="103")]},
        [(WT, 2, "Teacher", "teacher-loose-match")],
    ),
    (
        "teacher by email or exact name",
        {
            "walkthroughs": [
                clean_visit(teacher="ANA.ORTIZ@school.example"),
                clean_visit(teacher="José Núñez", room="103", observer="Obs B"),
            ]
        },
        [],
    ),
    (
        "inactive teacher",
        {"walkthroughs": [clean_visit(teacher="T4", room="104")]},
        [(WT, 2, "Teacher", "teacher-inactive")],
    ),
    (
        "inactive teacher, visited before the rotation window",
        {
            "walkthroughs": [
                clean_visit(
                    date="2026-09-14",
                    teacher="T4",
                    room="104",
                    evidence_shared="2026-09-14",
                    conversation_date="2026-09-15",
                )
            ]
        },
        [],
    ),
    (
        "room disagrees",
        {"walkthroughs": [clean_visit(room="201")]},
        [(WT, 2, "Room", "room-mismatch")],
    ),
    # ---- Walkthroughs: look-fors, evidence, conversations
    (
        "look-for not in the framework",
        {"walkthroughs": [clean_visit(lookfors="IN1, XX9")]},
        [(WT, 2, "Look-fors", "lookfor-unknown")],
    ),
    (
        "look-for level 5",
        {"walkthroughs": [clean_visit(lookfors="IN1:5")]},
        [(WT, 2, "Look-fors", "lookfor-level")],
    ),
    (
        "role not a stance",
        {"walkthroughs": [clean_visit(conversation_role="Mentor")]},
        [(WT, 2, "Conversation Role", "role-unknown")],
    ),
    (
        "roadmap words for roles",
        {
            "walkthroughs": [
                clean_visit(conversation_role="boss"),
                clean_visit(conversation_role="Coach", teacher="T2", room="102"),
                clean_visit(conversation_role="LEADER", teacher="T3", room="103"),
            ]
        },
        [],
    ),
    (
        "evidence shared unreadable",
        {"walkthroughs": [clean_visit(evidence_shared="soon")]},
        [(WT, 2, "Evidence Shared", "evidence-shared-unreadable")],
    ),
    (
        "evidence before the visit",
        {"walkthroughs": [clean_visit(evidence_shared="2026-11-13")]},
        [(WT, 2, "Evidence Shared", "evidence-before-visit")],
    ),
    (
        "conversation before the visit",
        {"walkthroughs": [clean_visit(conversation_date="2026-11-12")]},
        [(WT, 2, "Conversation Date", "conversation-before-visit")],
    ),
    (
        "conversation date unreadable",
        {"walkthroughs": [clean_visit(conversation_date="Thursday-ish")]},
        [(WT, 2, "Conversation Date", "date-unreadable")],
    ),
    (
        "the same row twice",
        {"walkthroughs": [clean_visit(), clean_visit(teacher="T2", room="102"), clean_visit()]},
        [(WT, 4, "", "duplicate-row")],
    ),
    (
        "same teacher, another time: not a duplicate",
        {"walkthroughs": [clean_visit(), clean_visit(time="13:40")]},
        [],
    ),
    # ---- Roster
    (
        "id missing",
        {"roster": [*ROSTER, teacher(None, "Di Eng")]},  # type: ignore[arg-type]
        [(RO, 6, "Teacher ID", "id-missing")],
    ),
    ("name missing", {"roster": [*ROSTER, teacher("T5", " ")]}, [(RO, 6, "Name", "name-missing")]),
    (
        "id twice",
        {"roster": [*ROSTER, teacher("t1", "Di Eng")]},
        [(RO, 6, "Teacher ID", "id-duplicate")],
    ),
    (
        "email twice",
        {"roster": [*ROSTER, teacher("T5", "Di Eng", email="Bo.Li@school.example")]},
        [(RO, 6, "Email", "email-duplicate")],
    ),
    (
        "name twice",
        {"roster": [*ROSTER, teacher("T5", "Bo Li")]},
        [(RO, 6, "Name", "name-duplicate")],
    ),
    (
        "email without @",
        {"roster": [*ROSTER, teacher("T5", "Di Eng", email="di.eng school.example")]},
        [(RO, 6, "Email", "email-invalid")],
    ),
    (
        "active maybe",
        {"roster": [*ROSTER, teacher("T5", "Di Eng", active="maybe")]},
        [(RO, 6, "Active", "active-invalid")],
    ),
    (
        "years in words",
        {"roster": [*ROSTER, teacher("T5", "Di Eng", years="ten")]},
        [(RO, 6, "Years", "years-invalid")],
    ),
    (
        "start date unreadable",
        {"roster": [*ROSTER, teacher("T5", "Di Eng", start_date="January")]},
        [(RO, 6, "Start Date", "date-unreadable")],
    ),
    # ---- Framework
    (
        "code missing",
        {"framework": [*FRAMEWORK, look_for(None, "Climate")]},  # type: ignore[arg-type]
        [(FW, 5, "Code", "code-missing")],
    ),
    (
        "code twice",
        {"framework": [*FRAMEWORK, look_for("in 1", "Climate")]},
        [(FW, 5, "Code", "code-duplicate")],
    ),
    # ---- Coaching
    (
        "coaching: every check",
        {
            "coaching_rows": [
                coaching(None, "Coach C", "Bo Li", focus_area="IN2"),
                coaching("someday", "Coach C", "Bo Li", focus_area="IN2"),
                coaching("2026-12-01", "Coach C", "Bo Li", focus_area="IN2"),
                coaching("2026-11-18", None, "Bo Li", focus_area="IN2"),
                coaching("2026-11-18", "Coach C", None, focus_area="IN2"),
                coaching("2026-11-18", "Coach C", "Bob Lee", focus_area="IN2"),
                coaching("2026-11-18", "Coach C", "Bo Li", focus_area="ZZ1"),
                coaching("2026-11-18", "Coach C", "T4", focus_area="IN2"),
            ]
        },
        [
            (CO, 2, "Date", "date-missing"),
            (CO, 3, "Date", "date-unreadable"),
            (CO, 4, "Date", "date-in-future"),
            (CO, 5, "Coach", "coach-missing"),
            (CO, 6, "Teacher", "teacher-missing"),
            (CO, 7, "Teacher", "teacher-unknown"),
            (CO, 8, "Focus Area", "focus-unknown"),
            (CO, 9, "Teacher", "teacher-inactive"),
        ],
    ),
    # ---- Calendar, Bell Schedule, Cycles
    (
        "calendar",
        {
            "calendar": [
                ("2026-11-26", "Holiday"),
                ("2026-11-27", "Snow"),
                ("Black Friday", "No School"),
                ("2026-11-25", "Half Day", "lunchtime"),
            ]
        },
        [
            (CA, 4, "Date", "date-unreadable"),  # errors first
            (CA, 3, "Type", "day-type-unknown"),
            (CA, 5, "Ends", "time-unreadable"),
        ],
    ),
    (
        "bell schedule",
        {
            "bell_schedule": [
                ("1", "08:00", "08:50"),
                ("2", "nine", "09:50"),
                ("3", "10:00", None),
                ("4", "11:00", "10:10"),
            ],
        },
        [
            (BE, 3, "Start", "time-unreadable"),
            (BE, 4, "End", "time-missing"),
            (BE, 5, "End", "period-ends-before-start"),
        ],
    ),
    (
        "cycles",
        {
            "cycles": [
                {"name": "Talk", "lookfor": "IN1", "start": "2026-09-01", "end": "2026-10-15"},
                {"name": "Exit", "lookfor": "XX2", "start": "2026-10-16", "end": "2026-11-30"},
                {"name": "Late", "lookfor": "CL1", "start": None, "end": "2026-11-30"},
                {"name": "Vague", "lookfor": " ", "start": "2026-12-01", "end": "2027-01-30"},
            ]
        },
        [
            (CY, 3, "Look-for", "lookfor-unknown"),
            (CY, 4, "Start", "date-missing"),
            (CY, 5, "Look-for", "lookfor-missing"),
        ],
    ),
    # ---- Shared Ratings
    (
        "shared ratings",
        {
            "shared_ratings": [
                rating("Video 1", "2026-11-10", "obs  a", "IN1:3"),  # the log's Obs A
                rating(" ", "2026-11-10", "Obs B", "IN1:3"),
                rating("Video 1", None, "Obs B", "IN1:3"),
                rating("Video 1", "soon", "Obs B", "IN1:3"),
                rating("Video 1", "2026-12-10", "Obs B", "IN1:3"),
                rating("Video 1", "2026-11-10", None, "IN1:3"),
                rating("Video 1", "2026-11-10", "Obs B", None),
                rating("Video 1", "2026-11-10", "Obs B", "IN1:3, XX9"),
                rating("Video 1", "2026-11-10", "Obs C", "IN1:5"),
                rating("Video 0", "2025-11-10", "Obs C", "IN1:2"),
            ]
        },
        [
            (SR, 3, "Session", "session-missing"),
            (SR, 4, "Date", "date-missing"),
            (SR, 5, "Date", "date-unreadable"),
            (SR, 6, "Date", "date-in-future"),
            (SR, 7, "Observer", "observer-missing"),
            (SR, 8, "Look-for", "lookfor-missing"),
            (SR, 9, "Look-for", "lookfor-unknown"),
            (SR, 10, "Look-for", "lookfor-level"),
            (SR, 11, "Date", "earlier-year"),
        ],
    ),
    (
        "shared ratings after as-of, looking back",
        {"today": TODAY, "shared_ratings": [rating("Video 2", "2026-11-30", "Obs A", "IN1:2")]},
        [(SR, 2, "Date", "after-as-of")],
    ),
    # ---- Results
    (
        "results with every fault",
        {
            "results": [
                result("Ana Ortiz", "Fall interim", "2026-09-01", "61%"),
                result(None, "Fall interim", "2026-09-01", "55%"),
                result("Anna Ortez", "Fall interim", "2026-09-01", "55%"),
                result("ana  ortiz", "Winter interim", "2026-11-02", "64%"),
                result("Bo Li", None, "2026-09-01", "40%"),
                result("Bo Li", "Fall interim", None, "40%"),
                result("Bo Li", "Fall interim", "soon", "40%"),
                result("Bo Li", "Winter interim", "2026-11-02", None),
                result("Bo Li", "Winter interim", "2026-11-02", "about half"),
                result("José Núñez", "Winter interim", "2026-11-02", "105%"),
            ]
        },
        [
            ("Results", 3, "Teacher", "teacher-missing"),
            ("Results", 4, "Teacher", "teacher-unknown"),
            ("Results", 6, "Assessment", "assessment-missing"),
            ("Results", 7, "Date", "date-missing"),
            ("Results", 8, "Date", "date-unreadable"),
            ("Results", 9, "Result", "result-missing"),
            ("Results", 10, "Result", "result-unreadable"),
            ("Results", 11, "Result", "result-out-of-range"),
            ("Results", 5, "Teacher", "teacher-loose-match"),  # info lines come last
        ],
    ),
    # ---- Settings (rows 2 and 3 are School Year Start and End)
    (
        "unknown setting",
        {"settings": {"Rotation Days": 10}},
        [(SE, 4, "Setting", "setting-unknown")],
    ),
    (
        "number in words",
        {"settings": {"Rotation School Days": "ten"}},
        [(SE, 4, "Value", "setting-invalid")],
    ),
    ("zero target", {"settings": {"Daily Target": 0}}, [(SE, 4, "Value", "setting-invalid")]),
    (
        "year ends before it starts",
        {"settings": {"School Year End": "2026-06-30"}},
        [(SE, 3, "Value", "setting-invalid")],
    ),
    (
        "half day end in words",
        {"settings": {"Half Day Ends": "noon-ish"}},
        [(SE, 4, "Value", "setting-invalid")],
    ),
    (
        "time blocks unreadable",
        {"settings": {"Time Blocks": "mornings and afternoons"}},
        [(SE, 4, "Value", "setting-invalid")],
    ),
    (
        "time blocks overlap",
        {"settings": {"Time Blocks": "Early 07:00-10:00; Late 09:30-17:00"}},
        [(SE, 4, "Value", "time-blocks-overlap")],
    ),
    (
        "time blocks leave a gap",
        {"settings": {"Time Blocks": "Early 07:00-09:30; Late 10:00-17:00"}},
        [(SE, 4, "Value", "time-blocks-gap")],
    ),
]


@pytest.mark.parametrize(
    ("planted", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_planted_fault_gives_exactly_its_finding(
    planted: dict[str, Any], expected: list[tuple[str, int | None, str, str]]
) -> None:
    assert findings(**planted) == expected


def catalogue_entry(finding: Finding) -> FindingKind:
    """The one catalogue entry this finding is: its code, severity, tab, column and wording."""
    entries = [kind for kind in CATALOGUE if _is(finding, kind)]
    assert len(entries) == 1, f"{finding} is {len(entries)} catalogue entries"
    return entries[0]


def _is(finding: Finding, kind: FindingKind) -> bool:
    return (
        (finding.code, finding.severity) == (kind.code, kind.severity)
        and finding.tab in {tab.name for tab in kind.tabs}
        and (not kind.columns or finding.column in kind.columns)
        and _template(kind.problem).fullmatch(finding.problem) is not None
        and _template(kind.fix).fullmatch(finding.fix) is not None
    )


def _template(text: str) -> re.Pattern[str]:
    """A `str.format` template as a pattern: its fields may hold anything."""
    parts = Formatter().parse(text)
    return re.compile(
        "".join(
            re.escape(literal) + (".*" if field is not None else "")
            for literal, field, _, _ in parts
        )
    )


def test_every_finding_is_a_catalogue_entry_and_every_entry_is_planted() -> None:
    made = {id(catalogue_entry(f)) for _, planted, _ in CASES for f in parse(**planted)}
    never = [(kind.code, kind.severity, kind.problem) for kind in CATALOGUE if id(kind) not in made]
    assert never == [], "add a case to CASES for each"


def test_an_unknown_teacher_names_the_close_roster_names() -> None:
    (finding,) = parse(walkthroughs=[clean_visit(teacher="Anna Ortez")])
    assert finding.value == "Anna Ortez"
    assert finding.problem == "not on the Roster; this row is left out"
    assert finding.fix.endswith("Close names on the Roster: Ana Ortiz.")


@pytest.mark.parametrize(
    ("day_type", "words"),
    [("PD Day", "a PD Day"), ("Holiday", "a Holiday"), ("No School", "a No School day")],
)
def test_a_visit_on_a_closed_day_names_the_kind_of_day(day_type: str, words: str) -> None:
    (finding,) = parse(walkthroughs=[clean_visit()], calendar=[("2026-11-16", day_type)])
    assert finding.problem == f"Mon Nov 16 is {words}, not a school day; the visit still counts"


def test_a_half_day_end_time_that_cannot_be_read_falls_back_to_the_setting() -> None:
    (finding,) = parse(calendar=[("2026-11-25", "Half Day", "lunchtime")])
    assert (finding.value, finding.fix) == ("lunchtime", "Write the time classes end as 12:30.")
    assert finding.problem.endswith("; this day ends at Settings Half Day Ends")


def test_errors_leave_the_row_out_and_warnings_count() -> None:
    raw = make_raw(
        roster=ROSTER,
        framework=FRAMEWORK,
        walkthroughs=[
            clean_visit(),
            clean_visit(teacher="Anna Ortez"),  # error
            clean_visit(teacher="ana ortiz", time="13:00"),  # info
            clean_visit(room="999", time="14:00"),  # warning
            clean_visit(date="2026-11-14", evidence_shared="Y", conversation_date=None),  # warning
        ],
    )
    book = parse_book(raw, locate_tabs(list(raw)), AS_OF)
    assert book.walkthroughs["valid"].tolist() == [True, False, True, True, True]
    assert book.valid_walkthroughs["teacher_id"].tolist() == ["T1", "T1", "T1", "T1"]
