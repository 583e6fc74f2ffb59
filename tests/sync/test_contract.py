"""One contract, every backend: each behaves as `sync.backend.Backend` promises.

To add a backend, write a function that turns people's tabs into a `Harness` and add one line
to `HARNESSES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest

from reports.model import OutputTab
from sheets_templates.errors import TabNameClash
from sync.backend import Backend, RawCell, TabInfo
from sync.google import GoogleSheetsBackend, parse_spreadsheet_key
from sync.memory import MemoryBackend, render_values
from sync.xlsx import XlsxBackend
from tests.fakes.sheets_api import FakeSheetsApi
from tests.sync.sample_tabs import FORMULA_TEXTS, issues_tab, sample_tabs, summary_tab

Sheets = dict[str, list[list[RawCell]]]


@dataclass
class Harness:
    """A backend over a workbook holding `sheets`, and how to open what its `create` made."""

    backend: Backend
    new_workbook: str  # a destination for create()
    open_created: Callable[[str], Backend]


def memory_harness(sheets: Sheets, tmp_path: Path) -> Harness:
    backend = MemoryBackend(sheets)

    def open_created(location: str) -> Backend:
        made = backend.created[location]
        opened = MemoryBackend(made.sheets)
        opened.book.outputs = dict(made.outputs)
        return opened

    return Harness(backend, "de-identified copy", open_created)


def xlsx_harness(sheets: Sheets, tmp_path: Path) -> Harness:
    path = tmp_path / "Walkthrough log.xlsx"
    write_people_workbook(path, sheets)
    return Harness(
        XlsxBackend.open(path),
        str(tmp_path / "De-identified copy.xlsx"),
        lambda location: XlsxBackend(Path(location)),
    )


def google_harness(sheets: Sheets, tmp_path: Path) -> Harness:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Walkthrough log", sheets)
    return Harness(
        GoogleSheetsBackend(book.spreadsheet_id, api.session()),
        "De-identified copy",
        lambda link: GoogleSheetsBackend(parse_spreadsheet_key(link) or link, api.session()),
    )


HARNESSES: dict[str, Callable[[Sheets, Path], Harness]] = {
    "memory": memory_harness,
    "xlsx": xlsx_harness,
    "google": google_harness,
}


def write_people_workbook(path: Path, sheets: Sheets) -> None:
    """An .xlsx as a person keeps it: values typed in, text that starts with "=" kept as text."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    workbook.save(path)


PEOPLE: Sheets = {
    "Roster": [
        ["Teacher ID", "Name", "Grade", "Years"],
        ["T1", "Avery Quill", "3", 4],
        ["T2", "Rowan Pike", "5", 12],
    ],
    "Walkthroughs": [
        ["Date", "Time", "Teacher", "Notes"],
        [dt.date(2026, 9, 14), dt.time(9, 30), "T1", "=1+1 said a student"],
        [dt.date(2026, 9, 15), dt.time(13, 5), "T2", None],
    ],
}


@pytest.fixture(params=sorted(HARNESSES))
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[Sheets], Harness]:
    return lambda sheets: HARNESSES[request.param](sheets, tmp_path)


def trimmed(rows: Sequence[Sequence[RawCell]]) -> list[list[RawCell]]:
    """Rows without trailing empty cells and trailing empty rows, for comparing grids (an
    empty cell is None, whether the backend gave None or "").

    Dates and times are compared as the serial numbers spreadsheets store them, because Google
    Sheets hands them back that way (`sync.backend.RawCell`); the schema parsers accept both.
    """
    result = [[None if value == "" else as_serial(value) for value in row] for row in rows]
    for row in result:
        while row and row[-1] is None:
            row.pop()
    while result and not result[-1]:
        result.pop()
    return result


