"""The notebook's face (`addin/google/ILR_Sheets.ipynb`): Google Sheets with nothing to install.

Each cell of the notebook is one call here. Each call opens the sheet, runs one use case of
`addin.app` (the same function `ilr` runs) and shows its result the way `ilr` does
(`addin.show`); nothing is computed here, and nothing is returned for the cell to echo.

    import addin.google.notebook as ilr
    ilr.sign_in()
    ilr.refresh("https://docs.google.com/spreadsheets/d/KEY/edit")

Signing in is the notebook's own: in Colab, Google's sign-in for the person running it (their
account; no key file, no client secret, nothing stored in the notebook); in any other Jupyter,
the credentials `ilr refresh` would use (a service-account key named by
ILR_GOOGLE_CREDENTIALS, or the token `ilr login` saved). `google_session` is that one edge.

Every problem a person can hit shows as the one sentence `ilr` prints, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from addin import app, show
from sheets_templates.errors import IlrError, UsageError
from sync.google_links import parse_spreadsheet_key

if TYPE_CHECKING:
    import requests

    from sync.google.backend import GoogleSheetsBackend

__all__ = ["deidentify", "packet", "refresh", "sign_in", "snapshot"]  # what a cell may call

SIGN_IN_AGAIN = "run the notebook's Sign in cell again"
console = Console()


def google_session() -> requests.Session:
    """An HTTP session signed in to Google for the person running the notebook."""
    from google.auth.transport.requests import AuthorizedSession

    try:
        from google.colab import auth
    except ImportError:  # another Jupyter: the credentials `ilr refresh` would use
        from sync.google.auth import load_account

        return AuthorizedSession(load_account().credentials)
    import google.auth

    auth.authenticate_user()  # Colab's own sign-in, for the account running the notebook
    credentials, _ = google.auth.default()
    return AuthorizedSession(credentials)


_session: requests.Session | None = None


def sign_in() -> None:
    """Sign in to Google (Colab asks which account)."""
    with _one_sentence():
        _signed_in(google_session)
        console.print("Signed in to Google.")


def refresh(link: str) -> None:
    """Check the sheet's input tabs and rewrite its output tabs, as `ilr refresh LINK`."""
    with _one_sentence(), _opened(link) as sheet:
        result = app.refresh(sheet, progress=_progress)
        show.print_refresh(console, result)


def packet(link: str, file: str = "ilt-packet.pdf", *, wanted: bool = True) -> None:
    """Draw the two-page ILT packet into `file` (.pdf or .html), as `ilr packet LINK -o FILE`;
    in Colab the browser then downloads it. With `wanted` False (the cell's box unticked), say
    how to ask for it instead."""
    from reports.exports.packet import PacketFormat

    path = Path(file)
    if not wanted:
        console.print("Tick MAKE_PACKET and run this cell to make the meeting packet.")
        return
    with _one_sentence(), _opened(link) as sheet:
        drawn = app.packet(sheet, PacketFormat.for_file(path), progress=_progress)
        show.save_packet(path, drawn.data)
        console.print(f"Wrote {path}: print both pages for the meeting.")
        _download(path)


def snapshot(link: str, file: str = "staff-snapshot.pdf", *, wanted: bool = True) -> None:
    """Draw the one-page, no-names staff snapshot of the last full month into `file` (.pdf or
    .html), as `ilr snapshot LINK -o FILE`; in Colab the browser then downloads it."""
    from reports.exports.packet import PacketFormat

    path = Path(file)
    if not wanted:
        console.print("Tick MAKE_SNAPSHOT and run this cell to make the staff snapshot.")
        return
    with _one_sentence(), _opened(link) as sheet:
        drawn = app.snapshot(sheet, PacketFormat.for_file(path, "the snapshot"), progress=_progress)
        show.save_packet(path, drawn.data, "the snapshot")
        show.print_snapshot(console, path, drawn.month)
        _download(path)


def deidentify(
    link: str,
    title: str = "Coaching log, de-identified",
    tab: str = "Coaching",
    *,
    wanted: bool = True,
) -> None:
    """Write a de-identified copy of the sheet's `tab` into a brand-new Google Sheet named
    `title` in the signed-in person's Drive (never a copy of the original), as `ilr deidentify`.
    With `wanted` False (the cell's box unticked), say how to ask for it instead."""
    from reports.exports.deidentified import DeidentifyOptions

    if not wanted:
        console.print("Tick MAKE_COPY and run this cell to make the de-identified copy.")
        return
    with _one_sentence(), _opened(link) as sheet:
        options = DeidentifyOptions(None, False, None, tab, dt.datetime.now())
        copy = app.deidentify(sheet, title, options, progress=_progress)
        show.print_copy(console, copy, tab)


@contextmanager
def _one_sentence() -> Iterator[None]:
    """Show an `IlrError` as the sentence `ilr` prints for it, and carry on."""
    try:
        yield
    except IlrError as error:
        console.print(f"[red]Error:[/red] {error}", soft_wrap=True)


@contextmanager
def _opened(link: str) -> Iterator[GoogleSheetsBackend]:
    from sync.google.backend import GoogleOptions, GoogleSheetsBackend

    if not link.strip():
        raise UsageError("Paste the sheet's link into SHEET_LINK above, then run this cell again.")
    key = parse_spreadsheet_key(link.strip())
    if key is None:
        raise UsageError(
            f"'{link}' is not a Google Sheets link: copy the link from the browser's "
            "address bar (https://docs.google.com/spreadsheets/d/...) into SHEET_LINK."
        )
    session = _session or _signed_in(google_session)
    sheet = GoogleSheetsBackend(key, session, GoogleOptions(sign_in_again=SIGN_IN_AGAIN))
    try:
        yield sheet
    finally:
        sheet.close()


def _signed_in(connect: Callable[[], requests.Session]) -> requests.Session:
    """`connect()`, with a sign-in that failed said in one sentence (`AccessError`)."""
    global _session
    from google.auth.exceptions import GoogleAuthError

    from sheets_templates.errors import AccessError

    try:
        _session = connect()
    except GoogleAuthError as error:
        raise AccessError(
            f"Google sign-in did not finish: {SIGN_IN_AGAIN} and allow access."
        ) from error
    return _session


def _progress(stage: str) -> None:
    print(f"{stage}…", flush=True)  # plain lines: a cell shows them as one block, as they come


def _download(path: Path) -> None:
    """In Colab, hand the file to the browser; elsewhere it stays in the notebook's folder."""
    try:
        from google.colab import files
    except ImportError:
        console.print(f"It is in {path.resolve().parent}.", soft_wrap=True)
        return
    files.download(str(path))
