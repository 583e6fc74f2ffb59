"""Who may ask `ilr serve` for what: the `Authorization: Bearer ...` of each request.

A caller is one of:

- **a sheet's password** (`passwords.sheet_password`): good for that one spreadsheet;
- **a Google account** signed in through the sheet's script: good for the spreadsheets in
  `ILR_SERVE_SPREADSHEETS`, when its address or Workspace domain is in `ILR_SERVE_ALLOW`.

Every refusal is one sentence that says what to do. After `max_failures` refused credentials
from one address within `window_seconds`, that address is refused (429) until the oldest
failure is older than the window, without its credential being looked at.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from addin.google.passwords import fingerprint, is_sheet_password
from addin.google.signin import GoogleSignIn, KeysUnavailable, SignInRefused, is_allowed
from sheets_templates.errors import AccessError

# Who a caller is, as jobs remember it: "password:<sha256 of it>" or "google:<email>".
Caller = str
MAX_ADDRESSES = 10_000  # addresses whose failures are remembered at once


class Refused(AccessError):
    """A request this server will not serve: an HTTP status and one plain sentence."""

    def __init__(self, status: HTTPStatus, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Admission:
    """Who may call: the master secret, Google sign-in, the sheets sign-in opens."""

    secret: str | None
    sign_in: GoogleSignIn | None
    allow: tuple[str, ...]
    spreadsheets: tuple[str, ...]  # empty: a sheet's password is the only limit


class Throttle:
    """Counts refused credentials per address and holds back an address that has too many."""

    def __init__(
        self,
        max_failures: int = 10,
        window_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds before `address` may try again; 0 when it may now."""
        with self._lock:
            recent = self._recent(address)
            if len(recent) < self.max_failures:
                return 0.0
            return recent[0] + self.window_seconds - self.clock()

    def failed(self, address: str) -> None:
        """Remember one refused credential from `address`."""
        with self._lock:
            if address not in self._failures and len(self._failures) >= MAX_ADDRESSES:
                self._forget_quiet_addresses()
            self._recent(address).append(self.clock())

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.setdefault(address, deque(maxlen=self.max_failures))
        while failures and failures[0] <= self.clock() - self.window_seconds:
            failures.popleft()
        return failures

    def _forget_quiet_addresses(self) -> None:
        horizon = self.clock() - self.window_seconds
        for address in [
            a for a, times in self._failures.items() if not times or times[-1] <= horizon
        ]:
            del self._failures[address]
        if len(self._failures) >= MAX_ADDRESSES:  # a flood from many addresses: start afresh
            self._failures.clear()


class Gate:
    """Decides, for each request, who the caller is and whether they may go on."""

    def __init__(self, admission: Admission, throttle: Throttle) -> None:
        self.admission = admission
        self.throttle = throttle

    def credential(self, authorization: str | None, address: str) -> str:
        """The bearer credential a request carries. Raises `Refused` (401, or 429 while
        `address` is held back)."""
        wait = self.throttle.wait(address)
        if wait > 0:
            seconds = max(1, round(wait + 0.5))
            raise Refused(
                HTTPStatus.TOO_MANY_REQUESTS,
                f"Too many wrong passwords or sign-ins came from here: wait {seconds} seconds, "
                "then try again.",
                retry_after=seconds,
            )
        scheme, _, credential = (authorization or "").partition(" ")
        credential = credential.strip()
        if scheme.casefold() != "bearer" or not credential:
            raise Refused(
                HTTPStatus.UNAUTHORIZED,
                "This request has no password: send `Authorization: Bearer <the sheet's "
                "password>` (the sheet does it after ILR > Set up...).",
            )
        return credential

    def caller_for_sheet(self, credential: str, address: str, spreadsheet: str) -> Caller:
        """The caller, if `credential` may refresh `spreadsheet`. Raises `Refused`."""
        if self._is_sign_in(credential):
            caller = self._signed_in(credential, address)
            if spreadsheet not in self.admission.spreadsheets:
                raise Refused(
                    HTTPStatus.FORBIDDEN,
                    f"This server does not refresh spreadsheet {spreadsheet} for Google sign-in: "
                    "add it to ILR_SERVE_SPREADSHEETS on the server.",
                )
            return caller
        secret = self._secret(address)
        if is_sheet_password(credential, secret, spreadsheet):
            if self.admission.spreadsheets and spreadsheet not in self.admission.spreadsheets:
                raise Refused(
                    HTTPStatus.FORBIDDEN,
                    f"This server does not refresh spreadsheet {spreadsheet}: add it to "
                    "ILR_SERVE_SPREADSHEETS on the server.",
                )
            return f"password:{fingerprint(credential)}"
        self.throttle.failed(address)
        raise Refused(
            HTTPStatus.UNAUTHORIZED,
            f"This is not the password of spreadsheet {spreadsheet}: run ILR > Set up... in "
            "the sheet with the password that `ilr serve --sheet-password <its link>` prints "
            "for it on the server.",
        )

    def caller(self, credential: str, address: str) -> Caller:
        """Who is asking, for a request that names no sheet (polling a job). Raises `Refused`.

        A password cannot be checked without its sheet: its fingerprint is the caller, and
        only a job started with the same password answers to it.
        """
        if self._is_sign_in(credential):
            return self._signed_in(credential, address)
        self._secret(address)
        return f"password:{fingerprint(credential)}"

    def _secret(self, address: str) -> str:
        """The master secret; `Refused` (401) when this server takes sign-in only."""
        if self.admission.secret:
            return self.admission.secret
        self.throttle.failed(address)
        raise Refused(
            HTTPStatus.UNAUTHORIZED,
            "This server takes Google sign-in only: type google at ILR > Set up... in the sheet.",
        )

    def _is_sign_in(self, credential: str) -> bool:
        """Whether to check `credential` as a Google identity token: a JWT is three parts."""
        return self.admission.sign_in is not None and credential.count(".") == 2

    def _signed_in(self, token: str, address: str) -> Caller:
        sign_in = self.admission.sign_in
        assert sign_in is not None
        try:
            claims = sign_in.claims(token)
        except KeysUnavailable as exc:
            raise Refused(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "The server could not reach Google to check the sign-in: try again in a minute.",
                retry_after=30,
            ) from exc
        except SignInRefused as exc:
            self.throttle.failed(address)
            raise Refused(
                HTTPStatus.UNAUTHORIZED,
                "Google did not confirm this sign-in for this server (expired, or made for "
                "another script): check ILR_SERVE_AUDIENCE against the script's client ID.",
            ) from exc
        email = str(claims.get("email") or "").casefold()
        if not email or claims.get("email_verified") is not True:
            self.throttle.failed(address)
            raise Refused(
                HTTPStatus.FORBIDDEN,
                "The sign-in carries no verified email: add the userinfo.email scope to "
                "appsscript.json and push the script again.",
            )
        if not is_allowed(claims, self.admission.allow):
            self.throttle.failed(address)
            raise Refused(HTTPStatus.FORBIDDEN, _not_allowed(email, self.admission.allow))
        return f"google:{email}"


def _not_allowed(email: str, allow: tuple[str, ...]) -> str:
    domain = email.rpartition("@")[2]
    if domain in allow:
        return (
            f"{email} is not an account of the {domain} Google Workspace (a personal Google "
            "account with a school address does not count): sign in with the school's own "
            "account, or add the address itself to ILR_SERVE_ALLOW."
        )
    return (
        f"{email} may not refresh through this server: add it (or its domain) to ILR_SERVE_ALLOW."
    )
