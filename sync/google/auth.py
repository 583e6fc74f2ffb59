"""Google credentials: a service account key file, or a person's own account via `ilr login`.

Where the credentials come from, first found wins: the `--credentials` file, the file named by
`ILR_GOOGLE_CREDENTIALS`, then the token `ilr login` saved in the user's config folder. The
scopes are the least that works: Sheets, and Drive only for files the tool itself created
(to share a new de-identified copy).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.auth.credentials import Credentials

from sheets_templates.errors import AccessError, UsageError

SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)
CREDENTIALS_ENV = "ILR_GOOGLE_CREDENTIALS"
TOKEN_FILE = "google-token.json"
HOW_TO_SIGN_IN = (
    f"pass --credentials KEY.json, set {CREDENTIALS_ENV} to a service account key file, "
    "or run `ilr login`"
)


@dataclass(frozen=True)
class Account:
    """Signed-in credentials and who they are, for messages such as "share it with ..."."""

    credentials: Credentials
    email: str | None  # the service account's client_email; None for a person's token
    source: Path


def config_dir() -> Path:
    """The folder where the tool keeps per-user settings (the `ilr login` token)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "ilr-sheets"


def token_path() -> Path:
    """Where `ilr login` saves the person's token."""
    return config_dir() / TOKEN_FILE


def find_credentials(explicit: Path | None) -> Path:
    """The credentials file to use. Raises `AccessError` when there is none."""
    if explicit is not None:
        return explicit
    if os.environ.get(CREDENTIALS_ENV):
        return Path(os.environ[CREDENTIALS_ENV])
    if token_path().is_file():
        return token_path()
    raise AccessError(f"No Google credentials were found: {HOW_TO_SIGN_IN}.")


def load_account(explicit: Path | None = None) -> Account:
    """Read a service account key or a saved login token. Raises `AccessError`."""
    path = find_credentials(explicit)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AccessError(
            f"The Google credentials file {path} does not exist: check the path, "
            f"or {HOW_TO_SIGN_IN}."
        ) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AccessError(
            f"The Google credentials file {path} cannot be read as a key file: download the "
            "service account's JSON key again, or run `ilr login`."
        ) from exc
    return _account(info, path)


def _account(info: Any, path: Path) -> Account:
    kind = info.get("type") if isinstance(info, dict) else None
    try:
        if kind == "service_account":
            from google.oauth2 import service_account

            credentials: Credentials = service_account.Credentials.from_service_account_info(
                info, scopes=SCOPES
            )
            return Account(credentials, str(info.get("client_email")), path)
        if kind == "authorized_user":
            from google.oauth2 import credentials as user_credentials

            credentials = user_credentials.Credentials.from_authorized_user_info(info, SCOPES)
            return Account(credentials, None, path)
    except (ValueError, KeyError) as exc:
        raise AccessError(
            f"The Google credentials file {path} is damaged or incomplete: download the "
            "service account's JSON key again, or run `ilr login`."
        ) from exc
    raise AccessError(
        f"The file {path} is not a Google service account key or an `ilr login` token: "
        f"{HOW_TO_SIGN_IN}."
    )


def login(client_secrets: Path) -> Path:
    """Sign a person in with their browser and save the token; returns where it was saved.

    `client_secrets` is the OAuth client file ("Desktop app") downloaded from the school's
    Google Cloud project. Raises `UsageError` if the sign-in library is missing and
    `AccessError` if the file is unusable or the person declines.
    """
    try:
        from google_auth_oauthlib.flow import InstalledAppFlow
    except ImportError as exc:
        raise UsageError(
            "Signing in needs the google-auth-oauthlib package: "
            "run `pip install google-auth-oauthlib` and try again."
        ) from exc
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), list(SCOPES))
    except (OSError, ValueError) as exc:
        raise AccessError(
            f"The OAuth client file {client_secrets} cannot be used: download the "
            "'Desktop app' client JSON from the Google Cloud console again."
        ) from exc
    try:
        credentials = flow.run_local_server(port=0, open_browser=True)
    except Exception as exc:  # the library raises oauthlib's and its own errors here
        raise AccessError(
            "Google sign-in did not finish: run `ilr login` again and allow access."
        ) from exc
    return save_token(credentials.to_json())


def save_token(token_json: str) -> Path:
    """Write the login token readable by this user only, replacing any earlier one."""
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token_json)
    temporary.replace(path)
    return path
