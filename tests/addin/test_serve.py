"""`ilr serve` through a real HTTP client on loopback, with the refresh injected (and once
through the real pipeline against the in-process Sheets API)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from addin.google.jobs import Jobs, ServerBusy, sheet_refresher
from addin.google.server import RefreshServer, ServeSettings, make_server
from sheets_templates.demo import demo_school
from sheets_templates.errors import MissingTab, UsageError
from sheets_templates.schema import Tab, find_tab
from sync.google.backend import GoogleSheetsBackend
from tests.addin.google_fixtures import SECRET, call, finished, running
from tests.fakes.sheets_api import FakeSheetsApi

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF"
OTHER_KEY = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwVU"
AUDIENCE = "1234-script.apps.googleusercontent.com"
GOOD_TOKEN = "header.claims.signature"


class Recorder:
    """A refresh that waits until the test lets it finish, and remembers what it was asked."""

    def __init__(self, outcome: Callable[[], str] = lambda: "Read 12 walkthrough rows.") -> None:
        self.calls: list[tuple[str, dt.date | None]] = []
        self.release = threading.Event()
        self.outcome = outcome

    def __call__(self, spreadsheet: str, as_of: dt.date | None) -> str:
        self.calls.append((spreadsheet, as_of))
        assert self.release.wait(10), "the test never released the refresh"
        return self.outcome()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[RefreshServer]:
    yield from running(make_server(ServeSettings(secret=SECRET), recorder, port=0))


def test_health_needs_no_password(server: RefreshServer) -> None:
    assert call(server, "GET", "/healthz", token=None)[:2] == (200, {"ok": True})


def test_refresh_answers_at_once_then_reports_done(
    server: RefreshServer, recorder: Recorder
) -> None:
    link = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
    status, answer, _ = call(
        server, "POST", "/refresh", {"spreadsheet": link, "as_of": "2026-11-20"}
    )

    assert status == 202
    assert answer["status"] == "running"
    assert answer["already_running"] is False
    job = answer["job"]
    assert call(server, "GET", f"/jobs/{job}")[1]["status"] == "running"  # still refreshing

    recorder.release.set()
    done = finished(server, job)

    assert done["status"] == "done"
    assert done["summary"] == "Read 12 walkthrough rows."
    assert done["spreadsheet"] == KEY
    finished_at = dt.datetime.fromisoformat(done["finished"])
    assert abs((dt.datetime.now(dt.UTC) - finished_at).total_seconds()) < 60
    assert recorder.calls == [(KEY, dt.date(2026, 11, 20))]


def test_one_refresh_at_a_time_per_spreadsheet(server: RefreshServer, recorder: Recorder) -> None:
    first = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    again = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    other = call(server, "POST", "/refresh", {"spreadsheet": OTHER_KEY})[1]

    assert again["job"] == first["job"]
    assert again["already_running"] is True
    assert other["job"] != first["job"]
    recorder.release.set()
    finished(server, first["job"])
    finished(server, other["job"])
    assert sorted(recorder.calls) == sorted([(KEY, None), (OTHER_KEY, None)])

    after = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    assert after["job"] != first["job"]  # done jobs do not block the next refresh
    finished(server, after["job"])


def test_a_refresh_error_is_reported_in_its_own_words() -> None:
    def missing_tab() -> str:
        raise MissingTab("The workbook has no 'Walkthroughs' tab. Add it and refresh again.")

    recorder = Recorder(missing_tab)
    recorder.release.set()
    for server in running(make_server(ServeSettings(secret=SECRET), recorder, port=0)):
        job = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]["job"]
        answer = finished(server, job)

    assert answer["status"] == "failed"
    assert answer["error"] == "The workbook has no 'Walkthroughs' tab. Add it and refresh again."
    assert "summary" not in answer


def test_an_unexpected_error_is_a_plain_sentence_and_never_names_anyone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def crash() -> str:
        raise KeyError("Ms. Alvarez")  # a message that quotes a cell

    recorder = Recorder(crash)
    recorder.release.set()
    caplog.set_level(logging.INFO, logger="ilr.serve")
    for server in running(make_server(ServeSettings(secret=SECRET), recorder, port=0)):
        job = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]["job"]
        answer = finished(server, job)

    assert answer["status"] == "failed"
    assert answer["error"] == (
        "The refresh stopped because of an unexpected problem on the ILR server; ask whoever "
        f"runs the server to look at its log for job {job}."
    )
    assert "Alvarez" not in json.dumps(answer)
    assert "Alvarez" not in caplog.text
    assert f"job {job} failed: KeyError at test_serve.py:" in caplog.text


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "This request has no password"),
        ("not-the-secret-at-all-sorry", "does not match this server's ILR_SERVE_SECRET"),
        (SECRET[:-1], "does not match"),
    ],
)
def test_a_wrong_or_missing_password_is_refused(
    server: RefreshServer, recorder: Recorder, token: str | None, message: str
) -> None:
    status, answer, headers = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=token)

    assert status == 401
    assert message in answer["error"]
    assert headers["WWW-Authenticate"] == "Bearer"
    assert call(server, "GET", "/jobs/anything", token=token)[0] == 401
    assert recorder.calls == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "The request body is not a JSON object"),
        (b'["a list"]', "The request body is not a JSON object"),
        (b"{}", 'Send the spreadsheet to refresh as JSON: {"spreadsheet": "<its link or key>"}.'),
        (b'{"spreadsheet": "my notes.xlsx"}', "Send the spreadsheet to refresh"),
        (b'{"spreadsheet": 42}', "Send the spreadsheet to refresh"),
        (
            json.dumps({"spreadsheet": KEY, "as_of": "20/11/2026"}).encode(),
            "as_of must be a date like 2026-11-20, not '20/11/2026'.",
        ),
    ],
)
def test_a_bad_request_says_what_to_send(
    server: RefreshServer, recorder: Recorder, raw: bytes, message: str
) -> None:
    status, answer, _ = call(server, "POST", "/refresh", raw=raw)

    assert status == 400
    assert message in answer["error"]
    assert recorder.calls == []


def test_a_body_too_large_is_refused(server: RefreshServer) -> None:
    raw = json.dumps({"spreadsheet": KEY, "padding": "x" * 20_000}).encode()
    assert call(server, "POST", "/refresh", raw=raw)[0] == 413


def test_unknown_jobs_routes_and_spreadsheets_are_404(recorder: Recorder) -> None:
    settings = ServeSettings(secret=SECRET, spreadsheets=(KEY,))
    for server in running(make_server(settings, recorder, port=0)):
        not_ours = call(server, "POST", "/refresh", {"spreadsheet": OTHER_KEY})
        no_job = call(server, "GET", "/jobs/no-such-job")
        no_route = call(server, "GET", "/admin")

    assert not_ours[0] == 404
    assert not_ours[1]["error"] == (
        f"This server does not refresh spreadsheet {OTHER_KEY}: add it to "
        "ILR_SERVE_SPREADSHEETS on the server."
    )
    assert no_job[0] == 404
    assert "press Refresh again" in no_job[1]["error"]
    assert no_route[0] == 404
    assert "POST /refresh" in no_route[1]["error"]
    assert recorder.calls == []


class Verifier:
    """Stands in for Google's token check: GOOD_TOKEN is the given claims, any other refused."""

    def __init__(self, email: str, verified: bool = True) -> None:
        self.claims = {"email": email, "email_verified": verified, "exp": time.time() + 3600}
        self.calls: list[tuple[str, str]] = []

    def __call__(self, token: str, audience: str) -> Mapping[str, Any]:
        self.calls.append((token, audience))
        if token != GOOD_TOKEN:
            raise ValueError("Token used too late")
        return self.claims


