"""The use cases, once: what the command line, the Excel button and the Google server offer.

Each takes an open `Backend`, does one job and returns a typed result. Nothing here prints,
reads the environment or saves a file (only the backend writes workbooks): the faces
(`addin.cli`, `addin.excel`, `addin.google`) show the result, read the pseudonym key and save
the packet or the snapshot, each in its own way.

    result = check(XlsxBackend(path), as_of=date(2026, 11, 20))
    result.stats.errors, [finding.code for finding in result.findings]

Every function raises `IlrError` subclasses only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reports.exports.deidentified import CopyCounts, DeidentifyOptions, deidentified_copy
from reports.exports.packet import PacketFormat, packet_bytes
from reports.exports.snapshot import snapshot_bytes, snapshot_month
from reports.tabs.issues import CheckStats, check_stats
from sheets_templates.findings import Finding
from sync import pipeline
from sync.backend import Backend
from sync.pipeline import Progress, RefreshResult, quiet, read_book


def refresh(
    backend: Backend, *, as_of: dt.date | None = None, progress: Progress | None = None
) -> RefreshResult:
    """Check the input tabs and rewrite every output tab (`sync.pipeline.refresh`)."""
    return pipeline.refresh(backend, as_of=as_of, progress=progress)


@dataclass(frozen=True)
class CheckResult:
    """What `ilr check` reports: the Issues tab's figures and its findings, in its order."""

    stats: CheckStats
    findings: tuple[Finding, ...]
    year_note: str = ""  # the school year was assumed: one sentence saying so

    @property
    def valid(self) -> bool:
        """No finding of severity error."""
        return self.stats.valid

    def to_dict(self) -> dict[str, Any]:
        """`{"valid": ..., "stats": ..., "findings": [...]}`, the shape of `ilr check --json`."""
        return {
            "valid": self.valid,
            "stats": self.stats.to_dict(),
            "findings": [finding.to_dict() for finding in self.findings],
        }


def check(
    backend: Backend, *, as_of: dt.date | None = None, progress: Progress | None = None
) -> CheckResult:
    """Read and check the input tabs; nothing is written."""
    book = read_book(backend, as_of, progress)
    findings = tuple(sorted(book.findings, key=lambda finding: finding.sort_key))
    return CheckResult(check_stats(book), findings, book.settings.assumed_year_note)


@dataclass(frozen=True)
class Packet:
    """The ILT meeting packet, drawn: the document's bytes, ready to save or send."""

    format: PacketFormat
    data: bytes


def packet(
    backend: Backend,
    format: PacketFormat,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> Packet:
    """Read the input tabs and draw the two-page packet as a PDF or an HTML page."""
    say = progress or quiet
    book = read_book(backend, as_of, say)
    say("Drawing the packet")
    return Packet(format, packet_bytes(book, format))


@dataclass(frozen=True)
class Snapshot:
    """The one-page staff snapshot, drawn, and the month it describes (its first day)."""

    format: PacketFormat
    month: dt.date
    data: bytes


def snapshot(
    backend: Backend,
    format: PacketFormat,
    *,
    month: dt.date | None = None,
    current: bool = False,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> Snapshot:
    """Read the input tabs and draw the staff snapshot of `month` (any day of it), of the
    month of as-of so far when `current`, else of the last full month. Raises `UsageError`
    for a month outside the school year up to as-of."""
    say = progress or quiet
    book = read_book(backend, as_of, say)
    shown = snapshot_month(book, month, current)
    say("Drawing the snapshot")
    return Snapshot(format, shown, snapshot_bytes(book, shown, format))


@dataclass(frozen=True)
class DeidentifyResult:
    """Where the de-identified copy was written, and what `About this copy` counts."""

    location: str
    counts: CopyCounts


def deidentify(
    backend: Backend,
    destination: str,
    options: DeidentifyOptions,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> DeidentifyResult:
    """Write a de-identified copy of a log into a brand-new workbook at `destination`."""
    say = progress or quiet
    book = read_book(backend, as_of, say)
    say("Removing names")
    copy = deidentified_copy(book, options)
    return DeidentifyResult(backend.create(destination, copy.tabs), copy.counts)
