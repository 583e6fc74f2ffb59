"""Roadmap levels on logs built to sit exactly on a level's bar, and one visit below it.

The log: one observer, one visit a school day over the 10-school-day rotation window (Mon Nov 9
to Fri Nov 20, 2026), to T1, T2, T3 in turn; T4 is never seen. With no Calendar, as_of Fri Nov 20
leaves 145 school days, and the 20-school-day pace is 10 / 20 = 0.5, so the 500 projection is
10 + 0.5 x 145 = 82.5 visits: exactly half of a Yearly Target of 165.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reports.figures.roadmap_levels import (
    CONVERSATION_HELD,
    ROLES_USED,
    SHARED_SAME_DAY,
    STAGES,
    WITHIN_TWO_DAYS,
    Who,
    rules_markdown,
)
from reports.figures.roadmap_levels import CONVERSATIONS as CONVERSATIONS_STAGE
from reports.figures.standings import (
    observer_standings,
    standing,
    team_measures,
    team_standings,
)
from reports.model import OutputTab
from reports.tabs.roadmap import roadmap_tab
from sheets_templates.book import Book
from tests.builders import look_for, make_book, teacher, visit

AS_OF = "2026-11-20"
WINDOW = [dt.date(2026, 11, 9) + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]


def log(visits: int = 10) -> Book:
    rows = []
    for n, day in enumerate(WINDOW[:visits]):
        teacher_id = f"T{n % 3 + 1}"
        last = n == 9
        rows.append(
            visit(
                day,
                f"{8 + n % 4}:15",
                "Obs A",
                teacher_id,
                lookfors="" if last else ("IN1:3" if teacher_id == "T1" else "IN1"),
                subject=None if last else "Math",
                evidence_shared=day if n < 5 else None,
                conversation_date=day if n >= 5 else None,
            )
        )
    return make_book(
        roster=[teacher(f"T{n}", f"Teacher {n}") for n in range(1, 5)],
        walkthroughs=rows,
        framework=[look_for("IN1", "Instruction")],
        settings={"Yearly Target": 165},
        as_of=AS_OF,
    )


def levels(tab: OutputTab, key: str = "team") -> dict[str, int]:
    return {row[0]: row[1] for row in tab.table(key).rows}


def test_each_stage_sits_exactly_on_a_bar() -> None:
    book = log()
    assert book.findings == []
    assert levels(roadmap_tab(book)) == {
        "Walkthroughs": 3,  # 1.0 visits a school day; 3 of 4 teachers (75%) in the window
        "Conversations": 3,  # 50% shared the same day, 50% within 2 school days
        "Framework": 4,  # 90% tagged, 90% with a subject
        "500 Classrooms": 3,  # 82.5 of 165 projected: 50%
        "High-Performance": 2,  # a level for T1 only: 1 of 4 teacher x area pairs
    }


def test_the_standings_as_data_for_the_team_and_each_observer() -> None:
    book = log()
    team = team_standings(book)
    assert [(s.stage.name, s.level.number) for s in team] == [
        ("Walkthroughs", 3),
        ("Conversations", 3),
        ("Framework", 4),
        ("500 Classrooms", 3),
        ("High-Performance", 2),
    ]
    assert team[2].next_step == "Top level reached: keep it up."
    assert team[3].next_step == (
        "For level 4: at least 100% of the Yearly Target projected by the year's end (now 50%)"
    )
    ((name, standings),) = observer_standings(book).items()
    assert (name, [s.level.number for s in standings]) == ("Obs A", [3, 3, 4, 3, 2])


def test_one_visit_fewer_drops_below_the_walkthrough_and_pace_bars() -> None:
    tab = roadmap_tab(log(visits=9))
    assert levels(tab)["Walkthroughs"] == 2  # 0.9 a school day
    assert levels(tab)["500 Classrooms"] == 2  # (9 + 0.45 x 145) / 165 = 45%
    team = {row[0]: row for row in tab.table("team").rows}
    assert team["Walkthroughs"][4] == (
        "For level 3: at least 1.0 visits a school day per observer in the rotation window "
        "(now 0.9)"
    )


def test_team_only_bars_do_not_hold_an_observer_back() -> None:
    tab = roadmap_tab(log())
    [observer] = tab.table("observers").rows
    assert observer[:3] == ("Obs A", 10, 3)
    # Level 4 asks an observer for the Daily Target (3 a school day), not for coverage.
    evidence = {row[0]: row for row in tab.table("observer Obs A").rows}
    assert "Daily Target (3.0)" in str(evidence["Walkthroughs"][4])
    assert "active teachers" not in str(evidence["Walkthroughs"][4])


def test_team_measures_are_the_hand_computed_figures() -> None:
    measures = {m.words: v for m, v in team_measures(log()).items()}
    assert measures["active teachers seen in the rotation window"] == 0.75
    assert measures["visits a school day per observer in the rotation window"] == 1.0
    assert measures["the Yearly Target projected by the year's end"] == 0.5
    assert measures["teacher x framework area pairs with a level written"] == 0.25


@pytest.mark.parametrize(
    ("values", "level"),
    [
        ({CONVERSATION_HELD: 0.25}, 2),
        ({CONVERSATION_HELD: 0.2499}, 1),
        ({CONVERSATION_HELD: 1, SHARED_SAME_DAY: 0.5, WITHIN_TWO_DAYS: 0.5}, 3),
        ({CONVERSATION_HELD: 1, SHARED_SAME_DAY: 0.5, WITHIN_TWO_DAYS: 0.4999}, 2),
        ({CONVERSATION_HELD: 1, SHARED_SAME_DAY: 0.9, WITHIN_TWO_DAYS: 0.75, ROLES_USED: 2}, 4),
        ({CONVERSATION_HELD: 1, SHARED_SAME_DAY: 0.9, WITHIN_TWO_DAYS: 0.75, ROLES_USED: 1}, 3),
        # A level needs every lower level's bars too: no conversations, no level 3.
        ({CONVERSATION_HELD: 0.1, SHARED_SAME_DAY: 1, WITHIN_TWO_DAYS: 1, ROLES_USED: 3}, 1),
        ({CONVERSATION_HELD: None}, 1),
    ],
)
def test_conversation_levels_at_their_boundaries(values: dict[Any, Any], level: int) -> None:
    book = log()
    result = standing(CONVERSATIONS_STAGE, values, Who.TEAM, book.settings)
    assert result.level.number == level


def test_rules_are_four_levels_each_with_rising_bars() -> None:
    for stage in STAGES:
        assert [level.number for level in stage.levels] == [1, 2, 3, 4]
        assert stage.levels[0].bars == ()
        highest: dict[Any, float] = {}
        for level in stage.levels[1:]:
            assert level.bars, f"{stage.name} level {level.number} has no bar"
            for bar in level.bars:
                if isinstance(bar.at_least, float | int):
                    assert bar.at_least >= highest.get(bar.measure, 0)
                    highest[bar.measure] = bar.at_least
    table = rules_markdown().splitlines()
    assert len(table) == 2 + 4 * len(STAGES)
    assert "| Walkthroughs | 3 | Most classrooms every two weeks |" in table[4]


def test_an_empty_log_is_level_one_everywhere() -> None:
    book = make_book(roster=[teacher("T1", "Teacher 1")], as_of=AS_OF)
    tab = roadmap_tab(book)
    assert set(levels(tab).values()) == {1}
    assert tab.table("observers").rows == ()
