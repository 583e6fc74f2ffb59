"""The live-Excel backend against the xlwings stand-in: what a person sees in the tabs."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.layout import layout
from reports.model import (
    Chart,
    ChartKind,
    ColorScale,
    Format,
    KeyFigure,
    KeyFigures,
    Link,
    Note,
    OutputTab,
    table,
)
from sheets_templates.errors import MissingTab, TabNameClash, WorkbookLocked
from sync.backend import OUTPUT_MARKER
from sync.excel_live import XlwingsBackend
from sync.excel_live import backend as live_backend
from sync.excel_live.backend import read_sheet
from sync.memory import MemoryBackend
from tests.fakes.xlwings_standin import book_with

ROSTER = [["Teacher ID", "Name", "Room"], ["007", "Ana Ortiz", "101"], ["T2", "Bo Li", 12]]
TYPED_LIKE_FORMULAS = ["=SUM(A1)", "+1", "-3", "@home", "007", "TRUE", "2026-01-05", "3-4"]


def coverage_tab() -> OutputTab:
    rows = [
        (f"Teacher {n}", dt.date(2026, 11, n), dt.time(9, 30), n / 10, n, text)
        for n, text in enumerate(TYPED_LIKE_FORMULAS, start=1)
    ]
    return OutputTab(
        name="Coverage",
        title="Rotation coverage",
        subtitle="As of 2026-11-20",
        blocks=(
            KeyFigures(
                "headline",
                (KeyFigure("Coverage", 0.875, Format.PERCENT), KeyFigure("Seen", 7)),
                title="This rotation",
            ),
            table(
                "teachers",
                [
                    "Teacher",
                    ("Last Visit", Format.DATE),
                    ("Time", Format.TIME),
                    ("Share", Format.PERCENT),
                    ("Visits", Format.INTEGER),
                    "Notes",
                ],
                rows,
                freeze_header=True,
            ),
            Note("Coverage % = seen in window / active teachers."),
            table("empty", ["Nothing"], []),
        ),
        charts=(Chart("visits", ChartKind.BAR, "Visits", "teachers", "Teacher", ("Visits",)),),
        color_scales=(ColorScale("teachers", ("Share",)),),
    )


def summary_tab(note: str = "All good") -> OutputTab:
    return OutputTab(
        name="Summary",
        title="Summary",
        blocks=(
            table(
                "issues",
                ["Issue"],
                [(Link("Walkthroughs!C5", "Walkthroughs", 5, 3),), (note,)],
            ),
        ),
    )


@pytest.fixture
def book():
    return book_with({"Roster": ROSTER, "Walkthroughs": [["Date", "Teacher"]]})


def test_reads_values_as_the_file_backends_give_them():
    book = book_with(
        {
            "Walkthroughs": [
                ["Date", "Time", "Teacher", "Visits"],
                [dt.date(2026, 11, 3), dt.time(10, 15), "007", 3],
                [dt.datetime(2026, 11, 4, 8, 5), None, "#N/A", 2.5],
            ]
        }
    )

    tab = XlwingsBackend(book).read(["Walkthroughs"])["Walkthroughs"]

    assert tab.rows == [
        ["Date", "Time", "Teacher", "Visits"],
        [dt.date(2026, 11, 3), dt.time(10, 15), "007", 3],
        [dt.datetime(2026, 11, 4, 8, 5), None, "#N/A", 2.5],
    ]


def test_read_starts_at_a1_when_the_data_starts_lower_and_drops_empty_tail():
    book = book_with({"Roster": [[], [None, None, "Teacher ID"], [None, None, "T1"]]})
    sheet = book.sheets["Roster"]
    sheet.range("F40").number_format = "0.00"  # formatted but empty: in Excel's used range

    assert read_sheet(sheet) == [[None, None, None], [None, None, "Teacher ID"], [None, None, "T1"]]


def test_one_value_read_per_tab(book):
    XlwingsBackend(book).read(["Roster", "Walkthroughs"])

    assert book.app.calls.value_reads == 2


def test_reading_a_missing_tab_names_it(book):
    with pytest.raises(MissingTab, match="'Coaching'"):
        XlwingsBackend(book).read(["Coaching"])


def test_output_tabs_come_first_in_the_given_order_and_are_marked(book):
    backend = XlwingsBackend(book)

    backend.write([summary_tab(), coverage_tab()])

    assert [(t.name, t.is_output) for t in backend.tabs()] == [
        ("Summary", True),
        ("Coverage", True),
        ("Roster", False),
        ("Walkthroughs", False),
    ]
    marks = [name.name for name in book.sheets["Coverage"].names]
    assert marks == [f"Coverage!{OUTPUT_MARKER}"]
    assert book.sheets["Coverage"].names.contains(OUTPUT_MARKER)
    assert next(iter(book.sheets["Coverage"].names)).refers_to == "='Coverage'!$A$1"


def test_every_cell_matches_the_in_memory_backend(book):
    tabs = [summary_tab(), coverage_tab()]
    memory = MemoryBackend()
    memory.write(tabs)

    XlwingsBackend(book).write(tabs)

    for tab in tabs:
        assert read_sheet(book.sheets[tab.name]) == memory.book.sheets[tab.name], tab.name


def test_text_that_starts_like_a_formula_or_a_number_stays_the_text_typed(book):
    XlwingsBackend(book).write([coverage_tab()])

    sheet = book.sheets["Coverage"]
    first = layout(coverage_tab()).position("teachers").first_data_row
    notes = sheet.range(f"F{first}").resize(len(TYPED_LIKE_FORMULAS), 1)
    assert notes.value == TYPED_LIKE_FORMULAS
    assert sheet.range(f"F{first}").value == "=SUM(A1)"
    assert sheet.range(f"F{first}").formula == "=SUM(A1)"  # the stand-in's formula of text
    assert sheet._store.cells[(first, 6)].formula is None  # ... is the text: no formula


def test_a_link_jumps_to_the_cell_and_shows_its_text(book):
    XlwingsBackend(book).write([summary_tab('He said "hi"')])

    sheet = book.sheets["Summary"]
    assert sheet.range("A4").value == "Walkthroughs!C5"
    assert sheet.range("A4").formula == '=HYPERLINK("#\'Walkthroughs\'!C5","Walkthroughs!C5")'
    assert sheet.range("A5").value == 'He said "hi"'


def test_formats_widths_styles_chart_and_colour_scale(book):
    XlwingsBackend(book).write([coverage_tab()])

    sheet = book.sheets["Coverage"]
    placed = layout(coverage_tab())
    header = placed.position("teachers").header_row
    first, figures = header + 1, placed.position("headline").header_row
    note_row = next(p.row for p in placed.placed if isinstance(p.block, Note))
    empty_row = placed.position("empty").first_data_row
    assert sheet.range("A1").font.bold
    assert sheet.range("A1").font.size == 14
    assert sheet.range(f"B{figures}").value == 0.875
    assert sheet.range(f"B{figures}").number_format == "0.0%"
    assert sheet.range(f"B{first}").value == dt.datetime(2026, 11, 1)
    assert sheet.range(f"B{first}").number_format == "yyyy-mm-dd"
    assert sheet.range(f"C{first}").number_format == "hh:mm"
    assert sheet.range(f"C{first}").value == dt.datetime(1899, 12, 30, 9, 30)
    assert sheet.range(f"E{first}").number_format == "#,##0"
    assert sheet.range(f"A{header}").font.bold
    assert sheet.range(f"F{header}").color == (217, 225, 242)
    assert not sheet.range(f"A{first}").font.bold
    assert sheet.range(f"A{note_row}").font.italic  # the note
    assert sheet.range(f"A{empty_row}").font.italic  # "Nothing to show yet."
    assert sheet.range("A1").column_width >= len("Teacher 8")
    [chart] = sheet.charts
    assert (chart.chart_type, chart.title) == ("column_clustered", "Visits")
    last = first + len(TYPED_LIKE_FORMULAS) - 1
    assert (chart._store.source, chart._store.x_values) == (
        f"E{header}:E{last}",
        f"A{first}:A{last}",
    )
    assert sheet._store.color_scales == [(f"D{first}:D{last}", ["#F8696B", "#FFFFFF"])]
    assert sheet._store.frozen_at == f"1:{placed.freeze_rows}"


def test_one_value_write_per_output_tab(book):
    XlwingsBackend(book).write([summary_tab(), coverage_tab()])

    assert book.app.calls.value_writes == 2


def test_refresh_again_replaces_the_outputs_and_leaves_peoples_tabs_alone(book):
    backend = XlwingsBackend(book)
    backend.write([summary_tab("first"), coverage_tab()])
    roster_before = read_sheet(book.sheets["Roster"])

    backend.write([summary_tab("second")])

    assert [sheet.name for sheet in book.sheets] == ["Summary", "Roster", "Walkthroughs"]
    assert book.sheets["Summary"].range("A5").value == "second"
    assert read_sheet(book.sheets["Roster"]) == roster_before
    assert book.saves == 0  # nothing written to the file behind Excel's back


def test_a_tab_the_people_own_is_never_overwritten():
    book = book_with({"Summary": [["my own notes"]], "Roster": ROSTER})

    with pytest.raises(TabNameClash, match="'Summary'"):
        XlwingsBackend(book).write([summary_tab()])

    assert [sheet.name for sheet in book.sheets] == ["Summary", "Roster"]
    assert book.sheets["Summary"].range("A1").value == "my own notes"


def test_a_failure_part_way_leaves_the_workbook_as_it_was(book, monkeypatch):
    backend = XlwingsBackend(book)
    backend.write([summary_tab("kept")])
    drawn = []

    def render_then_fail(sheet, tab):
        if drawn:
            raise RuntimeError("COM error: the workbook is protected")
        drawn.append(tab.name)

    monkeypatch.setattr(live_backend, "render_tab", render_then_fail)

    with pytest.raises(WorkbookLocked, match="unprotect the workbook structure"):
        backend.write([summary_tab("lost"), coverage_tab()])

    assert [sheet.name for sheet in book.sheets] == ["Summary", "Roster", "Walkthroughs"]
    assert book.sheets["Summary"].range("A5").value == "kept"


def test_a_workbook_marked_by_the_file_backend_is_recognised():
    book = book_with({"Summary": [["old"]], "Roster": ROSTER})
    # What the .xlsx backend writes: <definedName name="ILR_Output" localSheetId="0" ...>
    book.sheets["Summary"].names.add(OUTPUT_MARKER, "='Summary'!$A$1")

    XlwingsBackend(book).write([summary_tab("new")])

    assert book.sheets["Summary"].range("A5").value == "new"


def test_create_makes_a_new_workbook_and_saves_it_through_excel(book):
    backend = XlwingsBackend(book)

    where = backend.create("C:\\Schools\\shared copy.xlsx", [summary_tab(), coverage_tab()])

    assert where == "C:\\Schools\\shared copy.xlsx"
    [created] = [b for b in book.app.books if b is not book] or [None]
    assert created is None  # closed after saving
    assert [sheet.name for sheet in book.sheets] == ["Roster", "Walkthroughs"]


def test_create_writes_the_tabs_in_order(book, monkeypatch):
    made = []
    original_add = book.app.books.add

    def remember():
        new = original_add()
        made.append(new)
        return new

    monkeypatch.setattr(book.app.books, "add", remember)

    XlwingsBackend(book).create("copy.xlsx", [summary_tab(), coverage_tab()])

    [new] = made
    assert new.saved_as == "copy.xlsx"
    assert [sheet.name for sheet in new.sheets] == ["Summary", "Coverage"]
    assert new.sheets["Summary"].range("A5").value == "All good"
