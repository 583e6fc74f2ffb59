"""`ilr serve`: the small web endpoint that the sheet's ILR > Refresh menu calls.

    POST /refresh     {"spreadsheet": "<key or link>", "as_of": "2026-11-20"}  ->  202 {"job": ...}
    GET  /jobs/<id>   ->  {"status": "running"}, {"status": "done", "finished": ..., "summary":
                          ...} or {"status": "failed", "error": "<one plain sentence>"}
    GET  /healthz     ->  {"ok": true}

It answers at once and refreshes in a background thread (see `jobs`). Callers prove who they
are with `Authorization: Bearer ...`: the shared secret `ILR_SERVE_SECRET`, or a Google identity
token issued for `ILR_SERVE_AUDIENCE` to an email or domain in `ILR_SERVE_ALLOW`. Standard
library only. Jobs live in this process's memory, so run exactly one copy of the server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from addin.google.jobs import Jobs, Refresher, ServerBusy
from sheets_templates.errors import AccessError, UsageError
from sync.google.backend import parse_spreadsheet_key

# An identity token and the audience it must be for -> the token's verified claims.
TokenVerifier = Callable[[str, str], Mapping[str, Any]]

MIN_SECRET_LENGTH = 16
MAX_BODY_BYTES = 16_384
NEW_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'

log = logging.getLogger("ilr.serve")


@dataclass(frozen=True)
class ServeSettings:
    """Who may ask for a refresh, and of which sheets. Read from the environment."""

    secret: str | None = None
    audience: str | None = None  # the Apps Script project's OAuth client ID
    allow: tuple[str, ...] = ()  # emails (`principal@school.org`) or domains (`school.org`)
    spreadsheets: tuple[str, ...] = ()  # keys this server refreshes; empty means any

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ServeSettings:
        """ILR_SERVE_SECRET, ILR_SERVE_AUDIENCE, ILR_SERVE_ALLOW, ILR_SERVE_SPREADSHEETS."""
        spreadsheets = [
            parse_spreadsheet_key(item) or item
            for item in _items(environ, "ILR_SERVE_SPREADSHEETS")
        ]
        return cls(
            secret=environ.get("ILR_SERVE_SECRET") or None,
            audience=environ.get("ILR_SERVE_AUDIENCE") or None,
            allow=tuple(item.casefold().lstrip("@") for item in _items(environ, "ILR_SERVE_ALLOW")),
            spreadsheets=tuple(spreadsheets),
        )

    def check(self) -> None:
        """Refuse to serve with no way to authenticate. Raises `UsageError`."""
        if not self.secret and not self.audience:
            raise UsageError(
                "Set ILR_SERVE_SECRET to a long random password (for example the output of "
                f"{NEW_SECRET}) or ILR_SERVE_AUDIENCE and ILR_SERVE_ALLOW for Google sign-in, "
                "then start `ilr serve` again."
            )
        if self.secret and len(self.secret) < MIN_SECRET_LENGTH:
            raise UsageError(
                f"ILR_SERVE_SECRET is shorter than {MIN_SECRET_LENGTH} characters: use a long "
                f"random one, for example the output of {NEW_SECRET}."
            )
        if self.audience and not self.allow:
            raise UsageError(
                "ILR_SERVE_AUDIENCE is set but ILR_SERVE_ALLOW is empty: list the emails or "
                "domains that may refresh, e.g. ILR_SERVE_ALLOW=principal@school.org,school.org."
            )


def verify_google_token(token: str, audience: str) -> Mapping[str, Any]:
    """Google's check of an identity token (signature, expiry, issuer, audience).

    Raises `ValueError` or `google.auth.exceptions.GoogleAuthError` when it is refused.
    """
    from google.auth.transport.requests import Request
    from google.oauth2 import id_token

    claims: Mapping[str, Any] = id_token.verify_oauth2_token(token, Request(), audience)
    return claims


class Refused(AccessError):
    """A request this server will not serve: an HTTP status and one plain sentence."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Gate:
    """Checks the `Authorization: Bearer ...` header of each request."""

    def __init__(self, settings: ServeSettings, verify: TokenVerifier = verify_google_token):
        self.settings = settings
        self.verify = verify
        self._verified: dict[str, float] = {}  # sha256 of a token -> its expiry; spares Google

    def admit(self, authorization: str | None) -> None:
        """Return if the caller may go on. Raises `Refused` (401, 403 or 503)."""
        scheme, _, credential = (authorization or "").partition(" ")
        credential = credential.strip()
        if scheme.casefold() != "bearer" or not credential:
            raise Refused(
                HTTPStatus.UNAUTHORIZED,
                "This request has no password: send `Authorization: Bearer <ILR_SERVE_SECRET>` "
                "(the sheet does it after ILR > Set up...).",
            )
        secret = self.settings.secret
        if secret and hmac.compare_digest(credential.encode(), secret.encode()):
            return
        if self.settings.audience and credential.count(".") == 2:  # a JWT: header.claims.signature
            self._admit_identity(credential, self.settings.audience)
            return
        raise Refused(
            HTTPStatus.UNAUTHORIZED,
            "The password does not match this server's ILR_SERVE_SECRET: run ILR > Set up... "
            "in the sheet again and paste the server's secret.",
        )

    def _admit_identity(self, token: str, audience: str) -> None:
        from google.auth.exceptions import GoogleAuthError, TransportError

        fingerprint = hashlib.sha256(token.encode()).hexdigest()
        if self._verified.get(fingerprint, 0.0) > time.time():
            return
        try:
            claims = self.verify(token, audience)
        except TransportError as exc:
            raise Refused(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "The server could not reach Google to check the sign-in: try again in a minute.",
            ) from exc
        except (ValueError, GoogleAuthError) as exc:
            raise Refused(
                HTTPStatus.UNAUTHORIZED,
                "Google did not confirm this sign-in for this server (expired, or made for "
                "another script): check ILR_SERVE_AUDIENCE against the script's client ID.",
            ) from exc
        email = str(claims.get("email") or "").casefold()
        if not email or claims.get("email_verified") is not True:
            raise Refused(
                HTTPStatus.FORBIDDEN,
                "The sign-in carries no verified email: add the userinfo.email scope to "
                "appsscript.json and push the script again.",
            )
        if not is_allowed(email, self.settings.allow):
            raise Refused(
                HTTPStatus.FORBIDDEN,
                f"{email} may not refresh through this server: add it (or its domain) to "
                "ILR_SERVE_ALLOW.",
            )
        if len(self._verified) > 1000:
            self._verified.clear()
        self._verified[fingerprint] = float(claims.get("exp", 0))