def as_serial(value: RawCell) -> RawCell:
    """A date, time or datetime as days since 1899-12-30 (rounded well below a second)."""
    if isinstance(value, dt.time):
        return round((value.hour * 3600 + value.minute * 60 + value.second) / 86400, 6)
    if isinstance(value, dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        return round((moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400, 6)
    return round(value, 6) if isinstance(value, float) else value


def shown(tab: OutputTab) -> list[list[RawCell]]:
    return trimmed(render_values(tab))


def test_read_returns_the_values_people_typed(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    read = backend.read(["Walkthroughs", "Roster"])
    assert {name: trimmed(tab.rows) for name, tab in read.items()} == {
        "Walkthroughs": trimmed(PEOPLE["Walkthroughs"]),
        "Roster": trimmed(PEOPLE["Roster"]),
    }


def test_write_puts_marked_output_tabs_first(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    backend.write(sample_tabs())
    assert backend.tabs() == [
        TabInfo("Summary", True),
        TabInfo("Issues", True),
        TabInfo("Trends", True),
        TabInfo("Roster", False),
        TabInfo("Walkthroughs", False),
    ]


def test_written_tabs_hold_the_laid_out_values(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    tabs = sample_tabs()
    backend.write(tabs)
    read = backend.read([tab.name for tab in tabs])
    for tab in tabs:
        assert trimmed(read[tab.name].rows) == shown(tab), tab.name


def test_second_write_replaces_instead_of_piling_up(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    backend.write(sample_tabs())
    backend.write([summary_tab(coverage=0.5), issues_tab(count=1)])
    assert [(t.name, t.is_output) for t in backend.tabs()] == [
        ("Summary", True),
        ("Issues", True),
        ("Roster", False),
        ("Walkthroughs", False),
    ]
    read = backend.read(["Summary", "Issues"])
    assert trimmed(read["Summary"].rows) == shown(summary_tab(coverage=0.5))
    assert trimmed(read["Issues"].rows) == shown(issues_tab(count=1))


def test_a_copy_someone_made_of_an_output_tab_is_theirs(
    make: Callable[[Sheets], Harness],
) -> None:
    backend = make(PEOPLE).backend
    # A tab duplicated in Excel or Sheets carries the output mark along; writing it marks it
    # the same way here.
    snapshot = replace(summary_tab(coverage=0.25), name="Summary (2)")
    backend.write([summary_tab(), snapshot])
    kept = trimmed(backend.read(["Summary (2)"])["Summary (2)"].rows)

    backend.write([summary_tab(coverage=0.5)])

    assert "Summary (2)" in [t.name for t in backend.tabs()]
    assert trimmed(backend.read(["Summary (2)"])["Summary (2)"].rows) == kept


def test_a_tab_people_own_is_never_overwritten(make: Callable[[Sheets], Harness]) -> None:
    sheets = {**PEOPLE, "Summary": [["Our own summary"], ["keep me"]]}
    backend = make(sheets).backend
    before = backend.read(list(sheets))
    with pytest.raises(TabNameClash, match="'Summary'"):
        backend.write(sample_tabs())
    assert backend.tabs() == [TabInfo(name, False) for name in sheets]
    assert backend.read(list(sheets)) == before


def test_people_tabs_are_unchanged_by_refreshes(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    before = backend.read(list(PEOPLE))
    backend.write(sample_tabs())
    backend.write(sample_tabs())
    assert backend.read(list(PEOPLE)) == before


def test_text_that_looks_like_a_formula_stays_text(make: Callable[[Sheets], Harness]) -> None:
    backend = make(PEOPLE).backend
    backend.write([issues_tab(count=len(FORMULA_TEXTS))])
    values = trimmed(backend.read(["Issues"])["Issues"].rows)
    assert [row[4] for row in values[3:]] == list(FORMULA_TEXTS)


def test_create_makes_a_separate_workbook(make: Callable[[Sheets], Harness]) -> None:
    harness = make(PEOPLE)
    backend = harness.backend
    location = backend.create(harness.new_workbook, [summary_tab()])
    created = harness.open_created(location)
    assert created.tabs() == [TabInfo("Summary", True)]
    assert trimmed(created.read(["Summary"])["Summary"].rows) == shown(summary_tab())
    assert backend.tabs() == [TabInfo(name, False) for name in PEOPLE]
