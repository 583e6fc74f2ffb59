"""Bounded retries for the Google APIs: a few attempts, backoff with jitter, Retry-After.

gspread 6.2 ships `BackOffHTTPClient`, but it retries a persistent 429 without end, so a
quota that stays used up would hang a refresh. This client gives up after `max_attempts`
and lets the caller say so in one sentence. Every request carries a timeout.

Retrying a batchUpdate after a timeout is safe: a batch is applied all or nothing, and ours
adds sheets with ids chosen up front, so a batch that did land the first time is refused the
second time instead of being applied twice.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import FileType, HTTPClient, ParamsType

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts per request, the waits between them, the per-request timeout."""

    max_attempts: int = 4
    first_wait: float = 1.0  # seconds; doubles after each failed attempt
    longest_wait: float = 30.0  # a Retry-After longer than this is not waited for
    timeout: float = 60.0

    def wait(self, attempt: int, retry_after: float | None, jitter: float) -> float:
        """Seconds to wait after failed `attempt` (1-based); `jitter` is uniform in [0, 1)."""
        backoff = min(self.first_wait * 2 ** (attempt - 1), self.longest_wait)
        waited = backoff / 2 + backoff / 2 * jitter  # "equal jitter": never zero, never in step
        return max(waited, retry_after or 0.0)


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTP client, with bounded retries and a timeout on every request."""

    def __init__(
        self,
        session: requests.Session,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(auth=None, session=session)  # type: ignore[arg-type]
        self.policy = policy or RetryPolicy()
        self.timeout = self.policy.timeout
        self.sleep = sleep
        self.jitter = jitter

    def request(
        self,
        method: str,
        endpoint: str,
        params: ParamsType | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: FileType = None,
        headers: MutableMapping[str, str] | None = None,
    ) -> requests.Response:
        attempt = 1
        while True:
            try:
                return super().request(method, endpoint, params, data, json, files, headers)
            except APIError as error:
                retry_after = parse_retry_after(error.response.headers.get("Retry-After"))
                if (
                    error.response.status_code not in RETRYABLE_STATUSES
                    or attempt >= self.policy.max_attempts
                    or (retry_after or 0.0) > self.policy.longest_wait
                ):
                    raise
            except (requests.Timeout, requests.ConnectionError):
                if attempt >= self.policy.max_attempts:
                    raise
                retry_after = None
            self.sleep(self.policy.wait(attempt, retry_after, self.jitter()))
            attempt += 1


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: `"7"` or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)
