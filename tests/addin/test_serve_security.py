"""The attacks on `ilr serve`, each through a real socket on 127.0.0.1: identity tokens are
checked by google-auth against certificates served on loopback (see google_sign_in.py), the
refresh is injected. Every loop that waits for the server is bounded and stops by itself."""

from __future__ import annotations

import base64
import json
import logging
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from addin.cli import app
from addin.google.jobs import Progress, google_refresher
from addin.google.passwords import sheet_password
from addin.google.server import Limits, RefreshServer, ServeSettings, make_server
from addin.google.signin import MIN_KEYS_SECONDS, GoogleKeys
from sheets_templates.errors import UsageError
from sync.google.auth import CREDENTIALS_ENV
from tests.addin.google_fixtures import KEY, PASSWORD, SECRET, call, finished, running
from tests.addin.google_sign_in import AUDIENCE, KEY_ID, GoogleStandIn, SigningKey

OTHER_KEY = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwVU"
OTHER_PASSWORD = sheet_password(SECRET, OTHER_KEY)
ALLOW = ("lincoln.k12.us", "principal@gmail.com")
PATIENT = Limits(max_failures=100_000)  # for tests that fail on purpose many times


class Refresher:
    """A refresh that records the sheets it was asked for and finishes at once."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, spreadsheet: str, progress: Progress) -> str:
        self.calls.append(spreadsheet)
        return "Read 12 walkthrough rows."


class Held(Refresher):
    """A refresh that runs until the test lets it finish."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def __call__(self, spreadsheet: str, progress: Progress) -> str:
        self.calls.append(spreadsheet)
        assert self.release.wait(10), "the test never released the refresh"
        return "Read 12 walkthrough rows."


@pytest.fixture
def google() -> Iterator[GoogleStandIn]:
    yield from GoogleStandIn().serving()


def serving(
    refresher: Refresher,
    google: GoogleStandIn | None = None,
    limits: Limits | None = None,
    **settings: Any,
) -> Iterator[RefreshServer]:
    """A server for the master secret, and for Google sign-in when `google` is given."""
    if google is not None:
        settings = {"audience": AUDIENCE, "allow": ALLOW, "spreadsheets": (KEY,), **settings}
    keys = google.keys() if google else None
    chosen = ServeSettings(**{"secret": SECRET, **settings})
    server = make_server(chosen, refresher, port=0, limits=limits or Limits(), keys=keys)
    yield from running(server)


def connect(server: RefreshServer) -> socket.socket:
    host, port = server.server_address[:2]
    return socket.create_connection((str(host), port), timeout=5)


