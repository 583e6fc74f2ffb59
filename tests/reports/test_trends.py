"""The Trends tab on a small log whose every figure is computed by hand below.

No Calendar: every weekday from Mon 2026-08-17 is a school day. Four valid visits:

| visit | date (week)     | teacher | look-fors  | shared | conversation (school days) | role
| v1    | Tue Nov 10 (9)  | T1      | IN1:3, CL1 | Nov 10 | Thu Nov 12 (2)             | Reflective
| v2    | Wed Nov 11 (9)  | T2      | IN2:2      | Y      | Mon Nov 16 (3)             | Directive
| v3    | Mon Nov 16 (16) | T3      | IN1:4      | Nov 17 | Mon Nov 16 (0)             | Reflexive
| v4    | Tue Nov 17 (16) | T1      | (none)     |        |                            |

Shared the same day: v1, v2 = 50%. Within 2 school days: v1, v3 = 50%. Median of 2, 3, 0 = 2.
Tagged: 75%. Subject (v3, v4): 50%.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.build import build_output_tabs
from reports.exports.packet.content import packet_content
from reports.figures.evidence import evidence_by_group
from reports.figures.feedback import (
    NO_ROLE,
    NO_VISITS,
    feedback_flags,
    feedback_loop,
    feedback_loops,
)
from reports.figures.strengths import model_practice_candidates
from reports.model import ChartKind, Note, OutputTab
from reports.tabs.summary import summary_tab
from reports.tabs.trends import trends_tab
from sheets_templates.book import Book
from sheets_templates.calendar import SchoolCalendar
from tests.builders import look_for, make_book, teacher, visit

AS_OF = "2026-11-20"
ROSTER = [
    teacher("T1", "Ana Ortiz", grade="3", department="Math"),
    teacher("T2", "Bo Lindqvist", grade="3", department="ELA"),
    teacher("T3", "Cy Moreau", grade="4", department="Math"),
]
FRAMEWORK = [
    look_for("IN1", "Instruction", priority="Y", priority_since="2026-11-11"),
    look_for("IN2", "Instruction"),
    look_for("CL1", "Climate", priority="Y"),
]
VISITS = [
    visit(
        "2026-11-10", "09:00", "Obs A", "T1", lookfors="IN1:3, CL1",
        evidence_shared="2026-11-10", conversation_date="2026-11-12", conversation_role="Coach",
    ),
    visit(
        "2026-11-11", "10:00", "Obs A", "T2", lookfors="IN2:2",
        evidence_shared="Y", conversation_date="2026-11-16", conversation_role="Boss",
    ),
    visit(
        "2026-11-16", "08:00", "Obs B", "T3", lookfors="IN1:4", subject="Math",
        evidence_shared="2026-11-17", conversation_date="2026-11-16", conversation_role="Leader",
    ),
    visit("2026-11-17", "13:00", "Obs B", "T1", subject="Math"),
]  # fmt: skip


def school(**settings: Any) -> Book:
    return make_book(
        roster=ROSTER,
        walkthroughs=VISITS,
        framework=FRAMEWORK,
        settings={"Goal Areas": "Instruction", **settings},
        as_of=AS_OF,
    )


def rows(tab: OutputTab, key: str) -> list[dict[str, Any]]:
    table = tab.table(key)
    return [dict(zip((c.header for c in table.columns), row, strict=True)) for row in table.rows]


def figures(tab: OutputTab, key: str) -> dict[str, Any]:
    return {f.label: f.value for f in tab.key_figures(key).items}


def test_the_log_is_clean() -> None:
    assert school().findings == []


def test_feedback_loop_and_framework_language() -> None:
    loop = figures(trends_tab(school()), "feedback")
    assert loop == {
        "Valid visits": 4,
        "Evidence shared the same day": 0.5,
        "Visits today with no evidence shared yet": 0,
        "Conversation within 2 school days": 0.5,
        "Visits still within their 2 days": 0,
        "Median school days to a conversation": 2.0,
        "Visits in the framework's language": 0.75,
        "Visits with a subject recorded": 0.5,
    }


def test_each_observers_loop_and_the_teams() -> None:
    flags = feedback_flags(school())
    obs_a, obs_b = feedback_loops(flags, flags["observer"]).values()
    assert (obs_a.visits, obs_a.shared_same_day, obs_a.within_two_days) == (2, 1.0, 0.5)
    assert (obs_b.visits, obs_b.shared_same_day, obs_b.within_two_days) == (2, 0.0, 0.5)
    assert (obs_a.median_days, obs_b.median_days) == (2.5, 0.0)
    team = feedback_loop(flags)
    assert (team.visits, team.with_conversation, team.median_days) == (4, 0.75, 2.0)
    assert team.roles == {"Directive": 1, "Reflective": 1, "Reflexive": 1, NO_ROLE: 1}
    assert feedback_loop(flags.iloc[:0]) == NO_VISITS


def test_the_feedback_flags_are_worked_out_once_for_every_tab_and_the_packet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Trends, the Roadmap (team and observers) and the packet all read the same flags."""
    calls: list[str] = []
    real = SchoolCalendar.counts_between

    def counted(self: SchoolCalendar, after: pd.Series, up_to: pd.Series) -> np.ndarray:
        calls.append(str(up_to.name))
        return real(self, after, up_to)

    book = school()
    monkeypatch.setattr(SchoolCalendar, "counts_between", counted)
    build_output_tabs(book)
    packet_content(book)
    assert calls.count("conversation_date") == 1


