"""Keyed pseudonyms: the same teacher gets the same code, and only the key holder can link it.

A plain hash of a name or ID is no pseudonym: anyone with the Roster can hash every name and
match. The code is HMAC-SHA256 of the Teacher ID under a secret key that never goes into the
copy; the edge reads the key (`addin.pseudonym_key`) and hands it over as bytes.

    pseudonym(key, "T012")  # 'P-' and ten letters/digits, the same every time with this key
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def pseudonym(key: bytes, teacher_id: str) -> str:
    """`P-` and ten base-32 characters of HMAC-SHA256(key, Teacher ID)."""
    digest = hmac.new(key, teacher_id.strip().casefold().encode(), hashlib.sha256).digest()
    return "P-" + base64.b32encode(digest).decode()[:10]
