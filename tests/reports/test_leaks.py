"""The leak suite: write a real de-identified copy, open its zip package, search every part.

A generated school with names that trip software up (O'Neil, Núñez, Brennan-Walsh, Van Houten,
Mei-Ling, Will, Grace, Joy, Mark, Rose, Young) keeps a 150-row coaching log that names
teachers in every way people write them. The copy is written by the .xlsx backend's
`create()`, then every part of the file (sheet XML, shared strings, document properties,
styles, anything) is searched for every Roster identifier and variant.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from reports.exports.deidentified import DeidentifyOptions, deidentified_copy
from reports.privacy.names import ORDINARY_WORDS
from reports.privacy.pseudonyms import pseudonym
from sheets_templates.book import Book
from sheets_templates.template import build_template
from sync.pipeline import read_book
from sync.xlsx import XlsxBackend
from tests.builders import coaching, look_for, make_raw, teacher
from tests.libreoffice import csv_tabs

AS_OF = dt.date(2026, 11, 20)
FORMULA_NOTE = '=HYPERLINK("http://x","y")'
KEY = b"a-secret-key-kept-out-of-the-copy"

# (first, last, title): every name that trips software up, and plain ones.
PEOPLE = (
    ("Will", "Turner", "Mr."),
    ("Grace", "O'Neil", "Ms."),
    ("Joy", "Núñez", "Ms."),
    ("Mei-Ling", "Brennan-Walsh", "Ms."),
    ("José", "Van Houten", "Mr."),
    ("Rose", "Young", "Ms."),
    ("Mark", "García", "Mr."),
    ("Siobhan", "Okafor", "Ms."),
    ("Ingrid", "Sorensen", "Ms."),
    ("Priya", "Patel", "Dr."),
    ("Tomasz", "Kowalski", "Mr."),
    ("Lucía", "Ramírez", "Ms."),
    ("DeShawn", "Washington", "Mr."),
    ("Yuki", "Yamamoto", "Mx."),
    ("Kwame", "Mensah", "Mr."),
    ("Hannah", "Cohen", "Mrs."),
    ("Darius", "Haddad", "Mr."),
    ("Amara", "Adeyemi", "Ms."),
    ("Liam", "Fitzgerald", "Mr."),
    ("Fatima", "Al-Sayed", "Ms."),
)
COACHES = ("Renée Castellanos", "Marcus Okonkwo")
# Sentences with no name that must come through word for word.
PLAIN = (
    "We will try wait time again.",
    "Students handled the change with grace.",
    "There was real joy in the discussion.",
    "Field trip to Roseville next week.",
    "Support for young readers.",
    "Students will mark their own exit tickets.",
)


@dataclass(frozen=True)
class Person:
    teacher_id: str
    first: str
    last: str
    title: str
    room: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{plain(self.first)}.{plain(self.last)}@school.test".replace(" ", "")


def plain(text: str) -> str:
    """ASCII, lower case, no apostrophes: `Ms. O'Neil` -> `ms. oneil`."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z .-]", "", folded.casefold())


def mentions(p: Person) -> list[str]:
    """Every way the generated coaches write a teacher."""
    curly = p.last.replace("'", "\u2019")
    return [
        f"{p.title} {p.last}",
        f"{p.title.rstrip('.')} {curly}",
        p.first,
        p.name,
        p.last,
        f"{p.last}, {p.first}",
        plain(f"{p.title} {p.last}"),  # typed fast, no accents
        p.last.upper(),
        p.first[0] + p.last[0],  # initials
        f"{p.first[0]}. {p.last}",
        f"{p.first} {p.last[0]}.",
        f"{p.last}'s",
        f"{curly}\u2019s",
        p.email,
        p.email.partition("@")[0],
        p.teacher_id,
        f"room {p.room}",
        p.last.split("-")[-1],  # part of a hyphenated name
    ]


