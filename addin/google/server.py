"""`ilr serve`: the small web endpoint that the sheet's ILR > Refresh menu calls.

    POST /refresh     {"spreadsheet": "<key or link>"}  ->  202 {"job": ...}
    GET  /jobs/<id>   ->  {"status": "running"}, {"status": "done", "finished": ..., "summary":
                          ...} or {"status": "failed", "error": "<one plain sentence>"}
    GET  /healthz     ->  {"ok": true}

It answers at once and refreshes as of today in a background thread (see `jobs`); a request
that names an as-of date is refused. Who may ask for which sheet is the `gate`'s business:
a sheet's own password (derived from `ILR_SERVE_SECRET`, see `passwords`), or Google sign-in
for the sheets in `ILR_SERVE_SPREADSHEETS`. Strangers cannot tie it up: each connection has
`Limits.request_seconds` to send its request, at most `Limits.max_connections` are open at
once, and repeated wrong credentials from one address are held back. Standard library only,
besides google-auth's token check. Jobs live in this process's memory, so run exactly one copy.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from addin.google.gate import Admission, Gate, Refused, Throttle
from addin.google.jobs import Jobs, Refresher, ServerBusy, where
from addin.google.passwords import NEW_SECRET, checked_secret
from addin.google.signin import GoogleKeys, GoogleSignIn
from sheets_templates.errors import UsageError
from sync.google_links import parse_spreadsheet_key

MAX_BODY_BYTES = 16_384
MAX_LOGGED_CHARACTERS = 300

log = logging.getLogger("ilr.serve")


@dataclass(frozen=True)
class ServeSettings:
    """Who may ask for a refresh, and of which sheets. Read from the environment."""

    secret: str | None = None  # the master secret each sheet's password is derived from
    audience: str | None = None  # the Apps Script project's OAuth client ID
    allow: tuple[str, ...] = ()  # emails (`principal@school.org`) or domains (`school.org`)
    spreadsheets: tuple[str, ...] = ()  # keys; required for sign-in, a further limit otherwise

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ServeSettings:
        """ILR_SERVE_SECRET, ILR_SERVE_AUDIENCE, ILR_SERVE_ALLOW, ILR_SERVE_SPREADSHEETS."""
        spreadsheets = [
            parse_spreadsheet_key(item) or item
            for item in _items(environ, "ILR_SERVE_SPREADSHEETS")
        ]
        return cls(
            secret=environ.get("ILR_SERVE_SECRET", "").strip() or None,
            audience=environ.get("ILR_SERVE_AUDIENCE", "").strip() or None,
            allow=tuple(item.casefold().lstrip("@") for item in _items(environ, "ILR_SERVE_ALLOW")),
            spreadsheets=tuple(spreadsheets),
        )

    def check(self) -> None:
        """Refuse to serve with no way to check callers, or one open to any sheet.

        Raises `UsageError`.
        """
        if not self.secret and not self.audience:
            raise UsageError(
                f"Set ILR_SERVE_SECRET to a random secret (make one with {NEW_SECRET}), or "
                "ILR_SERVE_AUDIENCE, ILR_SERVE_ALLOW and ILR_SERVE_SPREADSHEETS for Google "
                "sign-in, then start `ilr serve` again."
            )
        if self.secret:
            checked_secret(self.secret)
        if self.audience and not self.allow:
            raise UsageError(
                "ILR_SERVE_AUDIENCE is set but ILR_SERVE_ALLOW is empty: list the emails or "
                "domains that may refresh, e.g. ILR_SERVE_ALLOW=principal@school.org,school.org."
            )
        if self.audience and not self.spreadsheets:
            raise UsageError(
                "ILR_SERVE_AUDIENCE is set but ILR_SERVE_SPREADSHEETS is empty: list the links "
                "or keys of the sheets that Google sign-in may refresh, separated by commas."
            )


@dataclass(frozen=True)
class Limits:
    """How much of the server one stranger can hold."""

    request_seconds: float = 10.0  # a connection's whole life: idle or slow ones are dropped
    max_connections: int = 32  # open at once; more are turned away with a 503
    max_failures: int = 10  # refused credentials from one address ...
    failure_window_seconds: float = 60.0  # ... within this long, then it waits


class Connections:
    """The open connections, each with a deadline; a cap on how many there are."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._deadlines: dict[socket.socket, float] = {}
        self._lock = threading.Lock()

    def open(self, connection: socket.socket) -> bool:
        """Count a new connection in; False when `limit` are open already."""
        with self._lock:
            if len(self._deadlines) >= self.limit:
                return False
            self._deadlines[connection] = time.monotonic() + self.seconds
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._deadlines)

    def close(self, connection: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(connection, None)

    def drop_late(self) -> None:
        """Hang up on every connection past its deadline (its handler then ends)."""
        now = time.monotonic()
        with self._lock:
            late = [conn for conn, deadline in self._deadlines.items() if deadline <= now]
        for connection in late:
            with contextlib.suppress(OSError):  # already gone
                connection.shutdown(socket.SHUT_RDWR)


class RefreshServer(ThreadingHTTPServer):
    """The HTTP server, holding the gate, the jobs and the connections its handlers share."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], jobs: Jobs, gate: Gate, limits: Limits = Limits()
    ) -> None:
        super().__init__(address, RefreshHandler)
        self.jobs = jobs
        self.gate = gate
        self.limits = limits
        self.connections = Connections(limits.max_connections, limits.request_seconds)
        self.turned_away = 0  # connections refused for want of room, since the start

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        if self.connections.open(request):
            super().process_request(request, client_address)
            return
        self.turned_away += 1
        if self.turned_away % 100 == 1:  # a flood is a few lines in the log, not one a knock
            log.warning(
                "turned away %d connection(s) so far: %d open already",
                self.turned_away,
                self.limits.max_connections,
            )
        with contextlib.suppress(OSError):
            request.settimeout(1)
            request.sendall(TURNED_AWAY)
        super().shutdown_request(request)

    def shutdown_request(self, request: Any) -> None:
        self.connections.close(request)
        super().shutdown_request(request)

    def service_actions(self) -> None:
        """Between two accepts (every poll interval): drop connections past their deadline."""
        self.connections.drop_late()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, never a traceback on the terminal: a connection that broke off (timed
        out, hung up), or the kind of error and where it happened, without its message."""
        error = sys.exc_info()[1]
        if error is None or isinstance(error, OSError):
            log.info("connection from %s ended early", printable(str(client_address[0])))
            return
        log.error("request failed: %s at %s", type(error).__name__, where(error))


TURNED_AWAY = (
    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Retry-After: 10\r\nConnection: close\r\n\r\n"
    b'{"error": "The ILR server is busy: try again in a few seconds."}'
)


def make_server(
    settings: ServeSettings,
    refresher: Refresher,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    limits: Limits = Limits(),
    keys: GoogleKeys | None = None,
) -> RefreshServer:
    """A server ready for `serve_forever()`; port 0 picks a free one. Raises `UsageError`.

    `keys` are where Google's signing keys come from (Google itself unless given).
    """
    settings.check()
    sign_in = GoogleSignIn(settings.audience, keys) if settings.audience else None
    admission = Admission(settings.secret, sign_in, settings.allow, settings.spreadsheets)
    gate = Gate(admission, Throttle(limits.max_failures, limits.failure_window_seconds))
    try:
        return RefreshServer((host, port), Jobs(refresher), gate, limits)
    except OSError as exc:
        raise UsageError(
            f"Cannot listen on {host}:{port} ({exc.strerror}): choose another --port, or stop "
            "the program that uses it."
        ) from exc


class ClientGone(Exception):
    """The caller hung up, or was hung up on, before its request was all there."""


class RefreshHandler(BaseHTTPRequestHandler):
    """The three routes. Every answer is JSON; every refusal says what to do."""

    server: RefreshServer
    server_version = "ilr-serve"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # Each read waits this long at most; `Connections` bounds the connection as a whole.
        self.connection.settimeout(self.server.limits.request_seconds)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path == "/healthz":
                self._send(HTTPStatus.OK, {"ok": True})
                return
            if not path.startswith("/jobs/"):
                raise _no_such_route(path)
            gate = self.server.gate
            caller = gate.caller(
                gate.credential(self.headers.get("Authorization"), self._address), self._address
            )
            status = self.server.jobs.status(path.removeprefix("/jobs/"), caller)
            if status is None:
                self.server.gate.throttle.failed(self._address)  # guessing job ids counts too
                raise Refused(
                    HTTPStatus.NOT_FOUND,
                    "This server knows no such refresh of yours (it may have restarted): press "
                    "Refresh again.",
                )
            self._send(HTTPStatus.OK, status)
        except Refused as refusal:
            self._refuse(refusal)

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path != "/refresh":
                raise _no_such_route(path)
            gate = self.server.gate
            credential = gate.credential(self.headers.get("Authorization"), self._address)
            spreadsheet = self._spreadsheet_asked_for()
            caller = gate.caller_for_sheet(credential, self._address, spreadsheet)
            try:
                job, started = self.server.jobs.start(spreadsheet, caller)
            except ServerBusy as busy:
                raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(busy), retry_after=30) from None
            self._send(HTTPStatus.ACCEPTED, {**job.to_dict(), "already_running": not started})
        except Refused as refusal:
            self._refuse(refusal)
        except ClientGone:
            self.close_connection = True

    @property
    def _address(self) -> str:
        return str(self.client_address[0])

    def _spreadsheet_asked_for(self) -> str:
        """The spreadsheet key in the body. Raises `Refused` (400, 413) or `ClientGone`."""
        body = self._json_body()
        if "as_of" in body:
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                "This server refreshes as of today, as the menu does, and takes no as_of: to "
                "look back, run `ilr refresh <link> --as-of YYYY-MM-DD` on your computer.",
            )
        given = body.get("spreadsheet")
        key = parse_spreadsheet_key(given) if isinstance(given, str) else None
        if key is None:
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                'Send the spreadsheet to refresh as JSON: {"spreadsheet": "<its link or key>"}.',
            )
        return key

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
        try:
            raw = self.rfile.read(length)
        except OSError as exc:  # the read timed out
            raise ClientGone from exc
        if len(raw) < length:
            raise ClientGone
        try:
            body = json.loads(raw or b"null")
        except RecursionError:
            raise Refused(
                HTTPStatus.BAD_REQUEST,
                'The request body is nested too deeply: send {"spreadsheet": "<link or key>"}.',
            ) from None
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
        if refusal.retry_after is not None:
            headers["Retry-After"] = str(refusal.retry_after)
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
        log.info("%s %s", self.address_string(), printable(format % args))


def printable(text: str) -> str:
    r"""`text` safe for a terminal or a log file: control characters escaped, the length capped.

    >>> printable('"GET /\x1b[2J HTTP/1.1" 404')
    '"GET /\\x1b[2J HTTP/1.1" 404'
    """
    escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(escaped) > MAX_LOGGED_CHARACTERS:
        return escaped[:MAX_LOGGED_CHARACTERS] + "..."
    return escaped


def _no_such_route(path: str) -> Refused:
    return Refused(
        HTTPStatus.NOT_FOUND,
        f"There is nothing at {path[:100]}: use POST /refresh, GET /jobs/<id> or GET /healthz.",
    )


def _items(environ: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in environ.get(name, "").split(",") if item.strip()]
