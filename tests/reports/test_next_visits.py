"""The Next Visits tab: how the plan is laid out, its headline and its notes."""

from __future__ import annotations

from reports.tabs.next_visits import next_visits_tab
from tests.builders import make_book, teacher
from tests.reports.next_visits_tab import figure, notes, rows

AS_OF = "2026-11-20"  # a Friday; the year has no Calendar


def test_a_daily_target_above_the_number_of_blocks() -> None:
    book = make_book(
        roster=[teacher(f"T{i}", f"Teacher {i}") for i in range(1, 7)],
        settings={"Daily Target": 5},
        as_of=AS_OF,
    )
    tab = next_visits_tab(book, school_days=1)
    assert figure(tab, "Visits planned") == "4 of 4 possible"
    assert "Daily Target is 5, but there are only 4 time blocks" in notes(tab)


def test_no_school_days_left() -> None:
    book = make_book(roster=[teacher("T1", "Ana Ortiz")], as_of="2027-06-11")
    tab = next_visits_tab(book)
    assert tab.table("next_visits").rows == ()
    assert tab.table("next_visits").empty_message == "No school days left this year."
    assert figure(tab, "Plan for") == "no school days left this year"
    assert rows(tab, "left_out")[0]["Why"] == "no school days left this year"


def test_the_headline() -> None:
    book = make_book(roster=[teacher("T1", "Ana Ortiz")], as_of=AS_OF)
    (headline,) = [f for f in next_visits_tab(book).key_figures("plan").items if f.headline]
    assert (headline.label, headline.value) == ("Overdue teachers in the plan", "1 of 1")
