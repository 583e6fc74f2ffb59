"""The ILT meeting packet: two pages with every section, charts drawn, and no teacher named.

The PDF is read back with `pdftotext` and drawn with `pdftoppm` (poppler-utils); the Trends and
Roadmap tabs of a written .xlsx are opened with openpyxl and LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from addin.cli import app
from reports.exports.packet import PacketFormat, packet_bytes, text
from reports.exports.packet.content import packet_content
from sheets_templates.book import Book
from sheets_templates.errors import UsageError
from sheets_templates.files import backups
from sheets_templates.parse import parse_book
from sheets_templates.schema import locate_tabs
from tests.builders import coaching, look_for, make_raw, teacher, visit
from tests.libreoffice import convert

AS_OF = dt.date(2026, 11, 20)
ROSTER = [
    teacher(f"ZX-{n:04d}", name, email=f"{name.split()[0].lower()}@school.example", grade="7")
    for n, name in enumerate(
        ["Ana Ortiz", "Bo Lindqvist", "Cy Moreau", "Dee Abara", "Eli Fontaine", "Fay Quist"],
        start=101,
    )
]
SECTIONS = (
    "ILT meeting packet",
    "Agenda",
    "Plus",
    "Delta",
    "Coverage and pace",
    "Feedback loop",
    "Roadmap: where the team stands",
    "Priority look-fors",
    "Improvement cycles",
    "PL needs (de-identified)",
)


def tabs() -> dict[str, list[list[object]]]:
    days = [
        AS_OF - dt.timedelta(days=d)
        for d in range(0, 40)
        if (AS_OF - dt.timedelta(days=d)).weekday() < 5
    ]
    visits = [
        visit(
            day,
            f"{8 + n % 6}:30",
            "Obs A" if n % 2 else "Obs B",
            ROSTER[n % len(ROSTER)]["teacher_id"],
            lookfors="IN1:3, EN1" if n % 3 else "EN1:2",
            evidence_shared=day if n % 4 else "N",
            conversation_date=day if n % 2 else None,
            conversation_role=("Coach", "Boss", "Leader")[n % 3],
            subject="Math",
        )
        for n, day in enumerate(days)
    ]
    return make_raw(
        roster=ROSTER,
        walkthroughs=visits,
        coaching_rows=[
            coaching(day, "Coach C", t["teacher_id"], focus_area="IN1", needs="Wait time")
            for day in days[:3]
            for t in ROSTER
        ],
        framework=[
            look_for("IN1", "Instruction", priority="Y", priority_since="2026-10-26"),
            look_for("EN1", "Engagement", priority="Y"),
        ],
        cycles=[
            # A cycle named after a teacher: the packet must blank the name out.
            {
                "name": "Ms. Ortiz's turn and talk, with Bo",
                "lookfor": "EN1",
                "start": "2026-11-02",
                "end": "2026-11-13",
            }
        ],
    )


def identifiers() -> list[str]:
    """Every roster name, first and last name, email and ID, as a person might see them."""
    found = []
    for row in ROSTER:
        found += [row["teacher_id"], row["email"], row["name"], *row["name"].split()]
    return found


@pytest.fixture(scope="module")
def book() -> Book:
    raw = tabs()
    return parse_book(raw, locate_tabs(list(raw)), AS_OF)


@pytest.fixture(scope="module")
def pdf(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed")
    path = tmp_path_factory.mktemp("packet") / "packet.pdf"
    path.write_bytes(packet_bytes(book, PacketFormat.PDF))
    return path


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_pdf_is_two_pages_with_every_section(pdf: Path) -> None:
    pages = pdf_text(pdf).split("\f")
    assert len([p for p in pages if p.strip()]) == 2
    text = " ".join(pages)
    for section in SECTIONS:
        assert section in text, section
    first, second = pages[0], pages[1]
    assert "Agenda" in first
    assert "Priority look-fors" in second
    # 30 visits, one each weekday Oct 12 to Nov 20; every 4th (8) not shared, the one of
    # as-of among them: pending, so 22 of the 29 due.
    assert (
        "Evidence shared the same day: 76% of visits (1 visit today with no evidence shared yet)."
        in first
    )


def test_the_pdf_names_no_teacher(pdf: Path) -> None:
    text = pdf_text(pdf).casefold()
    for identifier in identifiers():
        assert not re.search(rf"\b{re.escape(identifier.casefold())}\b", text), identifier
    assert "[teacher]'s turn and talk" in text  # the PDF wraps the rest of the cell


def test_the_pages_render_with_charts_drawn(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    from matplotlib.image import imread

    for page in pages:
        pixels = imread(page)
        # The chart lines are coloured: some pixels are far from grey.
        colour = abs(pixels[..., 0] - pixels[..., 2])
        assert (colour > 0.3).sum() > 200, page.name


def test_the_html_packet_embeds_charts_and_names_no_teacher(book: Book) -> None:
    html = packet_bytes(book, PacketFormat.HTML).decode("utf-8")
    assert html.count('src="data:image/png;base64,') == 3
    for section in SECTIONS:
        assert section in html.replace("&#x27;", "'"), section
    assert "[teacher]&#x27;s turn and talk, with [teacher]" in html
    folded = html.casefold()
    for identifier in identifiers():
        assert not re.search(rf"\b{re.escape(identifier.casefold())}\b", folded), identifier


def test_the_pl_needs_are_the_figures_counts_with_hidden_ones_blank(book: Book) -> None:
    # 18 conversations on IN1, all of one group's: the whole of its row, so hidden everywhere.
    assert text.pl_rows(packet_content(book)) == (
        ("Framework Area", "Last 4 weeks", "Last 8 weeks", "All weeks"),
        [("Instruction", "", "", "")],
        "A blank is a count hidden to protect small groups.",
    )


def test_the_file_name_picks_the_format_and_another_type_is_refused() -> None:
    assert PacketFormat.for_file(Path("Packet.PDF")) is PacketFormat.PDF
    assert PacketFormat.for_file(Path("packet.htm")) is PacketFormat.HTML
    with pytest.raises(UsageError, match=r"end the file name in \.pdf or \.html"):
        PacketFormat.for_file(Path("packet.docx"))


def school_file(tmp_path: Path) -> Path:
    """The packet's school as an .xlsx file."""
    workbook = tmp_path / "school.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tabs().items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    wb.save(workbook)
    return workbook


