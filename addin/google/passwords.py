"""The secrets of `ilr serve`: the server's master secret, and the password of each sheet.

The master secret (`ILR_SERVE_SECRET`) never leaves the server. Each sheet gets its own
password, derived from it and the sheet's key, so the password an editor can read in one
sheet's document properties opens that sheet and no other:

    sheet password = base64url(HMAC-SHA256(master secret, "ilr-sheet:" + spreadsheet key))

`ilr serve --sheet-password LINK` prints it for **ILR > Set up...**. Changing the master
secret changes every sheet's password at once (see the README's Security section).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sheets_templates.errors import UsageError

MIN_SECRET_LENGTH = 32
MIN_DIFFERENT_CHARACTERS = 10  # `aaaa...` or `abab...` is long, not random
NEW_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def checked_secret(value: str, name: str = "ILR_SERVE_SECRET") -> str:
    """`value` without the spaces around it, if it can be a random secret. Raises `UsageError`.

    >>> checked_secret("  Zt3q9Kx0VbN2mLw8RfY5hJc1DsA7uPeG  ")
    'Zt3q9Kx0VbN2mLw8RfY5hJc1DsA7uPeG'
    """
    secret = value.strip()
    if any(character.isspace() for character in secret):
        raise UsageError(
            f"{name} has a space or line break inside it: paste the secret on one line, as "
            f"printed by {NEW_SECRET}."
        )
    different = len(set(secret))
    if len(secret) < MIN_SECRET_LENGTH or different < MIN_DIFFERENT_CHARACTERS:
        raise UsageError(
            f"{name} must be a random secret of at least {MIN_SECRET_LENGTH} characters (this "
            f"one has {len(secret)}, {different} of them different): make one with {NEW_SECRET}."
        )
    return secret


def sheet_password(master: str, spreadsheet: str) -> str:
    """The password that lets a caller refresh `spreadsheet`, and nothing else.

    >>> len(sheet_password("x" * 32, "1AbCdEfGhIjKlMnOpQrStUvWxYz"))
    43
    """
    digest = hmac.new(master.encode(), f"ilr-sheet:{spreadsheet}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def password_for(master: str, target: str) -> str:
    """The password of the sheet at `target` (a link or key). Raises `UsageError`."""
    from sync.google_links import parse_spreadsheet_key

    key = parse_spreadsheet_key(target)
    if key is None:
        raise UsageError(
            f"{target!r} is not a Google Sheets link or key: copy the sheet's link from the "
            "browser's address bar."
        )
    return sheet_password(checked_secret(master), key)


def is_sheet_password(credential: str, master: str, spreadsheet: str) -> bool:
    """Whether `credential` is the password of `spreadsheet`, compared in constant time."""
    expected = sheet_password(master, spreadsheet)
    return hmac.compare_digest(credential.encode(), expected.encode())


def fingerprint(credential: str) -> str:
    """A stand-in for a credential that can be kept in memory and compared: its SHA-256."""
    return hashlib.sha256(credential.encode()).hexdigest()
