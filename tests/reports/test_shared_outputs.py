"""Everything that leaves the private workbook goes through one scrubber and one set of rules.

The same notes, typed into the Coaching tab and used as cycle names, come out the same in the
de-identified copy and in the ILT packet: teachers, coaches and observers scrubbed alike.
"""

from __future__ import annotations

import pytest

from reports.exports.deidentified import DeidentifyOptions, deidentified_copy
from reports.exports.packet.content import packet_content
from sheets_templates.book import Book
from tests.builders import coaching, look_for, make_book, teacher, visit

NOTES = {
    "Soren Moller said yes": "[teacher] said yes",
    "Mueller's class": "[teacher]'s class",
    "O\u00b4Neil-Smith and Sm\u200bith": "[teacher] and [teacher]",
    "NG SAID YES": "[teacher] SAID YES",
    "Bob asked": "[teacher] asked",
    "Coach Oyelaran and Viktor modelled it": "[coach] and [observer] modelled it",
    "Diaz + Becker: turn and talk": "[observer] + [observer]: turn and talk",
    "Will swap the thumbs check?": "Will swap the thumbs check?",
}
NAMES = [
    "Søren Møller",
    "Hans Müller",
    "Siobhan O'Neil-Smith",
    "Tran Ng",
    "Robert Hughes",
    "Will Novak",
]


def school() -> Book:
    roster = [teacher(f"T{i}", name, grade="7", department="Math") for i, name in enumerate(NAMES)]
    # One note per teacher on Nov 4, the last two on Nov 5: every row is released (Min Group
    # Size 2), so each note is in the copy.
    rows = [
        coaching(
            "2026-11-04" if i < len(NAMES) else "2026-11-05",
            "Adebayo Oyelaran",
            f"T{i % len(NAMES)}",
            focus_area="EN1",
            notes=note,
        )
        for i, note in enumerate(NOTES)
    ]
    visits = [
        visit("2026-11-02", "09:00", observer, "T0")
        for observer in ("Viktor Petrov", "Ms. Diaz", "Becker")
    ]
    cycles = [
        {"name": note, "lookfor": "EN1", "start": "2026-11-02", "end": "2026-11-13"}
        for note in NOTES
    ]
    return make_book(
        roster=roster,
        coaching_rows=rows,
        walkthroughs=visits,
        framework=[look_for("EN1", "Engagement")],
        cycles=cycles,
        settings={"Min Group Size": 2},
        as_of="2026-11-20",
    )


@pytest.fixture(scope="module")
def book() -> Book:
    return school()


def test_the_copy_scrubs_every_note(book: Book) -> None:
    log = deidentified_copy(book, DeidentifyOptions()).tabs[0]
    notes = {row[6] for row in log.table("coaching").rows}
    assert notes == set(NOTES.values())


def test_the_packet_scrubs_every_cycle_name_the_same_way(book: Book) -> None:
    names = {cycle.name for cycle in packet_content(book).cycles}
    assert names == set(NOTES.values())


def test_a_one_word_teacher_typed_in_a_log_is_scrubbed_too() -> None:
    from reports.privacy.people import scrubber_for
    from tests.builders import coaching, make_book, teacher

    book = make_book(
        as_of="2026-11-20",
        roster=[teacher("T1", "Ana Ortiz")],
        coaching_rows=[coaching("2026-11-10", "Coach C", "Okonkwo")],  # on no Roster
    )
    assert scrubber_for(book).scrub("met with Okonkwo today").text == "met with [teacher] today"
