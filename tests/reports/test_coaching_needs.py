"""The PL needs figure: conversations by teacher group and framework area, small cells hidden.

Values are read straight off `coaching_needs`; `None` is a hidden count. How the tab and the
packet show them is tested with each (`test_pl_needs.py`, `test_packet.py`).
"""

from __future__ import annotations

from reports.figures.coaching_needs import AreaNeeds, GroupRow, coaching_needs
from sheets_templates.book import Book
from tests.builders import coaching, look_for, make_book, teacher

FRAMEWORK = [
    look_for("CL1", "Culture"),
    look_for("IN1", "Instruction"),
    look_for("AS1", "Assessment"),
]
MATH = "Gr 7 Math, 4-10 yrs"


def school(sessions: list[tuple[str, str, str | None]], teachers: int) -> Book:
    """`sessions`: (date, teacher id, focus code); `teachers` Grade 7 Math teachers M0, M1, ..."""
    return make_book(
        roster=[
            teacher(f"M{i}", f"Teacher M{i}", grade="7", department="Math", years=5)
            for i in range(teachers)
        ],
        coaching_rows=[coaching(day, "Coach", tid, focus_area=code) for day, tid, code in sessions],
        framework=FRAMEWORK,
        as_of="2026-11-20",
    )


def twelve_math() -> Book:
    """Instruction: 6 this week, 6 on Oct 1; Culture 6 and Assessment 6 in early September."""
    sessions: list[tuple[str, str, str | None]] = []
    sessions += [("2026-11-16", f"M{i}", "IN1") for i in range(6)]
    sessions += [("2026-10-01", f"M{i}", "IN1") for i in range(6, 12)]
    sessions += [("2026-09-01", f"M{i}", "CL1") for i in range(6)]
    sessions += [("2026-09-02", f"M{i}", "AS1") for i in range(6, 12)]
    sessions += [("2026-11-17", "M0", None), ("2026-11-18", "M1", "ZZ9")]  # no framework focus
    return school(sessions, 12)


def test_the_counts_by_group_and_area_over_all_weeks() -> None:
    needs = coaching_needs(twelve_math())
    assert (needs.min_group, needs.groups) == (5, (MATH,))
    assert needs.areas == ("Culture", "Instruction", "Assessment")  # the Framework tab's order
    assert (needs.conversations, needs.unfocused) == (24, 2)
    all_weeks = needs.windows[-1]
    assert all_weeks.title == "All weeks"
    # 12 teachers behind each count and none the whole of its row: all shown.
    assert all_weeks.rows == (
        GroupRow(MATH, 12, (6, 12, 6), 24),
        GroupRow("All groups", 12, (6, 12, 6), 24),
    )


def test_the_shorter_windows_count_from_the_monday_weeks_back() -> None:
    last_4, last_8, _ = coaching_needs(twelve_math()).windows
    # Last 4 weeks: Oct 26 on, only this week's 6 (all Instruction, so the areas are hidden).
    assert last_4.rows[-1] == GroupRow("All groups", 6, (None, None, None), 6)
    # Last 8 weeks: Sep 28 on, Oct 1's 6 too: 12 teachers, 12 conversations, all Instruction.
    assert last_8.rows[-1] == GroupRow("All groups", 12, (None, None, None), 12)


def test_areas_most_coached_first_with_ties_in_framework_order() -> None:
    needs = coaching_needs(twelve_math())
    assert needs.by_area == (
        AreaNeeds("Instruction", (None, None, 12)),
        AreaNeeds("Culture", (None, None, 6)),
        AreaNeeds("Assessment", (None, None, 6)),
    )
    assert needs.hidden == sum(window.hidden for window in needs.windows) > 0


def test_fewer_teachers_than_the_minimum_group_show_nothing() -> None:
    needs = coaching_needs(school([("2026-11-16", f"M{i}", "IN1") for i in range(4)], 4))
    assert (needs.groups, needs.areas, needs.by_area) == ((), (), ())
    assert needs.conversations is None
    assert all(window.rows == () for window in needs.windows)
    assert needs.hidden == 0


def test_no_difference_of_windows_gives_away_one_teacher() -> None:
    """Six Math and six ELA teachers, each coached on Culture and on Instruction this week;
    one Math teacher on Instruction in September. Each window alone would show every cell
    (6 teachers each), but then all weeks minus the last 8 would give Math's Instruction
    (7 - 6) and Math's total (13 - 12): one conversation of one teacher. The all-weeks table
    keeps its counts; the shorter windows hide what would give the September one away."""
    roster = [teacher(f"M{i}", f"Teacher M{i}", grade="7", department="Math") for i in range(6)]
    roster += [teacher(f"E{i}", f"Teacher E{i}", grade="8", department="ELA") for i in range(6)]
    sessions = [("2026-11-16", t, "CL1") for t in [f"M{i}" for i in range(6)]]
    sessions += [("2026-11-17", t, "IN1") for t in [f"M{i}" for i in range(6)]]
    sessions += [("2026-11-16", t, "CL1") for t in [f"E{i}" for i in range(6)]]
    sessions += [("2026-11-17", t, "IN1") for t in [f"E{i}" for i in range(6)]]
    sessions += [("2026-09-01", "M0", "IN1")]
    book = make_book(
        roster=roster,
        coaching_rows=[coaching(d, "Coach", t, focus_area=c) for d, t, c in sessions],
        framework=[look_for("CL1", "Culture"), look_for("IN1", "Instruction")],
        as_of="2026-11-20",
    )
    last_4, last_8, all_weeks = coaching_needs(book).windows
    assert [(r.group, r.areas, r.total) for r in all_weeks.rows] == [
        ("Gr 7 Math", (6, 7), 13),
        ("Gr 8 ELA", (6, 6), 12),
        ("All groups", (12, 13), 25),
    ]
    for window in (last_4, last_8):
        math = window.rows[0]
        assert (math.areas[1], math.total) == (None, None)
