"""Refresh jobs for `ilr serve`: each runs in a background thread, one at a time per sheet.

    jobs = Jobs(refresher)
    job, started = jobs.start("1AbC...", caller)   # returns at once
    jobs.status(job.id, caller)  # {"status": "running", "progress": ...}, then "done"

A job answers only to the callers who asked for it: the one who started it, and any caller
admitted for the same sheet who asked while it ran. Refreshes are as of today, as the menu
means; `ilr refresh --as-of` is the way to look back.

A job that fails with an `IlrError` reports its message (one plain sentence that names tabs
and columns) to the sheet that asked. Any other exception is reported as a generic sentence.
The server's log gets the kind of error and where it happened, never a message: a message can
quote a cell of a person's sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sheets_templates.errors import AccessError, IlrError, UsageError
from sync.backend import Backend

Progress = Callable[[str], None]  # the stage a refresh is at, in words


class Refresher(Protocol):
    """Spreadsheet key in, the summary line of its refresh as of today out; the stage it is
    at is said to `progress` as it goes."""

    def __call__(self, spreadsheet: str, progress: Progress) -> str: ...


log = logging.getLogger("ilr.serve")


class JobStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ServerBusy(AccessError):
    """Too many refreshes are running already; the caller should try again shortly."""


@dataclass
class Job:
    """One refresh of one spreadsheet, as the sheet's menu polls it."""

    id: str
    spreadsheet: str
    started: dt.datetime
    status: JobStatus = JobStatus.RUNNING
    finished: dt.datetime | None = None
    summary: str = ""
    error: str = ""
    progress: str = ""  # the last stage the refresh said, while it runs
    callers: set[str] = field(default_factory=set)  # who may follow it; never sent

    def to_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "job": self.id,
            "spreadsheet": self.spreadsheet,
            "status": str(self.status),
            "started": _iso(self.started),
        }
        if self.status is JobStatus.RUNNING and self.progress:
            answer["progress"] = self.progress
        if self.finished is not None:
            answer["finished"] = _iso(self.finished)
        if self.status is JobStatus.DONE:
            answer["summary"] = self.summary
        if self.status is JobStatus.FAILED:
            answer["error"] = self.error
        return answer


@dataclass
class Jobs:
    """The jobs this server knows: running ones, and the most recent finished ones."""

    refresher: Refresher
    max_running: int = 4  # refreshes of different sheets at once
    keep: int = 200  # finished jobs remembered for polling
    _jobs: dict[str, Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, spreadsheet: str, caller: str) -> tuple[Job, bool]:
        """Start refreshing `spreadsheet` for `caller`, or let them follow the one running.

        The flag is True for a new job. Raises `ServerBusy` when `max_running` are running.
        """
        with self._lock:
            running = [job for job in self._jobs.values() if job.status is JobStatus.RUNNING]
            for job in running:
                if job.spreadsheet == spreadsheet:
                    job.callers.add(caller)
                    return job, False
            if len(running) >= self.max_running:
                raise ServerBusy(
                    "The ILR server is busy with other refreshes: try again in a minute."
                )
            job = Job(secrets.token_urlsafe(12), spreadsheet, _now(), callers={caller})
            self._jobs[job.id] = job
            self._forget_old()
        worker = threading.Thread(
            target=self._run, args=(job,), name=f"refresh-{job.id}", daemon=True
        )
        worker.start()
        log.info("job %s: refreshing spreadsheet %s", job.id, spreadsheet)
        return job, True

    def status(self, job_id: str, caller: str) -> dict[str, Any] | None:
        """What the job's poller sees; None for a job this server does not know, or that
        `caller` did not ask for (the two look the same from outside)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.to_dict() if job and caller in job.callers else None

    def _run(self, job: Job) -> None:
        try:
            summary = self.refresher(job.spreadsheet, partial(self._note, job))
        except IlrError as error:
            log.warning("job %s failed: %s", job.id, type(error).__name__)
            self._finish(job, JobStatus.FAILED, error=str(error))
        except Exception as error:
            log.error("job %s failed: %s at %s", job.id, type(error).__name__, where(error))
            self._finish(
                job,
                JobStatus.FAILED,
                error="The refresh stopped because of an unexpected problem on the ILR server; "
                f"ask whoever runs the server to look at its log for job {job.id}.",
            )
        else:
            log.info("job %s done", job.id)
            self._finish(job, JobStatus.DONE, summary=summary)

    def _note(self, job: Job, stage: str) -> None:
        with self._lock:
            job.progress = stage

    def _finish(self, job: Job, status: JobStatus, *, summary: str = "", error: str = "") -> None:
        with self._lock:
            job.status, job.summary, job.error, job.finished = status, summary, error, _now()

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.status is not JobStatus.RUNNING]
        finished.sort(key=lambda job: job.finished or job.started)
        for job in finished[: max(len(finished) - self.keep, 0)]:
            del self._jobs[job.id]


def sheet_refresher(open_sheet: Callable[[str], Backend]) -> Refresher:
    """A `Refresher` that opens the sheet with `open_sheet` and runs the whole refresh.

    A district's sheet (one with a School List) is refused: its list would make the server
    open whatever it names, files on the server's disk or other sheets shared with its
    service account, for an editor of one sheet. A district rolls up with `ilr rollup` or
    `ilr refresh` on a computer that may read the schools' workbooks."""

    def refresh_sheet(spreadsheet: str, progress: Progress) -> str:
        from addin.app import refresh
        from addin.rollup import is_district

        backend = open_sheet(spreadsheet)
        try:
            if is_district(backend):
                raise UsageError(DISTRICT_ON_THE_SERVER)
            return refresh(backend, progress=progress).summary_line()
        finally:
            backend.close()

    return refresh_sheet


DISTRICT_ON_THE_SERVER = (
    "This sheet has a School List: a district rolls up with `ilr rollup` or `ilr refresh` "
    "on a computer that may read every school's workbook, not through the Refresh menu."
)


def google_refresher(credentials: Path | None) -> Refresher:
    """Refresh Google Sheets as a service account: `credentials`, else $ILR_GOOGLE_CREDENTIALS.

    Never a person's own `ilr login` token: a server holding it could reach every sheet that
    person can edit. Raises `UsageError` (no service account) or `AccessError` (no key file).
    """
    from sync.google import GoogleOptions, GoogleSheetsBackend
    from sync.google.auth import CREDENTIALS_ENV, load_account

    if credentials is None and not os.environ.get(CREDENTIALS_ENV):
        raise UsageError(_NEEDS_SERVICE_ACCOUNT)
    account = load_account(credentials)  # a bad key stops the start, not the first refresh
    if account.email is None:
        raise UsageError(_NEEDS_SERVICE_ACCOUNT)
    options = GoogleOptions(credentials=account.source)
    return sheet_refresher(lambda key: GoogleSheetsBackend.open(key, options))


_NEEDS_SERVICE_ACCOUNT = (
    "`ilr serve` refreshes as a service account, never as a person: pass --credentials KEY.json "
    "or set ILR_GOOGLE_CREDENTIALS to the service account's key file, and share each sheet "
    "with its email as Editor."
)


def where(error: BaseException) -> str:
    """The frames an error passed through, without its message or source lines: either could
    quote a cell of a person's sheet, and the server's log must not."""
    frames = traceback.extract_tb(error.__traceback__)
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
