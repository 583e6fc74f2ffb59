"""What the `Book` works out once for every figure: the area of each framework code."""

from __future__ import annotations

from tests.builders import coaching, look_for, make_book, teacher


def test_every_code_finds_its_area_however_it_was_typed() -> None:
    book = make_book(
        roster=[teacher("T1", "Ana Ortiz")],
        framework=[
            look_for("in 2", "Instruction"),
            look_for("CL1", ""),  # no area: no lookup
            look_for("IN2", "Culture"),  # a second IN2 is an error row, left out
        ],
        coaching_rows=[coaching("2026-11-16", "Coach", "T1", focus_area="In2")],
        as_of="2026-11-20",
    )
    assert book.code_areas == {"IN2": "Instruction"}
    focus = book.coaching["focus_area"].iloc[0]
    assert book.code_areas[focus] == "Instruction"
