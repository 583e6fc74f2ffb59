"""The Google Sheets backend against the in-process Sheets API, through real gspread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reports.layout import layout
from reports.model import Column, OutputTab, Table
from sheets_templates.errors import MissingTab, TabNameClash, WorkbookError
from sync.backend import OUTPUT_MARKER, TabInfo
from sync.google.backend import GoogleOptions, GoogleSheetsBackend
from sync.google.render import serial_number
from sync.google_links import parse_spreadsheet_key
from sync.open import google_key
from tests.fakes.output_tabs import PERSON_FORMULA, coverage_tab, empty_tab
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.spreadsheet import FakeSpreadsheet
from tests.sync.sample_tabs import marked_chart_tab

SERVICE_ACCOUNT = "ilr-refresh@lincoln-ilt.iam.gserviceaccount.com"
LOG: list[list[Any]] = [
    ["Timestamp", "Email Address", "Teacher", "Look-fors"],
    [46270.375, "obs.a@example.org", "T-001", "=SUM(A1)"],
    [46271.5, "obs.b@example.org", "00042", "LF1:3, LF2"],
]


@pytest.fixture
def book(api: FakeSheetsApi) -> FakeSpreadsheet:
    return api.add_spreadsheet("Lincoln ILT", {"Form Responses 1": LOG, "Roster": [["Name"]]})


def backend_for(api: FakeSheetsApi, book: FakeSpreadsheet) -> GoogleSheetsBackend:
    return GoogleSheetsBackend(
        book.spreadsheet_id, api.session(), service_account=SERVICE_ACCOUNT, sleep=lambda _: None
    )


def refresh(backend: GoogleSheetsBackend, count: int) -> None:
    """What the refresh pipeline does: list the tabs, read the inputs, write the outputs."""
    backend.tabs()
    backend.read(["Form Responses 1", "Roster"])
    backend.write([coverage_tab(f"Out {n}") for n in range(count)])


@pytest.mark.parametrize("count", [1, 5, 10])
def test_a_refresh_costs_three_requests_however_many_tabs(
    api: FakeSheetsApi, book: FakeSpreadsheet, count: int
) -> None:
    backend = backend_for(api, book)
    refresh(backend, count)  # the first refresh creates the tabs
    api.reset_counts()

    refresh(backend, count)  # the second replaces them

    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in api.requests] == [
        ("GET", book.spreadsheet_id),
        ("GET", "values:batchGet"),
        ("POST", f"{book.spreadsheet_id}:batchUpdate"),
    ]
    titles = [sheet.title for sheet in api.spreadsheets[book.spreadsheet_id].sheets]
    assert titles == [*(f"Out {n}" for n in range(count)), "Form Responses 1", "Roster"]


def test_tabs_asks_only_for_titles_ids_and_the_mark(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend = backend_for(api, book)
    backend.write([coverage_tab()])

    assert backend.tabs() == [
        TabInfo("Coverage", True),
        TabInfo("Form Responses 1", False),
        TabInfo("Roster", False),
    ]
    assert api.requests[-1].query["fields"] == [
        "sheets(properties(sheetId,title),developerMetadata(metadataKey))"
    ]


def test_read_gives_raw_unformatted_values_in_one_request(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    tabs = backend_for(api, book).read(["Form Responses 1", "Roster"])

    assert tabs["Form Responses 1"].rows == LOG  # serial dates, text IDs with zeros, formulas
    assert tabs["Roster"].rows == [["Name"]]
    (request,) = api.requests
    assert request.query["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert request.query["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert request.query["ranges"] == ["'Form Responses 1'", "'Roster'"]


def test_read_pads_rows_and_turns_blanks_into_none(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Gaps", {"It's mine": [["a", "", "c"], ["d"], [], ["", 5]]})

    tab = backend_for(api, book).read(["It's mine"])["It's mine"]

    assert tab.rows == [["a", None, "c"], ["d", None, None], [None] * 3, [None, 5, None]]


def test_reading_a_missing_tab_names_it(api: FakeSheetsApi, book: FakeSpreadsheet) -> None:
    with pytest.raises(MissingTab, match="no tab named 'Coaching'"):
        backend_for(api, book).read(["Roster", "Coaching"])
    api.violations.clear()  # the fake counts the unreadable range as a refused request


def test_values_are_written_typed_and_never_as_formulas(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend = backend_for(api, book)
    backend.write([coverage_tab()])

    sheet = api.spreadsheets[book.spreadsheet_id].sheet("Coverage")
    rows = backend.read(["Coverage"])["Coverage"].rows
    assert rows[0][0] == "Coverage: every classroom every two weeks"
    formula_cells = [(r, c) for (r, c), data in sheet.cells.items() if "formulaValue" in str(data)]
    assert formula_cells == []
    notes_column = [row[3] for row in rows if len(row) > 3]
    assert PERSON_FORMULA in notes_column  # came back as the text a person typed
    first_week = (dt.date(2026, 9, 7) - dt.date(1899, 12, 30)).days
    week_row = next(row for row in rows if row[0] == first_week)
    assert week_row[:3] == [first_week, 10, 0.5]
    week_cell = next(
        data
        for data in sheet.cells.values()
        if data["userEnteredValue"] == {"numberValue": first_week}
    )
    assert week_cell["userEnteredFormat"]["numberFormat"] == {
        "type": "DATE",
        "pattern": "yyyy-mm-dd",
    }


def test_layout_formats_widths_and_frozen_header(api: FakeSheetsApi, book: FakeSpreadsheet) -> None:
    backend_for(api, book).write([coverage_tab()])

    sheet = api.spreadsheets[book.spreadsheet_id].sheet("Coverage")
    rows = api.spreadsheets[book.spreadsheet_id].rows("Coverage")
    header_row = next(r for r, row in enumerate(rows) if row[:2] == ["Week", "Visits"])
    assert sheet.grid["frozenRowCount"] == layout(coverage_tab()).freeze_rows
    header = sheet.cells[(header_row, 0)]["userEnteredFormat"]
    assert header["textFormat"]["bold"] is True
    coverage = next(
        data for data in sheet.cells.values() if data["userEnteredValue"] == {"numberValue": 0.85}
    )
    assert coverage["userEnteredFormat"]["numberFormat"] == {"type": "PERCENT", "pattern": "0.0%"}
    assert sheet.column_pixels[0] > 7 * 8  # wide enough for its longest value


def test_links_jump_to_the_cell_of_the_other_tab(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Links", {"Walkthroughs": [["Date"]]})
    walkthroughs_id = book.sheet("Walkthroughs").sheet_id
    backend_for(api, book).write([coverage_tab()])

    sheet = api.spreadsheets[book.spreadsheet_id].sheet("Coverage")
    link = next(
        data
        for data in sheet.cells.values()
        if data["userEnteredValue"] == {"stringValue": "Walkthroughs B3"}
    )
    assert link["userEnteredFormat"]["textFormat"]["link"] == {
        "uri": f"#gid={walkthroughs_id}&range=B3"
    }


def test_charts_and_colour_scales_are_replaced_not_piled_up(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend = backend_for(api, book)
    backend.write([coverage_tab()])
    backend.write([coverage_tab()])

    spreadsheet = api.spreadsheets[book.spreadsheet_id]
    sheet = spreadsheet.sheet("Coverage")
    kinds = [chart["spec"]["basicChart"]["chartType"] for chart in sheet.charts]
    assert kinds == ["LINE", "COLUMN"]
    assert [c["spec"]["title"] for c in sheet.charts] == ["Visits per week", "Coverage"]
    assert len(sheet.conditional_formats) == 1
    assert "gradientRule" in sheet.conditional_formats[0]
    all_charts = [chart for each in spreadsheet.sheets for chart in each.charts]
    assert len(all_charts) == 2
    marks = [m for each in spreadsheet.sheets for m in each.developer_metadata]
    assert [(m["metadataKey"], m["metadataValue"]) for m in marks] == [(OUTPUT_MARKER, "Coverage")]


def test_chart_ranges_start_at_the_header_that_names_the_series(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend_for(api, book).write([coverage_tab()])

    spreadsheet = api.spreadsheets[book.spreadsheet_id]
    sheet = spreadsheet.sheet("Coverage")
    rows = spreadsheet.rows("Coverage")
    basic = sheet.charts[0]["spec"]["basicChart"]
    (series_range,) = basic["series"][0]["series"]["sourceRange"]["sources"]
    (domain_range,) = basic["domains"][0]["domain"]["sourceRange"]["sources"]
    top, column = series_range["startRowIndex"], series_range["startColumnIndex"]
    assert rows[top][column] == "Visits"
    assert rows[domain_range["startRowIndex"]][domain_range["startColumnIndex"]] == "Week"
    assert series_range["endRowIndex"] - top == 1 + 4  # header and four weeks


def test_old_output_tabs_go_and_people_tabs_stay(api: FakeSheetsApi, book: FakeSpreadsheet) -> None:
    backend = backend_for(api, book)
    backend.write([coverage_tab("Summary"), coverage_tab("Trends")])
    backend.write([coverage_tab("Summary")])

    spreadsheet = api.spreadsheets[book.spreadsheet_id]
    assert [s.title for s in spreadsheet.sheets] == ["Summary", "Form Responses 1", "Roster"]
    assert spreadsheet.rows("Form Responses 1") == LOG


def test_outputs_can_be_replaced_when_they_are_the_only_tabs(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Only outputs", {"Sheet1": []})
    backend = backend_for(api, book)
    backend.write([empty_tab("Issues")])
    fresh = backend_for(api, book)  # a later run, with no metadata in hand
    fresh.write([empty_tab("Issues")])  # costs a metadata read and the batch
    fresh.write([empty_tab("Summary")])

    titles = [s.title for s in api.spreadsheets[book.spreadsheet_id].sheets]
    assert titles == ["Summary", "Sheet1"]


def test_a_tab_the_people_own_is_never_overwritten(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend = backend_for(api, book)
    backend.tabs()
    api.reset_counts()

    with pytest.raises(TabNameClash, match="'Roster'"):
        backend.write([coverage_tab("Roster")])

    assert api.requests == []  # refused before anything was sent
    assert api.spreadsheets[book.spreadsheet_id].rows("Roster") == [["Name"]]


def test_create_makes_a_new_spreadsheet_and_shares_it(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    options = GoogleOptions(share_with=("pl.team@example.org",))
    backend = GoogleSheetsBackend(book.spreadsheet_id, api.session(), options)

    link = backend.create(
        "Coaching (de-identified)", [coverage_tab("Coaching"), empty_tab("PL Needs")]
    )

    key = parse_spreadsheet_key(link)
    assert key is not None
    assert key != book.spreadsheet_id
    made = api.spreadsheets[key]
    assert made.title == "Coaching (de-identified)"
    assert [s.title for s in made.sheets] == ["Coaching", "PL Needs"]
    assert made.rows("PL Needs") == [["PL Needs"], [], ["Item", "When"], ["Nothing to show yet."]]
    assert made.permissions[0]["emailAddress"] == "pl.team@example.org"
    assert made.permissions[0]["role"] == "writer"
    assert [r.method for r in api.requests] == ["POST", "POST", "POST"]  # create, fill, share


def test_a_failed_create_leaves_no_half_made_spreadsheet(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend = backend_for(api, book)
    before = set(api.spreadsheets)
    api.fail_next(503, times=backend.http.policy.max_attempts, on=":batchUpdate")

    with pytest.raises(WorkbookError, match="kept failing"):
        backend.create("Copy", [coverage_tab()])

    assert set(api.spreadsheets) == before
    assert api.requests[-1].method == "DELETE"


@pytest.mark.parametrize(
    ("target", "key"),
    [
        (
            "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123/edit#gid=0",
            "1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123",
        ),
        (
            "https://docs.google.com/spreadsheets/u/1/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit",
            "1AbCdEfGhIjKlMnOpQrStUvWxYz",
        ),
        ("  1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123  ", "1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123"),
        ("walkthroughs.xlsx", None),
        ("C:/school/ilt-log-2026-2027-final-version.xlsx", None),
        ("https://example.org/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit", None),
    ],
)
def test_parse_spreadsheet_key(target: str, key: str | None) -> None:
    assert parse_spreadsheet_key(target) == key
    assert google_key(target) == key  # what `ilr refresh` and the other commands open


def test_a_file_named_like_a_key_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "1AbCdEfGhIjKlMnOpQrStUvWxYz").write_bytes(b"")
    assert google_key("1AbCdEfGhIjKlMnOpQrStUvWxYz") is None


def test_dates_become_serial_numbers_as_sheets_stores_them() -> None:
    assert serial_number(dt.date(1900, 1, 1)) == 2
    assert serial_number(dt.datetime(1900, 2, 1, 15)) == 33.625
    assert serial_number(dt.time(18)) == 0.75


def test_a_wrapped_column_wraps_its_long_text(api: FakeSheetsApi, book: FakeSpreadsheet) -> None:
    note = "A long coaching note that would be cut off at the column's edge if it did not wrap."
    tab = OutputTab(
        "Issues", "Issues", (Table("issues", (Column("Fix", width=30, wrap=True),), ((note,),)),)
    )
    backend_for(api, book).write([tab])

    sheet = api.spreadsheets[book.spreadsheet_id].sheet("Issues")
    data = next(d for d in sheet.cells.values() if d["userEnteredValue"] == {"stringValue": note})
    assert data["userEnteredFormat"]["wrapStrategy"] == "WRAP"
    assert data["userEnteredFormat"]["verticalAlignment"] == "TOP"


def test_a_marker_series_is_points_without_a_line(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    backend_for(api, book).write([marked_chart_tab()])

    [chart] = api.spreadsheets[book.spreadsheet_id].sheet("Trends").charts
    line, mark = chart["spec"]["basicChart"]["series"]
    assert mark["lineStyle"] == {"type": "INVISIBLE"}
    assert mark["pointStyle"]["shape"] == "TRIANGLE"
    assert "lineStyle" not in line
