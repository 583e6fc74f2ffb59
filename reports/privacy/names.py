"""Every written form of a person's name, as folded keys (`reports.privacy.folding`).

A `Person` is someone the workbook knows: a Roster teacher, a coach, an observer. Their forms:

- the full name, `First Last` and `Last, First`, every word and every part of a hyphenated or
  several-word name alone (`Brennan-Walsh`, `Walsh`, `Van Houten`, `Houten`), the parts run
  together (`MeiLing`, `DeLaCruz`, `ONeil`), each in its customary spellings (`Müller`,
  `Mueller`, `Muller`); titles in the name (`Ms. Diaz`, `Coach Kim`) are not part of it;
- nicknames of the first name and the names it is a nickname of, from the `nicknames`
  package's list (`Robert`: `Bob`, `Rob`; `Liz`: `Elizabeth`), and shortenings of a long first
  name, its first or last four letters and more (`Guadalupe`: `Lupe`, `Guad`);
- initials (`J.V.H.`, `JVH`, `JV`, `JH`) and the local part of their email (`soneil`).

Each form says how it must be written to count (`Reading`): a name that is no everyday word
counts in any case; one that is also a word (`Will`, `Grace`), and every nickname or
shortening, only when written as a name (docs/design.md, "Scrubbing free text"); a part of one
or two letters (`Ng`, `Li`) only with a capital; initials only in capitals, and initials that
are also a school's word (`ID`, `PE`) only as someone who does something (`ID said`).
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from nicknames import NickNamer

from reports.privacy.folding import APOSTROPHES, fold, spellings

TEACHER = "[teacher]"
COACH = "[coach]"
OBSERVER = "[observer]"
PERSON = "[person]"


class Kind(enum.StrEnum):
    """What a replaced piece of text was, as `About this copy` counts it (never who)."""

    TEACHER = "teacher names"
    COACH = "coach names"
    OBSERVER = "observer names"
    OTHER = "other people's names (a title and a name, or a name several people share)"
    EMAIL = "email addresses"
    STAFF_ID = "staff IDs"
    ROOM = "rooms"
    LINK = "links with a name in them"
    SUBJECT = "subject words a coarse group hides"
    GRADE = "grade numbers a coarse group hides"


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


TITLES = _words("ms mr mrs mx dr miss mister prof sr sra srta mme mlle coach")
# Everyday words that are also first names or surnames. Such a name part is scrubbed only
# when it is written as a name, so "students will", "with grace" and "young readers" stay.
ORDINARY_WORDS = _words(
    """
    will grace joy mark hope may june april august rose faith dawn summer autumn ruby amber
    iris lily ivy olive pearl hazel holly heather daisy violet sky river rain storm sunny star
    bill bob pat sue rob art jack max drew frank guy ray gene chase hunter grant dale glen
    cliff wade reed jay robin penny sandy rusty chip skip buck duke earl king prince major
    miles chance destiny honor patience charity harmony melody ginger sage ash rich norm lance
    don dean carol eve nick sterling young long brown white green black gray grey hill wood
    woods bell page hall price little park lane love strong best cash fox hunt rice cook baker
    mason carter cole law wise small short noble bright swift field fields stone brook brooks
    bush march case ward clay wolf lead rowan bay moss banks bond booth cross dye flowers
    gentle good hart lamb mills moody oakes pike pool shepherd snow street waters west north
    south east wells winter spring day knight bishop ed al jo
    an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ha ho ma pa
    """
)
# Capitals a school writes that are not anyone's initials.
ACRONYMS = _words(
    """
    ap ela ell esl esol pe it pd iep sel pbl stem math sped ib ilt plc dok udl mtss rti ok
    tv am pm id ii iii iv us uk eu ai
    """
)
LETTER = r"[^\W\d_]"
MARKS = "\u0300-\u036f"
# A word: letters (with combining accents), apostrophe-like marks only between letters.
TOKEN = re.compile(rf"{LETTER}(?:{LETTER}|[{MARKS}]|[{APOSTROPHES}](?={LETTER}))*")
SHORTENING = 4  # the fewest letters of a first name that a shortening keeps (Lupe, Beth)


class Reading(enum.IntEnum):
    """How a form must be written to be a mention; a lower value scrubs more."""

    ANY_CASE = 0  # no everyday word: `Ortiz`, `ortiz`, `ORTIZ`
    CAPITALISED = 1  # one or two letters: `Ng`, `NG`, not `ng`
    AS_NAME = 2  # an everyday word, a nickname or a shortening: see `Scrubber`
    INITIALS = 3  # `JS`, `J.S.`: capitals only
    ACRONYM = 4  # initials a school also writes as a word (`ID`, `PE`): `ID said`, `ID's`


@dataclass(frozen=True)
class Person:
    """Someone to scrub: the label their mentions become, and how they are written."""

    label: str
    name: str
    email: str = ""
    staff_id: str = ""
    kind: Kind = Kind.TEACHER
    room: str = ""  # their Roster room: a room in a note points at one teacher


@dataclass(frozen=True)
class Term:
    """One form of a name: what it becomes, and how it must be written to count."""

    label: str
    reading: Reading
    kind: Kind
    words: int  # how many words the form has (`de la cruz`: 3)


def name_parts(name: str) -> list[list[str]]:
    """A name's words, each as its parts, titles dropped, `Last, First` reordered:
    `"Ms. Brennan-Walsh, Aoife"` -> `[["Aoife"], ["Brennan", "Walsh"]]`."""
    text = name.strip()
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    words = [TOKEN.findall(word) for word in text.split()]
    words = [parts for parts in words if parts]
    while len(words) > 1 and len(words[0]) == 1 and fold(words[0][0]) in TITLES:
        words = words[1:]
    return words


def name_forms(person: Person) -> Iterable[tuple[str, Term]]:
    """Every form of one person's name as (folded key, term)."""
    words = name_parts(person.name)

    def forms(parts: Sequence[str], reading: Reading | None = None) -> list[tuple[str, Term]]:
        plain = [fold(part) for part in parts]
        how = _reading(plain) if reading is None else max(reading, _reading(plain))
        term = Term(person.label, how, person.kind, len(parts))
        return [(key, term) for key in _joined_spellings(parts)]

    if words:
        every = [part for parts in words for part in parts]
        yield from forms(every)
        if len(words) > 1:
            yield from forms([*words[0], *words[-1]])
            yield from forms([*words[-1], *words[0]])  # Smith, Jane
        for start in range(1, len(words)):  # `Van Houten`, `Houten`
            yield from forms([part for parts in words[start:] for part in parts])
        for parts in words:
            yield from forms(parts)
            for part in parts:
                if len(fold(part)) > 1:  # a lone letter is an initial, not a name
                    yield from forms([part])
        first = fold(words[0][0])
        for other in sorted(_other_names(first)):
            yield other, Term(person.label, Reading.AS_NAME, person.kind, 1)
        yield from _initials(person, words)
    local = person.email.partition("@")[0]
    if local:
        yield from forms(TOKEN.findall(local))


