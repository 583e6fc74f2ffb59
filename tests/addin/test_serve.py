"""`ilr serve` through a real HTTP client on loopback, with the refresh injected (and once
through the real pipeline against the in-process Sheets API). The attacks on it are in
test_serve_security.py."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from addin.google.jobs import Jobs, Progress, ServerBusy, sheet_refresher
from addin.google.passwords import sheet_password
from addin.google.server import RefreshServer, ServeSettings, make_server
from sheets_templates.demo import demo_school
from sheets_templates.errors import MissingTab, UsageError
from sheets_templates.schema import Tab, find_tab
from sync.google.backend import GoogleSheetsBackend
from tests.addin.google_fixtures import KEY, SECRET, call, finished, running
from tests.addin.google_sign_in import AUDIENCE
from tests.fakes.sheets_api import FakeSheetsApi

OTHER_KEY = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwVU"
OTHER_PASSWORD = sheet_password(SECRET, OTHER_KEY)


class Recorder:
    """A refresh that waits until the test lets it finish, and remembers what it was asked."""

    def __init__(self, outcome: Callable[[], str] = lambda: "Read 12 walkthrough rows.") -> None:
        self.calls: list[str] = []
        self.release = threading.Event()
        self.outcome = outcome

    def __call__(self, spreadsheet: str, progress: Progress) -> str:
        self.calls.append(spreadsheet)
        progress("Computing Coverage")
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
    status, answer, _ = call(server, "POST", "/refresh", {"spreadsheet": link})

    assert status == 202
    assert answer["status"] == "running"
    assert answer["already_running"] is False
    job = answer["job"]
    running_now = _said(server, job, "Computing Coverage")
    assert running_now["status"] == "running"  # still refreshing, and saying at what

    recorder.release.set()
    done = finished(server, job)

    assert done["status"] == "done"
    assert "progress" not in done
    assert done["summary"] == "Read 12 walkthrough rows."
    assert done["spreadsheet"] == KEY
    finished_at = dt.datetime.fromisoformat(done["finished"])
    assert abs((dt.datetime.now(dt.UTC) - finished_at).total_seconds()) < 60
    assert recorder.calls == [KEY]


def test_one_refresh_at_a_time_per_spreadsheet(server: RefreshServer, recorder: Recorder) -> None:
    first = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    again = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    other = call(server, "POST", "/refresh", {"spreadsheet": OTHER_KEY}, token=OTHER_PASSWORD)[1]

    assert again["job"] == first["job"]
    assert again["already_running"] is True
    assert other["job"] != first["job"]
    recorder.release.set()
    finished(server, first["job"])
    finished(server, other["job"], token=OTHER_PASSWORD)
    assert sorted(recorder.calls) == sorted([KEY, OTHER_KEY])

    after = call(server, "POST", "/refresh", {"spreadsheet": KEY})[1]
    assert after["job"] != first["job"]  # done jobs do not block the next refresh
    finished(server, after["job"])


def _said(server: RefreshServer, job: str, stage: str) -> dict[str, Any]:
    """Poll the running job until it reports `stage` as its progress (bounded)."""
    for _ in range(500):
        answer = call(server, "GET", f"/jobs/{job}")[1]
        if answer.get("progress") == stage:
            return answer
        time.sleep(0.01)
    raise AssertionError(f"the job never said {stage!r}")


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
        ("not-the-password-at-all-sorry", f"This is not the password of spreadsheet {KEY}"),
        (SECRET, "This is not the password of spreadsheet"),  # the master opens no sheet
        (OTHER_PASSWORD, "This is not the password of spreadsheet"),  # another sheet's
    ],
)
def test_a_wrong_or_missing_password_is_refused(
    server: RefreshServer, recorder: Recorder, token: str | None, message: str
) -> None:
    status, answer, headers = call(server, "POST", "/refresh", {"spreadsheet": KEY}, token=token)

    assert status == 401
    assert message in answer["error"]
    assert headers["WWW-Authenticate"] == "Bearer"
    assert recorder.calls == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "The request body is not a JSON object"),
        (b'["a list"]', "The request body is not a JSON object"),
        (b"{}", 'Send the spreadsheet to refresh as JSON: {"spreadsheet": "<its link or key>"}.'),
        (b'{"spreadsheet": "my notes.xlsx"}', "Send the spreadsheet to refresh"),
        (b'{"spreadsheet": 42}', "Send the spreadsheet to refresh"),
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


def test_unknown_jobs_and_routes_are_404(server: RefreshServer, recorder: Recorder) -> None:
    no_job = call(server, "GET", "/jobs/no-such-job")
    no_route = call(server, "GET", "/admin")

    assert no_job[0] == 404
    assert "press Refresh again" in no_job[1]["error"]
    assert no_route[0] == 404
    assert "POST /refresh" in no_route[1]["error"]
    assert recorder.calls == []


def test_a_list_of_sheets_limits_even_their_own_passwords(recorder: Recorder) -> None:
    settings = ServeSettings(secret=SECRET, spreadsheets=(KEY,))
    for server in running(make_server(settings, recorder, port=0)):
        not_listed = call(
            server, "POST", "/refresh", {"spreadsheet": OTHER_KEY}, token=OTHER_PASSWORD
        )

    assert not_listed[:2] == (
        403,
        {
            "error": f"This server does not refresh spreadsheet {OTHER_KEY}: add it to "
            "ILR_SERVE_SPREADSHEETS on the server."
        },
    )
    assert recorder.calls == []


def test_settings_come_from_the_environment() -> None:
    settings = ServeSettings.from_environment(
        {
            "ILR_SERVE_SECRET": f"  {SECRET}\n",  # as pasted, with a line break
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
        (ServeSettings(), "Set ILR_SERVE_SECRET to a random secret (make one with python -c"),
        (
            ServeSettings(secret="short"),
            "ILR_SERVE_SECRET must be a random secret of at least 32 characters (this one has "
            '5, 5 of them different): make one with python -c "import secrets; '
            'print(secrets.token_urlsafe(32))".',
        ),
        (ServeSettings(secret="a" * 40), "(this one has 40, 1 of them different)"),
        (ServeSettings(secret="ab" * 20), "(this one has 40, 2 of them different)"),
        (ServeSettings(secret=SECRET[:20] + " " + SECRET[20:]), "has a space or line break"),
        (ServeSettings(audience=AUDIENCE), "ILR_SERVE_ALLOW is empty"),
        (
            ServeSettings(audience=AUDIENCE, allow=("lincoln.k12.us",)),
            "ILR_SERVE_AUDIENCE is set but ILR_SERVE_SPREADSHEETS is empty",
        ),
    ],
)
def test_the_server_will_not_start_without_a_way_to_check_callers(
    settings: ServeSettings, message: str
) -> None:
    with pytest.raises(UsageError) as refused:
        make_server(settings, Recorder(), port=0)
    assert message in str(refused.value)


def test_a_busy_server_asks_to_try_again_later() -> None:
    recorder = Recorder()
    jobs = Jobs(recorder, max_running=1)
    jobs.start(KEY, "password:one")
    with pytest.raises(ServerBusy):
        jobs.start(OTHER_KEY, "password:other")
    recorder.release.set()


def test_a_refresh_through_the_real_pipeline_writes_the_sheet() -> None:
    api = FakeSheetsApi()
    school = demo_school(dt.date.today())  # the server refreshes as of today
    tabs: dict[str, list[list[Any]]] = {
        name: [list(_spec(name).headers), *rows] for name, rows in school.items()
    }
    book = api.add_spreadsheet("Lincoln ILT", tabs)
    refresher = sheet_refresher(
        lambda key: GoogleSheetsBackend(key, api.session(), sleep=lambda _: None)
    )
    password = sheet_password(SECRET, book.spreadsheet_id)
    for server in running(make_server(ServeSettings(secret=SECRET), refresher, port=0)):
        body = {"spreadsheet": book.spreadsheet_id}
        job = call(server, "POST", "/refresh", body, token=password)[1]["job"]
        answer = finished(server, job, token=password)

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
