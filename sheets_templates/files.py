"""Replacing a workbook file safely: lock checks, a temp file, a backup, one rename.

docs/design.md (Bad input): a file is replaced atomically, the previous version kept as a
backup, and a write that fails leaves it as it was. The template and the .xlsx backend both
write through `replace_file`, so the rule is kept in one place.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from sheets_templates.errors import WorkbookError, WorkbookLocked


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel (`~$Name.xlsx`) and LibreOffice (`.~lock.Name.xlsx#`) leave."""
    name = path.name
    # Excel shortens long names by dropping their first two characters.
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [
        path.with_name(candidate) for candidate in candidates if path.with_name(candidate).exists()
    ]


def check_unlocked(path: Path) -> None:
    """Raise `WorkbookLocked` if the file is open in Excel or LibreOffice, or read-only."""
    if lock_files(path):
        raise WorkbookLocked(
            f"'{path.name}' is open in Excel or LibreOffice: close it there and refresh again."
        )
    writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if not writable:
        raise WorkbookLocked(
            f"'{path.name}' is read-only or in a folder that cannot be written: save a copy "
            f"somewhere you can edit, or change its permissions, and refresh again."
        )


def backup_path(path: Path) -> Path:
    """`Walkthroughs.xlsx` -> `Walkthroughs.backup.xlsx`, beside it."""
    return path.with_name(f"{path.stem}.backup{path.suffix}")


def replace_file(path: Path, write: Callable[[Path], None], *, backup: bool) -> None:
    """Write a new version of `path` with `write(temp)`, then swap it in with one rename.

    The previous version is kept as `backup_path(path)` when `backup` is set. Any failure
    leaves `path` as it was. Raises `WorkbookLocked` when the rename is refused, and
    `WorkbookError` when the folder is missing or the disk refuses the write.
    """
    if not path.parent.is_dir():
        raise WorkbookError(f"The folder for '{path.name}' does not exist: {path.parent}.")
    try:
        temp = _new_temp_file(path)  # a folder that refuses new files refuses it here
        try:
            _swap_in(temp, path, write, backup=backup)
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


def _swap_in(temp: Path, path: Path, write: Callable[[Path], None], *, backup: bool) -> None:
    """Write `temp`, keep the backup, then rename `temp` over `path`."""
    write(temp)
    if path.exists():
        shutil.copymode(path, temp)  # the person's permissions, not a temp file's
    if backup and path.exists():
        _copy_atomically(path, backup_path(path))
    try:
        os.replace(temp, path)
    except PermissionError as exc:
        raise WorkbookLocked(
            f"'{path.name}' could not be replaced, probably because it is open in Excel: "
            f"close it there and refresh again."
        ) from exc


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
