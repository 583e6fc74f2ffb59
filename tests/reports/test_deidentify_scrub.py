"""Name scrubbing: every way a coach writes a teacher's name goes; ordinary words stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.privacy.scrub import Person, Scrubber

ROSTER = [
    Person("[teacher]", "Will Turner", "will.turner@school.test", "T001"),
    Person("[teacher]", "Siobhan O'Neil", "soneil@school.test", "T002"),
    Person("[teacher]", "José Núñez", "jose.nunez@school.test", "T003"),
    Person("[teacher]", "Aoife Brennan-Walsh", "", "T004"),
    Person("[teacher]", "Mei-Ling Chen", "", "T005"),
    Person("[teacher]", "Grace Rose", "", "T006"),
    Person("[teacher]", "Pieter van Houten", "", "T007"),
    Person("[teacher]", "Ingrid Sorensen", "", "T008"),
    Person("[teacher]", "Joy Young", "", "T009"),
]
SCRUBBER = Scrubber(ROSTER)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Met Will Turner today.", "Met [teacher] today."),
        ("Turner, Will brought work.", "[teacher] brought work."),
        ("Ms. O'Neil modelled it.", "[teacher] modelled it."),
        ("ms oneil modelled it", "[teacher] modelled it"),
        ("Ms. O\u2019Neil\u2019s room", "[teacher]\u2019s room"),
        ("O'Neil's class", "[teacher]'s class"),
        ("Mr. Núñez and mr. nunez and NUNEZ", "[teacher] and [teacher] and [teacher]"),
        ("Mr. Nu\u0301n\u0303ez (decomposed accents)", "[teacher] (decomposed accents)"),
        ("Ms. Brennan-Walsh's room", "[teacher]'s room"),
        ("Brennan and Walsh", "[teacher] and [teacher]"),
        ("Mei-Ling, Mei Ling, MeiLing and Mei", "[teacher], [teacher], [teacher] and [teacher]"),
        ("Mr. van Houten, Van Houten", "[teacher], [teacher]"),
        ("I. Sorensen and Ingrid S. agreed", "[teacher] and [teacher] agreed"),
        ("WT and W.T. said", "[teacher] and [teacher]. said"),
        ("Emailed will.turner@school.test and a@b.org", "Emailed [teacher] and [email]"),
        ("soneil asked", "[teacher] asked"),
        ("T001 and t003 swapped rooms", "[teacher] and [teacher] swapped rooms"),
        ("Visit room 204, Rm. 12B and classroom #7", "Visit [room], [room] and [room]"),
        ("Mrs. Lee (a parent) and Ms. K. joined", "[person] (a parent) and [person] joined"),
        ("Co-planned with Will.", "Co-planned with [teacher]."),
        ("Will: strong routines.", "[teacher]: strong routines."),
        ("Grace's class", "[teacher]'s class"),
        ("WILL said no", "[teacher] said no"),
    ],
)
def test_every_way_a_name_is_written_is_scrubbed(note: str, expected: str) -> None:
    assert SCRUBBER.scrub(note).text == expected


@pytest.mark.parametrize(
    "note",
    [
        "We will try wait time again.",
        "Will you try it on Thursday?",
        "Students handled the change with grace.",
        "There was real joy in the discussion.",
        "Support for young readers; a young class.",
        "Field trip to Roseville next week.",
        "WE WILL TRY IT",
        "Mark the date. Hope this helps.",
        "Exit tickets sorted into three piles.",
        '=HYPERLINK("http://x","y")',
    ],
)
def test_ordinary_words_and_other_words_are_kept(note: str) -> None:
    scrubbed = SCRUBBER.scrub(note)
    assert (scrubbed.text, scrubbed.mentions) == (note, 0)


def test_the_same_string_comes_back_when_nothing_is_found() -> None:
    note = "Co-planned the unit; follow up next week."
    assert SCRUBBER.scrub(note).text is note


def test_mentions_are_counted() -> None:
    assert SCRUBBER.scrub("Ms. O'Neil and Will met in room 204.").mentions == 3


def test_a_shared_word_becomes_the_generic_label_with_pseudonyms() -> None:
    scrubber = Scrubber([Person("P-A", "Ana Ortiz"), Person("P-B", "Ana Lopez")])
    assert scrubber.scrub("Ana and Ms. Ortiz").text == "[teacher] and P-A"


def test_a_coach_is_scrubbed_by_full_name_only() -> None:
    scrubber = Scrubber([Person("[coach]", "Renée Castellanos", full_name_only=True)])
    assert scrubber.scrub("Renee Castellanos visited").text == "[coach] visited"


# Words that are no Roster name, no title, no email, no ID and no room.
PLAIN_WORDS = st.sampled_from(
    [
        "students",
        "will",
        "grace",
        "joy",
        "the",
        "a",
        "wait",
        "time",
        "exit",
        "tickets",
        "sorted",
        "routines",
        "thinking",
        "period",
        "partner",
        "talk",
        "rose",
        "roseville",
        "young",
        "class",
        "modelled",
        "agreed",
        "next",
        "week",
        "quiz",
        "Thursday",
    ]
)


@given(st.lists(PLAIN_WORDS, min_size=1, max_size=20), st.sampled_from([" ", ", ", ". ", "; "]))
def test_a_note_with_no_name_is_unchanged(words: list[str], separator: str) -> None:
    note = separator.join(words)
    assert SCRUBBER.scrub(note).text == note
