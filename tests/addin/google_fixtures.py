"""What the Google Sheets menu tests share: a server on loopback and a client for it, and the
demo school as a Google Sheet with a Refresh Now box."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest

from addin.google.passwords import sheet_password
from addin.google.server import RefreshServer
from sheets_templates.demo import demo_school
from sheets_templates.schema import find_tab
from sync.google.backend import GoogleSheetsBackend, parse_spreadsheet_key
from tests.fakes.sheets_api import FakeSheetsApi

AS_OF = dt.date(2026, 11, 20)
SECRET = "x7Qp2LmR9vTz4KcW8nYb3HsJ6dFg1AeU5oNi0rBkVqM"  # the server's master secret
KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF"  # the sheet the tests refresh
PASSWORD = sheet_password(SECRET, KEY)  # what its ILR > Set up... stores
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy


def running(server: RefreshServer) -> Iterator[RefreshServer]:
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def call(
    server: RefreshServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = PASSWORD,
    raw: bytes | None = None,
) -> tuple[int, dict[str, Any], Message]:
    """Status, JSON answer and headers, for 2xx and 4xx alike."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(server.url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), error.headers


def finished(server: RefreshServer, job: str, **options: Any) -> dict[str, Any]:
    """Poll like the sheet's menu does until the job is no longer running."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, answer, _ = call(server, "GET", f"/jobs/{job}", **options)
        assert status == 200, answer
        if answer["status"] != "running":
            return answer
        time.sleep(0.02)
    raise AssertionError("the job never finished")


def school(ticked: object = True, **replace: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """The demo school with headers, its Refresh Now box set to `ticked`."""
    tabs: dict[str, list[list[Any]]] = {}
    for name, rows in demo_school(AS_OF).items():
        spec = find_tab(name)
        assert spec is not None
        tabs[name] = [list(spec.headers), *(list(row) for row in rows)]
    for row in tabs["Settings"]:
        if row[0] == "Refresh Now":
            row[1] = ticked
    tabs.update(replace)
    return tabs


def open_in_fake(monkeypatch: pytest.MonkeyPatch, api: FakeSheetsApi) -> None:
    """Make `ilr` open any Google Sheets link in the in-process Sheets API, not Google."""

    def open_fake(target: str, options: object = None) -> GoogleSheetsBackend:
        key = parse_spreadsheet_key(target)
        assert key is not None
        return GoogleSheetsBackend(key, api.session(), sleep=lambda _: None)

    monkeypatch.setattr(GoogleSheetsBackend, "open", open_fake)
