"""A smoke test against the real Google Sheets API; runs only when asked to.

    ILR_LIVE_SHEET=https://docs.google.com/spreadsheets/d/KEY/edit \
    ILR_GOOGLE_CREDENTIALS=key.json pytest -m live tests/sync/test_google_live.py

Use a throwaway sheet shared with the service account as Editor: the test replaces its
`Issues` tab.
"""

from __future__ import annotations

import os

import pytest

from sync.backend import TabInfo
from sync.google import GoogleOptions, GoogleSheetsBackend
from tests.fakes.output_tabs import PERSON_FORMULA, coverage_tab

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (os.environ.get("ILR_LIVE_SHEET") and os.environ.get("ILR_GOOGLE_CREDENTIALS")),
        reason="set ILR_LIVE_SHEET and ILR_GOOGLE_CREDENTIALS to run against real Google Sheets",
    ),
]


def test_a_real_sheet_round_trips_an_output_tab() -> None:
    backend = GoogleSheetsBackend.open(os.environ["ILR_LIVE_SHEET"], GoogleOptions())
    try:
        backend.tabs()
        backend.write([coverage_tab("Issues")])
        assert TabInfo("Issues", True) in backend.tabs()
        rows = backend.read(["Issues"])["Issues"].rows
        assert rows[0][0] == "Issues: every classroom every two weeks"
        assert any(PERSON_FORMULA in row for row in rows)  # text, never run as a formula
    finally:
        backend.close()
