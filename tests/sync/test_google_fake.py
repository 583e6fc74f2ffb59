"""The Sheets API fake itself: it refuses what the real API refuses, through real gspread."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
from gspread.exceptions import APIError

from tests.fakes.sheets_api import FakeSheetsApi


def batch(api: FakeSheetsApi, key: str, requests: list[dict[str, Any]]) -> Any:
    client = gspread.Client(auth=None, session=api.session())  # type: ignore[arg-type]
    client.set_timeout(5)
    return client.http_client.batch_update(key, {"requests": requests})


ADD = {"addSheet": {"properties": {"title": "New"}}}


@pytest.mark.parametrize(
    ("bad_request", "reason"),
    [
        ({"addSheet": {"properties": {"titel": "New"}}}, "unknown field 'titel'"),
        ({"addSheet": {"properties": {"title": 7}}}, "expected a string"),
        ({"addSheet": {"properties": {"index": "first"}}}, "expected an integer"),
        (
            {"addSheet": {"properties": {"title": "New", "sheetType": "SPREADSHEET"}}},
            "'SPREADSHEET' is not one of",
        ),
        ({**ADD, "deleteSheet": {"sheetId": 0}}, "exactly one kind"),
        ({}, "exactly one kind"),
        (
            {
                "updateCells": {
                    "start": {"sheetId": 1001},
                    "rows": [
                        {"values": [{"userEnteredValue": {"stringValue": "a", "numberValue": 1}}]}
                    ],
                    "fields": "*",
                }
            },
            "a ExtendedValue must set exactly one kind",
        ),
    ],
)
def test_a_request_the_discovery_document_rejects_is_refused_and_recorded(
    bad_request: dict[str, Any], reason: str
) -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Log", {"Walkthroughs": [["Date"]]})

    with pytest.raises(APIError) as raised:
        batch(api, book.spreadsheet_id, [ADD, bad_request])

    assert raised.value.response.status_code == 400
    assert reason in raised.value.error["message"]
    assert len(api.violations) == 1
    with pytest.raises(AssertionError, match="requests the real API would reject"):
        api.assert_clean()
    assert [s.title for s in api.spreadsheets[book.spreadsheet_id].sheets] == ["Walkthroughs"]


def test_a_batch_is_applied_all_or_nothing() -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Log", {"Walkthroughs": [["Date"]]})
    only_sheet = book.sheet("Walkthroughs").sheet_id

    with pytest.raises(APIError, match="can't remove all the sheets"):
        batch(
            api,
            book.spreadsheet_id,
            [ADD, {"deleteSheet": {"sheetId": only_sheet}}, {"deleteSheet": {"sheetId": 1002}}],
        )

    assert [s.title for s in api.spreadsheets[book.spreadsheet_id].sheets] == ["Walkthroughs"]


def test_cells_outside_the_grid_are_refused() -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Log", {"Walkthroughs": []})
    sheet_id = book.sheet("Walkthroughs").sheet_id
    cells = {"values": [{"userEnteredValue": {"stringValue": "x"}}] * 27}

    with pytest.raises(APIError, match="exceeds grid limits"):
        batch(
            api,
            book.spreadsheet_id,
            [
                {
                    "updateCells": {
                        "start": {"sheetId": sheet_id},
                        "rows": [cells],
                        "fields": "userEnteredValue",
                    }
                }
            ],
        )


def test_an_unknown_field_in_a_fields_mask_is_refused() -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Log")
    client = gspread.Client(auth=None, session=api.session())  # type: ignore[arg-type]
    client.set_timeout(5)

    with pytest.raises(APIError, match=r"sheets\.propertys"):
        client.http_client.spreadsheets_get(book.spreadsheet_id, {"fields": "sheets.propertys"})
    assert client.http_client.spreadsheets_get(
        book.spreadsheet_id, {"fields": "sheets.properties.title"}
    ) == {"sheets": [{"properties": {"title": "Sheet1"}}]}


def test_requests_without_a_timeout_are_recorded() -> None:
    api = FakeSheetsApi()
    book = api.add_spreadsheet("Log")
    client = gspread.Client(auth=None, session=api.session())  # type: ignore[arg-type]

    client.http_client.spreadsheets_get(book.spreadsheet_id, {"fields": "sheets.properties.title"})

    (violation,) = api.violations
    assert violation.endswith("?fields=sheets.properties.title: sent with no timeout")


def test_the_network_is_never_reached() -> None:
    import requests

    with pytest.raises(requests.ConnectionError, match="tests do not use the network"):
        FakeSheetsApi().session().get("https://example.org/", timeout=1)
