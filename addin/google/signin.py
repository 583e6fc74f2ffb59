"""Google sign-in for `ilr serve`: is this identity token Google's, for this script, and whose?

A token is checked in order of cost, so junk never makes the server download anything:

1. its shape: three base64url parts, a header saying `RS256` and naming a key (`kid`);
2. the key: one of Google's current signing keys, downloaded at most once for as long as the
   download's `Cache-Control: max-age` allows (never less than `MIN_KEYS_SECONDS`);
3. google-auth's own check of the signature, expiry, audience, then the issuer.

    sign_in = GoogleSignIn(audience="1234-abc.apps.googleusercontent.com")
    claims = sign_in.claims(token)  # or raises SignInRefused / KeysUnavailable
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
MIN_KEYS_SECONDS = 60  # even a download that says "do not cache" is kept this long
RETRY_KEYS_SECONDS = 30  # after a failed download, before the next try
MAX_TOKEN_CHARACTERS = 4096  # Google's identity tokens are about 1,000
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
MAX_AGE = re.compile(r"(?:^|[,\s])max-age=(\d+)", re.IGNORECASE)

# A URL -> the body downloaded from it and the response's headers.
Download = Callable[[str], tuple[bytes, Mapping[str, str]]]


class SignInRefused(Exception):
    """The token is not a Google identity token for this script, or is no longer valid.

    Never reaches a person: the gate answers it with a `Refused` that says what to do.
    """


class KeysUnavailable(Exception):
    """Google's signing keys could not be downloaded, so no token can be checked now (the
    gate answers a 503)."""


def token_key_id(token: str) -> str | None:
    """The signing key a token names, if it is shaped like a Google identity token; else None.

    Costs no download: only the token's own header is read.
    """
    parts = token.split(".")
    if len(token) > MAX_TOKEN_CHARACTERS or len(parts) != 3:
        return None
    if not all(BASE64URL.fullmatch(part) for part in parts):
        return None
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        return None
    key_id = header.get("kid")
    return key_id if isinstance(key_id, str) and key_id else None


def download(url: str) -> tuple[bytes, Mapping[str, str]]:
    """GET `url` (10 seconds at most). Raises `OSError` when it cannot."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(1_000_000), dict(response.headers.items())


class GoogleKeys:
    """Google's current token-signing certificates by key id, cached as Google allows."""

    def __init__(
        self,
        url: str = GOOGLE_CERTS_URL,
        fetch: Download = download,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.fetch = fetch
        self.clock = clock
        self.downloads = 0
        self._certificates: dict[str, str] = {}
        self._fresh_until = float("-inf")
        self._lock = threading.Lock()

    def certificate(self, key_id: str) -> str | None:
        """The PEM certificate of `key_id`, None if Google does not sign with it now.

        Raises `KeysUnavailable` when the keys are out of date and cannot be downloaded.
        """
        with self._lock:  # one download at a time; the others wait for it
            if self.clock() >= self._fresh_until:
                self._download()
            return self._certificates.get(key_id)

    def _download(self) -> None:
        self.downloads += 1
        try:
            body, headers = self.fetch(self.url)
            certificates = json.loads(body)
        except (OSError, ValueError) as exc:
            self._fresh_until = self.clock() + RETRY_KEYS_SECONDS
            if not self._certificates:
                raise KeysUnavailable("Google's signing keys could not be downloaded.") from exc
            return  # keep the keys we had until the next try
        if not isinstance(certificates, dict):
            certificates = {}
        self._certificates = {
            str(key): value for key, value in certificates.items() if isinstance(value, str)
        }
        self._fresh_until = self.clock() + max(_cache_seconds(headers), MIN_KEYS_SECONDS)


class GoogleSignIn:
    """Checks identity tokens that the sheet's script gets from `ScriptApp.getIdentityToken()`."""

    def __init__(self, audience: str, keys: GoogleKeys | None = None) -> None:
        self.audience = audience
        self.keys = keys or GoogleKeys()

    def claims(self, token: str) -> Mapping[str, Any]:
        """The token's verified claims. Raises `SignInRefused` or `KeysUnavailable`."""
        from google.auth import jwt
        from google.auth.exceptions import GoogleAuthError

        key_id = token_key_id(token)
        if key_id is None:
            raise SignInRefused("This is not a Google identity token.")
        certificate = self.keys.certificate(key_id)
        if certificate is None:
            raise SignInRefused("The token is not signed with one of Google's current keys.")
        try:
            claims: Mapping[str, Any] = jwt.decode(
                token, certs={key_id: certificate}, audience=self.audience
            )
        except (ValueError, GoogleAuthError) as exc:
            raise SignInRefused("Google's signature, expiry or audience does not hold.") from exc
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise SignInRefused("The token was not issued by Google.")
        return claims


def is_allowed(claims: Mapping[str, Any], allow: tuple[str, ...]) -> bool:
    """Whether the signed-in account is on the allow-list, by its address or its domain.

    A domain entry admits only accounts of that Google Workspace domain (the token's `hd`
    claim), not a personal Google account that was registered with a school address.

    >>> allow = ("principal@gmail.com", "lincoln.k12.us")
    >>> is_allowed({"email": "coach@lincoln.k12.us", "hd": "lincoln.k12.us"}, allow)
    True
    >>> is_allowed({"email": "coach@lincoln.k12.us"}, allow)
    False
    """
    email = str(claims.get("email") or "").casefold()
    domain = email.rpartition("@")[2]
    workspace = str(claims.get("hd") or "").casefold()
    return email in allow or (domain in allow and workspace == domain)


def _cache_seconds(headers: Mapping[str, str]) -> float:
    """How long a download may be kept: its `max-age` less its `Age`; 0 when it gives none."""
    folded = {name.casefold(): value for name, value in headers.items()}
    match = MAX_AGE.search(folded.get("cache-control", ""))
    if match is None:
        return 0.0
    age = folded.get("age", "0").strip()
    return float(int(match.group(1)) - (int(age) if age.isdigit() else 0))