@pytest.mark.parametrize(
    ("email", "token", "status", "message"),
    [
        ("coach@lincoln.k12.us", GOOD_TOKEN, 202, None),  # allowed by its domain
        ("principal@gmail.com", GOOD_TOKEN, 202, None),  # allowed by name
        ("stranger@gmail.com", GOOD_TOKEN, 403, "stranger@gmail.com may not refresh"),
        ("coach@lincoln.k12.us", "other.header.signature", 401, "Google did not confirm"),
    ],
)
def test_google_sign_in_is_checked_against_audience_and_allow_list(
    recorder: Recorder, email: str, token: str, status: int, message: str | None
) -> None:
    settings = ServeSettings(audience=AUDIENCE, allow=("lincoln.k12.us", "principal@gmail.com"))
    verifier = Verifier(email)
    recorder.release.set()
    for server in running(make_server(settings, recorder, port=0, verify=verifier)):
        answer = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=token)
        if answer[0] == 202:
            finished(server, answer[1]["job"], token=token)

    assert answer[0] == status
    assert verifier.calls[0] == (token, AUDIENCE)
    if message:
        assert message in answer[1]["error"]


def test_an_unverified_email_is_refused(recorder: Recorder) -> None:
    settings = ServeSettings(audience=AUDIENCE, allow=("lincoln.k12.us",))
    verifier = Verifier("coach@lincoln.k12.us", verified=False)
    for server in running(make_server(settings, recorder, port=0, verify=verifier)):
        status, answer, _ = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=GOOD_TOKEN)

    assert status == 403
    assert "no verified email" in answer["error"]


