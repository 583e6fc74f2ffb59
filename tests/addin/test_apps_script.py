"""The sheet's Apps Script (`addin/google/Code.gs`) under Node, with stand-ins for
SpreadsheetApp, UrlFetchApp, PropertiesService, Utilities and ScriptApp: the menu it adds, the
requests it sends, and the lines the person sees."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "addin" / "google" / "Code.gs"
MANIFEST = ROOT / "addin" / "google" / "appsscript.json"
HARNESS = Path(__file__).parent / "apps_script" / "harness.js"
SERVER = "https://ilr.lincoln-school.example"
SECRET = "Q2hvb3NlLWEtcmFuZG9tLXNoZWV0LXBhc3N3b3JkLTQy"  # a sheet's password: 43 characters
BOOK_ID = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF"
SET_UP = {"ILR_SERVER_URL": SERVER, "ILR_SERVER_PASSWORD": SECRET}
SUMMARY = "Read 1,234 walkthrough rows; 2 errors, 5 warnings; wrote 7 tabs."


def run(tmp_path: Path, call: str, **scenario: Any) -> dict[str, Any]:
    """Run one function of Code.gs in the scenario; what it did."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed, so the Apps Script cannot be run")
    path = tmp_path / "scenario.json"
    scenario.setdefault("server", SERVER)  # the ILR_SERVER the script was pushed with
    path.write_text(json.dumps({"call": call, **scenario}), encoding="utf-8")
    done = subprocess.run(
        [node, str(HARNESS), str(CODE), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout)
    return seen


def job(status: str, **fields: Any) -> dict[str, Any]:
    return {"code": 200, "body": {"job": "j1", "spreadsheet": BOOK_ID, "status": status, **fields}}


STARTED = {"code": 202, "body": {"job": "j1", "status": "running", "already_running": False}}


def test_on_open_adds_the_ilr_menu(tmp_path: Path) -> None:
    seen = run(tmp_path, "onOpen")
    assert seen["menus"] == [
        {"title": "ILR", "items": [["Refresh", "refresh"], ["---", None], ["Set up...", "setUp"]]}
    ]


def test_refresh_posts_the_spreadsheet_then_shows_when_it_was_done(tmp_path: Path) -> None:
    done = job("done", finished="2026-11-20T15:42:07Z", summary=SUMMARY)
    seen = run(
        tmp_path,
        "refresh",
        properties=SET_UP,
        responses=[STARTED, job("running"), done],
        timeZone="America/New_York",
    )

    post, poll, last = seen["fetches"]
    assert post == {
        "url": f"{SERVER}/refresh",
        "options": {
            "method": "post",
            "headers": {"Authorization": f"Bearer {SECRET}"},
            "muteHttpExceptions": True,
            "followRedirects": False,
            "contentType": "application/json",
            "payload": json.dumps({"spreadsheet": BOOK_ID}, separators=(",", ":")),
        },
    }
    assert poll == last
    assert poll == {
        "url": f"{SERVER}/jobs/j1",
        "options": {
            "method": "get",
            "headers": {"Authorization": f"Bearer {SECRET}"},
            "muteHttpExceptions": True,
            "followRedirects": False,
        },
    }
    assert seen["sleeps"] == [5000, 5000]
    assert seen["toasts"] == [
        ["Refreshing…", "ILR", -1],
        [f"Refreshed at 10:42: {SUMMARY}", "ILR", 30],
    ]


def test_a_failed_refresh_shows_the_problem_in_plain_words(tmp_path: Path) -> None:
    problem = "The Google Sheet is not shared with the service account: Share the sheet with x."
    seen = run(
        tmp_path, "refresh", properties=SET_UP, responses=[STARTED, job("failed", error=problem)]
    )
    assert seen["toasts"][-1] == [f"The refresh did not finish: {problem}", "ILR", 30]


@pytest.mark.parametrize(
    ("response", "toast"),
    [
        (
            {"code": 401, "body": {"error": "The password does not match this server's secret."}},
            "The password does not match this server's secret.",
        ),
        (
            {"code": 502, "body": "<html>Bad gateway</html>"},
            "The ILR server answered 502: check ILR_SERVER at the top of Code.gs.",
        ),
        (
            {"unreachable": True},
            f"The ILR server at {SERVER} could not be reached: check that it is running and "
            "ILR_SERVER at the top of Code.gs.",
        ),
        (
            {"code": 302, "body": ""},
            f"The ILR server at {SERVER} answered with a redirect, which the menu does not "
            "follow: check ILR_SERVER at the top of Code.gs.",
        ),
    ],
)
def test_a_refused_or_unreachable_server_is_one_sentence(
    tmp_path: Path, response: dict[str, Any], toast: str
) -> None:
    seen = run(tmp_path, "refresh", properties=SET_UP, responses=[response])
    assert len(seen["fetches"]) == 1  # no polling after a refusal
    assert seen["toasts"][-1] == [toast, "ILR", 30]


def test_a_refresh_still_running_after_four_minutes_says_so(tmp_path: Path) -> None:
    seen = run(tmp_path, "refresh", properties=SET_UP, responses=[STARTED] + [job("running")] * 48)
    assert sum(seen["sleeps"]) == 4 * 60 * 1000
    assert seen["toasts"][-1][0] == (
        "Still refreshing after four minutes: the tabs will change when it is done."
    )


def test_each_stage_the_server_reports_shows_once_while_it_runs(tmp_path: Path) -> None:
    at_adams = job("running", progress="School 1 of 2, Adams: coverage 87%")
    at_baker = job("running", progress="School 2 of 2, Baker: coverage 64%")
    done = job("done", finished="2026-11-20T15:42:07Z", summary=SUMMARY)
    seen = run(
        tmp_path,
        "refresh",
        properties=SET_UP,
        responses=[STARTED, at_adams, at_adams, at_baker, done],
        timeZone="UTC",
    )
    assert [toast[0] for toast in seen["toasts"]] == [
        "Refreshing…",
        "School 1 of 2, Adams: coverage 87%",
        "School 2 of 2, Baker: coverage 64%",
        f"Refreshed at 15:42: {SUMMARY}",
    ]


def test_google_sign_in_sends_the_identity_token(tmp_path: Path) -> None:
    properties = {"ILR_SERVER_URL": SERVER, "ILR_SERVER_PASSWORD": "google"}
    done = job("done", finished="2026-11-20T15:42:07Z", summary=SUMMARY)
    seen = run(
        tmp_path,
        "refresh",
        properties=properties,
        identityToken="header.claims.signature",
        responses=[STARTED, done],
    )
    assert {f["options"]["headers"]["Authorization"] for f in seen["fetches"]} == {
        "Bearer header.claims.signature"
    }

    without_scope = run(tmp_path, "refresh", properties=properties)
    assert without_scope["fetches"] == []
    assert "needs the openid and userinfo.email scopes" in without_scope["toasts"][0][0]


def test_not_set_up_yet_says_what_to_do(tmp_path: Path) -> None:
    seen = run(tmp_path, "refresh", properties={"ILR_SERVER_URL": SERVER})
    assert seen["fetches"] == []
    assert seen["toasts"] == [["ILR is not set up yet: run ILR > Set up... first.", "ILR", 30]]


SETTINGS = [
    ["Setting", "Value", "What it means"],
    ["Daily Target", 3, "Visits per observer per school day."],
    ["Refresh Now", False, "Tick to refresh."],
]


def test_with_no_server_refresh_ticks_the_box_for_ilr_watch(tmp_path: Path) -> None:
    seen = run(
        tmp_path,
        "refresh",
        server="",
        properties=SET_UP,
        sheets={"Walkthroughs": [["Date"]], "settings": SETTINGS},
    )
    assert seen["writes"] == [["settings", 3, 2, True]]  # row 3, column B; nothing else
    assert seen["fetches"] == []
    assert "`ilr watch` refreshes within a minute" in seen["toasts"][0][0]

    no_box = run(tmp_path, "refresh", server="", sheets={"Settings": SETTINGS[:2]})
    assert no_box["writes"] == []
    assert "add a Refresh Now row with a checkbox" in no_box["toasts"][0][0]


def test_set_up_stores_the_sheet_password_for_the_server_the_script_names(
    tmp_path: Path,
) -> None:
    seen = run(tmp_path, "setUp", prompts=[{"button": "OK", "text": f"  {SECRET}\n"}])
    assert seen["properties"] == SET_UP
    assert seen["prompts"] == [
        f"This sheet's password for the ILR server at {SERVER} (whoever runs the server prints "
        f"it with `ilr serve --sheet-password {BOOK_ID}`), or the word google to sign in with "
        "your Google account instead."
    ]
    assert seen["alerts"] == [f"Done: ILR > Refresh now asks {SERVER} to refresh this spreadsheet."]


def test_set_up_for_google_sign_in_names_the_audience_and_the_sheet(tmp_path: Path) -> None:
    claims = json.dumps({"aud": "1234-abc.apps.googleusercontent.com", "email": "p@x.org"})
    payload = base64.urlsafe_b64encode(claims.encode()).decode().rstrip("=")
    seen = run(
        tmp_path,
        "setUp",
        identityToken=f"eyJhbGciOiJSUzI1NiJ9.{payload}.signature",
        prompts=[{"button": "OK", "text": "Google"}],
    )
    assert seen["properties"] == {"ILR_SERVER_URL": SERVER, "ILR_SERVER_PASSWORD": "google"}
    assert "ILR_SERVE_AUDIENCE=1234-abc.apps.googleusercontent.com" in seen["alerts"][0]
    assert f"add {BOOK_ID} to ILR_SERVE_SPREADSHEETS" in seen["alerts"][0]


@pytest.mark.parametrize(
    ("password", "alert"),
    [
        ("a" * 20, "Nothing was changed: a sheet password is one line of 43 characters"),
        (SECRET[:20] + " " + SECRET[20:], "Nothing was changed: a sheet password is one line"),
        ("   ", "Nothing was changed: the password is empty."),
    ],
)
def test_set_up_refuses_what_is_not_a_sheet_password(
    tmp_path: Path, password: str, alert: str
) -> None:
    seen = run(tmp_path, "setUp", properties=SET_UP, prompts=[{"button": "OK", "text": password}])
    assert seen["alerts"][0].startswith(alert)
    assert seen["properties"] == SET_UP  # what was there is kept


def test_set_up_cancelled_changes_nothing(tmp_path: Path) -> None:
    seen = run(tmp_path, "setUp", properties=SET_UP, prompts=[{"button": "CANCEL", "text": "x"}])
    assert seen["alerts"] == []
    assert seen["properties"] == SET_UP


def test_set_up_without_a_server_in_the_script_goes_back_to_watch_mode(tmp_path: Path) -> None:
    seen = run(tmp_path, "setUp", server="", properties=SET_UP)
    assert seen["properties"] == {}
    assert seen["alerts"][0].startswith("This script names no ILR server")


def test_a_plain_http_server_is_refused_at_set_up_and_at_every_call(tmp_path: Path) -> None:
    plain = "http://ilr.lincoln-school.example"
    set_up = run(tmp_path, "setUp", server=plain, properties=SET_UP)
    assert set_up["alerts"][0].startswith("ILR_SERVER at the top of Code.gs must start with https")
    assert set_up["properties"] == SET_UP

    pressed = run(
        tmp_path,
        "refresh",
        server=plain,
        properties={"ILR_SERVER_URL": plain, "ILR_SERVER_PASSWORD": SECRET},
    )
    assert pressed["fetches"] == []  # the password never leaves over plain http
    assert pressed["toasts"][-1][0].startswith(
        "ILR_SERVER at the top of Code.gs must start with https://, so nothing was sent"
    )


def test_a_server_address_changed_in_the_script_sends_nothing_until_set_up_again(
    tmp_path: Path,
) -> None:
    elsewhere = "https://collector.example"
    seen = run(tmp_path, "refresh", server=elsewhere, properties=SET_UP, identityToken="a.b.c")
    assert seen["fetches"] == []
    assert seen["toasts"] == [
        [
            f"The ILR server in this script is now {elsewhere} (ILR > Set up... was run for "
            f"{SERVER}), so nothing was sent. If whoever runs ILR moved the server, run ILR > "
            "Set up... again; if not, tell them the script was changed.",
            "ILR",
            30,
        ]
    ]


def test_the_script_understands_what_the_real_server_answers(tmp_path: Path) -> None:
    """The answers of `ilr serve` itself, fed to the script, give the right line."""
    from addin.google.jobs import Progress
    from addin.google.server import ServeSettings, make_server
    from tests.addin.google_fixtures import SECRET as MASTER
    from tests.addin.google_fixtures import call, finished, running

    def refresher(spreadsheet: str, progress: Progress) -> str:
        return SUMMARY

    for server in running(make_server(ServeSettings(secret=MASTER), refresher, port=0)):
        status, started, _ = call(server, "POST", "/refresh", {"spreadsheet": BOOK_ID})
        done = finished(server, started["job"])
    seen = run(
        tmp_path,
        "refresh",
        properties=SET_UP,
        responses=[{"code": status, "body": started}, {"code": 200, "body": done}],
        timeZone="UTC",
    )
    at = done["finished"][11:16]
    assert seen["toasts"][-1] == [f"Refreshed at {at}: {SUMMARY}", "ILR", 30]


def test_the_manifest_asks_only_for_the_scopes_it_needs() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["runtimeVersion"] == "V8"
    assert manifest["oauthScopes"] == [
        "https://www.googleapis.com/auth/spreadsheets.currentonly",
        "https://www.googleapis.com/auth/script.external_request",
        "https://www.googleapis.com/auth/script.container.ui",
    ]
