"""Group labels: generalised step by step until each covers at least k distinct teachers."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from reports.privacy.groups import (
    ALL_STAFF,
    Facts,
    experience_band,
    group_teachers,
)


def facts(*groups: tuple[str | None, str | None, str | None, int]) -> dict[str, Facts]:
    """`(grade, department, band, how many teachers)` -> facts by generated Teacher ID."""
    made: dict[str, Facts] = {}
    for grade, department, band, count in groups:
        for _ in range(count):
            made[f"T{len(made):03d}"] = Facts(grade, department, band)
    return made


def labels_by_size(found: dict[str, str]) -> dict[str, int]:
    return dict(Counter(found.values()))


def test_experience_bands() -> None:
    assert [experience_band(y) for y in (0, 3, 4, 10, 11, 30, None)] == [
        "0-3 yrs",
        "0-3 yrs",
        "4-10 yrs",
        "4-10 yrs",
        "11+ yrs",
        "11+ yrs",
        None,
    ]


def test_a_big_enough_group_keeps_its_finest_label() -> None:
    people = facts(("7", "Math", "0-3 yrs", 5))
    grouping = group_teachers(people, people, 5)
    assert labels_by_size(grouping.labels) == {"Gr 7 Math, 0-3 yrs": 5}


def test_the_band_is_dropped_first_then_the_grade_then_the_department() -> None:
    people = facts(
        ("7", "Math", "0-3 yrs", 3),
        ("7", "Math", "11+ yrs", 2),  # with the 0-3s: Gr 7 Math
        ("6", "Science", "0-3 yrs", 2),
        ("8", "Science", "4-10 yrs", 3),  # Science across grades
        ("6", "Arts", "4-10 yrs", 2),
        ("6", "PE", "4-10 yrs", 3),  # grade 6 across departments
    )
    grouping = group_teachers(people, people, 5)
    assert labels_by_size(grouping.labels) == {
        "Gr 7 Math": 5,
        "Science, all grades": 5,
        "Gr 6, all depts": 5,
    }
    assert not grouping.suppressed


def test_a_small_remainder_is_folded_into_all_staff_with_the_smallest_group() -> None:
    people = facts(("7", "Math", "0-3 yrs", 6), ("8", "ELA", "0-3 yrs", 5), ("6", "PE", None, 2))
    grouping = group_teachers(people, people, 5)
    assert labels_by_size(grouping.labels) == {"Gr 7 Math, 0-3 yrs": 6, ALL_STAFF: 7}


def test_fewer_teachers_than_k_in_all_are_suppressed() -> None:
    people = facts(("7", "Math", "0-3 yrs", 4))
    grouping = group_teachers(people, people, 5)
    assert (grouping.labels, len(grouping.suppressed)) == ({}, 4)


def test_sizes_count_teachers_not_rows() -> None:
    people = facts(("7", "Math", "0-3 yrs", 5))
    coached = [*people, *people, *people]  # three conversations each
    assert group_teachers(people, coached, 5).sizes() == Counter({"Gr 7 Math, 0-3 yrs": 5})


TEACHER = st.tuples(
    st.sampled_from(["6", "7", "8", "K", None]),
    st.sampled_from(["Math", "ELA", "Science", None]),
    st.sampled_from(["0-3 yrs", "4-10 yrs", "11+ yrs", None]),
)


@given(st.lists(TEACHER, max_size=60), st.integers(2, 8))
def test_k_check_every_label_covers_at_least_k_teachers(
    rows: list[tuple[str | None, str | None, str | None]], k: int
) -> None:
    people = {f"T{i:03d}": Facts(*row) for i, row in enumerate(rows)}
    grouping = group_teachers(people, people, k)
    assert all(size >= k for size in grouping.sizes().values())
    assert set(grouping.labels) | grouping.suppressed == set(people)
    # Nobody is suppressed unless there are fewer than k teachers in all.
    assert not grouping.suppressed or len(people) < k
