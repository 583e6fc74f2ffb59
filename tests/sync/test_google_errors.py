"""What a person sees when Google says no: one sentence each, bounded retries, nothing half-done."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from sheets_templates.errors import AccessError, UsageError, WorkbookError
from sync.google.auth import CREDENTIALS_ENV, load_account, save_token, token_path
from sync.google.backend import GoogleOptions, GoogleSheetsBackend
from sync.google.retry import RetryPolicy, parse_retry_after
from tests.fakes.output_tabs import coverage_tab
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.spreadsheet import FakeSpreadsheet

SERVICE_ACCOUNT = "ilr-refresh@lincoln-ilt.iam.gserviceaccount.com"


@pytest.fixture
def book(api: FakeSheetsApi) -> FakeSpreadsheet:
    return api.add_spreadsheet("Lincoln ILT", {"Walkthroughs": [["Date"]]})


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def backend(api: FakeSheetsApi, book: FakeSpreadsheet, sleeps: list[float]) -> GoogleSheetsBackend:
    return GoogleSheetsBackend(
        book.spreadsheet_id, api.session(), service_account=SERVICE_ACCOUNT, sleep=sleeps.append
    )


def test_a_429_then_success_is_retried_after_retry_after(
    api: FakeSheetsApi, backend: GoogleSheetsBackend, sleeps: list[float]
) -> None:
    api.fail_next(429, retry_after=7)

    backend.write([coverage_tab()])

    assert len(sleeps) == 1
    assert sleeps[0] >= 7
    assert [r.status for r in api.requests] == [429, 200, 200]  # metadata twice, then the batch
    assert [s.title for s in api.spreadsheets[backend.key].sheets] == ["Coverage", "Walkthroughs"]


def test_a_503_is_retried_with_growing_waits(
    api: FakeSheetsApi, backend: GoogleSheetsBackend, sleeps: list[float]
) -> None:
    api.fail_next(503, times=3)

    backend.tabs()

    assert len(sleeps) == 3
    assert sleeps == [pytest.approx(w, rel=0.5) for w in (0.75, 1.5, 3)]  # doubling, jittered


def test_a_quota_that_stays_used_up_gives_up_after_the_bound(
    api: FakeSheetsApi, backend: GoogleSheetsBackend, sleeps: list[float]
) -> None:
    api.fail_next(429, times=100, retry_after=1)

    with pytest.raises(AccessError, match=r"quota .* used up .* wait a minute"):
        backend.write([coverage_tab()])

    assert len(api.requests) == 4
    assert len(sleeps) == 3
    assert [s.title for s in api.spreadsheets[backend.key].sheets] == ["Walkthroughs"]


def test_a_retry_after_longer_than_we_wait_is_not_waited_for(
    api: FakeSheetsApi, backend: GoogleSheetsBackend, sleeps: list[float]
) -> None:
    api.fail_next(429, retry_after=3600)

    with pytest.raises(AccessError, match="quota"):
        backend.tabs()

    assert sleeps == []


def test_a_sheet_not_shared_names_the_service_account(
    api: FakeSheetsApi, backend: GoogleSheetsBackend
) -> None:
    api.forbidden.add(backend.key)

    with pytest.raises(AccessError) as raised:
        backend.tabs()

    assert str(raised.value) == (
        f"The Google Sheet {backend.location} is not shared with the service account: "
        f"Share the sheet with {SERVICE_ACCOUNT} as Editor and try again."
    )


def test_a_person_without_access_is_told_to_ask_the_owner(
    api: FakeSheetsApi, book: FakeSpreadsheet
) -> None:
    api.forbidden.add(book.spreadsheet_id)
    backend = GoogleSheetsBackend(book.spreadsheet_id, api.session())

    with pytest.raises(AccessError, match="ask the sheet's owner to share it with you as Editor"):
        backend.read(["Walkthroughs"])


def test_a_deleted_sheet_says_so(api: FakeSheetsApi, backend: GoogleSheetsBackend) -> None:
    del api.spreadsheets[backend.key]

    with pytest.raises(WorkbookError, match=r"There is no Google Sheet at .* it was deleted"):
        backend.tabs()


def test_refused_credentials_say_which_file(api: FakeSheetsApi, book: FakeSpreadsheet) -> None:
    backend = GoogleSheetsBackend(
        book.spreadsheet_id, api.session(), credentials_file=Path("ilt-key.json")
    )
    api.fail_next(401)

    with pytest.raises(AccessError, match=r"Google refused the credentials in ilt-key.json"):
        backend.tabs()


def test_a_write_that_google_refuses_changes_nothing(
    api: FakeSheetsApi, backend: GoogleSheetsBackend
) -> None:
    backend.write([coverage_tab("Summary")])
    before = api.spreadsheets[backend.key]
    api.fail_next(500, times=4, on=":batchUpdate")

    with pytest.raises(WorkbookError, match=r"kept failing \(500, 4 tries\)"):
        backend.write([coverage_tab("Summary"), coverage_tab("Trends")])

    assert api.spreadsheets[backend.key] is before  # not one request of the batch applied


class TimingOut(BaseAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list[Any] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.timeouts.append(kwargs.get("timeout"))
        raise requests.ReadTimeout("no answer")

    def close(self) -> None:
        pass


def test_timeouts_are_bounded_and_explained(sleeps: list[float]) -> None:
    session = requests.Session()
    adapter = TimingOut()
    session.mount("https://", adapter)
    backend = GoogleSheetsBackend(
        "1AbCdEfGhIjKlMnOpQrStUvWxYz", session, GoogleOptions(timeout=12), sleep=sleeps.append
    )

    with pytest.raises(WorkbookError, match="did not answer in time"):
        backend.tabs()

    assert adapter.timeouts == [12, 12, 12, 12]


def test_retry_waits_double_with_jitter_and_honour_retry_after() -> None:
    policy = RetryPolicy(first_wait=1, longest_wait=30)
    assert [policy.wait(n, None, 0.0) for n in (1, 2, 3, 4)] == [0.5, 1, 2, 4]
    assert [policy.wait(n, None, 0.999) for n in (1, 6, 9)] == pytest.approx([1, 30, 30], 0.01)
    assert policy.wait(1, 9.0, 0.5) == 9.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, None), ("", None), ("7", 7.0), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


# -- credentials ------------------------------------------------------------------------------


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(CREDENTIALS_ENV, raising=False)
    return tmp_path / "config"


def service_account_key(path: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    key = {
        "type": "service_account",
        "project_id": "lincoln-ilt",
        "private_key_id": "0" * 40,
        "private_key": pem,
        "client_email": SERVICE_ACCOUNT,
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    path.write_text(json.dumps(key), encoding="utf-8")
    return path


def test_no_credentials_anywhere_says_how_to_sign_in(config_home: Path) -> None:
    with pytest.raises(AccessError, match=r"No Google credentials .* run `ilr login`"):
        load_account(None)


def test_a_missing_key_file_is_named(config_home: Path, tmp_path: Path) -> None:
    with pytest.raises(AccessError, match=r"nowhere.json does not exist"):
        load_account(tmp_path / "nowhere.json")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json at all", "cannot be read as a key file"),
        ('{"type": "service_account", "client_email": "x"}', "damaged or incomplete"),
        ('{"installed": {"client_id": "1"}}', "is not a Google service account key"),
    ],
)
def test_an_unusable_key_file_says_why(
    config_home: Path, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "key.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AccessError, match=reason):
        load_account(path)


def test_the_environment_names_the_key_file(
    config_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = service_account_key(tmp_path / "key.json")
    monkeypatch.setenv(CREDENTIALS_ENV, str(key))

    account = load_account(None)

    assert account.email == SERVICE_ACCOUNT
    assert account.source == key


def test_open_reads_the_key_and_sends_nothing(config_home: Path, tmp_path: Path) -> None:
    key = service_account_key(tmp_path / "key.json")
    link = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/edit#gid=0"

    backend = GoogleSheetsBackend.open(link, GoogleOptions(credentials=key))

    assert backend.key == "1AbCdEfGhIjKlMnOpQrStUvWxYz"
    assert backend.service_account == SERVICE_ACCOUNT
    assert backend.http.timeout == 60.0
    backend.close()


def test_open_refuses_what_is_not_a_sheet_link(config_home: Path) -> None:
    with pytest.raises(UsageError, match="is not a Google Sheets link"):
        GoogleSheetsBackend.open("walkthroughs.xlsx", GoogleOptions())


def test_the_login_token_is_private_and_found_later(config_home: Path) -> None:
    token = {
        "type": "authorized_user",
        "client_id": "1.apps.googleusercontent.com",
        "client_secret": "not-a-secret",
        "refresh_token": "1//refresh",
    }

    path = save_token(json.dumps(token))

    assert path == token_path() == config_home / "ilr-sheets" / "google-token.json"
    assert path.stat().st_mode & 0o777 == 0o600
    account = load_account(None)
    assert account.email is None
    assert account.source == path
