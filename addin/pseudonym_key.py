"""Where the pseudonym key comes from: a file the person names, or `$ILR_PSEUDONYM_KEY`.

The key is read here, at the edge, and handed to the reports as bytes: what a copy shows must
not depend on the environment a report happens to run in.

    key = load_key(Path("ilr.key"))
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sheets_templates.errors import UsageError

KEY_VARIABLE = "ILR_PSEUDONYM_KEY"
MIN_KEY_BYTES = 32  # random bytes: what `MAKE_A_KEY` gives, written as 64 hex digits
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'


def load_key(key_file: Path | None = None, environ: Mapping[str, str] = os.environ) -> bytes:
    """The secret from `key_file`, else from the `ILR_PSEUDONYM_KEY` environment variable.

    Raises `UsageError` when there is none, the file cannot be read, or it is too short.
    """
    if key_file is not None:
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            raise UsageError(
                f"The key file '{key_file}' cannot be read: check the path and try again."
            ) from exc
        where = f"The key file '{key_file}'"
    else:
        key = environ.get(KEY_VARIABLE, "").strip().encode()
        where = f"The environment variable {KEY_VARIABLE}"
        if not key:
            raise UsageError(
                f"Pseudonyms need a secret key: set {KEY_VARIABLE} or pass --key-file. "
                f"Make one with {MAKE_A_KEY} and keep it out of the shared copy."
            )
    if random_bytes(key) < MIN_KEY_BYTES:
        raise UsageError(
            f"{where} holds fewer than {MIN_KEY_BYTES} random bytes ({2 * MIN_KEY_BYTES} hex "
            f"digits), too short to keep pseudonyms secret: make a key with {MAKE_A_KEY}."
        )
    return key


def random_bytes(key: bytes) -> int:
    """How many bytes of secret a key holds: a key written in hex holds half its digits, any
    other key one byte per byte."""
    text = key.decode("ascii", "replace")
    if len(text) % 2 == 0 and all(c in "0123456789abcdefABCDEF" for c in text):
        return len(text) // 2
    return len(key)
