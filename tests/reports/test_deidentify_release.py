"""Release levels: every combination a reader can group by covers Min Group Size teachers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.exports.deidentified import DeidentifyOptions, deidentified_copy
from reports.privacy.generalise import Generaliser
from reports.privacy.release import Focus, Level, Period, Row, focus_shown, period_label, release
from tests.builders import coaching, look_for, make_book, teacher

YEAR_START = dt.date(2026, 8, 17)


def test_a_row_keeps_its_week_only_when_five_teachers_share_it() -> None:
    rows = [Row(f"T{i}", "All staff", dt.date(2026, 11, 4), "EN1", "Engagement") for i in range(5)]
    rows.append(Row("T9", "All staff", dt.date(2026, 11, 12), "EN1", "Engagement"))
    levels = release(rows, 5, YEAR_START)
    assert levels[:5] == [Level(Period.WEEK, Focus.LOOK_FOR)] * 5
    assert levels[5] is None  # alone in its week, its month (the others are taken) and term


def test_coarser_steps_gather_what_finer_ones_could_not() -> None:
    # Five teachers in October, each on a different look-for of one area, in different weeks.
    rows = [
        Row(f"T{i}", "Gr 7 Math", dt.date(2026, 10, 5 + 7 * (i % 3)), f"EN{i}", "Engagement")
        for i in range(5)
    ]
    assert release(rows, 5, YEAR_START) == [Level(Period.MONTH, Focus.AREA)] * 5


def test_groups_too_thinly_coached_are_shown_as_all_teachers_for_the_term() -> None:
    # Two teachers each of three groups in October: no group reaches five at any step of its
    # own, but the six together share the term and the area.
    rows = [
        Row(f"{label}{i}", label, dt.date(2026, 10, 5 + i), "EN1", "Engagement")
        for label in ("Gr 6 Math", "Gr 7 Math", "Gr 8 ELA")
        for i in range(2)
    ]
    assert release(rows, 5, YEAR_START) == [Level(Period.TERM, Focus.AREA, group=False)] * 6
    assert Level(Period.TERM, Focus.AREA, group=False).label(rows[0]) == "All teachers"


def test_period_labels() -> None:
    day = dt.date(2026, 11, 20)
    assert period_label(day, Period.WEEK, YEAR_START) == "Week of Nov 16, 2026"
    assert period_label(day, Period.MONTH, YEAR_START) == "Nov 2026"
    assert period_label(day, Period.TERM, YEAR_START) == "Term 2: Nov-Jan 2027"
    assert period_label(dt.date(2026, 9, 1), Period.TERM, YEAR_START) == "Term 1: Aug-Oct 2026"
    assert period_label(dt.date(2027, 1, 9), Period.TERM, YEAR_START) == "Term 2: Nov-Jan 2027"


schools = st.lists(
    st.tuples(
        st.integers(0, 11),  # teacher
        st.sampled_from(["Gr 7 Math", "Gr 8 ELA", "All staff"]),
        st.integers(0, 120),  # days into the year
        st.sampled_from(["EN1", "EN2", "IN1"]),
    ),
    max_size=80,
)


@settings(max_examples=200)
@given(schools, st.integers(2, 5))
def test_every_released_combination_covers_min_group_teachers(
    drawn: list[tuple[int, str, int, str]], min_group: int
) -> None:
    area = {"EN1": "Engagement", "EN2": "Engagement", "IN1": "Instruction"}
    rows = [
        Row(f"T{t}", label, YEAR_START + dt.timedelta(days=d), code, area[code])
        for t, label, d, code in drawn
    ]
    teachers: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row, level in zip(rows, release(rows, min_group, YEAR_START), strict=True):
        if level is not None:
            period = period_label(row.date, level.period, YEAR_START)
            shown = (level.label(row), period, *focus_shown(row, level.focus))
            teachers[shown].add(row.teacher)
    assert all(len(who) >= min_group for who in teachers.values())


def test_two_copies_months_apart_give_a_teacher_the_same_group() -> None:
    """Labels come from the Roster, not from who has been coached so far."""
    roster = [teacher(f"M{i}", f"Maths{i} Person", grade="7", department="Math") for i in range(5)]
    roster += [teacher(f"E{i}", f"Ela{i} Person", grade="8", department="ELA") for i in range(5)]
    october = [coaching("2026-10-07", "Coach Kim", f"M{i}", focus_area="EN1") for i in range(5)]
    november = [coaching("2026-11-04", "Coach Kim", f"E{i}", focus_area="EN1") for i in range(5)]

    def groups(as_of: str) -> set[tuple[object, object]]:
        book = make_book(
            roster=roster,
            coaching_rows=october + november,
            framework=[look_for("EN1", "Engagement")],
            as_of=as_of,
        )
        log = deidentified_copy(book, DeidentifyOptions()).tabs[0]
        return {(r[0], r[1]) for r in log.table("coaching").rows}

    assert groups("2026-10-20") == {("Week of Oct 5, 2026", "Gr 7 Math")}
    assert groups("2026-11-20") == {
        ("Week of Oct 5, 2026", "Gr 7 Math"),
        ("Week of Nov 2, 2026", "Gr 8 ELA"),
    }


def test_subject_words_and_grades_a_coarse_label_hides_are_generalised() -> None:
    generaliser = Generaliser(["Math", "Music", "Band", "Spanish", "Co-taught"], ["6", "7", "8"])
    note = "Band: tuning; Spanish 8 vocab, Gr 7 and 7th grade; 3 students in math"
    assert generaliser.generalise(note, "All staff").text == (
        "[subject]: tuning; [subject] [grade] vocab, [grade] and [grade]; 3 students in [subject]"
    )
    assert generaliser.generalise(note, "Math, all grades").text == (
        "Band: tuning; Spanish [grade] vocab, [grade] and [grade]; 3 students in math"
    )
    assert generaliser.generalise(note, "Gr 7, all depts").text == (
        "[subject]: tuning; [subject] 8 vocab, Gr 7 and 7th grade; 3 students in [subject]"
    )
    assert generaliser.generalise(note, "Gr 7 Math").text == note


def test_a_subject_is_its_whole_phrase() -> None:
    generaliser = Generaliser(["Co-taught", "Social Studies 7", "ELA 6"], ["6", "7"])
    note = "Co-planned and taught a co-taught lesson; Social Studies 7 and ELA next"
    assert generaliser.generalise(note, "All staff").text == (
        "Co-planned and taught a [subject] lesson; [subject] [grade] and [subject] next"
    )