def _joined_spellings(parts: Sequence[str]) -> set[str]:
    """Every spelling of the parts run together: `["Müller"]` -> `{"muller", "mueller"}`."""
    return {"".join(combo) for combo in itertools.product(*(spellings(p) for p in parts))}


def _reading(keys: Sequence[str]) -> Reading:
    if all(key in ORDINARY_WORDS for key in keys):
        return Reading.AS_NAME
    if all(len(key) <= 2 or key in ORDINARY_WORDS for key in keys):
        return Reading.CAPITALISED
    return Reading.ANY_CASE


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def _other_names(first: str) -> set[str]:
    """Nicknames of a first name, the names it is short for, and its shortenings: folded,
    three letters or more, the name itself left out."""
    names = _nicknamer()
    others = {fold(n) for n in names.nicknames_of(first) | names.canonicals_of(first)}
    if len(first) >= SHORTENING + 2:
        for size in range(SHORTENING, len(first) - 1):
            others |= {first[:size], first[-size:]}
    return {other for other in others if len(other) >= 3 and other != first}


def _initials(person: Person, words: list[list[str]]) -> Iterable[tuple[str, Term]]:
    """`J.V.H.`, `JVH`, `JV`, `JH`: initials of the whole name and of the first name with
    each later word; written only in capitals."""
    letters = [fold(parts[0])[:1] for parts in words]
    letters = [letter for letter in letters if letter]
    if len(letters) != len(words):
        return
    forms = {"".join(letters)} | {letters[0] + later for later in letters[1:]}
    for form in sorted(f for f in forms if len(f) > 1):
        reading = Reading.ACRONYM if form in ACRONYMS else Reading.INITIALS
        yield form, Term(person.label, reading, person.kind, len(form))
