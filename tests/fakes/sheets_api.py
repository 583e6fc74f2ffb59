"""An in-process Google Sheets API v4 (and the Drive permissions call), for tests with no network.

Mount it on a `requests.Session` and hand that session to real gspread::

    api = FakeSheetsApi()
    book = api.add_spreadsheet("Lincoln ILT", {"Walkthroughs": [["Date", "Teacher"]]})
    client = gspread.Client(auth=None, session=api.session())

It keeps spreadsheets in memory, counts every request and its bytes, can fail the next
requests on purpose (`fail_next(429, retry_after=1)`), and checks every body and query against
Google's discovery documents. A request the real API would reject answers 400 *and* lands in
`violations`, so a test that swallowed the error still fails in `assert_clean()`.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from tests.fakes.discovery import check_body, check_params
from tests.fakes.field_mask import apply_mask, check_mask, parse_mask
from tests.fakes.spreadsheet import BatchError, FakeSpreadsheet, parse_range

SHEETS_HOST = "https://sheets.googleapis.com/"
DRIVE_HOST = "https://www.googleapis.com/"
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
CANNED_MESSAGES = {
    401: "Request had invalid authentication credentials.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per "
    "minute per user' of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


@dataclass(frozen=True)
class Recorded:
    """One request as the fake saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    status: int

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Failure:
    status: int
    retry_after: float | None = None
    message: str = ""
    on: str = ""  # only requests whose path contains this (e.g. ":batchUpdate")


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class FakeSheetsApi:
    """Spreadsheets by id, the requests made, and the requests the real API would refuse."""

    def __init__(self) -> None:
        self.spreadsheets: dict[str, FakeSpreadsheet] = {}
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.forbidden: set[str] = set()  # ids the caller may not open (not shared)
        self._failures: deque[Failure] = deque()
        self._keys = (f"fake{n:04d}{'x' * 36}" for n in itertools.count(1))

    # -- setting up ---------------------------------------------------------------------------

    def add_spreadsheet(
        self, title: str, tabs: dict[str, list[list[Any]]] | None = None
    ) -> FakeSpreadsheet:
        """A spreadsheet holding `tabs` (values typed as a person would enter them)."""
        book = FakeSpreadsheet(next(self._keys), title)
        for name, rows in (tabs or {"Sheet1": []}).items():
            sheet = book.add_sheet({"title": name})
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None and value != "":
                        sheet.cells[(r, c)] = typed_in(value)
        self.spreadsheets[book.spreadsheet_id] = book
        return book

    def fail_next(
        self,
        status: int,
        times: int = 1,
        retry_after: float | None = None,
        message: str = "",
        on: str = "",
    ) -> None:
        """Answer the next `times` requests (whose path contains `on`) with `status`."""
        self._failures.extend([Failure(status, retry_after, message, on)] * times)

    def session(self) -> requests.Session:
        """A session whose Google traffic goes to this fake (and nothing else anywhere)."""
        session = requests.Session()
        adapter = FakeTransport(self)
        session.mount("https://", RefusingTransport())
        session.mount("http://", RefusingTransport())
        session.mount(SHEETS_HOST, adapter)
        session.mount(DRIVE_HOST, adapter)  # the longest matching prefix wins
        return session

    # -- looking at what happened ---------------------------------------------------------------

    @property
    def bytes_sent(self) -> int:
        return sum(len(recorded.body) for recorded in self.requests)

    def reset_counts(self) -> None:
        self.requests.clear()

    def assert_clean(self) -> None:
        """Fail if any request broke the API's schema."""
        assert not self.violations, "requests the real API would reject:\n" + "\n".join(
            self.violations
        )

    # -- answering ------------------------------------------------------------------------------

    def answer(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(request.url or "")
        query = parse_qs(parts.query, keep_blank_values=True)
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else bytes(body)  # type: ignore[arg-type]
        method = (request.method or "GET").upper()
        status, headers, payload = self._route(method, parts.netloc, parts.path, query, raw)
        self.requests.append(Recorded(method, parts.path, query, raw, status))
        return status, headers, payload

    def _route(
        self, method: str, host: str, path: str, query: dict[str, list[str]], raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        failure = next((f for f in self._failures if f.on in path), None)
        if failure is not None:
            self._failures.remove(failure)
            headers = {}
            if failure.retry_after is not None:
                headers["Retry-After"] = f"{failure.retry_after:g}"
            message = failure.message or CANNED_MESSAGES.get(failure.status, "error")
            return failure.status, headers, _error(failure.status, message)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return self._reject(f"{method} {path}: the body is not JSON")
        try:
            return 200, {}, self._dispatch(method, host, path, query, body)
        except ApiError as error:
            if error.status == 400:
                self.violations.append(f"{method} {path}: {error.message}")
            return error.status, {}, _error(error.status, error.message)

    def _reject(self, message: str) -> tuple[int, dict[str, str], Any]:
        self.violations.append(message)
        return 400, {}, _error(400, message)

    def _dispatch(
        self, method: str, host: str, path: str, query: dict[str, list[str]], body: Any
    ) -> Any:
        if host == "www.googleapis.com":
            match = re.fullmatch(r"/drive/v3/files/([^/]+)/permissions", path)
            if method == "POST" and match:
                self._validate("drive.v3", "permissions.create", query, "Permission", body)
                return self._share(match.group(1), body)
            match = re.fullmatch(r"/drive/v3/files/([^/]+)", path)
            if method == "DELETE" and match:
                self._validate("drive.v3", "files.delete", query)
                self._book(match.group(1))
                del self.spreadsheets[match.group(1)]
                return {}
        elif method == "POST" and path == "/v4/spreadsheets":
            self._validate("sheets.v4", "spreadsheets.create", query, "Spreadsheet", body)
            return self._create(body or {})
        elif match := re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path):
            key, rest = match.groups()
            if rest == "" and method == "GET":
                self._validate("sheets.v4", "spreadsheets.get", query)
                return self._get(self._book(key), query)
            if rest == "/values:batchGet" and method == "GET":
                self._validate("sheets.v4", "spreadsheets.values.batchGet", query)
                return self._batch_get(self._book(key), query)
            if rest == ":batchUpdate" and method == "POST":
                self._validate(
                    "sheets.v4",
                    "spreadsheets.batchUpdate",
                    query,
                    "BatchUpdateSpreadsheetRequest",
                    body,
                )
                return self._batch_update(key, body)
        raise ApiError(400, f"the fake does not implement {method} {host}{path}")

    def _validate(
        self,
        api: str,
        method: str,
        query: dict[str, list[str]],
        schema: str | None = None,
        body: Any = None,
    ) -> None:
        problems = check_params(api, method, query)
        if schema is not None:
            method_id = f"{api.split('.')[0]}.{method}"
            problems += check_body(api, schema, body if body is not None else {}, method_id)
        if problems:
            raise ApiError(400, "; ".join(problems))

    def _book(self, key: str) -> FakeSpreadsheet:
        if key in self.forbidden:
            raise ApiError(403, CANNED_MESSAGES[403])
        if key not in self.spreadsheets:
            raise ApiError(404, CANNED_MESSAGES[404])
        return self.spreadsheets[key]

    def _get(self, book: FakeSpreadsheet, query: dict[str, list[str]]) -> Any:
        if query.get("includeGridData", ["false"]) != ["false"]:
            raise ApiError(400, "the fake does not return grid data; read values instead")
        resource = book.resource()
        if "fields" in query:
            try:
                mask = parse_mask(query["fields"][0])
            except ValueError as exc:
                raise ApiError(400, f"Invalid field selection: {exc}") from exc
            problems = check_mask("sheets.v4", "Spreadsheet", mask)
            if problems:
                raise ApiError(400, "; ".join(problems))
            resource = apply_mask(resource, mask)
        return copy.deepcopy(resource)

    def _batch_get(self, book: FakeSpreadsheet, query: dict[str, list[str]]) -> Any:
        if query.get("majorDimension", ["ROWS"]) != ["ROWS"]:
            raise ApiError(400, "the fake only reads by ROWS")
        ranges: list[dict[str, Any]] = []
        for text in query.get("ranges", []):
            try:
                title, cells = parse_range(text)
                if cells is not None:
                    raise BatchError("the fake reads whole sheets only")
                rows = book.rows(title)
            except (BatchError, KeyError) as exc:
                raise ApiError(400, f"Unable to parse range: {text}") from exc
            ranges.append({"range": f"'{title}'!A1:Z1000", "majorDimension": "ROWS"})
            if rows:
                ranges[-1]["values"] = rows
        return {"spreadsheetId": book.spreadsheet_id, "valueRanges": ranges}

    def _batch_update(self, key: str, body: dict[str, Any]) -> Any:
        book = self._book(key)
        draft = copy.deepcopy(book)  # all or nothing, as the real API applies a batch
        replies = []
        for index, request in enumerate(body.get("requests", [])):
            try:
                replies.append(draft.apply(request))
            except BatchError as exc:
                kind = next(iter(request))
                raise ApiError(400, f"Invalid requests[{index}].{kind}: {exc}") from exc
        self.spreadsheets[key] = draft
        return {"spreadsheetId": key, "replies": replies}

    def _create(self, body: dict[str, Any]) -> Any:
        book = FakeSpreadsheet(next(self._keys), body.get("properties", {}).get("title", ""))
        try:
            for sheet in body.get("sheets") or [{"properties": {}}]:
                if set(sheet) - {"properties"}:
                    raise BatchError("the fake creates sheets from properties only")
                book.add_sheet(sheet.get("properties", {}))
        except BatchError as exc:
            raise ApiError(400, str(exc)) from exc
        self.spreadsheets[book.spreadsheet_id] = book
        return book.resource()

    def _share(self, key: str, body: dict[str, Any]) -> Any:
        book = self._book(key)
        if body.get("type") in ("user", "group") and not body.get("emailAddress"):
            raise ApiError(400, "The permission emailAddress field is required.")
        permission = {"kind": "drive#permission", "id": f"perm{len(book.permissions) + 1}"}
        permission.update(body)
        book.permissions.append(permission)
        return permission


class FakeTransport(BaseAdapter):
    """The requests transport that hands each request to a `FakeSheetsApi`."""

    def __init__(self, api: FakeSheetsApi) -> None:
        super().__init__()
        self.api = api

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        if kwargs.get("timeout") is None:
            self.api.violations.append(f"{request.method} {request.url}: sent with no timeout")
        status, headers, payload = self.api.answer(request)
        response = requests.Response()
        response.status_code = status
        response.reason = STATUS_NAMES.get(status, "OK")
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json", **headers})
        response._content = json.dumps(payload).encode()
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


class RefusingTransport(BaseAdapter):
    """Any other address: a test must never reach the network."""

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        raise requests.ConnectionError(f"tests do not use the network ({request.url})")

    def close(self) -> None:
        pass


def _error(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "status": STATUS_NAMES.get(status)}}


def typed_in(value: Any) -> dict[str, Any]:
    """The `CellData` Sheets keeps when a person types `value`: dates become serial numbers."""
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    for kind, pattern, types in DATE_KINDS:
        if isinstance(value, types):
            return {
                "userEnteredValue": {"numberValue": _serial(value)},
                "userEnteredFormat": {"numberFormat": {"type": kind, "pattern": pattern}},
            }
    return {"userEnteredValue": {"stringValue": str(value)}}


DATE_KINDS = (
    ("DATE_TIME", "yyyy-mm-dd hh:mm", dt.datetime),
    ("DATE", "yyyy-mm-dd", dt.date),
    ("TIME", "hh:mm", dt.time),
)


def _serial(value: dt.date | dt.time) -> float:
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