def is_allowed(email: str, allow: tuple[str, ...]) -> bool:
    """Whether `email` is in the allow-list, itself or by its domain.

    >>> is_allowed("coach@lincoln.k12.us", ("principal@lincoln.k12.us", "lincoln.k12.us"))
    True
    """
    email = email.casefold()
    domain = email.rpartition("@")[2]
    return email in allow or domain in allow


class RefreshServer(ThreadingHTTPServer):
    """The HTTP server, holding the gate and the jobs its handlers share."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        settings: ServeSettings,
        jobs: Jobs,
        gate: Gate,
    ) -> None:
        super().__init__(address, RefreshHandler)
        self.settings = settings
        self.jobs = jobs
        self.gate = gate

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def make_server(
    settings: ServeSettings,
    refresher: Refresher,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    verify: TokenVerifier = verify_google_token,
) -> RefreshServer:
    """A server ready for `serve_forever()`; port 0 picks a free one. Raises `UsageError`."""
    settings.check()
    try:
        return RefreshServer((host, port), settings, Jobs(refresher), Gate(settings, verify))
    except OSError as exc:
        raise UsageError(
            f"Cannot listen on {host}:{port} ({exc.strerror}): choose another --port, or stop "
            "the program that uses it."
        ) from exc


class RefreshHandler(BaseHTTPRequestHandler):
    """The three routes. Every answer is JSON; every refusal says what to do."""

    server: RefreshServer
    server_version = "ilr-serve"
    sys_version = ""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path == "/healthz":
                self._send(HTTPStatus.OK, {"ok": True})
                return
            if path.startswith("/jobs/"):
                self.server.gate.admit(self.headers.get("Authorization"))
                status = self.server.jobs.status(path.removeprefix("/jobs/"))
                if status is None:
                    raise Refused(
                        HTTPStatus.NOT_FOUND,
                        "This server knows no such refresh (it may have restarted): press "
                        "Refresh again.",
                    )
                self._send(HTTPStatus.OK, status)
                return
            raise _no_such_route(path)
        except Refused as refusal:
            self._refuse(refusal)

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path != "/refresh":
                raise _no_such_route(path)
            self.server.gate.admit(self.headers.get("Authorization"))
            spreadsheet, as_of = self._refresh_request()
            try:
                job, started = self.server.jobs.start(spreadsheet, as_of)
            except ServerBusy as busy:
                raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(busy)) from None
            self._send(HTTPStatus.ACCEPTED, {**job.to_dict(), "already_running": not started})
        except Refused as refusal:
            self._refuse(refusal)

    def _refresh_request(self) -> tuple[str, dt.date | None]:
        """The spreadsheet key and as-of date in the body. Raises `Refused` (400, 404, 413)."""
        body = self._json_body()
        given = body.get("spreadsheet")
        key = parse_spreadsheet_key(given) if isinstance(given, str) else None
        if key is None:
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                'Send the spreadsheet to refresh as JSON: {"spreadsheet": "<its link or key>"}.',
            )
        allowed = self.server.settings.spreadsheets
        if allowed and key not in allowed:
            raise Refused(
                HTTPStatus.NOT_FOUND,
                f"This server does not refresh spreadsheet {key}: add it to "
                "ILR_SERVE_SPREADSHEETS on the server.",
            )
        as_of = body.get("as_of")
        if as_of in (None, ""):
            return key, None
        try:
            return key, dt.date.fromisoformat(str(as_of))
        except ValueError:
            raise Refused(
                HTTPStatus.BAD_REQUEST, f"as_of must be a date like 2026-11-20, not {as_of!r}."
            ) from None

    def _json_body(self) -> dict[str, Any]:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            raise Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"The request body must be JSON of at most {MAX_BODY_BYTES} bytes.",
            )
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"null")
        except (UnicodeDecodeError, ValueError):
            body = None
        if not isinstance(body, dict):
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                'The request body is not a JSON object: send {"spreadsheet": "<link or key>"}.',
            )
        return body

    def _refuse(self, refusal: Refused) -> None:
        headers = {}
        if refusal.status == HTTPStatus.UNAUTHORIZED:
            headers["WWW-Authenticate"] = "Bearer"
        if refusal.status == HTTPStatus.SERVICE_UNAVAILABLE:
            headers["Retry-After"] = "30"
        self._send(refusal.status, {"error": refusal.message}, headers)

    def _send(
        self, status: HTTPStatus, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


def _no_such_route(path: str) -> Refused:
    return Refused(
        HTTPStatus.NOT_FOUND,
        f"There is nothing at {path}: use POST /refresh, GET /jobs/<id> or GET /healthz.",
    )


def _items(environ: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in environ.get(name, "").split(",") if item.strip()]