def generated_school(rows: int = 150, seed: int = 11) -> tuple[dict[str, list[list[object]]], int]:
    """Raw tabs of the school, and how many teacher mentions its coaching notes hold."""
    rng = random.Random(seed)
    people = [
        Person(f"T{i:03d}", first, last, title, str(201 + i))
        for i, (first, last, title) in enumerate(PEOPLE)
    ]
    roster = [
        teacher(
            p.teacher_id,
            p.name,
            email=p.email,
            room=p.room,
            grade=str(6 + i % 3),
            department=("Math", "ELA", "Science")[i % 3],
            years=rng.choice([1, 2, 5, 8, 15, 22]),
        )
        for i, p in enumerate(people)
    ]
    log, inserted = [], 0
    for n in range(rows):
        who, peer = rng.sample(people, 2)
        said, with_, peer_form = (rng.choice(mentions(x)) for x in (who, who, peer))
        day = AS_OF - dt.timedelta(days=rng.randint(0, 70))
        notes = FORMULA_NOTE if n == 0 else f"Co-planned with {with_}; saw {peer_form} model it."
        log.append(
            coaching(
                day,
                rng.choice(COACHES),
                rng.choice([who.teacher_id, who.name, who.email]),
                focus_area=rng.choice(["CL1", "IN1", "AS1"]),
                strengths=rng.choice(PLAIN),
                needs=f"{said} said that wait time is short.",
                notes=notes,
                next_steps=f"Visit {peer_form} next week. {rng.choice(PLAIN)}",
            )
        )
        inserted += 4 if n else 2  # needs, notes (two), next steps
    raw = make_raw(
        roster=roster,
        coaching_rows=log,
        framework=[
            look_for("CL1", "Classroom Culture"),
            look_for("IN1", "Instruction"),
            look_for("AS1", "Assessment"),
        ],
    )
    return raw, inserted


def write_copy(tmp_path: Path, options: DeidentifyOptions) -> tuple[Path, Book]:
    raw, _ = generated_school()
    source = tmp_path / "private.xlsx"
    build_template(source, {name: rows[1:] for name, rows in raw.items()})
    backend = XlsxBackend(source)
    book = read_book(backend, AS_OF)
    destination = tmp_path / "shared.xlsx"
    backend.create(str(destination), deidentified_copy(book, options).tabs)
    return destination, book