def test_ilr_packet_writes_the_file(tmp_path: Path) -> None:
    workbook = school_file(tmp_path)
    out = tmp_path / "packet.pdf"
    result = CliRunner().invoke(
        app, ["packet", str(workbook), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output.replace("\n", "")
    assert out.stat().st_size > 10_000


def test_ilr_packet_replaces_the_file_whole_and_leaves_no_temp_file(tmp_path: Path) -> None:
    workbook = school_file(tmp_path)
    out = tmp_path / "packet.html"
    out.write_text("last week's packet", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["packet", str(workbook), "-o", str(out), "--as-of", AS_OF.isoformat(), "--force"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    [backup] = backups(out)  # last week's, kept
    assert backup.read_text(encoding="utf-8") == "last week's packet"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["packet.html", backup.name, "school.xlsx"]
    )


def test_ilr_packet_into_a_missing_folder_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "packet.pdf"
    result = CliRunner().invoke(
        app, ["packet", str(school_file(tmp_path)), "-o", str(out), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 2
    assert " ".join(result.output.split()) == (
        f"Error: Cannot write the packet to {out}: check the folder exists and is writable."
    )


@pytest.mark.libreoffice
def test_written_xlsx_has_trends_charts_and_opens_in_libreoffice(tmp_path: Path) -> None:
    from sheets_templates.demo import write_demo_workbook
    from sync.pipeline import refresh
    from sync.xlsx import XlsxBackend

    path = tmp_path / "demo.xlsx"
    write_demo_workbook(path, AS_OF)
    refresh(XlsxBackend(path), as_of=AS_OF)
    workbook = openpyxl.load_workbook(path)
    trends, roadmap = workbook["Trends"], workbook["Roadmap"]
    titles = {_title(chart) for chart in trends._charts}  # type: ignore[attr-defined]
    assert {
        "Priority look-fors: share of visits by week",
        "Feedback loop by month",
        "Conversation roles by month",
    } <= titles
    assert roadmap["A1"].value == "Instructional Leadership Roadmap: where we stand"
    text = pdf_text(convert(path, "pdf", tmp_path / "lo"))
    assert "Trends: framework evidence and the feedback loop" in text
    assert "Instructional Leadership Roadmap: where we stand" in text
    assert "###" not in text


def _title(chart: object) -> str:
    """The plain text of an openpyxl chart's title."""
    title = getattr(chart, "title", None)
    rich = getattr(getattr(getattr(title, "tx", None), "rich", None), "p", [])
    return "".join(run.t for paragraph in rich for run in (paragraph.r or []))


def test_cycle_names_are_scrubbed_of_observers_and_coaches_too() -> None:
    raw = make_raw(
        roster=ROSTER,
        walkthroughs=[
            visit("2026-11-02", "09:30", "Ms. Diaz", ROSTER[0]["teacher_id"]),
            visit("2026-11-03", "09:30", "Becker", ROSTER[1]["teacher_id"]),
        ],
        coaching_rows=[coaching("2026-11-04", "Hans Müller", ROSTER[0]["teacher_id"])],
        framework=[look_for("EN1", "Engagement")],
        cycles=[
            {"name": name, "lookfor": "EN1", "start": "2026-11-02", "end": "2026-11-13"}
            for name in ("Diaz + Becker: turn and talk", "Mueller's pilot")
        ],
    )
    book = parse_book(raw, locate_tabs(list(raw)), AS_OF)
    names = sorted(cycle.name for cycle in packet_content(book).cycles)
    assert names == ["[coach]'s pilot", "[observer] + [observer]: turn and talk"]
