"""`ilr watch` against the in-process Sheets API: one values read per poll, a refresh when the
Refresh Now box is ticked, and the box unticked afterwards (nothing else of the people's tabs)."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from addin.cli import app
from addin.google.watch import CannotUntick, Outcome, Watcher
from sheets_templates.errors import UsageError, WorkbookError
from sync.google.backend import GoogleSheetsBackend
from sync.pipeline import read_book
from tests.addin.google_fixtures import AS_OF, open_in_fake, school
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.spreadsheet import FakeSpreadsheet


def watcher_for(
    api: FakeSheetsApi, book: FakeSpreadsheet, said: list[str], slept: list[float] | None = None
) -> Watcher:
    backend = GoogleSheetsBackend(book.spreadsheet_id, api.session(), sleep=lambda _: None)
    return Watcher(
        backend,
        as_of=AS_OF,
        say=said.append,
        sleep=(slept.append if slept is not None else lambda _: None),
    )


def box(book: FakeSpreadsheet) -> Any:
    rows = book.rows("Settings")
    return next(row[1] for row in rows if row[0] == "Refresh Now")


def test_a_ticked_box_refreshes_then_is_unticked(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=True))
    people_before = {
        s.title: api.spreadsheets[book.spreadsheet_id].rows(s.title) for s in book.sheets
    }
    said: list[str] = []

    outcome = watcher_for(api, book, said).poll()

    assert outcome is Outcome.REFRESHED
    after = api.spreadsheets[book.spreadsheet_id]
    assert [s.title for s in after.sheets][:2] == ["Summary", "Issues"]
    assert box(after) is False
    for title, rows in people_before.items():  # only the box changed in the people's tabs
        if title != "Settings":
            assert after.rows(title) == rows
    settings_before = [row for row in people_before["Settings"] if row[0] != "Refresh Now"]
    assert [row for row in after.rows("Settings") if row[0] != "Refresh Now"] == settings_before
    assert said[0].endswith("Refresh Now is ticked: refreshing.")
    assert "Refreshed. Read " in said[1]


def test_an_unticked_box_costs_one_values_read_per_poll(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=False))
    watcher = watcher_for(api, book, [])
    watcher.look()  # the first look also finds the Settings tab
    api.reset_counts()

    outcomes = [watcher.poll() for _ in range(3)]

    assert outcomes == [Outcome.WAITING] * 3
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in api.requests] == [
        ("GET", "values:batchGet")
    ] * 3
    assert api.requests[0].query["ranges"] == ["'Settings'"]
    assert "Summary" not in [s.title for s in api.spreadsheets[book.spreadsheet_id].sheets]


@pytest.mark.parametrize("typed", ["TRUE", "Yes", "y"])
def test_a_box_typed_as_text_counts_as_ticked(api: FakeSheetsApi, typed: str) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=typed))
    assert watcher_for(api, book, []).look().ticked


def test_the_refresh_now_key_is_a_known_setting(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=True))
    backend = GoogleSheetsBackend(book.spreadsheet_id, api.session())

    findings = read_book(backend, AS_OF).findings

    assert [f for f in findings if f.tab == "Settings"] == []


def test_a_failed_refresh_still_unticks_and_says_why(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=True, Summary=[["my own notes"]]))
    said: list[str] = []

    outcome = watcher_for(api, book, said).poll()

    assert outcome is Outcome.FAILED
    after = api.spreadsheets[book.spreadsheet_id]
    assert box(after) is False
    assert after.rows("Summary") == [["my own notes"]]
    assert "The refresh stopped: The workbook already has a tab named 'Summary'" in said[-1]


def test_no_box_or_no_settings_tab_says_how_to_add_it(api: FakeSheetsApi) -> None:
    without_row = school()
    without_row["Settings"] = [r for r in without_row["Settings"] if r[0] != "Refresh Now"]
    no_row = api.add_spreadsheet("No box", without_row)
    no_tab = api.add_spreadsheet("No settings", {"Walkthroughs": [["Date"]]})

    with pytest.raises(UsageError, match="The 'Settings' tab has no Refresh Now box"):
        watcher_for(api, no_row, []).look()
    with pytest.raises(UsageError, match="has no Settings tab for `ilr watch`: add one"):
        watcher_for(api, no_tab, []).look()


def test_watching_polls_at_the_interval_and_rides_out_a_failed_poll(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=False))
    said: list[str] = []
    slept: list[float] = []
    watcher = watcher_for(api, book, said, slept)
    watcher.look()
    api.fail_next(503, times=4)  # every attempt of one poll

    watcher.watch(every=1, polls=3)

    assert slept == [5.0, 5.0]  # at least MIN_SECONDS apart, none after the last poll
    assert len(said) == 1
    assert "Could not look at the sheet (Google Sheets kept failing (503, 4 tries)" in said[0]


def test_watching_stops_after_five_failed_polls_in_a_row(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=False))
    watcher = watcher_for(api, book, [])
    watcher.look()
    api.fail_next(503, times=4 * 5)

    with pytest.raises(WorkbookError, match="kept failing"):
        watcher.watch(every=30)


def test_a_box_that_cannot_be_unticked_stops_the_watch(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=True))
    api.fail_next(403, times=2, on=":batchUpdate")  # the refresh's write, then the untick

    with pytest.raises(CannotUntick, match="untick it by hand"):
        watcher_for(api, book, []).watch(every=30)
    assert box(api.spreadsheets[book.spreadsheet_id]) is True


def test_ilr_watch_once_from_the_command_line(
    api: FakeSheetsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = api.add_spreadsheet("Lincoln ILT", school(ticked=True))

    open_in_fake(monkeypatch, api)
    link = f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"
    result = CliRunner().invoke(app, ["watch", link, "--once", "--as-of", "2026-11-20"])

    assert result.exit_code == 0, result.output
    assert "Refresh Now is ticked: refreshing." in result.output
    assert "Refreshed. Read " in result.output
    assert box(api.spreadsheets[book.spreadsheet_id]) is False


def test_ilr_watch_without_a_box_is_one_sentence_and_exit_2(
    api: FakeSheetsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = api.add_spreadsheet("No settings", {"Walkthroughs": [["Date"]]})
    monkeypatch.setattr(
        GoogleSheetsBackend,
        "open",
        lambda target, options=None: GoogleSheetsBackend(target, api.session()),
    )
    result = CliRunner().invoke(app, ["watch", book.spreadsheet_id])

    assert result.exit_code == 2
    assert "has no Settings tab for `ilr watch`" in " ".join(result.output.split())
    assert "Traceback" not in result.output
