"""The staff snapshot: hand-computed figures on a generated log, one page, and no one named.

The school: 8 Gr 7 teachers, two observers and a coach, every name invented. Five visits in
August, none in September, ten in October to all 8 teachers, four in November to 3 of them
only (fewer than Min Group Size 5, so November's shares are hidden). As of Fri Nov 20, 2026,
November is still running, so the last full month is October. The PDF is read back with
`pdftotext` and drawn with `pdftoppm` (poppler-utils).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.exports.snapshot import PacketFormat, snapshot_bytes, snapshot_month, text
from reports.exports.snapshot.content import SnapshotContent, snapshot_content
from reports.exports.snapshot.pdf import BODY_SIZES, FOOTER_TOP, fitted, laid_out
from reports.model import HIDDEN
from reports.tabs.snapshot import staff_snapshot_tab
from sheets_templates.book import Book
from sheets_templates.errors import UsageError
from sheets_templates.parse import parse_book
from sheets_templates.schema import STAFF_SNAPSHOT_TAB, locate_tabs
from tests.builders import look_for
from tests.reports.snapshot_school import AS_OF, FRAMEWORK, assert_names_no_one, tabs


def book_of(raw: dict[str, list[list[object]]]) -> Book:
    return parse_book(raw, locate_tabs(list(raw)), AS_OF)


@pytest.fixture(scope="module")
def book() -> Book:
    return book_of(tabs())


@pytest.fixture(scope="module")
def october(book: Book) -> SnapshotContent:
    return snapshot_content(book, snapshot_month(book))


def test_the_last_full_month_is_october_while_november_is_running(book: Book) -> None:
    assert snapshot_month(book) == dt.date(2026, 10, 1)
    assert snapshot_month(book, current=True) == dt.date(2026, 11, 1)
    assert snapshot_month(book, dt.date(2026, 9, 14)) == dt.date(2026, 9, 1)


def test_a_month_once_its_last_school_day_is_past_is_full() -> None:
    raw = tabs()
    finished = parse_book(raw, locate_tabs(list(raw)), dt.date(2026, 11, 30), today=AS_OF)
    # Nov 30 is a Monday, the month's last school day: November is full on it.
    assert snapshot_month(finished) == dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("month", "current", "message"),
    [
        (dt.date(2026, 12, 1), False, "pick a month from August 2026 to November 2026"),
        (dt.date(2026, 7, 1), False, "No snapshot of July 2026"),
        (dt.date(2026, 10, 1), True, "not both"),
    ],
)
def test_a_month_outside_the_year_or_both_asks_is_one_sentence(
    book: Book, month: dt.date, current: bool, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        snapshot_month(book, month, current)


def test_octobers_headline_is_hand_counted(october: SnapshotContent) -> None:
    # All 8 teachers seen in 10 October visits; 5 in August + 10 in October this year by then.
    assert (october.classrooms_visited, october.teachers, october.visits) == (8, 8, 10)
    assert october.visits_this_year == 15
    assert text.headline(october) == [
        ("100%", "of classrooms visited in October: 8 of 8"),
        ("10", "visits in October"),
        ("15", "visits this school year"),
    ]


def test_each_priority_against_last_month_and_the_start_of_the_year(
    october: SnapshotContent,
) -> None:
    # IN1: 4 of 10 in October, 1 of 5 in August; EN1: 6 of 10, 2 of 5. September had none.
    assert [m.label for m in october.months] == ["August 2026", "September 2026", "October 2026"]
    assert text.priority_lines(october) == [
        "IN1 (Students explain their reasoning): seen in 40% of 10 visits in October, against "
        "no visits in September and 20% of 5 visits at the start of the year (August).",
        "EN1 (Every student talks about the work): seen in 60% of 10 visits in October, "
        "against no visits in September and 40% of 5 visits at the start of the year "
        "(August).",
    ]


def test_what_we_saw_most_lists_only_look_fors_seen_in_enough_classrooms(
    october: SnapshotContent,
) -> None:
    # EN1 reach 0.6 x 6/8, AS1 0.5 x 5/8; IN1 (2 classrooms) and CL1 (1) point at too few.
    assert text.seen_most_lines(october) == [
        "EN1 (Every student talks about the work): in 6 classrooms, 60% of visits.",
        "AS1 (Checks for understanding): in 5 classrooms, 50% of visits.",
    ]


def test_the_feedback_is_in_plain_words(october: SnapshotContent) -> None:
    assert text.feedback_lines(october) == [
        "Most of you got written evidence the same day: 80% of 10 visits."
    ]


def test_the_staff_focus_is_scrubbed_of_every_person_and_room(october: SnapshotContent) -> None:
    assert text.focus_lines(october) == [
        "Turn and talk in every class, as [teacher] and [observer] showed us in [room]; "
        "ask [coach] for the planning sheet."
    ]


def test_without_a_staff_focus_the_priorities_are_the_focus() -> None:
    book = book_of(tabs(focus=""))
    content = snapshot_content(book, snapshot_month(book))
    assert text.focus_lines(content) == [
        "Our Priority look-fors: IN1 (Students explain their reasoning); "
        "EN1 (Every student talks about the work)."
    ]


def test_a_month_seen_in_too_few_classrooms_shows_counts_only(book: Book) -> None:
    november = snapshot_content(book, snapshot_month(book, current=True))
    # 4 visits to 3 classrooms: under Min Group Size 5.
    assert (november.visits, november.classrooms_visited, november.hidden) == (4, 3, True)
    assert november.month.label == "November 2026, 15 school days so far"
    assert text.priority_lines(november)[0] == (
        "IN1 (Students explain their reasoning): too few classrooms to show (4 visits) in "
        "November so far, against 40% of 10 visits in October and 20% of 5 visits at the "
        "start of the year (August)."
    )
    too_few = (
        "Fewer than 5 classrooms were visited in November so far: too few to show without "
        "pointing at someone."
    )
    assert text.seen_most_lines(november) == text.feedback_lines(november) == [too_few]
    assert november.evidence_same_day is None


def test_the_staff_snapshot_tab_shows_the_last_full_month(book: Book) -> None:
    tab = staff_snapshot_tab(book)
    assert tab.name == STAFF_SNAPSHOT_TAB
    figures = {item.label: item.value for item in tab.key_figures("snapshot").items}
    assert figures == {
        "Month": "October 2026",
        "Classrooms visited in October": 1.0,
        "Visits in October": 10,
        "Visits this school year": 15,
        "Evidence shared the same day": 0.8,
    }
    assert tab.table("priorities").rows == (
        ("IN1", "Students explain their reasoning", 0.2, 5, None, 0, 0.4, 10),
        ("EN1", "Every student talks about the work", 0.4, 5, None, 0, 0.6, 10),
    )
    assert tab.table("seen_most").rows == (
        ("EN1", "Every student talks about the work", 6, 0.6),
        ("AS1", "Checks for understanding", 5, 0.5),
    )


def test_the_tab_of_a_thin_month_hides_its_shares() -> None:
    raw = tabs()
    late = parse_book(raw, locate_tabs(list(raw)), dt.date(2026, 11, 30), today=AS_OF)
    tab = staff_snapshot_tab(late)  # November, now full, seen in 3 classrooms only
    assert tab.key_figures("snapshot").items[-1].value == HIDDEN
    assert [row[-2:] for row in tab.table("priorities").rows] == [(HIDDEN, 4), (HIDDEN, 4)]
    assert tab.table("seen_most").rows == ()


@pytest.fixture(scope="module")
def pdf(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed")
    path = tmp_path_factory.mktemp("snapshot") / "staff.pdf"
    path.write_bytes(snapshot_bytes(book, snapshot_month(book), PacketFormat.PDF))
    return path


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_pdf_is_one_page_with_every_section(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 1
    from matplotlib.image import imread

    pixels = imread(pages[0])
    assert (abs(pixels[..., 0] - pixels[..., 2]) > 0.3).sum() > 200  # the chart's coloured bars
    words = " ".join(pdf_text(pdf).split())
    for heading in ("What we saw in classrooms: October 2026", *text.HEADINGS):
        assert heading in words, heading
    assert "Most of you got written evidence the same day: 80% of 10 visits." in words


def test_the_pdf_names_no_one(pdf: Path) -> None:
    assert_names_no_one(pdf_text(pdf))


def test_the_html_embeds_the_chart_and_names_no_one(book: Book) -> None:
    html = snapshot_bytes(book, snapshot_month(book), PacketFormat.HTML).decode("utf-8")
    assert html.count('src="data:image/png;base64,') == 1
    for heading in text.HEADINGS:
        assert f"<h2>{heading}</h2>" in html
    assert "ask [coach] for the planning sheet." in html
    assert_names_no_one(html)


def test_a_crowded_month_takes_smaller_text_never_a_second_page(tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    many = [
        look_for(
            f"PR{n}", "Practice", indicator=f"A long indicator, number {n}, " * 4, priority="Y"
        )
        for n in range(1, 8)
    ]
    book = book_of(tabs(focus="Our next steps, in detail. " * 60, framework=[*FRAMEWORK, *many]))
    content = snapshot_content(book, snapshot_month(book))
    assert len(content.priorities) == 9
    assert laid_out(content, BODY_SIZES[0]).at > FOOTER_TOP  # too much for the usual size
    assert laid_out(content, BODY_SIZES[-1]).at > FOOTER_TOP  # even at the smallest
    assert fitted(content).at <= FOOTER_TOP
    path = tmp_path / "crowded.pdf"
    path.write_bytes(snapshot_bytes(book, snapshot_month(book), PacketFormat.PDF))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 1
    words = " ".join(pdf_text(path).split())
    assert "Our next steps, in detail. Our next steps" in words
    assert re.search(r"The chart shows the other \d Priority look-fors\.", words)
    assert "Most of you got written evidence the same day: 80% of 10 visits." in words


def test_a_month_with_no_visit_says_so() -> None:
    book = book_of(tabs())
    september = snapshot_content(book, dt.date(2026, 9, 1))
    assert (september.visits, september.classrooms_visited, september.teachers) == (0, 0, 8)
    assert text.headline(september)[0] == ("0%", "of classrooms visited in September: 0 of 8")
    assert (
        text.seen_most_lines(september)
        == text.feedback_lines(september)
        == ["No classroom visits in September."]
    )
    # Its own month has no visits; August, the start of the year, had 1 of 5 with IN1.
    assert text.priority_lines(september)[0] == (
        "IN1 (Students explain their reasoning): no visits in September, against 20% of 5 "
        "visits in August."
    )