def parts(path: Path) -> dict[str, str]:
    """Every part of the package as text, XML entities decoded."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: html.unescape(archive.read(name).decode("utf-8", "replace"))
            for name in archive.namelist()
        }


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub("['\u2019\u2018`]", "", kept).casefold()


def leaks(path: Path, book: Book) -> list[tuple[str, str]]:
    """(part, identifier) for every Roster or coach identifier found anywhere in the file."""
    found = []
    for part, text in parts(path).items():
        folded = fold(text)
        strings = " ".join(re.findall(r"<t[^>]*>(.*?)</t>", text, re.DOTALL))
        for needle in identifiers(book):
            key = fold(needle)
            if key in ORDINARY_WORDS or (needle.isupper() and len(needle) <= 3):
                # An everyday word, or initials (`IS`, not `is`): a leak only written as a name.
                hit = re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", text)
            else:
                hit = re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", folded)
            if hit:
                found.append((part, needle))
        for room in book.roster["room"].dropna():
            if re.search(rf"(?<![0-9]){re.escape(str(room))}(?![0-9])", strings):
                found.append((part, f"room {room}"))
    return found


def identifiers(book: Book) -> set[str]:
    """Every name, name part, initials, email, email local part and ID on the Roster."""
    found: set[str] = set(COACHES)
    for row in book.roster.itertuples(index=False):
        name = str(row.name)
        parts_of_name = re.split(r"[\s-]+", name)
        found |= {name, *parts_of_name, str(row.teacher_id), str(row.email)}
        found.add(str(row.email).partition("@")[0])
        found.add("".join(part[0] for part in name.split()[:1] + name.split()[-1:]))
        found.add(name.split()[-1].replace("-", ""))  # BrennanWalsh
    for first, last, _ in PEOPLE:
        found.add(f"{first[0]}.{last[0]}.")
    return {f for f in found if len(f) > 1}


def cells(path: Path) -> list[str]:
    """The text of every string cell, as the sheets hold it."""
    return re.findall(r"<t[^>]*>(.*?)</t>", "".join(parts(path).values()), re.DOTALL)


def test_the_generated_log_really_names_teachers() -> None:
    raw, inserted = generated_school()
    assert len(raw["Coaching"]) == 151
    assert inserted == 598


def test_no_identifier_is_anywhere_in_the_copy(tmp_path: Path) -> None:
    path, book = write_copy(tmp_path, DeidentifyOptions(made_at=dt.datetime(2026, 11, 20, 9)))
    assert leaks(path, book) == []
    # Every planted mention of the rows copied was found and replaced, no more and no fewer:
    # four a row (needs, two in the notes, next steps), two in the formula row.
    copy = deidentified_copy(book, DeidentifyOptions())
    formula_copied = FORMULA_NOTE in {c for row in copy.tabs[0].blocks[0].rows for c in row}
    replaced = {f.label: f.value for f in copy.tabs[-1].key_figures("copy").items}
    assert replaced["Mentions replaced"] == 4 * copy.counts.copied - 2 * formula_copied
    assert copy.counts.copied > 100
    assert len(identifiers(book)) > 150  # the search really looked for something


def test_no_identifier_leaks_with_pseudonyms_or_the_coach_kept(tmp_path: Path) -> None:
    options = DeidentifyOptions(pseudonym_key=KEY, keep_coach=True)
    path, book = write_copy(tmp_path, options)
    assert [leak for leak in leaks(path, book) if leak[1] not in COACHES] == []
    assert pseudonym(KEY, "T003") in " ".join(cells(path))


def test_ordinary_words_and_names_inside_words_survive(tmp_path: Path) -> None:
    path, _ = write_copy(tmp_path, DeidentifyOptions())
    text = " ".join(cells(path))
    for sentence in PLAIN:
        assert sentence in text
    assert "[teacher] said that wait time is short." in text


def test_formula_text_is_a_string_cell_not_a_formula(tmp_path: Path) -> None:
    path, _ = write_copy(tmp_path, DeidentifyOptions(min_group=2))  # its row is released
    sheets = {name: text for name, text in parts(path).items() if "worksheets/" in name}
    assert not any("<f>" in text or "<f " in text for text in sheets.values())
    assert FORMULA_NOTE in cells(path)


def test_the_copy_carries_nothing_of_the_source_workbook(tmp_path: Path) -> None:
    path, _ = write_copy(tmp_path, DeidentifyOptions())
    names = set(parts(path))
    assert not [n for n in names if re.search(r"comments|vmlDrawing|pivot|externalLink", n)]
    workbook = parts(path)["xl/workbook.xml"]
    assert "Roster" not in workbook
    assert "Settings" not in workbook
    core = parts(path)["docProps/core.xml"]
    assert "openpyxl" not in core.casefold()


@pytest.mark.libreoffice
def test_the_copy_opens_in_libreoffice(tmp_path: Path) -> None:
    path, book = write_copy(tmp_path, DeidentifyOptions(min_group=2))
    copied = deidentified_copy(book, DeidentifyOptions(min_group=2)).counts.copied
    tabs = csv_tabs(path, tmp_path / "csv")
    assert set(tabs) == {"Coaching", "About this copy"}
    period = re.compile(r"Week of |Term \d|[A-Z][a-z]{2} \d{4}$")
    shown = [row for row in tabs["Coaching"] if row and period.match(row[0])]
    assert len(shown) == copied
    assert any(FORMULA_NOTE in row for row in shown)
    about = {row[0]: row[1] for row in tabs["About this copy"] if len(row) > 1}
    assert about["Rows copied"] == str(copied)