def test_conversation_two_school_days_counts_school_days_not_calendar_days() -> None:
    """Fri Nov 13 to Tue Nov 17 is 4 calendar days but 2 school days: within."""
    book = make_book(
        roster=ROSTER,
        walkthroughs=[visit("2026-11-13", "09:00", "Obs A", "T1", conversation_date="2026-11-17")],
        calendar=[],
        as_of=AS_OF,
    )
    assert figures(trends_tab(book), "feedback")["Conversation within 2 school days"] == 1.0


def test_priority_look_fors_by_week_with_the_week_each_became_a_priority() -> None:
    tab = trends_tab(school())
    assert rows(tab, "priority_weeks") == [
        {
            "Week": dt.date(2026, 11, 9),
            "Visits": 2,
            "IN1": 0.5,
            "CL1": 0.5,
            "IN1 level": 3.0,
            "CL1 level": None,
            "Became a priority": "IN1",
            "IN1 became a priority": 0.5,  # the chart's mark: on the line, that week
        },
        {
            "Week": dt.date(2026, 11, 16),
            "Visits": 2,
            "IN1": 0.5,
            "CL1": 0.0,
            "IN1 level": 4.0,
            "CL1 level": None,
            "Became a priority": None,
            "IN1 became a priority": None,
        },
    ]
    chart = next(c for c in tab.charts if c.table == "priority_weeks")
    assert (chart.kind, chart.x, chart.series, chart.percent, chart.markers) == (
        ChartKind.LINE,
        "Week",
        ("IN1", "CL1"),
        True,
        ("IN1 became a priority",),  # CL1 has no Priority Since: nothing to mark
    )


def test_areas_by_week_share_and_mean_level() -> None:
    weeks = rows(trends_tab(school()), "area_weeks")
    assert [(w["Instruction"], w["Instruction level"], w["Climate"]) for w in weeks] == [
        (1.0, 2.5, 0.5),
        (0.5, 4.0, 0.0),
    ]


