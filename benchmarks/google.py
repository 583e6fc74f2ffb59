"""The Google Sheets path: requests and bytes per refresh, against the in-process Sheets API.

Real gspread talks to the fake API of the tests (`tests.fakes.sheets_api`), which counts
every request and its body. A district log is loaded into a fake spreadsheet; the real
refresh pipeline runs on it twice, and the second run (which replaces the tool's tabs, as
every refresh after the first does) is counted. Then the same read-and-write is counted with
1, 5 and 10 output tabs (the real tabs, repeated under new names when more are needed): the
request count must not grow with the number of tabs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from benchmarks.generate import AS_OF, district_rows
from reports.model import OutputTab
from sheets_templates.schema import INPUT_TABS
from sync.google.backend import GoogleSheetsBackend
from sync.pipeline import refresh
from tests.fakes.sheets_api import FakeSheetsApi

SERVICE_ACCOUNT = "ilr-benchmark@district-ilt.iam.gserviceaccount.com"
TAB_COUNTS = (1, 5, 10)


@dataclass(frozen=True)
class GoogleRefresh:
    """What one refresh sent to Google."""

    label: str
    tabs: int
    requests: int
    bytes_sent: int
    calls: tuple[str, ...]  # e.g. "GET values:batchGet"


def google_refreshes(walkthroughs: int, seed: int = 1) -> list[GoogleRefresh]:
    """The real refresh, then 1, 5 and 10 output tabs, each counted on its second run."""
    api = FakeSheetsApi()
    rows = district_rows(walkthroughs, seed)
    inputs: dict[str, list[list[object]]] = {
        tab.name: [[column.header for column in tab.columns], *rows[tab.name]]
        for tab in INPUT_TABS
        if tab.name in rows
    }
    book = api.add_spreadsheet("District ILT", inputs)
    backend = GoogleSheetsBackend(
        book.spreadsheet_id, api.session(), service_account=SERVICE_ACCOUNT, sleep=lambda _: None
    )
    refresh(backend, as_of=AS_OF)
    api.reset_counts()
    result = refresh(backend, as_of=AS_OF)
    counted = [_counted(api, f"ilr refresh ({walkthroughs:,} rows)", len(result.tabs))]

    for count in TAB_COUNTS:
        tabs = _tabs(result.tabs, count)
        _read_and_write(backend, list(inputs), tabs)  # the first run adds the new names
        api.reset_counts()
        _read_and_write(backend, list(inputs), tabs)
        counted.append(_counted(api, f"{count} output tab{'s' if count > 1 else ''}", count))
    api.assert_clean()
    return counted


def _read_and_write(backend: GoogleSheetsBackend, inputs: list[str], tabs: list[OutputTab]) -> None:
    """What the pipeline asks of a backend: the tab list, the inputs, the outputs."""
    backend.tabs()
    backend.read(inputs)
    backend.write(tabs)


def _tabs(real: list[OutputTab], count: int) -> list[OutputTab]:
    """`count` tabs: the real ones in order, then again as 'Coverage 2', 'Trends 2'..."""
    rounds = itertools.chain.from_iterable(
        [tab if n == 1 else replace(tab, name=f"{tab.name} {n}") for tab in real]
        for n in itertools.count(1)
    )
    return list(itertools.islice(rounds, count))


def _counted(api: FakeSheetsApi, label: str, tabs: int) -> GoogleRefresh:
    calls = tuple(f"{r.method} {_endpoint(r.path)}" for r in api.requests)
    return GoogleRefresh(label, tabs, len(api.requests), api.bytes_sent, calls)


def _endpoint(path: str) -> str:
    """`values:batchGet`, `batchUpdate`, or `spreadsheet` for the metadata read."""
    last = path.rsplit("/", 1)[-1]
    return (
        "values:batchGet" if last == "values:batchGet" else last.partition(":")[2] or "spreadsheet"
    )
