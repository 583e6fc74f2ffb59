"""The district's pooled figures on small hand-built schools, worked out by hand."""

from __future__ import annotations

import re

import pytest

from reports.district.figures import SchoolFigures, school_figures
from reports.district.pooled import (
    district_coverage,
    district_needs,
    district_weeks,
    lowest_coverage_first,
)
from reports.district.tabs import district_tabs
from reports.figures.coaching_needs import ALL_GROUPS, coaching_needs
from reports.model import KeyFigures, Note, OutputTab
from tests.builders import coaching, look_for, make_book, teacher, visit

AS_OF = "2026-11-20"
FRAMEWORK = [
    look_for("IN2", "Instruction", priority="Y"),
    look_for("AS1", "Assessment"),
]


def _school(name: str, teachers: int, visits: list[tuple[str, str]], **tabs) -> SchoolFigures:
    """A school of `teachers` Grade 7 Math teachers T1.., and visits (teacher, look-fors)."""
    roster = [
        teacher(f"T{n}", f"Teacher {name} {n}", grade="7", department="Math")
        for n in range(1, teachers + 1)
    ]
    walkthroughs = [
        visit("2026-11-16", "10:00", "Obs A", who, lookfors=codes) for who, codes in visits
    ]
    framework = tabs.pop("framework", FRAMEWORK)
    book = make_book(
        roster=roster, walkthroughs=walkthroughs, framework=framework, as_of=AS_OF, **tabs
    )
    return school_figures(book, name)


def test_district_coverage_pools_teachers_not_shares() -> None:
    # Adams: 2 of 3 teachers seen (67%); Baker: 0 of 2 (0%). Pooled: 2 of 5 = 40%, where the
    # mean of the two shares would say 33%.
    adams = _school("Adams", 3, [("T1", "IN2"), ("T2", "")])
    baker = _school("Baker", 2, [])
    assert adams.coverage == pytest.approx(2 / 3)
    assert baker.coverage == 0
    assert district_coverage([adams, baker]) == pytest.approx(2 / 5)
    assert [s.school for s in lowest_coverage_first([adams, baker])] == ["Baker", "Adams"]


def test_a_look_fors_district_share_pools_the_visits_of_schools_that_have_it() -> None:
    # Week of Nov 16: Adams 1 of 4 visits record IN2 (25%), Baker 2 of 2 (100%): the
    # district's share is 3 of 6 = 50%. Carver's Framework has no IN2: left out.
    adams = _school("Adams", 4, [("T1", "IN2"), ("T2", ""), ("T3", "AS1"), ("T4", "")])
    baker = _school("Baker", 2, [("T1", "IN2"), ("T2", "IN2, AS1")])
    carver = _school(
        "Carver", 1, [("T1", "AS1")], framework=[look_for("AS1", "Assessment", priority="Y")]
    )
    weeks = district_weeks([adams, baker, carver], "IN2")
    assert [str(week) for week in weeks.weeks] == ["2026-11-16"]
    assert weeks.visits == (6,)
    assert weeks.district == (pytest.approx(0.5),)
    assert dict(weeks.schools) == {"Adams": (0.25,), "Baker": (1.0,)}
    assert weeks.left_out == ("Carver",)
    # AS1 is Carver's priority only; every school's Framework has it, so all three show.
    as1 = district_weeks([adams, baker, carver], "AS1")
    assert as1.district == (pytest.approx(3 / 7),)
    assert as1.left_out == ()


def _coached_school(name: str) -> SchoolFigures:
    """Three Grade 7 Math teachers, each coached once on IN2 and once on AS1."""
    sessions = [
        coaching(day, "Coach C", f"T{n}", focus_area=code)
        for n in (1, 2, 3)
        for day, code in (("2026-11-16", "IN2"), ("2026-11-17", "AS1"))
    ]
    return _school(name, 3, [], coaching_rows=sessions)


def test_pl_needs_apply_min_group_size_to_the_districts_teachers() -> None:
    # Each school alone has 3 coached teachers, under Min Group Size 5: nothing is shown.
    book = make_book(
        roster=[teacher(f"T{n}", f"Teacher {n}", grade="7", department="Math") for n in (1, 2, 3)],
        coaching_rows=[
            coaching("2026-11-16", "Coach C", f"T{n}", focus_area="IN2") for n in (1, 2, 3)
        ],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    assert coaching_needs(book).conversations is None
    # Together, 6 Grade 7 Math teachers: a group of the district's, its counts shown.
    needs = district_needs([_coached_school("Adams"), _coached_school("Baker")], as_of=book.as_of)
    assert needs.min_group == 5
    assert needs.areas == ("Instruction", "Assessment")
    all_weeks = needs.windows[-1]
    rows = {row.group: (row.teachers, row.areas, row.total) for row in all_weeks.rows}
    assert rows == {"Gr 7 Math": (6, (6, 6), 12), ALL_GROUPS: (6, (6, 6), 12)}
    assert needs.conversations == 12


def _texts(tab: OutputTab) -> list[str]:
    """Every piece of text a tab shows: titles, notes, key figures, table cells."""
    texts = [tab.title, tab.subtitle]
    for block in tab.blocks:
        if isinstance(block, Note):
            texts.append(block.text)
        elif isinstance(block, KeyFigures):
            texts += [f"{item.label} {item.value} {item.note}" for item in block.items]
        else:
            texts += [str(cell) for row in block.rows for cell in row]
    return texts


def test_district_tabs_name_no_teacher() -> None:
    adams = _school("Adams", 3, [("T1", "IN2"), ("T2", "")])
    tabs = district_tabs([adams, _coached_school("Baker")], [], adams.as_of)
    texts = [text for tab in tabs for text in _texts(tab)]
    assert not [text for text in texts if re.search(r"\bT\d\b|Teacher (Adams|Baker)", text)]


def test_rows_left_out_are_rows_with_an_error_not_history_or_later_rows() -> None:
    book = make_book(
        as_of="2026-11-20",
        today="2026-12-04",  # looking back: the row of Nov 30 waits for a later day
        roster=[teacher("T1", "Ana Ortiz")],
        walkthroughs=[
            visit("2025-10-06", "10:00", "Obs A", "T1"),  # last year: history
            visit("2026-11-16", "10:00", "Obs A", "T1"),
            visit("2026-11-17", "10:00", "Obs A", "Nobody Known"),  # an error: left out
            visit("2026-11-30", "10:00", "Obs A", "T1"),  # after as-of, before today
        ],
    )
    figures = school_figures(book, "Adams")
    assert figures.rows_left_out == pytest.approx(1 / 4)