def test_settings_come_from_the_environment() -> None:
    settings = ServeSettings.from_environment(
        {
            "ILR_SERVE_SECRET": SECRET,
            "ILR_SERVE_AUDIENCE": AUDIENCE,
            "ILR_SERVE_ALLOW": " Principal@Lincoln.k12.us, @lincoln.k12.us ,",
            "ILR_SERVE_SPREADSHEETS": f"https://docs.google.com/spreadsheets/d/{KEY}/edit",
        }
    )
    assert settings == ServeSettings(
        SECRET, AUDIENCE, ("principal@lincoln.k12.us", "lincoln.k12.us"), (KEY,)
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (ServeSettings(), "Set ILR_SERVE_SECRET to a long random password"),
        (ServeSettings(secret="short"), "ILR_SERVE_SECRET is shorter than 16 characters"),
        (ServeSettings(audience=AUDIENCE), "ILR_SERVE_ALLOW is empty"),
    ],
)
def test_the_server_will_not_start_without_a_way_to_check_callers(
    settings: ServeSettings, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        make_server(settings, Recorder(), port=0)


def test_a_busy_server_asks_to_try_again_later() -> None:
    recorder = Recorder()
    jobs = Jobs(recorder, max_running=1)
    jobs.start(KEY, None)
    with pytest.raises(ServerBusy):
        jobs.start(OTHER_KEY, None)
    recorder.release.set()


def test_a_refresh_through_the_real_pipeline_writes_the_sheet() -> None:
    api = FakeSheetsApi()
    as_of = dt.date(2026, 11, 20)
    school = demo_school(as_of)
    tabs: dict[str, list[list[Any]]] = {
        name: [list(_spec(name).headers), *rows] for name, rows in school.items()
    }
    book = api.add_spreadsheet("Lincoln ILT", tabs)
    refresher = sheet_refresher(
        lambda key: GoogleSheetsBackend(key, api.session(), sleep=lambda _: None)
    )
    for server in running(make_server(ServeSettings(secret=SECRET), refresher, port=0)):
        body = {"spreadsheet": book.spreadsheet_id, "as_of": as_of.isoformat()}
        job = call(server, "POST", "/refresh", body)[1]["job"]
        answer = finished(server, job)

    assert answer["status"] == "done", answer
    walkthroughs = len(school["Walkthroughs"])
    assert answer["summary"].startswith(f"Read {walkthroughs:,} walkthrough rows;")
    titles = [sheet.title for sheet in api.spreadsheets[book.spreadsheet_id].sheets]
    assert titles[:2] == ["Summary", "Issues"]
    paths = [r.path.rsplit("/", 1)[-1] for r in api.requests]
    assert paths.count("values:batchGet") == 1
    assert paths.count(f"{book.spreadsheet_id}:batchUpdate") == 1
    api.assert_clean()


def _spec(name: str) -> Tab:
    spec = find_tab(name)
    assert spec is not None
    return spec