def hung_up_within(connection: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before it hung up, waiting at most `seconds`; None if it did not."""
    received = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not select.select([connection], [], [], 0.05)[0]:
            continue
        try:
            data = connection.recv(4096)
        except ConnectionResetError:
            return received
        if not data:
            return received
        received += data
    return None


def until(condition: Any, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def asked(server: RefreshServer) -> int:
    """The status of one refresh of KEY with its password."""
    return call(server, "POST", "/refresh", {"spreadsheet": KEY})[0]


def segment(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# --- One credential opens one sheet; each job belongs to its caller -------------------------


def test_a_sheet_password_refreshes_that_sheet_and_no_other() -> None:
    refresher = Refresher()
    for server in serving(refresher):
        elsewhere = call(server, "POST", "/refresh", {"spreadsheet": OTHER_KEY}, token=PASSWORD)
        own = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=PASSWORD)
        finished(server, own[1]["job"])

    assert elsewhere[0] == 401
    assert elsewhere[1]["error"] == (
        f"This is not the password of spreadsheet {OTHER_KEY}: run ILR > Set up... in the sheet "
        "with the password that `ilr serve --sheet-password <its link>` prints for it on the "
        "server."
    )
    assert own[0] == 202
    assert refresher.calls == [KEY]


def test_a_job_answers_only_to_the_password_that_started_it() -> None:
    refresher = Held()
    for server in serving(refresher):
        job = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]["job"]
        other_sheet = call(server, "GET", f"/jobs/{job}", token=OTHER_PASSWORD)
        no_password = call(server, "GET", f"/jobs/{job}", token=None)
        master = call(server, "GET", f"/jobs/{job}", token=SECRET)
        own = call(server, "GET", f"/jobs/{job}", token=PASSWORD)
        refresher.release.set()
        finished(server, job)

    assert other_sheet[0] == 404  # the same answer as for a job that does not exist
    assert "knows no such refresh of yours" in other_sheet[1]["error"]
    assert no_password[0] == 401
    assert master[0] == 404
    assert own[:2] == (200, {**own[1], "status": "running", "spreadsheet": KEY})


def test_a_job_answers_only_to_the_accounts_that_asked_for_it(google: GoogleStandIn) -> None:
    refresher = Held()
    coach, principal = google.token("coach@lincoln.k12.us"), google.token("principal@gmail.com")
    for server in serving(refresher, google):
        job = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=coach)[1]["job"]
        before = call(server, "GET", f"/jobs/{job}", token=principal)[0]
        by_password = call(server, "GET", f"/jobs/{job}", token=PASSWORD)[0]
        joined = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=principal)[1]
        after = call(server, "GET", f"/jobs/{job}", token=principal)[0]
        refresher.release.set()
        finished(server, job, token=coach)

    assert (before, by_password) == (404, 404)
    assert (joined["job"], joined["already_running"]) == (job, True)
    assert after == 200  # they asked for the same sheet, so they may follow its refresh
    assert refresher.calls == [KEY]


# --- The HTTP API takes no as-of date ------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2026-09-01", None, ""])
def test_a_request_that_names_an_as_of_date_is_refused(as_of: str | None) -> None:
    refresher = Refresher()
    for server in serving(refresher):
        status, answer, _ = call(server, "POST", "/refresh", {"spreadsheet": KEY, "as_of": as_of})

    assert status == 400
    assert answer["error"] == (
        "This server refreshes as of today, as the menu does, and takes no as_of: to look back, "
        "run `ilr refresh <link> --as-of YYYY-MM-DD` on your computer."
    )
    assert refresher.calls == []


# --- Strangers cannot tie it up ------------------------------------------------------------


def test_idle_connections_are_dropped_and_the_server_still_answers() -> None:
    limits = Limits(request_seconds=0.5, max_connections=64)
    for server in serving(Refresher(), limits=limits):
        idle = [connect(server) for _ in range(20)]
        hung_up = [hung_up_within(connection, 5) for connection in idle]
        health = call(server, "GET", "/healthz", token=None)
        for connection in idle:
            connection.close()

    assert hung_up == [b""] * 20  # each dropped without an answer
    assert health[:2] == (200, {"ok": True})


def test_a_body_that_never_comes_is_dropped() -> None:
    refresher = Refresher()
    limits = Limits(request_seconds=0.5)
    for server in serving(refresher, limits=limits):
        with connect(server) as connection:
            connection.sendall(
                b"POST /refresh HTTP/1.1\r\nHost: ilr\r\n"
                + f"Authorization: Bearer {PASSWORD}\r\n".encode()
                + b"Content-Type: application/json\r\nContent-Length: 16000\r\n\r\n"
                + b'{"spreads'
            )
            started = time.monotonic()
            answer = hung_up_within(connection, 5)
            took = time.monotonic() - started

    assert answer == b""
    assert took < 3
    assert refresher.calls == []


def test_a_request_sent_one_byte_at_a_time_is_cut_off_at_its_deadline() -> None:
    limits = Limits(request_seconds=0.5)  # each byte comes sooner than that: only the
    request = b"GET /healthz HTTP/1.1\r\nHost: ilr\r\n" + b"X-Padding: " + b"a" * 500  # deadline
    for server in serving(Refresher(), limits=limits):
        with connect(server) as connection:
            started = time.monotonic()
            answer = None
            for byte in request:  # bounded: 546 bytes, 0.02 s apart
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    answer = b""
                    break
                answer = hung_up_within(connection, 0.02)
                if answer is not None:
                    break
            took = time.monotonic() - started

    assert answer == b""
    assert took < 3


def test_connections_past_the_cap_are_turned_away_at_once() -> None:
    limits = Limits(request_seconds=5, max_connections=3)
    threads_before = threading.active_count()
    for server in serving(Refresher(), limits=limits):
        held = [connect(server) for _ in range(3)]
        assert until(lambda s=server: len(s.connections) == 3)
        extra = [connect(server) for _ in range(20)]
        turned_away = [hung_up_within(connection, 2) for connection in extra]
        threads_while_full = threading.active_count()
        turned_away_count = server.turned_away
        for connection in held + extra:
            connection.close()
        assert until(lambda s=server: len(s.connections) == 0)
        health = call(server, "GET", "/healthz", token=None)

    assert all(answer and answer.startswith(b"HTTP/1.0 503 ") for answer in turned_away)
    assert b"try again in a few seconds" in (turned_away[0] or b"")
    assert turned_away_count == 20
    assert threads_while_full - threads_before <= 3 + 1  # the held ones, and serve_forever
    assert health[0] == 200


def test_wrong_passwords_are_slowed_down_even_before_the_right_one() -> None:
    limits = Limits(max_failures=3, failure_window_seconds=1.0)
    refresher = Refresher()
    for server in serving(refresher, limits=limits):
        guesses = [
            call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=f"guess-{n}")[0]
            for n in range(3)
        ]
        held_back = call(server, "POST", "/refresh", {"spreadsheet": KEY})
        let_in = until(lambda s=server: asked(s) == 202, seconds=3)

    assert guesses == [401, 401, 401]
    status, answer, headers = held_back
    assert status == 429
    assert answer["error"].startswith("Too many wrong passwords or sign-ins came from here: wait")
    assert headers["Retry-After"] in {"1", "2"}
    assert let_in  # once the window has passed
    assert refresher.calls == [KEY]


# --- Google sign-in, checked by google-auth, costing Google as little as possible ----------


JUNK = [
    "a.b.c",
    "header.claims.signature",
    f"{segment({'alg': 'none', 'kid': KEY_ID})}.{segment({'email': 'x@y.z'})}.",
    f"{segment({'alg': 'HS256', 'kid': KEY_ID})}.{segment({'email': 'x@y.z'})}.c2ln",
    f"{segment({'alg': 'RS256'})}.{segment({'email': 'x@y.z'})}.c2ln",  # names no key
    f"{segment({'alg': 'RS256', 'kid': KEY_ID})}.e30.c2ln!",  # not base64url
    f"{segment({'alg': 'RS256', 'kid': KEY_ID})}.{'e' * 5000}.c2ln",  # far too long
]


def test_junk_tokens_are_refused_without_downloading_google_keys(google: GoogleStandIn) -> None:
    for server in serving(Refresher(), google, limits=PATIENT):
        answers = [
            call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=junk)[0]
            for _ in range(30)
            for junk in JUNK
        ]

    assert answers == [401] * (30 * len(JUNK))
    assert google.downloads == 0


def test_an_unknown_key_costs_one_download_at_most(google: GoogleStandIn) -> None:
    for server in serving(Refresher(), google, limits=PATIENT):
        answers = [
            call(
                server,
                "POST",
                "/refresh",
                {"spreadsheet": KEY},
                token=google.key.sign({"email": "x@lincoln.k12.us"}, key_id=f"made-up-{n}"),
            )[0]
            for n in range(50)
        ]

    assert answers == [401] * 50
    assert google.downloads == 1  # the first fills the cache; the rest are refused from it


def test_google_keys_are_kept_as_long_as_cache_control_allows(google: GoogleStandIn) -> None:
    clock = [1000.0]
    keys = google.keys(clock=lambda: clock[0])
    settings = ServeSettings(audience=AUDIENCE, allow=ALLOW, spreadsheets=(KEY,))
    downloads = []
    for server in running(make_server(settings, Refresher(), port=0, keys=keys)):
        for advance in (0, 100, 199.5, 0.6, 250, 50):  # max-age=300: 0 .. 299.5, 300.1 ..
            clock[0] += advance
            job = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=google.token())
            assert job[0] == 202
            finished(server, job[1]["job"], token=google.token())
            downloads.append(google.downloads)

    assert downloads == [1, 1, 1, 2, 2, 3]


@pytest.mark.parametrize(
    ("headers", "fresh_for"),
    [
        ({"Cache-Control": "public, max-age=300, must-revalidate", "Age": "100"}, 200),
        ({"cache-control": "no-cache, no-store"}, MIN_KEYS_SECONDS),  # never a download a token
        ({}, MIN_KEYS_SECONDS),
    ],
)
def test_the_keys_last_what_cache_control_leaves_of_them(
    headers: dict[str, str], fresh_for: float
) -> None:
    clock = [0.0]
    downloads: list[str] = []

    def fetch(url: str) -> tuple[bytes, dict[str, str]]:
        downloads.append(url)
        return json.dumps({KEY_ID: "-----BEGIN CERTIFICATE-----"}).encode(), headers

    keys = GoogleKeys("https://keys.example", fetch, clock=lambda: clock[0])
    seen = [keys.certificate(KEY_ID)]
    clock[0] = fresh_for - 0.5
    seen.append(keys.certificate("another-key"))
    assert len(downloads) == 1
    clock[0] = fresh_for + 0.5
    seen.append(keys.certificate(KEY_ID))
    assert len(downloads) == 2
    assert seen == ["-----BEGIN CERTIFICATE-----", None, "-----BEGIN CERTIFICATE-----"]


def test_google_out_of_reach_is_a_503_that_says_so() -> None:
    with socket.socket() as closed:  # a port with nobody listening
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/oauth2/v1/certs"
    settings = ServeSettings(audience=AUDIENCE, allow=ALLOW, spreadsheets=(KEY,))
    token = SigningKey().sign({"email": "coach@lincoln.k12.us"})
    unreachable = make_server(settings, Refresher(), port=0, keys=GoogleKeys(nowhere))
    for server in running(unreachable):
        status, answer, headers = call(
            server, "POST", "/refresh", {"spreadsheet": KEY}, token=token
        )

    assert status == 503
    assert answer["error"] == (
        "The server could not reach Google to check the sign-in: try again in a minute."
    )
    assert headers["Retry-After"] == "30"


@pytest.mark.parametrize(
    ("claims", "status", "message"),
    [
        ({"aud": "9999-another-script.apps.googleusercontent.com"}, 401, "Google did not confirm"),
        ({"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, 401, "expired"),
        ({"iss": "https://accounts.example"}, 401, "Google did not confirm"),
        ({"email_verified": False}, 403, "The sign-in carries no verified email"),
        ({"email": "stranger@gmail.com"}, 403, "stranger@gmail.com may not refresh"),
        ({"email": "coach@lincoln.k12.us.example"}, 403, "may not refresh"),  # look-alike
        ({"email": "coach@east-lincoln.k12.us"}, 403, "may not refresh"),
        (
            {"email": "coach@lincoln.k12.us", "hd": None},  # a personal account, school address
            403,
            "coach@lincoln.k12.us is not an account of the lincoln.k12.us Google Workspace",
        ),
        ({"email": "coach@lincoln.k12.us", "hd": "elsewhere.org"}, 403, "not an account of"),
        ({"email": "coach@lincoln.k12.us"}, 202, None),  # its Workspace domain is allowed
        ({"email": "principal@gmail.com"}, 202, None),  # allowed by name, no Workspace
    ],
)
def test_google_sign_in_is_checked_by_google_auth(
    google: GoogleStandIn, claims: dict[str, Any], status: int, message: str | None
) -> None:
    token = google.token(**claims)
    for server in serving(Refresher(), google):
        answer = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=token)
        if answer[0] == 202:
            finished(server, answer[1]["job"], token=token)

    assert answer[0] == status
    if message:
        assert message in answer[1]["error"]


def test_a_token_signed_by_another_key_under_a_known_name_is_refused(
    google: GoogleStandIn,
) -> None:
    forged = SigningKey(KEY_ID).sign(
        {"iss": "https://accounts.google.com", "aud": AUDIENCE, "email": "coach@lincoln.k12.us"}
    )
    for server in serving(Refresher(), google):
        status, answer, _ = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=forged)

    assert status == 401
    assert "Google did not confirm this sign-in" in answer["error"]


def test_sign_in_refreshes_only_the_listed_sheets(google: GoogleStandIn) -> None:
    refresher = Refresher()
    for server in serving(refresher, google):
        status, answer, _ = call(
            server, "POST", "/refresh", {"spreadsheet": OTHER_KEY}, token=google.token()
        )

    assert status == 403
    assert answer["error"] == (
        f"This server does not refresh spreadsheet {OTHER_KEY} for Google sign-in: add it to "
        "ILR_SERVE_SPREADSHEETS on the server."
    )
    assert refresher.calls == []


def test_a_sign_in_only_server_refuses_passwords(google: GoogleStandIn) -> None:
    for server in serving(Refresher(), google, secret=None):
        status, answer, _ = call(server, "POST", "/refresh", {"spreadsheet": KEY})

    assert status == 401
    assert answer["error"] == (
        "This server takes Google sign-in only: type google at ILR > Set up... in the sheet."
    )


# --- Bodies and logs -----------------------------------------------------------------------


def test_a_deeply_nested_body_is_a_400() -> None:
    raw = b"[" * 8000 + b"]" * 8000  # 16,000 bytes: under the size cap
    refresher = Refresher()
    for server in serving(refresher):
        status, answer, _ = call(server, "POST", "/refresh", raw=raw)

    assert status == 400
    assert answer["error"].startswith("The request body is nested too deeply")
    assert refresher.calls == []


def test_control_characters_reach_the_log_escaped(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ilr.serve")
    for server in serving(Refresher()):
        with connect(server) as connection:
            connection.sendall(b"GET /\x1b[2J\x1b[H\x07 HTTP/1.0\r\n\r\n")
            answer = hung_up_within(connection, 5)

    assert answer is not None
    assert answer.startswith(b"HTTP/1.0 404 ")
    assert "GET /\\x1b[2J\\x1b[H\\x07 HTTP/1.0" in caplog.text
    assert "\x1b" not in caplog.text
    assert "\x07" not in caplog.text


# --- What the server runs as, and the command that makes a sheet's password ----------------


def test_serve_refuses_to_run_as_a_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CREDENTIALS_ENV, raising=False)
    with pytest.raises(UsageError, match="refreshes as a service account, never as a person"):
        google_refresher(None)  # not even with an `ilr login` token on this computer

    token = tmp_path / "google-token.json"
    token.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "1.apps.googleusercontent.com",
                "client_secret": "not-a-secret",
                "refresh_token": "1//refresh",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("ILR_SERVE_SECRET", SECRET)
    result = CliRunner().invoke(app, ["serve", "--credentials", str(token), "--port", "0"])

    assert result.exit_code == 2
    assert "`ilr serve` refreshes as a service account, never as a person" in result.output
    assert "Traceback" not in result.output


def test_sheet_password_prints_the_hmac_of_the_master_secret_and_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Worked out apart from the code:  printf %s "ilr-sheet:$KEY" | openssl dgst -sha256
    #   -hmac "$SECRET" -binary | base64 | tr '+/' '-_' | tr -d '='
    expected = "r4YpJDrkl4p-eQWHUbHiR1h27NAJl1uindYIOshNTII"
    monkeypatch.setenv("ILR_SERVE_SECRET", f" {SECRET} ")
    link = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
    result = CliRunner().invoke(app, ["serve", "--sheet-password", link])

    assert result.exit_code == 0
    assert result.output == expected + "\n"
    assert sheet_password(SECRET, KEY) == expected

    monkeypatch.setenv("ILR_SERVE_SECRET", "a" * 40)
    weak = CliRunner().invoke(app, ["serve", "--sheet-password", link])
    assert weak.exit_code == 2
    assert "make one with python -c" in weak.output
