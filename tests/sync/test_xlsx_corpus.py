"""The splice on a corpus of workbooks other programs wrote: every file in the folder
`$ILR_XLSX_CORPUS` (for example the test workbooks of calamine or openpyxl, written by Excel,
LibreOffice, Google Sheets and libraries), refreshed twice.

Each comes back with every part of its own byte for byte (but the four a refresh edits) and
its tabs reading the same, or is refused in one sentence and keeps its bytes. Without the
folder the test is skipped: the corpus is fetched, not kept in this repository.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from sheets_templates.errors import IlrError
from sync.xlsx import XlsxBackend
from tests.sync.test_xlsx_real_files import edited_parts, parts, refresh_twice


def corpus() -> list[Path]:
    folder = os.environ.get("ILR_XLSX_CORPUS")
    if not folder:
        return []
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))


def readable_tabs(path: Path) -> dict[str, list[list[object]]] | None:
    """Every tab's values, or None when the tool cannot read the file."""
    try:
        backend = XlsxBackend(path)
        names = [tab.name for tab in backend.tabs() if not tab.is_output]
        return {name: backend.read([name])[name].rows for name in names}
    except IlrError:
        return None


def refused(path: Path) -> IlrError | None:
    """Two refreshes of `path`: the refusal, or None when both were written."""
    try:
        refresh_twice(path)
    except IlrError as refusal:
        return refusal
    return None


@pytest.mark.skipif(not corpus(), reason="set ILR_XLSX_CORPUS to a folder of workbooks")
@pytest.mark.parametrize("original", corpus(), ids=lambda path: path.name)
def test_a_corpus_workbook_keeps_every_part_or_is_refused(original: Path, tmp_path: Path) -> None:
    path = tmp_path / original.name
    shutil.copyfile(original, path)
    raw = path.read_bytes()
    try:
        before = parts(path)
        edited = edited_parts(path)
    except (zipfile.BadZipFile, IlrError):  # damaged or encrypted: it must be refused
        before, edited = {}, set()
    tabs_before = readable_tabs(path)
    refusal = refused(path)
    if refusal is not None:
        message = str(refusal)
        assert "\n" not in message
        assert message.endswith(".")
        assert path.read_bytes() == raw
        return
    assert before, "a file that cannot be read as a zip was written"
    after = parts(path)
    for name, data in before.items():
        if name not in edited:
            assert after.get(name) == data, name
    if tabs_before is not None:
        tabs_after = readable_tabs(path)
        assert tabs_after is not None
        assert {name: tabs_after[name] for name in tabs_before} == tabs_before