def test_a_week_without_visits_is_a_gap_not_a_zero() -> None:
    book = make_book(
        roster=ROSTER,
        walkthroughs=[VISITS[0], visit("2026-11-18", "09:00", "Obs A", "T2", lookfors="IN1")],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    weeks = rows(trends_tab(book), "priority_weeks")
    assert [(w["Week"], w["Visits"], w["IN1"]) for w in weeks] == [
        (dt.date(2026, 11, 9), 1, 1.0),
        (dt.date(2026, 11, 16), 1, 1.0),
    ]
    book = make_book(
        roster=ROSTER,
        walkthroughs=[visit("2026-11-03", "09:00", "Obs A", "T1", lookfors="IN1"), VISITS[2]],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    weeks = rows(trends_tab(book), "priority_weeks")
    assert [(w["Week"], w["Visits"], w["IN1"]) for w in weeks] == [
        (dt.date(2026, 11, 2), 1, 1.0),
        (dt.date(2026, 11, 9), 0, None),
        (dt.date(2026, 11, 16), 1, 1.0),
    ]


def test_a_thin_week_shows_no_share_rather_than_a_swing_to_100_percent() -> None:
    # Two full weeks of 6 visits (half with IN1), then Monday alone with one IN1 visit:
    # under a third of a typical week, so its share is left blank, its visits still counted.
    full_weeks = [
        visit(day, "09:00", "Obs A", "T1", lookfors="IN1" if n % 2 else "")
        for day in (
            "2026-11-02",
            "2026-11-03",
            "2026-11-04",
            "2026-11-09",
            "2026-11-10",
            "2026-11-11",
        )
        for n in range(2)
    ]
    book = make_book(
        roster=ROSTER,
        walkthroughs=[*full_weeks, visit("2026-11-16", "09:00", "Obs A", "T1", lookfors="IN1")],
        framework=FRAMEWORK,
        as_of="2026-11-16",
    )
    weeks = rows(trends_tab(book), "priority_weeks")
    assert [(w["Week"], w["Visits"], w["IN1"]) for w in weeks] == [
        (dt.date(2026, 11, 2), 6, 0.5),
        (dt.date(2026, 11, 9), 6, 0.5),
        (dt.date(2026, 11, 16), 1, None),
    ]
    notes = [b.text for b in trends_tab(book).blocks if isinstance(b, Note)]
    assert (
        "The week of Nov 16 is still running: its figures count 1 school day so far only." in notes
    )


def test_groups_below_min_group_size_are_merged_and_a_lone_teacher_is_never_a_row() -> None:
    # Default Min Group Size 5: three visited teachers, even merged, are too few: no rows.
    assert rows(trends_tab(school()), "by_grade") == []
    # Min Group Size 2: grade 4's lone T3 goes to Other, still one teacher, so the smallest
    # other group (grade 3: T1 and T2) joins it: one row of all three teachers, v1 to v4,
    # IN recorded in three of the four. No teacher is left out for a total to give away.
    tab = trends_tab(school(**{"Min Group Size": 2}))
    everyone = {"Teachers": 3, "Visits": 4, "Instruction": 3 / 4, "Climate": 1 / 4}
    assert rows(tab, "by_grade") == [{"Grade": "Other (small groups merged)", **everyone}]
    # Departments: ELA's lone T2 goes to Other and Math (T1, T3) joins it.
    assert rows(tab, "by_department") == [{"Department": "Other (small groups merged)", **everyone}]
    scales = {scale.table: scale.columns for scale in tab.color_scales}
    assert scales == {
        "by_grade": ("Instruction", "Climate"),
        "by_department": ("Instruction", "Climate"),
    }


def test_small_groups_merge_into_other_when_together_they_are_big_enough() -> None:
    roster = [teacher(f"T{n}", f"Teacher {n}", grade=str(n)) for n in range(1, 4)]
    visits = [
        visit("2026-11-16", f"0{n + 7}:00", "Obs A", f"T{n}", lookfors="IN1") for n in range(1, 4)
    ]
    book = make_book(
        roster=roster,
        walkthroughs=visits,
        framework=FRAMEWORK,
        settings={"Min Group Size": 3},
        as_of=AS_OF,
    )
    assert [(r["Grade"], r["Teachers"]) for r in rows(trends_tab(book), "by_grade")] == [
        ("Other (small groups merged)", 3)
    ]


def test_strengths_and_opportunities_weighted_by_teachers_reached() -> None:
    """IN1: 2 of 4 visits x 2 of 3 teachers = 1/3; IN2 and CL1: 1/4 x 1/3 = 1/12."""
    tab = trends_tab(school())
    [strength] = rows(tab, "strengths")
    assert strength == {
        "Look-for": "IN1",
        "Area": "Instruction",
        "Goal Area": "Goal Area",
        "Visits": 2,
        "Share of visits": 0.5,
        "Teachers": 2,
        "Share of teachers": 2 / 3,
        "Mean level": 3.5,
        "Reach": pytest.approx(1 / 3),
    }
    [opportunity] = rows(tab, "opportunities")
    assert (opportunity["Look-for"], opportunity["Goal Area"], opportunity["Reach"]) == (
        "CL1",
        None,
        pytest.approx(1 / 12),
    )


def test_model_practice_needs_three_visits_all_at_level_three_or_more() -> None:
    visits = [
        visit("2026-11-02", "09:00", "Obs A", "T1", lookfors="IN1:3"),
        visit("2026-11-09", "09:00", "Obs A", "T1", lookfors="IN2:4"),
        visit("2026-11-16", "09:00", "Obs A", "T1", lookfors="IN1:3, CL1:1"),
        visit("2026-11-02", "10:00", "Obs A", "T2", lookfors="IN1:4"),
        visit("2026-11-09", "10:00", "Obs A", "T2", lookfors="IN1:4"),
        visit("2026-11-16", "10:00", "Obs A", "T2", lookfors="IN1:2"),
        visit("2026-11-02", "11:00", "Obs A", "T3", lookfors="IN1:4"),
        visit("2026-11-09", "11:00", "Obs A", "T3", lookfors="IN1:4"),
    ]
    book = make_book(roster=ROSTER, walkthroughs=visits, framework=FRAMEWORK, as_of=AS_OF)
    candidates = model_practice_candidates(book)
    assert candidates[["teacher_id", "area", "visits"]].values.tolist() == [
        ["T1", "Instruction", 3]
    ]
    assert rows(trends_tab(book), "model_practice") == [
        {
            "Teacher": "Ana Ortiz",
            "Area": "Instruction",
            "Visits with a level": 3,
            "Mean level": pytest.approx(10 / 3),
            "Last visit": dt.date(2026, 11, 16),
        }
    ]


def test_roles_by_month_and_the_charts_over_them() -> None:
    tab = trends_tab(school())
    [november] = rows(tab, "feedback_months")
    assert november == {
        "Month": "Nov 2026, 15 school days so far",
        "Visits": 4,
        "Shared same day": 0.5,
        "Evidence pending": 0,
        "Conversation within 2 days": 0.5,
        "Conversations pending": 0,
        "Median days to conversation": 2.0,
        "Directive": 1,
        "Reflective": 1,
        "Reflexive": 1,
        "No role written": 1,
    }
    kinds = {c.title: (c.kind, c.stacked) for c in tab.charts if c.table == "feedback_months"}
    assert kinds == {
        "Feedback loop by month": (ChartKind.LINE, False),
        "Conversation roles by month": (ChartKind.BAR, True),
    }


def test_headlines_reach_the_summary_tab() -> None:
    book = school()
    summary = summary_tab(book, [trends_tab(book)])
    assert ("Trends", "Evidence shared the same day", "50%") in summary.table("headlines").rows


def test_an_empty_log_still_gives_a_tab() -> None:
    book = make_book(roster=ROSTER, as_of=AS_OF)
    tab = trends_tab(book)
    assert figures(tab, "feedback")["Valid visits"] == 0
    assert figures(tab, "feedback")["Evidence shared the same day"] is None
    assert rows(tab, "priority_weeks") == []


def test_a_teacher_with_no_grade_is_in_a_row_so_no_total_gives_them_away() -> None:
    roster = [teacher(f"T{n}", f"Teacher {n}", grade="7") for n in range(1, 5)]
    roster.append(teacher("T9", "Teacher Nine"))  # no grade on the Roster
    visits = [
        visit("2026-11-16", f"0{n + 7}:00", "Obs A", f"T{n}", lookfors="IN1") for n in range(1, 5)
    ]
    visits.append(visit("2026-11-17", "09:00", "Obs A", "T9", lookfors="CL1"))
    book = make_book(
        roster=roster,
        walkthroughs=visits,
        framework=FRAMEWORK,
        settings={"Min Group Size": 2},
        as_of=AS_OF,
    )
    shown = rows(trends_tab(book), "by_grade")
    assert sum(r["Teachers"] for r in shown) == 5
    assert sum(r["Visits"] for r in shown) == 5
    assert [r["Grade"] for r in shown] == ["Other (small groups merged)"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["6", "7", "8", None]), min_size=1, max_size=14),
    st.integers(2, 5),
    st.data(),
)
def test_every_visited_teacher_is_in_exactly_one_row_of_at_least_min_group(
    grades: list[str | None], min_group: int, data: st.DataObject
) -> None:
    """However grades fall, the rows add up to the school: no total minus rows is anyone."""
    roster = [teacher(f"T{n}", f"Teacher {n}", grade=grade) for n, grade in enumerate(grades)]
    visited = data.draw(st.sets(st.integers(0, len(grades) - 1), min_size=1))
    visits = [
        visit("2026-11-16", f"{8 + n % 8:02d}:00", "Obs A", f"T{n}", lookfors="IN1")
        for n in sorted(visited)
    ]
    book = make_book(
        roster=roster,
        walkthroughs=visits,
        framework=FRAMEWORK,
        settings={"Min Group Size": min_group},
        as_of=AS_OF,
    )
    groups = evidence_by_group(book, "grade")
    if len(visited) < min_group:
        assert groups.teachers.empty
    else:
        assert int(groups.teachers.sum()) == len(visited)
        assert int(groups.areas.visits.sum()) == len(visits)
        assert (groups.teachers >= min_group).all()
