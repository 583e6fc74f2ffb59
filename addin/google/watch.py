"""`ilr watch`: refresh a Google Sheet when its Refresh Now box is ticked; no server needed.

The box is the `Refresh Now` row of the Settings tab, a checkbox in the Value column; a person
ticks it, or the sheet's ILR > Refresh menu does when no server is set up. Each poll costs one
values read of the Settings tab. A ticked box starts the whole refresh, then the watcher unticks
it. That untick is the one cell of a person's tab the tool ever writes, and it only undoes the
tick that asked for the refresh: while the box stays ticked, the refresh is under way.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import requests
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError

from sheets_templates.errors import AccessError, IlrError, MissingTab, UsageError, WorkbookError
from sheets_templates.parse.values import parse_yes_no
from sheets_templates.schema import SETTINGS, normalise_header
from sync.google.backend import GoogleSheetsBackend

REFRESH_NOW = "Refresh Now"
MIN_SECONDS = 5.0  # Sheets allows 60 reads a minute per user; leave room for the refresh
MAX_FAILED_POLLS = 5  # in a row; then the watcher stops and says why
HOW_TO_ADD_THE_BOX = (
    f"add a row with '{REFRESH_NOW}' in the Setting column and a checkbox in the Value column "
    "(Insert > Checkbox)"
)


class Outcome(StrEnum):
    WAITING = "waiting"  # the box was not ticked
    REFRESHED = "refreshed"
    FAILED = "failed"  # the refresh stopped with a message; the box was unticked all the same


class CannotUntick(WorkbookError):
    """The box could not be unticked, so watching on would refresh again and again."""


@dataclass(frozen=True)
class RefreshBox:
    """Where the Refresh Now box is, and whether it is ticked."""

    tab: str  # the Settings tab, as the sheet spells its name
    row: int  # 0-based
    column: int  # 0-based: the Value column
    ticked: bool


class Watcher:
    """Polls one Google Sheet's Refresh Now box and refreshes when it is ticked."""

    def __init__(
        self,
        backend: GoogleSheetsBackend,
        *,
        as_of: dt.date | None = None,
        say: Callable[[str], None] = print,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.backend = backend
        self.as_of = as_of
        self.say = say
        self.sleep = sleep
        self._settings_tab: str | None = None

    def look(self) -> RefreshBox:
        """The box, from one values read. Raises `UsageError` when the sheet has none."""
        tab = self._settings_tab or self._find_settings_tab()
        try:
            rows = self.backend.read([tab])[tab].rows
        except MissingTab:
            self._settings_tab = None  # renamed since: look for it again on the next poll
            raise
        header = [str(cell or "") for cell in rows[0]] if rows else []
        key_column = _column(header, "key")
        value_column = _column(header, "value")
        for row, cells in enumerate(rows[1:], start=1):
            if key_column is None or value_column is None:
                break
            if normalise_header(cells[key_column] or "") == normalise_header(REFRESH_NOW):
                ticked = parse_yes_no(cells[value_column]).value is True
                return RefreshBox(tab, row, value_column, ticked)
        raise UsageError(
            f"The '{tab}' tab has no {REFRESH_NOW} box for `ilr watch`: {HOW_TO_ADD_THE_BOX}, "
            "then start `ilr watch` again."
        )

    def poll(self) -> Outcome:
        """Look at the box once; refresh and untick it if it is ticked. Raises `IlrError`."""
        box = self.look()
        if not box.ticked:
            return Outcome.WAITING
        self.say(f"{_clock()} {REFRESH_NOW} is ticked: refreshing.")
        from addin.app import refresh

        try:
            result = refresh(self.backend, as_of=self.as_of)
        except IlrError as error:
            outcome, message = Outcome.FAILED, f"The refresh stopped: {error}"
        else:
            outcome, message = Outcome.REFRESHED, f"Refreshed. {result.summary_line()}"
        finally:
            self.untick(box)  # also after a crash: a box left ticked would refresh forever
        self.say(f"{_clock()} {message}")
        return outcome

    def watch(self, every: float, polls: int | None = None) -> None:
        """Poll every `every` seconds, `polls` times or until Ctrl-C. Raises `IlrError`.

        A poll that cannot read the sheet is tried again; `MAX_FAILED_POLLS` in a row stop the
        watch with the last error.
        """
        every = max(every, MIN_SECONDS)
        failed_in_a_row = 0
        done = 0
        while True:
            try:
                self.poll()
                failed_in_a_row = 0
            except (CannotUntick, UsageError):
                raise
            except (AccessError, WorkbookError) as error:
                failed_in_a_row += 1
                if failed_in_a_row >= MAX_FAILED_POLLS:
                    raise
                self.say(f"{_clock()} Could not look at the sheet ({error}); trying again.")
            done += 1
            if polls is not None and done >= polls:
                return
            self.sleep(every)

    def untick(self, box: RefreshBox) -> None:
        """Write FALSE into the box, and nothing else. Raises `CannotUntick`."""
        http, key = self.backend.http, self.backend.key
        try:
            metadata = http.spreadsheets_get(key, {"fields": "sheets.properties(sheetId,title)"})
            sheet_id = next(
                sheet["properties"]["sheetId"]
                for sheet in metadata.get("sheets", [])
                if sheet["properties"]["title"] == box.tab
            )
            cell = {"userEnteredValue": {"boolValue": False}}
            untick = {
                "updateCells": {
                    "start": {"sheetId": sheet_id, "rowIndex": box.row, "columnIndex": box.column},
                    "rows": [{"values": [cell]}],
                    "fields": "userEnteredValue",  # the checkbox itself (its validation) stays
                }
            }
            http.batch_update(key, {"requests": [untick]})
        except (StopIteration, APIError, requests.RequestException, GoogleAuthError) as exc:
            raise CannotUntick(
                f"The {REFRESH_NOW} box on the '{box.tab}' tab could not be unticked: untick it "
                "by hand and start `ilr watch` again."
            ) from exc

    def _find_settings_tab(self) -> str:
        names = [info.name for info in self.backend.tabs() if not info.is_output]
        exact = [n for n in names if normalise_header(n) == normalise_header(SETTINGS.name)]
        found = exact or [n for n in names if SETTINGS.matches(n)]
        if not found:
            raise UsageError(
                f"The Google Sheet has no Settings tab for `ilr watch`: add one and "
                f"{HOW_TO_ADD_THE_BOX}, then start `ilr watch` again."
            )
        self._settings_tab = found[0]
        return found[0]


def _column(header: list[str], field_name: str) -> int | None:
    column = SETTINGS.column(field_name)
    return next((i for i, text in enumerate(header) if column.matches(text)), None)


def _clock() -> str:
    return dt.datetime.now().strftime("%H:%M")
