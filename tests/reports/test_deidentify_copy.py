"""The copy's tabs: which columns, weeks, groups, pseudonyms, and what About this copy says."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.cli import app
from reports.exports.deidentified import ABOUT_TAB, DeidentifyOptions, deidentified_copy
from reports.model import Note, OutputTab
from reports.privacy.pseudonyms import pseudonym
from sheets_templates.book import Book
from sheets_templates.errors import UsageError
from tests.builders import (
    coaching,
    look_for,
    make_book,
    make_raw,
    teacher,
    visit,
    write_book,
)

KEY = b"0123456789abcdef0123456789abcdef"
MADE = dt.datetime(2026, 11, 20, 15, 30)


def school(min_group: int = 5) -> Book:
    """Six Gr 7 Math teachers (five coached), one Gr 8 ELA teacher, coached on Wed/Thu."""
    roster = [
        teacher(f"T{i}", name, grade="7", department="Math", years=2, room=f"2{i:02d}")
        for i, name in enumerate(
            ["Ana Ortiz", "Bo Chen", "Cal Diaz", "Dee Evans", "Eli Ford", "Fay Gray"]
        )
    ]
    roster.append(teacher("T9", "Gus Hale", grade="8", department="ELA", years=20))
    rows = [
        coaching(
            "2026-11-04",
            "Coach Kim",
            f"T{i}",
            focus_area="EN1",
            needs=f"Ms. {name} needs wait time" if i == 0 else "wait time",
            notes='=HYPERLINK("http://x","y")' if i == 1 else None,
        )
        for i, name in enumerate(["Ortiz", "Chen", "Diaz", "Evans", "Ford"])
    ]
    rows.append(coaching("2026-11-12", "Coach Kim", "T9", focus_area="EN1", needs="Gus asked"))
    rows.append(coaching("2026-11-13", "Coach Kim", "Nobody Known", needs="x"))
    return make_book(
        roster=roster,
        coaching_rows=rows,
        framework=[look_for("EN1", "Engagement")],
        settings={"Min Group Size": min_group},
        as_of="2026-11-20",
    )


def copy(book: Book, **options: object) -> tuple[OutputTab, OutputTab]:
    log, about = deidentified_copy(book, DeidentifyOptions(made_at=MADE, **options)).tabs  # type: ignore[arg-type]
    return log, about


def figures(about: OutputTab) -> dict[str, object]:
    return {f.label: f.value for f in about.key_figures("copy").items}


def test_the_copy_keeps_only_the_planning_columns() -> None:
    log, about = copy(school())
    table = log.table("coaching")
    assert [c.header for c in table.columns] == [
        "Period",
        "Group",
        "Focus Area",
        "Framework Area",
        "Strengths",
        "Needs",
        "Notes",
        "Next Steps",
    ]
    assert [log.name, about.name] == ["Coaching", ABOUT_TAB]


def test_rows_show_their_week_when_five_teachers_share_it_and_the_rest_are_suppressed() -> None:
    log, about = copy(school())
    rows = log.table("coaching").rows
    # Gus Hale alone (Gr 8 ELA) joins the Gr 7 Math teachers in All staff: seven teachers.
    # Five of them were coached on EN1 the week of Nov 2: those rows keep week and look-for.
    # Gus's row of Nov 12 is his alone at every level (week, month, term): suppressed.
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {
        ("Week of Nov 2, 2026", "All staff", "EN1", "Engagement")
    }
    assert sorted(str(r[5]) for r in rows) == ["[teacher] needs wait time", *["wait time"] * 4]
    assert figures(about)["Rows suppressed"] == 1


def test_formula_text_stays_text_in_the_tab() -> None:
    log, _ = copy(school())
    notes = [r[6] for r in log.table("coaching").rows if r[6]]
    assert notes == ['=HYPERLINK("http://x","y")']


def test_about_this_copy_counts_what_happened() -> None:
    _, about = copy(school())
    assert figures(about) == {
        "Made": dt.datetime(2026, 11, 20, 15, 30),
        "Covers rows up to the week of": dt.date(2026, 11, 16),
        "Rows in the Coaching tab": 7,
        "Rows copied": 5,
        "Rows suppressed": 1,  # Gus Hale's: the only teacher of his week, month and term
        "Rows left out": 1,  # the teacher who is not on the Roster
        "Rows with a blank Focus Area": 0,
        "Mentions replaced": 1,
        "Minimum group size": 5,
        "Groups": 1,
    }
    assert about.table("groups").rows == (("All staff", 7, 5),)
    assert about.table("detail").rows == (
        ("group, week and look-for", 5),
        ("group, week and framework area", 0),
        ("group, month and framework area", 0),
        ("group, term and framework area", 0),
        ("group, term and no focus", 0),
        ("All teachers, term and framework area", 0),
        ("All teachers, term and no focus", 0),
    )
    assert about.table("replaced").rows == (("teacher names", 1),)


def test_groups_that_cannot_reach_the_minimum_are_suppressed_and_counted() -> None:
    log, about = copy(school(), min_group=8)  # seven teachers on the Roster
    assert log.table("coaching").rows == ()
    assert figures(about)["Rows suppressed"] == 6


def test_keep_coach_adds_the_coach_column() -> None:
    log, _ = copy(school(), keep_coach=True)
    table = log.table("coaching")
    assert table.columns[2].header == "Coach"
    assert {r[2] for r in table.rows} == {"Coach Kim"}


def test_pseudonyms_are_keyed_and_stable() -> None:
    log, _ = copy(school(), pseudonym_key=KEY)
    table = log.table("coaching")
    codes = {r[2] for r in table.rows}
    assert len(codes) == 5
    assert pseudonym(KEY, "T0") in codes
    assert pseudonym(KEY, "T0") != pseudonym(b"another key, sixteen+ bytes", "T0")
    plain = hashlib.sha256(b"t0").hexdigest()
    assert not any(plain[:10].upper() in str(code) for code in codes)
    # A mention in free text becomes the teacher's pseudonym too.
    assert f"{pseudonym(KEY, 'T0')} needs wait time" in {r[6] for r in table.rows}


def test_a_minimum_group_of_one_is_refused() -> None:
    with pytest.raises(UsageError, match="single teachers"):
        copy(school(), min_group=1)


def test_an_unknown_tab_is_refused() -> None:
    with pytest.raises(UsageError, match="--tab Coaching"):
        copy(school(), tab="Roster")


def test_rows_with_a_blank_focus_area_are_copied_and_named_by_their_sheet_rows(
    tmp_path: Path,
) -> None:
    roster = [
        teacher(f"T{i}", f"Name{i} Surname{i}", grade="7", department="Math") for i in range(10)
    ]
    rows = [
        coaching("2026-11-04", "Coach Kim", f"T{i}", focus_area="EN1" if i < 5 else None)
        for i in range(10)
    ]  # the five with no focus are sheet rows 7 to 11 of the Coaching tab
    rows[9]["focus_area"] = "ORTIZ"  # no framework code: a name, never shown
    tabs = make_raw(roster=roster, coaching_rows=rows, framework=[look_for("EN1", "Engagement")])
    source = write_book(tmp_path / "school.xlsx", tabs)
    result = CliRunner().invoke(
        app, ["deidentify", str(source), "-o", str(tmp_path / "copy.xlsx"), "--as-of", "2026-11-20"]
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Coaching rows 7, 8, 9, 10, 11: no focus given (blank, or no code on the" in said
    sheet = openpyxl.load_workbook(tmp_path / "copy.xlsx")["Coaching"]
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(values) if row[0] == "Period")
    assert values[header][2] == "Focus Area"
    shown = sorted(((row[0], row[2]) for row in values[header + 1 :]), key=str)
    assert shown == [("Week of Nov 2, 2026", "EN1")] * 5 + [("Week of Nov 2, 2026", None)] * 5


def test_coaches_and_observers_are_scrubbed_from_the_notes_and_counted() -> None:
    rows = [
        coaching(
            "2026-11-04",
            "Adebayo Oyelaran",
            f"T{i}",
            focus_area="EN1",
            notes="Coach Oyelaran and Viktor modelled it",
        )
        for i in range(5)
    ]
    book = make_book(
        roster=[teacher(f"T{i}", f"Name{i} Surname{i}") for i in range(5)],
        coaching_rows=rows,
        walkthroughs=[visit("2026-11-03", "09:00", "Viktor Petrov", "T0")],
        framework=[look_for("EN1", "Engagement")],
        as_of="2026-11-20",
    )
    log, about = copy(book)
    assert {r[6] for r in log.table("coaching").rows} == {"[coach] and [observer] modelled it"}
    assert about.table("replaced").rows == (("coach names", 5), ("observer names", 5))


def test_a_pseudonym_key_shorter_than_32_bytes_is_refused() -> None:
    with pytest.raises(UsageError, match="32 random bytes"):
        copy(school(), pseudonym_key=KEY[:31])


def test_a_copy_with_pseudonyms_says_what_linking_rows_costs() -> None:
    _, about = copy(school(), pseudonym_key=KEY)
    notes = " ".join(block.text for block in about.blocks if isinstance(block, Note))
    assert "What linking costs" in notes
    assert "in any later copy made with the same key" in notes
