"""The use cases through the in-memory workbook: what each returns, and what it writes."""

from __future__ import annotations

import datetime as dt

import pytest

from addin.app import check, deidentify, packet, refresh
from reports.exports.deidentified import ABOUT_TAB, CopyCounts, DeidentifyOptions
from reports.exports.packet import PacketFormat
from sheets_templates.findings import Severity
from sheets_templates.schema import OUTPUT_TAB_NAMES
from sync.memory import MemoryBackend
from tests.builders import coaching, look_for, make_raw, teacher, visit

AS_OF = dt.date(2026, 11, 20)
NAMES = ["Ana Ortiz", "Bo Chen", "Cal Diaz", "Dee Evans", "Eli Ford", "Fay Gray"]


def school() -> dict[str, list[list[object]]]:
    """Six Gr 7 Math teachers, all coached; three visits, one to a teacher no one knows."""
    return make_raw(
        roster=[
            teacher(f"T{i}", name, grade="7", department="Math", years=2, room=f"2{i:02d}")
            for i, name in enumerate(NAMES)
        ],
        walkthroughs=[
            visit("2026-11-16", "10:15", "Obs A", "T0", room="200", lookfors="EN1"),
            visit("2026-11-17", "10:15", "Obs A", "Gus Nobody"),  # an error row
            visit("2026-11-17", "11:15", "Obs A", "T1", room="999"),  # a warning: wrong room
        ],
        coaching_rows=[
            coaching(
                "2026-11-04",
                "Coach Kim",
                f"T{i}",
                focus_area="EN1",
                needs=f"{name} asked {NAMES[i - 1].split()[0]} for ideas" if i else "wait time",
            )
            for i, name in enumerate(NAMES)
        ],
        framework=[look_for("EN1", "Engagement")],
    )


def test_refresh_writes_every_output_tab_once() -> None:
    backend = MemoryBackend(school())
    result = refresh(backend, as_of=AS_OF)
    assert [tab.name for tab in result.tabs] == list(OUTPUT_TAB_NAMES)
    assert list(backend.book.sheets)[: len(OUTPUT_TAB_NAMES)] == list(OUTPUT_TAB_NAMES)
    assert backend.writes == 1
    assert result.location == "memory"
    assert (result.count(Severity.ERROR), result.count(Severity.WARNING)) == (1, 1)


def test_check_counts_its_findings_and_writes_nothing() -> None:
    messages: list[str] = []
    backend = MemoryBackend(school())
    result = check(backend, as_of=AS_OF, progress=messages.append)
    severities = [finding.severity for finding in result.findings]
    assert result.stats.errors == severities.count(Severity.ERROR) == 1
    assert result.stats.warnings == severities.count(Severity.WARNING) == 1
    assert result.valid is False
    assert [finding.code for finding in result.findings][:2] == ["teacher-unknown", "room-mismatch"]
    assert list(result.findings) == sorted(result.findings, key=lambda f: f.sort_key)
    assert backend.writes == 0
    assert messages == ["Reading the workbook", "Checking the rows"]


def test_check_as_a_dict_is_the_json_report() -> None:
    result = check(MemoryBackend(school()), as_of=AS_OF)
    report = result.to_dict()
    assert list(report) == ["valid", "stats", "findings"]
    assert report["valid"] is False
    assert report["stats"]["rows"] == {
        "Roster": 6,
        "Walkthroughs": 3,
        "Coaching": 6,
        "Framework": 1,
        "Settings": 2,
    }
    assert report["findings"] == [finding.to_dict() for finding in result.findings]


@pytest.mark.parametrize(
    ("format", "starts"), [(PacketFormat.PDF, b"%PDF-"), (PacketFormat.HTML, b"<!DOCTYPE html>")]
)
def test_packet_is_drawn_as_bytes_and_nothing_is_written(
    format: PacketFormat, starts: bytes
) -> None:
    messages: list[str] = []
    backend = MemoryBackend(school())
    drawn = packet(backend, format, as_of=AS_OF, progress=messages.append)
    assert drawn.format is format
    assert drawn.data.startswith(starts)
    assert (backend.writes, backend.created) == (0, {})
    assert messages[-1] == "Drawing the packet"


def test_the_html_packet_is_a_page_that_names_no_teacher() -> None:
    page = packet(MemoryBackend(school()), PacketFormat.HTML, as_of=AS_OF).data.decode("utf-8")
    assert "<html" in page
    assert "ILT meeting packet" in page
    for name in NAMES:
        assert name not in page


@pytest.mark.parametrize(
    ("min_group", "counts"),
    [
        (
            5,
            CopyCounts(source_rows=6, copied=6, suppressed=0, left_out=0, mentions=10, min_group=5),
        ),
        (7, CopyCounts(source_rows=6, copied=0, suppressed=6, left_out=0, mentions=0, min_group=7)),
    ],
)
def test_deidentify_counts_what_its_about_tab_shows(min_group: int, counts: CopyCounts) -> None:
    messages: list[str] = []
    backend = MemoryBackend(school())
    options = DeidentifyOptions(min_group=min_group)
    result = deidentify(backend, "shared.xlsx", options, as_of=AS_OF, progress=messages.append)
    assert result.location == "shared.xlsx"
    assert result.counts == counts
    shown = {row[0]: row[1] for row in backend.created["shared.xlsx"].sheets[ABOUT_TAB]}
    assert shown["Rows copied"] == result.counts.copied
    assert shown["Rows suppressed"] == result.counts.suppressed
    assert shown["Mentions replaced"] == result.counts.mentions
    assert shown["Rows left out"] == result.counts.left_out
    assert backend.writes == 0
    assert messages[-1] == "Removing names"
