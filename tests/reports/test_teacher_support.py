"""The Teacher Support tab on hand-built schools: every definition of docs/design.md's
"Teacher support", with the figures worked out by hand.

As-of is Fri 2026-11-20, so the last 8 weeks run from Mon 2026-09-28 (as PL Needs counts
them). Framework: CL1 Culture, IN1 Instruction, AS1 Assessment. Each teacher's visits fall on
the school days from Thu 2026-10-01 on, one a day, at 10:00.

The school of `school()`:

| teacher | dept, grade | levels by visit | coaching (last 8 weeks) |
| --- | --- | --- | --- |
| Ana Ortiz | Math 7 | CL1:3 AS1:1; IN1:3 AS1:2; CL1:2 IN1:3 AS1:1 | AS1 on Nov 10 |
| Bo Li | Math 7 | IN1:1 CL1:3; IN1:1; IN1:1 AS1:3 | CL1 on Oct 15 |
| Cy Park | Science 8 | CL1:2 IN1:3; CL1:1; CL1:2 | Sep 1 only (before), ZZ9 (unreadable) |
| Di Roy | Math 8 | AS1:1; AS1:2; AS1 (no level) | AS1 on Nov 2 |
| Eve Ng | Math 6 | AS1:3; AS1:4; AS1:3 | none |
| Fay Wu | Science 7 | AS1:4; AS1:4; AS1:4 | none |
| Gus Oh | English 8 | CL1:3; CL1:4; CL1:3 | no Focus Area, Nov 12 |

Ana's means: Culture (3+2)/2 = 2.5, Instruction 3, Assessment (1+2+1)/3 = 1.33, her lowest.
Bo's lowest is Instruction at 1, Cy's Culture at (2+1+2)/3 = 1.67; Di has 2 leveled visits.
Eve (Assessment 3.33), Fay (Assessment 4) and Gus (Culture 3.33) are strong there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.build import build_output_tabs
from reports.exports.packet.content import packet_content
from reports.exports.packet.text import follows_line
from reports.figures.teacher_support import teacher_support
from reports.model import HIDDEN, OutputTab
from reports.tabs.pl_needs import pl_needs_tab
from reports.tabs.roadmap import roadmap_tab
from reports.tabs.teacher_support import teacher_support_tab
from sheets_templates.book import Book
from sheets_templates.demo import demo_school
from sheets_templates.parse import parse_book
from sheets_templates.schema import INPUT_TABS, locate_tabs
from sync.backend import Backend
from sync.excel_live import XlwingsBackend
from sync.xlsx.render import new_workbook
from tests.builders import coaching, look_for, make_book, teacher, visit
from tests.fakes.xlwings_standin import book_with
from tests.libreoffice import csv_tabs
from tests.sync.test_contract import HARNESSES, PEOPLE, shown, trimmed

AS_OF = "2026-11-20"
FRAMEWORK = [
    look_for("CL1", "Culture"),
    look_for("IN1", "Instruction"),
    look_for("AS1", "Assessment"),
]
SCHOOL_DAYS = [
    day
    for day in (dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(60))
    if day.weekday() < 5
]


def visits_of(teacher_id: str, *lookfors: str) -> list[dict[str, Any]]:
    """One visit a school day from Oct 1, each with the Look-fors given."""
    return [
        visit(day, "10:00", "Obs A", teacher_id, lookfors=codes)
        for day, codes in zip(SCHOOL_DAYS, lookfors, strict=False)
    ]


def staff(*people: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    """(id, name, department, grade) as Roster rows."""
    return [teacher(tid, name, department=dept, grade=grade) for tid, name, dept, grade in people]


def school() -> Book:
    return make_book(
        roster=staff(
            ("T1", "Ana Ortiz", "Math", "7"),
            ("T2", "Bo Li", "Math", "7"),
            ("T3", "Cy Park", "Science", "8"),
            ("T4", "Di Roy", "Math", "8"),
            ("T5", "Eve Ng", "Math", "6"),
            ("T6", "Fay Wu", "Science", "7"),
            ("T7", "Gus Oh", "English", "8"),
        ),
        walkthroughs=[
            *visits_of("T1", "CL1:3, AS1:1", "IN1:3, AS1:2", "CL1:2, IN1:3, AS1:1"),
            *visits_of("T2", "IN1:1, CL1:3", "IN1:1", "IN1:1, AS1:3"),
            *visits_of("T3", "CL1:2, IN1:3", "CL1:1", "CL1:2"),
            *visits_of("T4", "AS1:1", "AS1:2", "AS1"),
            *visits_of("T5", "AS1:3", "AS1:4", "AS1:3"),
            *visits_of("T6", "AS1:4", "AS1:4", "AS1:4"),
            *visits_of("T7", "CL1:3", "CL1:4", "CL1:3"),
        ],
        coaching_rows=[
            coaching("2026-11-10", "Coach C", "T1", focus_area="AS1"),
            coaching("2026-10-15", "Coach C", "T2", focus_area="CL1"),
            coaching("2026-09-01", "Coach C", "T3", focus_area="CL1"),  # before the 8 weeks
            coaching("2026-11-05", "Coach C", "T3", focus_area="ZZ9"),  # not a Framework code
            coaching("2026-11-02", "Coach C", "T4", focus_area="AS1"),
            coaching("2026-11-12", "Coach C", "T7"),  # no Focus Area
            coaching("2026-11-13", "Coach C", "Nobody Here", focus_area="IN1"),  # not on Roster
        ],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )


def rows(tab: OutputTab) -> list[dict[str, Any]]:
    table = tab.table("teachers")
    return [dict(zip((c.header for c in table.columns), row, strict=True)) for row in table.rows]


def by_teacher(tab: OutputTab) -> dict[str, dict[str, Any]]:
    return {row["Teacher"]: row for row in rows(tab)}


def figure(tab: OutputTab, key: str, label: str) -> Any:
    return next(f.value for f in tab.key_figures(key).items if f.label == label)


@pytest.fixture(scope="module")
def tab() -> OutputTab:
    return teacher_support_tab(school())


def test_the_tab_has_a_column_per_area_and_the_issue_s_columns(tab: OutputTab) -> None:
    assert tab.name == "Teacher Support"
    assert [c.header for c in tab.table("teachers").columns] == [
        "Teacher",
        "Department",
        "Grade",
        "Visits This Year",
        "Culture",
        "Instruction",
        "Assessment",
        "Lowest Area",
        "Support Gap",
        "Last Coached",
        "Coaching Focus",
        "Follows Evidence",
        "Strong Areas",
        "Suggested Peer",
    ]


def test_support_gaps_come_first_then_the_lowest_levels(tab: OutputTab) -> None:
    # Cy: Culture 1.67 and no coaching in 8 weeks (Sep 1 is before them; ZZ9 is left out).
    # Then Bo (1.0), Ana (1.33), Eve and Gus (3.33, by name), Fay (4.0), Di (too few).
    assert [row["Teacher"] for row in rows(tab)] == [
        "Cy Park",
        "Bo Li",
        "Ana Ortiz",
        "Eve Ng",
        "Gus Oh",
        "Fay Wu",
        "Di Roy",
    ]
    assert [row["Support Gap"] for row in rows(tab)] == ["Yes", "", "", "", "", "", ""]


def test_a_teacher_low_in_one_area_and_coached_in_it(tab: OutputTab) -> None:
    ana = by_teacher(tab)["Ana Ortiz"]
    assert (ana["Culture"], ana["Instruction"], ana["Assessment"]) == (2.5, 3.0, 1.33)
    assert ana["Visits This Year"] == 3
    assert ana["Lowest Area"] == "Assessment"
    assert ana["Last Coached"] == dt.date(2026, 11, 10)
    assert ana["Coaching Focus"] == "Assessment"
    assert ana["Follows Evidence"] == "Yes"
    assert ana["Strong Areas"] is None  # Instruction 3.0, but over 2 visits only


def test_a_teacher_coached_elsewhere(tab: OutputTab) -> None:
    bo = by_teacher(tab)["Bo Li"]
    assert (bo["Culture"], bo["Instruction"], bo["Assessment"]) == (3.0, 1.0, 3.0)
    assert bo["Lowest Area"] == "Instruction"
    assert (bo["Coaching Focus"], bo["Follows Evidence"]) == ("Culture", "No")
    assert bo["Support Gap"] == ""  # coached, if elsewhere
    assert bo["Suggested Peer"] == "No strong peer yet"  # nobody has 3 Instruction levels


def test_a_teacher_not_coached_in_the_8_weeks_is_a_support_gap(tab: OutputTab) -> None:
    cy = by_teacher(tab)["Cy Park"]
    assert (cy["Culture"], cy["Instruction"], cy["Assessment"]) == (1.67, 3.0, None)
    assert cy["Lowest Area"] == "Culture"
    assert cy["Last Coached"] == dt.date(2026, 9, 1)
    assert (cy["Coaching Focus"], cy["Follows Evidence"]) == (None, "Not coached")
    assert cy["Support Gap"] == "Yes"


def test_too_few_levels_names_no_lowest_area(tab: OutputTab) -> None:
    di = by_teacher(tab)["Di Roy"]
    assert (di["Assessment"], di["Visits This Year"]) == (1.5, 3)  # the bare AS1 adds no level
    assert di["Lowest Area"] == "Too few levels"
    assert di["Follows Evidence"] == "Too few levels"  # coached, but against no lowest area
    assert (di["Support Gap"], di["Suggested Peer"]) == ("", None)


def test_coaching_without_a_focus_area_counts_as_coaching(tab: OutputTab) -> None:
    gus = by_teacher(tab)["Gus Oh"]
    assert (gus["Last Coached"], gus["Coaching Focus"]) == (dt.date(2026, 11, 12), None)
    assert gus["Follows Evidence"] == "No focus given"


def test_strong_areas_need_a_mean_of_3_over_3_visits(tab: OutputTab) -> None:
    strong = {row["Teacher"]: row["Strong Areas"] for row in rows(tab)}
    assert strong == {
        "Cy Park": None,
        "Bo Li": None,
        "Ana Ortiz": None,
        "Eve Ng": "Assessment",
        "Gus Oh": "Culture",
        "Fay Wu": "Assessment",
        "Di Roy": None,
    }


def test_the_peer_of_the_same_department_comes_before_a_stronger_one_elsewhere(
    tab: OutputTab,
) -> None:
    # Ana (Math 7) is low in Assessment: Eve (Math 6, 3.33) before Fay (Science 7, 4.0).
    peers = {row["Teacher"]: row["Suggested Peer"] for row in rows(tab)}
    assert peers["Ana Ortiz"] == "Eve Ng"
    # Cy (Science 8) is low in Culture: only Gus (English 8) is strong there.
    assert peers["Cy Park"] == "Gus Oh"
    # Strong in their own lowest area: no peer needed.
    assert (peers["Eve Ng"], peers["Fay Wu"], peers["Gus Oh"]) == (None, None, None)


def test_key_figures_are_the_hand_counted_ones(tab: OutputTab) -> None:
    # In the 8 weeks: Ana AS1, Bo CL1, Di AS1, Gus (no focus); Cy's ZZ9 and the unknown
    # teacher's row are left out. With a focus and a lowest area: Ana's and Bo's; Ana's follows.
    assert figure(tab, "support", "Coaching follows the evidence") == 0.5
    assert figure(tab, "support", "Teachers with a support gap") == 1
    assert figure(tab, "support", "Teachers coached in the last 8 weeks") == 4
    assert figure(tab, "support", "Coaching with a framework focus") == 0.75
    # Lowest areas: Assessment for Ana, Eve, Fay; Culture for Cy, Gus; Instruction for Bo.
    assert figure(tab, "support", "Biggest opportunity area") == "Assessment"
    notes = " ".join(getattr(block, "text", "") for block in tab.blocks)
    assert "1 of 2 coaching conversations" in notes
    assert "3 of 4 had a framework focus" in notes
    assert "Assessment is the Lowest Area of 3 of 6 teachers" in notes


def test_unreadable_coaching_rows_are_findings_and_left_out() -> None:
    book = school()
    found = {(f.code, f.tab, f.row) for f in book.findings if f.tab == "Coaching"}
    assert ("focus-unknown", "Coaching", 5) in found
    assert ("teacher-unknown", "Coaching", 8) in found
    assert teacher_support(book).conversations == 4


def test_the_summary_shows_the_support_gaps_and_the_follows_share() -> None:
    summary = build_output_tabs(school())[0]
    headlines = {(r[0], r[1]): r[2] for r in summary.table("headlines").rows}
    assert headlines["Teacher Support", "Teachers with a support gap"] == (
        "1; lowest area at level 2 or below, not coached in the last 8 weeks"
    )
    assert headlines["Teacher Support", "Coaching follows the evidence"] == (
        "50%; 1 of 2 coaching conversations in the last 8 weeks in the teacher's lowest area"
    )


def test_the_roadmap_names_the_biggest_opportunity_area() -> None:
    evidence = {row[0]: row[3] for row in roadmap_tab(school()).table("team").rows}
    assert str(evidence["High-Performance"]).endswith(
        "; biggest opportunity area: Assessment (the lowest area of 3 of 6 teachers with "
        "enough levels)"
    )


# Suggested peers: each peer for at most 3 teachers ------------------------------------------


def low_in_instruction(*extra: tuple[str, str, str, str]) -> Book:
    """Five Math 7 teachers low in Instruction (L1 1.0, L2 1.33, L3 1.67, L4 2.0, L5 2.33),
    none coached, and Hal Ito (Math 7) strong there; `extra` teachers are strong there too."""
    levels = {
        "L1": ("IN1:1", "IN1:1", "IN1:1"),
        "L2": ("IN1:1", "IN1:1", "IN1:2"),
        "L3": ("IN1:1", "IN1:2", "IN1:2"),
        "L4": ("IN1:2", "IN1:2", "IN1:2"),
        "L5": ("IN1:2", "IN1:2", "IN1:3"),
        "H1": ("IN1:3", "IN1:3", "IN1:4"),
        **{tid: ("IN1:4", "IN1:4", "IN1:4") for tid, *_ in extra},
    }
    return make_book(
        roster=staff(
            *((f"L{n}", f"Low {n}", "Math", "7") for n in range(1, 6)),
            ("H1", "Hal Ito", "Math", "7"),
            *extra,
        ),
        walkthroughs=[v for tid, codes in levels.items() for v in visits_of(tid, *codes)],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )


def peers(book: Book) -> dict[str, Any]:
    return {row["Teacher"]: row["Suggested Peer"] for row in rows(teacher_support_tab(book))}


def test_a_peer_is_suggested_to_at_most_3_teachers_gaps_first() -> None:
    # L1-L4 are support gaps (2.0 or below, not coached), served first; L5 (2.33) is not.
    assert peers(low_in_instruction()) == {
        "Low 1": "Hal Ito",
        "Low 2": "Hal Ito",
        "Low 3": "Hal Ito",
        "Low 4": "All peers at 3",
        "Low 5": "All peers at 3",
        "Hal Ito": None,
    }


def test_once_the_first_peer_is_taken_the_next_is_suggested() -> None:
    # Ida (Art 6) is stronger (4.0) but in another department and grade: Hal goes first.
    book = low_in_instruction(("I1", "Ida Sol", "Art", "6"))
    assert peers(book) == {
        "Low 1": "Hal Ito",
        "Low 2": "Hal Ito",
        "Low 3": "Hal Ito",
        "Low 4": "Ida Sol",
        "Low 5": "Ida Sol",
        "Hal Ito": None,
        "Ida Sol": None,
    }


def test_the_same_grade_comes_before_another_grade() -> None:
    # For Math 7 teachers, Ida (Art 7) shares the grade; Jon (Art 6) shares nothing.
    book = low_in_instruction(("I1", "Ida Sol", "Art", "7"), ("J1", "Jon Tam", "Art", "6"))
    found = peers(book)
    assert [found[f"Low {n}"] for n in range(1, 6)] == ["Hal Ito"] * 3 + ["Ida Sol"] * 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Math", "ELA"]),
            st.sampled_from(["6", "7"]),
            st.lists(
                st.sampled_from(["IN1:1", "IN1:2", "IN1:3", "IN1:4", "AS1:1", "AS1:3", "AS1:4"]),
                min_size=3,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_peers_are_strong_in_the_lowest_area_never_oneself_at_most_3_each(
    people: list[tuple[str, str, list[str]]],
) -> None:
    teachers = {f"T{n}": person for n, person in enumerate(people)}
    book = make_book(
        roster=staff(*((tid, f"Teacher {tid}", d, g) for tid, (d, g, _) in teachers.items())),
        walkthroughs=[v for tid, (_, _, codes) in teachers.items() for v in visits_of(tid, *codes)],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    table = rows(teacher_support_tab(book))
    strong = {row["Teacher"]: (row["Strong Areas"] or "").split(", ") for row in table}
    named = [row["Suggested Peer"] for row in table if row["Suggested Peer"] in strong]
    assert all(named.count(peer) <= 3 for peer in named)
    for row in table:
        if row["Suggested Peer"] in strong:
            assert row["Suggested Peer"] != row["Teacher"]
            assert row["Lowest Area"] in strong[row["Suggested Peer"]]


# Area levels: the last 6 visits with a level ------------------------------------------------


def test_area_levels_are_over_the_last_6_leveled_visits_only() -> None:
    # 8 visits: IN1:1 (oldest, dropped), a bare IN1 (no level, not counted), six IN1:3.
    book = make_book(
        roster=staff(("T1", "Ana Ortiz", "Math", "7")),
        walkthroughs=visits_of("T1", "IN1:1", "IN1", *["IN1:3"] * 6),
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    ana = by_teacher(teacher_support_tab(book))["Ana Ortiz"]
    assert (ana["Visits This Year"], ana["Instruction"]) == (8, 3.0)
    assert (ana["Lowest Area"], ana["Strong Areas"]) == ("Instruction", "Instruction")


def test_a_tie_for_lowest_goes_to_the_framework_tab_s_first_area() -> None:
    book = make_book(
        roster=staff(("T1", "Ana Ortiz", "Math", "7")),
        walkthroughs=visits_of("T1", "AS1:2, IN1:2", "AS1:2", "IN1:2"),
        framework=FRAMEWORK,
        as_of=AS_OF,
    )
    assert by_teacher(teacher_support_tab(book))["Ana Ortiz"]["Lowest Area"] == "Instruction"


def test_an_empty_school_still_gives_a_tab() -> None:
    tab = teacher_support_tab(
        make_book(roster=staff(("T1", "Ana Ortiz", "Math", "7")), as_of=AS_OF)
    )
    assert rows(tab)[0]["Lowest Area"] == "Too few levels"
    assert figure(tab, "support", "Coaching follows the evidence") == "nothing to judge yet"
    assert figure(tab, "support", "Biggest opportunity area") == "too few levels yet"


# The team's share on PL Needs and the packet ------------------------------------------------


def six_coached(on_instruction: int) -> Book:
    """Six Math 7 teachers, each lowest in Instruction (1) over Culture (3), all coached in
    the 8 weeks: `on_instruction` of them on IN1, the rest on CL1."""
    ids = [f"T{n}" for n in range(1, 7)]
    return make_book(
        roster=staff(*((tid, f"Teacher {tid}", "Math", "7") for tid in ids)),
        walkthroughs=[v for tid in ids for v in visits_of(tid, *["IN1:1, CL1:3"] * 3)],
        coaching_rows=[
            coaching(
                "2026-11-16", "Coach C", tid, focus_area="IN1" if n < on_instruction else "CL1"
            )
            for n, tid in enumerate(ids)
        ],
        framework=FRAMEWORK,
        as_of=AS_OF,
    )


def test_pl_needs_and_the_packet_show_the_team_share_only() -> None:
    book = six_coached(on_instruction=4)
    pl_needs = pl_needs_tab(book)
    share = figure(pl_needs, "follows_evidence", "Coaching follows the evidence")
    assert share == pytest.approx(4 / 6)
    assert follows_line(packet_content(book)) == (
        "Coaching follows the evidence: 67% of 6 coaching conversations in the last 8 weeks "
        "were in the teacher's lowest framework area (whole team)."
    )
    # Team level only: no teacher is named on PL Needs.
    cells = [str(c) for t in pl_needs.tables for row in t.rows for c in row]
    assert not any("Teacher T" in cell for cell in cells)


@pytest.mark.parametrize(
    ("book", "why"),
    [
        (six_coached(on_instruction=6), "all of them"),
        (six_coached(on_instruction=0), "none of them"),
        (school(), "2 teachers, fewer than Min Group Size 5"),
    ],
)
def test_the_team_share_is_hidden_when_it_would_say_something_of_each(book: Book, why: str) -> None:
    share = figure(pl_needs_tab(book), "follows_evidence", "Coaching follows the evidence")
    assert share == HIDDEN, why
    assert follows_line(packet_content(book)).startswith(
        "Coaching follows the evidence: hidden to protect small groups"
    )


# Written and read back by a spreadsheet program ---------------------------------------------


@pytest.mark.libreoffice
def test_the_written_tab_reads_back_in_libreoffice_without_cut_values(tmp_path: Path) -> None:
    path = tmp_path / "support.xlsx"
    new_workbook([teacher_support_tab(school())]).save(path)
    written = csv_tabs(path, tmp_path / "csv")["Teacher Support"]
    assert not any("###" in cell for row in written for cell in row)
    assert next(row for row in written if row[0] == "Coaching follows the evidence")[1] == "50%"
    ana = next(row for row in written if row[0] == "Ana Ortiz")
    assert ana[:14] == [
        "Ana Ortiz",
        "Math",
        "7",
        "3",
        "2.5",
        "3",
        "1.33",
        "Assessment",
        "",
        "2026-11-10",
        "Assessment",
        "Yes",
        "",
        "Eve Ng",
    ]


@pytest.mark.parametrize("backend", ["memory", "xlsx", "google", "live Excel"])
def test_every_backend_draws_the_tab_as_laid_out(backend: str, tmp_path: Path) -> None:
    tab = teacher_support_tab(school())
    if backend == "live Excel":
        drawn: Backend = XlwingsBackend(book_with(PEOPLE))
    else:
        drawn = HARNESSES[backend](PEOPLE, tmp_path).backend
    drawn.write([tab])
    assert trimmed(drawn.read([tab.name])[tab.name].rows) == shown(tab)


# The demo school ----------------------------------------------------------------------------


def test_the_demo_school_s_coaching_mostly_follows_the_evidence() -> None:
    as_of = dt.date(2026, 11, 20)
    specs = {spec.name: spec for spec in INPUT_TABS}
    raw = {name: [specs[name].headers, *rows] for name, rows in demo_school(as_of).items()}
    figures = teacher_support(parse_book(raw, locate_tabs(list(raw)), as_of, today=as_of))
    assert figures.judged > 0
    assert figures.followed / figures.judged > 0.5
    # Both cases show: coaching in the lowest area and elsewhere, and support gaps.
    shown = {teacher.follows_evidence for teacher in figures.teachers}
    assert {"Yes", "No", "Not coached", "Too few levels"} <= shown
    assert figures.gaps > 0


def test_without_a_framework_every_coaching_row_counts_as_coaching() -> None:
    from reports.figures.teacher_support import coaching_read

    book = make_book(
        as_of="2026-11-20",
        roster=[teacher("T1", "Ana Ortiz")],
        coaching_rows=[
            coaching("2026-11-10", "Coach C", "T1", focus_area="IN1"),  # no Framework to read it
            coaching("2026-11-12", "Coach C", "T1"),
        ],
    )
    read = coaching_read(book)
    assert len(read) == 2
    assert read["area"].isna().all()  # neither has a framework focus to compare
