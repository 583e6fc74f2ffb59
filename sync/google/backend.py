"""A Google Sheet as a workbook backend, in at most three API requests per refresh.

`tabs()` is one metadata read (titles, ids, the output mark), `read()` one values:batchGet for
every input tab, `write()` one spreadsheets:batchUpdate that replaces the tool's output sheets.
The batch is applied by Google all or nothing, so the previous output tabs are either fully
old or fully new, and the people's tabs are never touched.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError, TransportError
from gspread.exceptions import APIError
from gspread.http_client import ParamsType
from gspread.urls import DRIVE_FILES_API_V3_URL, SPREADSHEETS_API_V4_BASE_URL

from reports.model import OutputTab
from sheets_templates.errors import AccessError, MissingTab, UsageError, WorkbookError
from sync.backend import (
    OUTPUT_MARKER,
    RawCell,
    RawTab,
    TabInfo,
)
from sync.google.render import sheet_properties, tab_requests
from sync.google.retry import RetryingHTTPClient, RetryPolicy
from sync.google_links import parse_spreadsheet_key, spreadsheet_url
from sync.outputs import plan_write

# What `tabs()` asks for: nothing but each sheet's title, id and developer-metadata keys.
TABS_FIELDS = "sheets(properties(sheetId,title),developerMetadata(metadataKey))"
MAX_SHEET_ID = 2**31 - 1


@dataclass(frozen=True)
class GoogleOptions:
    """How to reach Google. `credentials` falls back to ILR_GOOGLE_CREDENTIALS, then `ilr login`."""

    credentials: Path | None = None
    timeout: float = 60.0  # seconds for each request
    max_attempts: int = 4  # per request, counting the first
    share_with: tuple[str, ...] = ()  # emails that get edit access to a workbook `create` makes
    # What to do when Google refuses the sign-in, as the face that signed in says it.
    sign_in_again: str = "create a new key or run `ilr login` again"


@dataclass(frozen=True)
class Sheet:
    """One sheet as the metadata read saw it."""

    name: str
    sheet_id: int
    is_output: bool


class GoogleSheetsBackend:
    """One Google Sheet, reached through gspread's HTTP client with bounded retries."""

    def __init__(
        self,
        key: str,
        session: requests.Session,
        options: GoogleOptions | None = None,
        *,
        service_account: str | None = None,
        credentials_file: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.key = key
        self.options = options or GoogleOptions()
        self.service_account = service_account  # its client_email, for "share it with ..."
        self.credentials_file = credentials_file
        policy = RetryPolicy(max_attempts=self.options.max_attempts, timeout=self.options.timeout)
        self.http = RetryingHTTPClient(session, policy, sleep)
        self._sheets: list[Sheet] | None = None  # the last metadata read, kept up to date
        self.last_created: str | None = None

    @classmethod
    def open(cls, target: str, options: GoogleOptions | None = None) -> GoogleSheetsBackend:
        """Open a Google Sheet by link or key. Raises `UsageError`, `AccessError`."""
        from google.auth.transport.requests import AuthorizedSession

        from sync.google.auth import load_account

        key = parse_spreadsheet_key(target)
        if key is None:
            raise UsageError(
                f"'{target}' is not a Google Sheets link: copy the link from the browser's "
                "address bar (https://docs.google.com/spreadsheets/d/...)."
            )
        options = options or GoogleOptions()
        account = load_account(options.credentials)
        session = AuthorizedSession(account.credentials)
        return cls(
            key,
            session,
            options,
            service_account=account.email,
            credentials_file=account.source,
        )

    @property
    def location(self) -> str:
        return spreadsheet_url(self.key)

    # -- the Backend interface ------------------------------------------------------------------

    def tabs(self) -> list[TabInfo]:
        """Every tab in order, from one metadata request. Raises `AccessError`, `WorkbookError`."""
        with self._google(self.key):
            metadata = self.http.spreadsheets_get(self.key, {"fields": TABS_FIELDS})
        self._sheets = [
            Sheet(
                sheet["properties"]["title"],
                sheet["properties"]["sheetId"],
                any(
                    m.get("metadataKey") == OUTPUT_MARKER
                    for m in sheet.get("developerMetadata", [])
                ),
            )
            for sheet in metadata.get("sheets", [])
        ]
        return [TabInfo(sheet.name, sheet.is_output) for sheet in self._sheets]

    def read(self, names: Sequence[str]) -> dict[str, RawTab]:
        """The values of the named tabs, unformatted, in one request. Raises `MissingTab`."""
        if not names:
            return {}
        params: ParamsType = {
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS",
        }
        ranges = [quote_sheet_name(name) for name in names]
        with self._google(self.key, reading=names):
            answer = self.http.values_batch_get(self.key, ranges, params)
        value_ranges = answer.get("valueRanges", [])
        return {
            name: RawTab(name, _rectangle(found.get("values", [])))
            for name, found in zip(names, value_ranges, strict=True)
        }

    def write(self, tabs: Sequence[OutputTab]) -> None:
        """Replace the output tabs in one all-or-nothing batch. Raises `TabNameClash` first."""
        sheets = self._sheets if self._sheets is not None else self._refetch()
        plan = plan_write([TabInfo(s.name, s.is_output) for s in sheets], tabs)
        tabs = plan.tabs
        new_ids = fresh_sheet_ids({s.sheet_id for s in sheets}, len(tabs))
        replaced = [sheet for position, sheet in enumerate(sheets) if position in plan.replaced]
        people = [sheet for sheet in sheets if sheet not in replaced]
        ids = {sheet.name: sheet.sheet_id for sheet in people}
        ids.update({tab.name: sheet_id for tab, sheet_id in zip(tabs, new_ids, strict=True)})
        requests: list[dict[str, Any]] = []
        # New sheets arrive under provisional titles, the old ones go, then the new ones take
        # the names: this works even when the tool's tabs are the only sheets in the workbook
        # (the API refuses to delete the last sheet) and never shows a half-replaced state.
        for index, (tab, sheet_id) in enumerate(zip(tabs, new_ids, strict=True)):
            provisional = f"{tab.name} (new {sheet_id})"
            requests.append(
                {"addSheet": {"properties": sheet_properties(tab, sheet_id, index, provisional)}}
            )
        requests += [{"deleteSheet": {"sheetId": sheet.sheet_id}} for sheet in replaced]
        for tab, sheet_id in zip(tabs, new_ids, strict=True):
            requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": sheet_id, "title": tab.name},
                        "fields": "title",
                    }
                }
            )
            requests += tab_requests(tab, sheet_id, ids)
        with self._google(self.key):
            self.http.batch_update(self.key, {"requests": requests})
        self._sheets = [
            *(Sheet(t.name, i, True) for t, i in zip(tabs, new_ids, strict=True)),
            *people,
        ]

    def create(self, destination: str, tabs: Sequence[OutputTab]) -> str:
        """Write `tabs` into a brand-new Google Sheet titled `destination`; return its link.

        The sheet is created empty (never a copy of this one) and filled in one batch; if the
        filling fails the new sheet is deleted again. Raises `AccessError`, `WorkbookError`.
        """
        if not tabs:
            raise UsageError("There is nothing to put in the new Google Sheet.")
        ids = fresh_sheet_ids(set(), len(tabs))
        body = {
            "properties": {"title": destination},
            "sheets": [
                {"properties": sheet_properties(tab, sheet_id, index)}
                for index, (tab, sheet_id) in enumerate(zip(tabs, ids, strict=True))
            ],
        }
        with self._google(None, creating=True):
            made = self.http.request("post", SPREADSHEETS_API_V4_BASE_URL, json=body).json()
        key = made["spreadsheetId"]
        by_name = {tab.name: sheet_id for tab, sheet_id in zip(tabs, ids, strict=True)}
        requests = [
            request
            for tab, sheet_id in zip(tabs, ids, strict=True)
            for request in tab_requests(tab, sheet_id, by_name)
        ]
        try:
            with self._google(key):
                self.http.batch_update(key, {"requests": requests})
            for email in self.options.share_with:
                self.share(email, key)
        except Exception:
            self._delete_quietly(key)
            raise
        self.last_created = spreadsheet_url(key)
        return self.last_created

    def share(self, email: str, target: str | None = None) -> None:
        """Give `email` edit access to `target` (default: the sheet `create` made last).

        Raises `UsageError` if there is nothing to share, `AccessError` if Google refuses.
        """
        key = parse_spreadsheet_key(target or self.last_created or "")
        if key is None:
            raise UsageError("There is no new Google Sheet to share yet.")
        permission = {"type": "user", "role": "writer", "emailAddress": email}
        params: ParamsType = {"sendNotificationEmail": "true", "supportsAllDrives": "true"}
        with self._google(key, sharing=True):
            self.http.request(
                "post",
                f"{DRIVE_FILES_API_V3_URL}/{key}/permissions",
                params=params,
                json=permission,
            )

    def close(self) -> None:
        self.http.session.close()

    # -- helpers --------------------------------------------------------------------------------

    def _refetch(self) -> list[Sheet]:
        self.tabs()
        assert self._sheets is not None
        return self._sheets

    def _delete_quietly(self, key: str) -> None:
        """Remove a half-made new sheet; it is ours (Drive scope `drive.file` allows that)."""
        # The first error is the one worth reporting; this one is swallowed.
        with suppress(APIError, requests.RequestException, GoogleAuthError):
            self.http.request(
                "delete", f"{DRIVE_FILES_API_V3_URL}/{key}", params={"supportsAllDrives": "true"}
            )

    @contextmanager
    def _google(
        self,
        key: str | None,
        *,
        reading: Sequence[str] = (),
        creating: bool = False,
        sharing: bool = False,
    ) -> Iterator[None]:
        """Turn what Google answers into one of our errors, in a sentence a person can act on."""
        where = spreadsheet_url(key) if key else "Google Drive"
        try:
            yield
        except APIError as error:
            raise self._explain(error, where, reading, creating, sharing) from error
        except TransportError as error:  # the sign-in itself could not reach Google
            raise WorkbookError(
                f"Google could not be reached to sign in for {where}: check the internet "
                "connection and try again."
            ) from error
        except GoogleAuthError as error:
            source = f" in {self.credentials_file}" if self.credentials_file else ""
            raise AccessError(
                f"Google refused the credentials{source}: the key was deleted or the sign-in "
                f"expired; {self.options.sign_in_again}."
            ) from error
        except requests.Timeout as error:
            raise WorkbookError(
                f"Google Sheets did not answer in time for {where}: check the internet "
                "connection and try again."
            ) from error
        except requests.ConnectionError as error:
            raise WorkbookError(
                f"Google Sheets could not be reached for {where}: check the internet "
                "connection and try again."
            ) from error

    def _explain(
        self,
        error: APIError,
        where: str,
        reading: Sequence[str],
        creating: bool,
        sharing: bool,
    ) -> Exception:
        status = error.response.status_code
        message = str(error.error.get("message", ""))
        tries = self.http.policy.max_attempts
        if status == 401:
            source = f" in {self.credentials_file}" if self.credentials_file else ""
            return AccessError(
                f"Google refused the credentials{source}: {self.options.sign_in_again}."
            )
        if status == 403:
            return AccessError(self._forbidden(message, where, creating, sharing))
        if status == 404:
            return WorkbookError(
                f"There is no Google Sheet at {where}: it was deleted or the link is wrong; "
                "copy the link from the browser's address bar and try again."
            )
        if status == 429:
            return AccessError(
                f"Google's Sheets quota for these credentials is used up ({tries} tries): "
                "wait a minute and try again; nothing was changed."
            )
        if status == 400 and message.startswith("Unable to parse range"):
            missing = next((name for name in reading if quote_sheet_name(name) in message), None)
            return MissingTab(
                f"The Google Sheet has no tab named '{missing}'."
                if missing
                else f"A tab to read is missing from {where}."
            )
        if status >= 500:
            return WorkbookError(
                f"Google Sheets kept failing ({status}, {tries} tries) for {where}: wait a few "
                "minutes and try again."
            )
        return WorkbookError(f"Google Sheets refused the request for {where}: {message}")

    def _forbidden(self, message: str, where: str, creating: bool, sharing: bool) -> str:
        lowered = message.casefold()
        if "has not been used" in lowered or "is disabled" in lowered:
            return (
                "The Google Sheets and Drive APIs are not enabled for these credentials' "
                "Cloud project: enable both in the Google Cloud console and try again."
            )
        if creating and "quota" in lowered:
            return (
                "This service account cannot own new Google Sheets (it has no Drive storage): "
                "run `ilr login` to create the copy in your own Google Drive."
            )
        if sharing:
            return f"Google Drive refused to share {where}: {message}"
        if self.service_account:
            return (
                f"The Google Sheet {where} is not shared with the service account: "
                f"Share the sheet with {self.service_account} as Editor and try again."
            )
        return (
            f"Your Google account cannot edit {where}: ask the sheet's owner to share it "
            "with you as Editor, then try again."
        )


def quote_sheet_name(name: str) -> str:
    """A tab name as an A1 range: `It's` -> `'It''s'`."""
    return "'" + name.replace("'", "''") + "'"


def fresh_sheet_ids(taken: set[int], count: int) -> list[int]:
    """`count` new sheet ids, none of them in `taken` (random, like the ids Sheets makes)."""
    chooser = random.SystemRandom()
    ids: list[int] = []
    while len(ids) < count:
        candidate = chooser.randrange(1, MAX_SHEET_ID)
        if candidate not in taken and candidate not in ids:
            ids.append(candidate)
    return ids


def _rectangle(rows: list[list[Any]]) -> list[list[RawCell]]:
    """Rows padded to one width, blanks as None: Sheets trims trailing blanks and sends ''."""
    width = max((len(row) for row in rows), default=0)
    return [[None if v == "" else v for v in row] + [None] * (width - len(row)) for row in rows]
