"""The Calibration tab: hand-built logs with known agreement, and kappa checked against
scikit-learn, a published example and the closed form for quadratic weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from reports.build import build_output_tabs
from reports.exports.packet import text
from reports.exports.packet.content import packet_content
from reports.figures.calibration import presence_kappa, weighted_kappa
from reports.figures.standings import team_standings
from reports.model import OutputTab
from reports.tabs.calibration import calibration_tab
from sheets_templates.book import Book
from tests.builders import look_for, make_book, rating, teacher, visit
from tests.sync.test_contract import HARNESSES, PEOPLE, shown, trimmed
from tests.sync.test_xlwings_contract import xlwings_harness

AS_OF = "2026-11-20"
TEACHERS = [teacher(f"T{n}", f"Teacher {n}") for n in range(1, 8)]
FRAMEWORK = [look_for("IN1", "Instruction"), look_for("CL1", "Climate")]
DAYS = ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-16"]


def school(walkthroughs: list[dict[str, Any]], **tabs: Any) -> Book:
    return make_book(
        roster=TEACHERS, framework=FRAMEWORK, walkthroughs=walkthroughs, as_of=AS_OF, **tabs
    )


def shared_visits(levels: list[tuple[str, str]], first: str = "Obs A", second: str = "Obs B"):
    """One shared visit per (first's look-fors, second's look-fors), each on its own day:
    `first` at 10:00, `second` at 10:05."""
    rows = []
    for n, (mine, theirs) in enumerate(levels):
        where = (DAYS[n % len(DAYS)], f"T{n // len(DAYS) + 1}")
        rows.append(visit(where[0], "10:00", first, where[1], lookfors=mine))
        rows.append(visit(where[0], "10:05", second, where[1], lookfors=theirs))
    return rows


def rows_of(tab: OutputTab, key: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in tab.table(key).rows]


def figures(tab: OutputTab) -> dict[str, object]:
    return {item.label: item.value for item in tab.key_figures("calibration").items}


SIX_VISITS = [
    ("IN1:3, CL1", "IN1:3, CL1"),
    ("IN1:2, CL1", "IN1:2"),
    ("IN1:3", "IN1:2"),
    ("IN1:4", "IN1:4"),
    ("IN1:1", "IN1:3"),
    ("IN1:2", "IN1:2"),
]


def test_paired_visits_give_agreement_by_look_for_and_the_verdict() -> None:
    tab = calibration_tab(school(shared_visits(SIX_VISITS)))
    # IN1: exact on 4 of 6, within one on 5 of 6. Quadratic kappa by the closed form
    # 2 cov / (var a + var b + (mean a - mean b)^2) = (2/3) / (11/12 + 5/9 + 1/36) = 4/9.
    # CL1: both recorded it on visit 1, only Obs A on visit 2, neither on the other 4:
    # presence 5/6; kappa (5/6 - 11/18) / (1 - 11/18) = 4/7.
    assert rows_of(tab, "by_lookfor") == [
        (
            "IN1",
            "Needs calibration",
            6,
            pytest.approx(4 / 6),
            pytest.approx(5 / 6),
            0.44,
            6,
            1.0,
            "-",
            "presence kappa -: recorded by both on every pair",
        ),
        (
            "CL1",
            "Too few pairs",
            0,
            None,
            None,
            "-",
            6,
            pytest.approx(5 / 6),
            0.57,
            "kappa -: no pairs of levels",
        ),
    ]
    assert figures(tab) == {
        "Shared visits this year": 6,
        "Shared Ratings sessions this year": 0,
        "Observers taking part": 2,
        "Pairs of levels compared": 6,
        "Exact agreement": pytest.approx(4 / 6),
        "Adjacent agreement": pytest.approx(5 / 6),
        "Look-for agreed least": "IN1",
    }
    assert rows_of(tab, "by_pair")[0][:5] == (
        "Obs A & Obs B",
        "Needs calibration",
        6,
        pytest.approx(4 / 6),
        pytest.approx(5 / 6),
    )


def test_the_summary_names_the_look_for_agreed_least() -> None:
    summary = build_output_tabs(school(shared_visits(SIX_VISITS)))[0]
    assert (
        "Calibration",
        "Look-for agreed least",
        "IN1; 67% exact agreement over 6 pairs (Needs calibration)",
    ) in rows_of(summary, "headlines")


def test_one_pair_is_too_few_for_a_verdict() -> None:
    tab = calibration_tab(school(shared_visits([("IN1:2", "IN1:3")])))
    (row,) = rows_of(tab, "by_lookfor")
    assert row[:6] == ("IN1", "Too few pairs", 1, 0.0, 1.0, 0.0)
    assert figures(tab)["Look-for agreed least"] == "none yet"


def test_identical_ratings_agree_fully_and_their_kappa_has_a_reason_not_nan() -> None:
    tab = calibration_tab(school(shared_visits([("IN1:3", "IN1:3")] * 5)))
    assert rows_of(tab, "by_lookfor") == [
        (
            "IN1",
            "Calibrated",
            5,
            1.0,
            1.0,
            "-",
            5,
            1.0,
            "-",
            "kappa -: every level given was 3; presence kappa -: recorded by both on every pair",
        )
    ]


def test_a_look_for_recorded_by_one_observer_only_disagrees_on_presence() -> None:
    tab = calibration_tab(school(shared_visits([("IN1:2, CL1:3", "IN1:2")] * 3)))
    cl1 = dict((row[0], row) for row in rows_of(tab, "by_lookfor"))["CL1"]
    # Obs A recorded it every time, Obs B never: no agreement, and kappa 0 (pe = 0).
    assert cl1[:9] == ("CL1", "Too few pairs", 0, None, None, "-", 3, 0.0, 0.0)


def test_three_raters_in_a_session_make_three_pairs_and_a_most_common_level() -> None:
    ratings = [
        rating("Video: turn and talk", "2026-11-04", "Obs A", "IN1:3"),
        rating("Video: turn and talk", "2026-11-04", "Obs B", "IN1:3"),
        rating("video:  turn and TALK", "2026-11-04", "Obs C", "IN1:4"),
    ]
    tab = calibration_tab(school([], shared_ratings=ratings))
    # Pairs A-B (3, 3), A-C (3, 4), B-C (3, 4): exact on 1 of 3, all within one.
    assert rows_of(tab, "by_lookfor")[0][:5] == (
        "IN1",
        "Too few pairs",
        3,
        pytest.approx(1 / 3),
        1.0,
    )
    assert [row[0] for row in rows_of(tab, "by_pair")] == [
        "Obs A & Obs B",
        "Obs A & Obs C",
        "Obs B & Obs C",
    ]
    assert rows_of(tab, "sessions") == [
        ("Video: turn and talk", dt.date(2026, 11, 4), "IN1", 3, 3, pytest.approx(2 / 3), 1.0)
    ]
    assert figures(tab)["Shared Ratings sessions this year"] == 1
    # Obs C: 4 against the others' 3; A and B: 3 against the mean of 3 and 4.
    assert rows_of(tab, "drift") == [
        ("Obs A", "Rates low", 1, 1, -0.5),
        ("Obs B", "Rates low", 1, 1, -0.5),
        ("Obs C", "Rates high", 1, 1, 1.0),
    ]


@pytest.mark.parametrize(
    ("second_time", "window", "paired"),
    [("10:15", None, True), ("10:16", None, False), ("10:16", 20, True), ("09:45", None, True)],
)
def test_pairs_are_at_most_the_window_apart(
    second_time: str, window: int | None, paired: bool
) -> None:
    rows = [
        visit("2026-11-16", "10:00", "Obs A", "T1", lookfors="IN1:2"),
        visit("2026-11-16", second_time, "Obs B", "T1", lookfors="IN1:3"),
    ]
    settings = {"Calibration Window Minutes": window} if window else {}
    tab = calibration_tab(school(rows, settings=settings))
    assert figures(tab)["Shared visits this year"] == (1 if paired else 0)
    assert figures(tab)["Pairs of levels compared"] == (1 if paired else 0)


def test_the_same_observer_twice_is_a_duplicate_and_two_observers_are_a_pair() -> None:
    book = school(
        [
            visit("2026-11-16", "10:00", "Obs A", "T1", lookfors="IN1:2"),
            visit("2026-11-16", "10:00", "Obs A", "T1", lookfors="IN1:2"),
            visit("2026-11-16", "10:00", "Obs B", "T1", lookfors="IN1:3"),
        ]
    )
    duplicates = [(f.row, f.code) for f in book.findings if f.code == "duplicate-row"]
    assert duplicates == [(3, "duplicate-row")]
    # Each of Obs A's two rows is paired with Obs B's: one shared visit, two pairs.
    tab = calibration_tab(book)
    assert (figures(tab)["Shared visits this year"], figures(tab)["Pairs of levels compared"]) == (
        1,
        2,
    )


def test_an_observer_who_rates_high_is_flagged() -> None:
    levels = [("IN1:2", "IN1:3"), ("IN1:3", "IN1:4"), ("IN1:2", "IN1:2"), ("IN1:1", "IN1:2")]
    tab = calibration_tab(school(shared_visits(levels, second="Obs Keen")))
    # Obs Keen: +1, +1, 0, +1 over 4 visits = 0.75 a level above Obs A.
    assert rows_of(tab, "drift") == [
        ("Obs A", "Rates low", 4, 4, -0.75),
        ("Obs Keen", "Rates high", 4, 4, 0.75),
    ]


def test_the_roadmap_framework_evidence_names_calibration_once_there_are_pairs() -> None:
    def framework_evidence(book: Book) -> str:
        return next(s.evidence for s in team_standings(book) if s.stage.name == "Framework")

    assert "calibration" not in framework_evidence(school(shared_visits(SIX_VISITS[:4])))
    assert framework_evidence(school(shared_visits(SIX_VISITS))).endswith(
        "; calibration: 67% exact agreement over 6 pairs of levels on shared observations"
    )


def test_the_packet_agenda_names_the_look_for_agreed_least() -> None:
    agenda = text.agenda(packet_content(school(shared_visits(SIX_VISITS))))
    assert agenda[-2:] == (
        "Calibration: IN1, our least-agreed look-for",
        "Next steps: who, what, by when",
    )
    assert text.agenda(packet_content(school(shared_visits(SIX_VISITS[:3])))) == text.AGENDA


def test_an_empty_log_says_how_to_make_a_shared_visit() -> None:
    tab = calibration_tab(school([visit("2026-11-16", "10:00", "Obs A", "T1")]))
    assert tab.table("by_lookfor").rows == ()
    assert tab.table("by_lookfor").empty_message.startswith("No shared visits yet")
    assert figures(tab)["Exact agreement"] is None


# ---- the kappas against independent implementations -------------------------------------

level_pairs = st.lists(
    st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=1, max_size=40
).filter(lambda pairs: len({level for pair in pairs for level in pair}) > 1)


@given(level_pairs)
def test_weighted_kappa_is_scikit_learn_s(pairs: list[tuple[int, int]]) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    expected = cohen_kappa_score(first, second, weights="quadratic", labels=[1, 2, 3, 4])
    assert weighted_kappa(first, second).value == pytest.approx(expected)


presence_pairs = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40).filter(
    lambda pairs: len({value for pair in pairs for value in pair}) > 1
)


@given(presence_pairs)
def test_presence_kappa_is_scikit_learn_s(pairs: list[tuple[bool, bool]]) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    expected = cohen_kappa_score(first, second, labels=[False, True])
    assert presence_kappa(first, second).value == pytest.approx(expected)


def test_weighted_kappa_of_a_published_example() -> None:
    # Maple's EssayTools QuadraticWeightedKappa examples, scores 1 to 10.
    essays = [9, 7, 8, 7, 6, 8, 3, 5, 10]
    scale = range(1, 11)
    assert weighted_kappa(essays, [8, 8, 6, 6, 7, 6, 1, 4, 8], scale).value == pytest.approx(
        0.758620689655172
    )
    assert weighted_kappa(essays, [3, 5, 6, 6, 7, 6, 1, 4, 8], scale).value == pytest.approx(
        0.438095238095238
    )


def test_weighted_kappa_of_opposite_pairs_is_minus_one() -> None:
    # (1, 2) and (2, 1): observed weight 2/9, expected 1/9, so 1 - 2 = -1.
    assert weighted_kappa([1, 2], [2, 1]).value == pytest.approx(-1)


# ---- every backend draws the tab ---------------------------------------------------------


BACKENDS = {**HARNESSES, "excel-live": xlwings_harness}


@pytest.fixture(params=sorted(BACKENDS))
def backend_for(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Any]:
    return lambda: BACKENDS[request.param](PEOPLE, tmp_path).backend


def test_every_backend_draws_the_calibration_tab(backend_for: Callable[[], Any]) -> None:
    tab = calibration_tab(school(shared_visits(SIX_VISITS)))
    backend = backend_for()
    backend.write([tab])
    assert trimmed(backend.read(["Calibration"])["Calibration"].rows) == shown(tab)


def test_a_rater_typed_in_another_case_is_the_log_s_observer() -> None:
    book = school(
        [visit("2026-11-16", "10:00", "Ms. Diaz", "T1", lookfors="IN1:2")],
        shared_ratings=[
            rating("Video 1", "2026-11-10", "ms.  diaz", "IN1:3"),
            rating("Video 1", "2026-11-10", "Mr. Ode", "IN1:3"),
        ],
    )
    assert book.shared_ratings["observer"].tolist() == ["Ms. Diaz", "Mr. Ode"]
    assert [row[0] for row in rows_of(calibration_tab(book), "by_pair")] == ["Mr. Ode & Ms. Diaz"]
