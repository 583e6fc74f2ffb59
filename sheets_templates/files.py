"""Replacing a workbook file safely: lock checks, a temp file, a backup, one rename.

docs/design.md (Bad input): a file is replaced atomically, the last three versions kept as
dated backups, and a write that fails, or finds the file saved meanwhile, leaves it as it
was. Every command that writes a workbook writes through `replace_file`, so the rule is kept
in one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sheets_templates.errors import UsageError, WorkbookChanged, WorkbookError, WorkbookLocked


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel (`~$Name.xlsx`) and LibreOffice (`.~lock.Name.xlsx#`) leave."""
    name = path.name
    # Excel shortens long names by dropping their first two characters.
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [
        path.with_name(candidate) for candidate in candidates if path.with_name(candidate).exists()
    ]


def check_unlocked(path: Path) -> None:
    """Raise `WorkbookLocked` if the file is open in Excel or LibreOffice, or read-only.

    Through a symbolic link, the lock files beside the link and beside its target both count.
    """
    if lock_files(path) or lock_files(real_file(path)):
        raise WorkbookLocked(
            f"'{path.name}' is open in Excel or LibreOffice: close it there and refresh again."
        )
    path = real_file(path)
    writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if not writable:
        raise WorkbookLocked(
            f"'{path.name}' is read-only or in a folder that cannot be written: save a copy "
            f"somewhere you can edit, or change its permissions, and refresh again."
        )


BACKUP_GENERATIONS = 3
_BACKUP_STAMP = "%Y-%m-%dT%H%M"
# A temp file a killed write left behind is removed by a later write once it is this old.
LEFTOVER_AGE = dt.timedelta(hours=1)
_clock: Callable[[], dt.datetime] = dt.datetime.now  # the time a backup is named after


def backup_path(path: Path, when: dt.datetime) -> Path:
    """`Walkthroughs.xlsx` -> `Walkthroughs.backup-2026-12-03T1042.xlsx`, beside it."""
    return path.with_name(f"{path.stem}.backup-{when:{_BACKUP_STAMP}}{path.suffix}")


def is_backup(path: Path) -> bool:
    """True for a backup this tool made (`Walkthroughs.backup-2026-12-03T1042.xlsx`)."""
    return re.search(r"\.backup-\d{4}-\d\d-\d\dT\d{4}(\d\d)?$", path.stem) is not None


def backups(path: Path) -> list[Path]:
    """The backups of `path` beside it, oldest first (by the date in their names)."""
    pattern = re.compile(
        rf"{re.escape(path.stem)}\.backup-(\d{{4}}-\d\d-\d\dT\d{{4}})(\d\d)?"
        rf"{re.escape(path.suffix)}"
    )
    found = []
    for candidate in path.parent.iterdir():
        if match := pattern.fullmatch(candidate.name):
            found.append((match[1] + (match[2] or "00"), candidate))
    return [candidate for _, candidate in sorted(found)]


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when it was read: its size, modification time and SHA-256."""

    size: int
    modified_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        with path.open("rb") as file:
            stat = os.fstat(file.fileno())
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        return cls(stat.st_size, stat.st_mtime_ns, digest)


def real_file(path: Path) -> Path:
    """The file `path` names: a symbolic link's target (followed to the end), else `path`."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def replace_file(
    path: Path,
    write: Callable[[Path], None],
    *,
    backup: bool,
    expected: Fingerprint | None = None,
) -> None:
    """Write a new version of `path` with `write(temp)`, then swap it in with one rename.

    Through a symbolic link the target is replaced, and the link stays. The new file keeps
    the old one's mode, and its owner and group where the system allows. With `backup`, the
    previous version is kept as `backup_path(path, now)`, and only the newest
    `BACKUP_GENERATIONS` backups stay. With `expected`, the file must still be as it was read
    (`Fingerprint`), or nothing is replaced. Any failure leaves `path` as it was.

    Raises `WorkbookChanged` when the file changed since `expected`, `WorkbookLocked` when the
    rename is refused, and `WorkbookError` when the folder is missing, the file is a hard
    link, or the disk refuses the write.
    """
    target = real_file(path)
    if not target.parent.is_dir():
        raise WorkbookError(f"The folder for '{path.name}' does not exist: {path.parent}.")
    if target.is_file() and target.stat().st_nlink > 1:
        raise WorkbookError(
            f"'{path.name}' is a hard link (the same file has another name too), which a "
            f"refresh would split in two: make a copy of its own, or link to it with a "
            f"shortcut (a symbolic link), and try again."
        )
    try:
        _remove_leftovers(target)
        temp = _new_temp_file(target)  # a folder that refuses new files refuses it here
        try:
            _swap_in(temp, target, write, backup=backup, expected=expected)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    except OSError as exc:
        if isinstance(exc, PermissionError):
            raise WorkbookLocked(
                f"'{path.name}' could not be written: close it in any program that has it "
                "open, check you may edit that folder, and try again."
            ) from exc
        reason = exc.strerror or str(exc)
        raise WorkbookError(f"'{path.name}' could not be written: {reason}.") from exc


