"""A whole refresh of a Google Sheet costs three requests: tab list, one read, one write."""

from __future__ import annotations

import datetime as dt

from sheets_templates.demo import demo_school
from sheets_templates.schema import INPUT_TABS
from sync.google.backend import GoogleSheetsBackend
from sync.pipeline import refresh
from tests.fakes.sheets_api import FakeSheetsApi

AS_OF = dt.date(2026, 11, 20)


def test_every_refresh_of_a_google_sheet_makes_three_requests() -> None:
    api = FakeSheetsApi()
    rows = demo_school(AS_OF)
    book = api.add_spreadsheet(
        "Demo ILT",
        {
            tab.name: [[column.header for column in tab.columns], *rows[tab.name]]
            for tab in INPUT_TABS
            if tab.name in rows
        },
    )
    backend = GoogleSheetsBackend(
        book.spreadsheet_id, api.session(), service_account="ilr@demo.iam.gserviceaccount.com"
    )

    calls = []
    for _ in range(2):  # the first refresh adds the tabs, the second replaces them
        api.reset_counts()
        refresh(backend, as_of=AS_OF)
        calls.append([(r.method, r.path.rsplit("/", 1)[-1]) for r in api.requests])

    expected = [
        ("GET", book.spreadsheet_id),
        ("GET", "values:batchGet"),
        ("POST", f"{book.spreadsheet_id}:batchUpdate"),
    ]
    assert calls == [expected, expected]
    api.assert_clean()
