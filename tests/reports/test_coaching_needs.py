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