def _swap_in(
    temp: Path,
    path: Path,
    write: Callable[[Path], None],
    *,
    backup: bool,
    expected: Fingerprint | None,
) -> None:
    """Write `temp`, keep the backup, check the file is still as read, rename `temp` over it."""
    write(temp)
    if path.exists():
        _keep_owner_and_mode(path, temp)
    if expected is not None and Fingerprint.of(path) != expected:
        raise WorkbookChanged(
            f"The workbook changed while refreshing: refresh again (the version of "
            f"'{path.name}' saved meanwhile is kept as it is)."
        )
    if backup and path.exists():
        _keep_backup(path)
    try:
        os.replace(temp, path)
    except PermissionError as exc:
        raise WorkbookLocked(
            f"'{path.name}' could not be replaced, probably because it is open in Excel: "
            f"close it there and refresh again."
        ) from exc


def _keep_owner_and_mode(path: Path, temp: Path) -> None:
    """The person's permissions, owner and group on the new file, not a temp file's.

    Only an administrator may give a file away, so the owner is kept when the system allows;
    the group is kept whenever the person is in it (teammates on a shared folder).
    """
    stat = path.stat()
    shutil.copymode(path, temp)
    if hasattr(os, "chown"):
        for owner, group in ((stat.st_uid, stat.st_gid), (-1, stat.st_gid)):
            try:
                os.chown(temp, owner, group)
                return
            except PermissionError:
                continue


def _keep_backup(path: Path) -> None:
    """Copy `path` to a dated backup, then drop all but the newest `BACKUP_GENERATIONS`."""
    now = _clock()
    destination = backup_path(path, now)
    if destination.exists():  # a second write in the same minute: the seconds tell them apart
        destination = destination.with_name(
            destination.name.replace(f"{now:{_BACKUP_STAMP}}", f"{now:{_BACKUP_STAMP}%S}")
        )
    _copy_atomically(path, destination)
    for old in backups(path)[:-BACKUP_GENERATIONS]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()


def _temp_names(beside: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(beside.stem)}\.[0-9a-f]{{8}}\.tmp")


def _remove_leftovers(beside: Path) -> None:
    """Delete temp files of `beside` that a killed write left, once they are old enough that
    no write still running can own them."""
    pattern, limit = _temp_names(beside), time.time() - LEFTOVER_AGE.total_seconds()
    for candidate in beside.parent.iterdir():
        if pattern.fullmatch(candidate.name):
            with contextlib.suppress(OSError):
                if candidate.stat().st_mtime < limit:
                    candidate.unlink()


def _new_temp_file(beside: Path) -> Path:
    """An empty file next to `beside`, created with the usual permissions (umask applies)."""
    while True:
        temp = beside.with_name(f".{beside.stem}.{secrets.token_hex(4)}.tmp")
        with contextlib.suppress(FileExistsError), temp.open("xb"):
            return temp


def _copy_atomically(source: Path, destination: Path) -> None:
    temp = _new_temp_file(destination)
    try:
        shutil.copy2(source, temp)
        os.replace(temp, destination)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def check_new_file(path: Path, *, force: bool) -> None:
    """Raise `UsageError` when `path` exists and `force` was not given.

    No command replaces an existing file unasked; with `--force` the old one is kept as a
    backup (`backup_path`).
    """
    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(
            f"'{path.name}' already exists: choose another file name, or add --force to "
            f"replace it (the old file is kept as {path.stem}.backup-DATE{path.suffix})."
        )
