"""A refresh never leaves a file that does not open: the new package is checked first.

The splice is made to go wrong on purpose (a part cut short, a relationship to nowhere, a
part with no content type); each time the workbook keeps its bytes, no temp file is left,
and the message is one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sheets_templates.errors import WorkbookError
from sync.xlsx import XlsxBackend
from sync.xlsx import backend as xlsx_backend
from sync.xlsx.package import Package
from sync.xlsx.splice import splice
from tests.sync.package_shapes import base_parts, write
from tests.sync.sample_tabs import sample_tabs


def cut_short(package: Package) -> None:
    name = package.workbook_part()
    package.parts[name] = package.parts[name][:-20]


def dangling(package: Package) -> None:
    rels = "xl/worksheets/_rels/sheet1.xml.rels"
    package.parts[rels] = package.parts[rels].replace(b"drawing1.xml", b"drawing9.xml")


def undeclared(package: Package) -> None:
    package.parts["xl/media/note.bin"] = b"\x00"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (cut_short, "xl/workbook.xml is not well-formed XML"),
        (dangling, "a relationship points at the missing part xl/drawings/drawing9.xml"),
        (undeclared, "the part xl/media/note.bin has no content type"),
    ],
)
def test_a_package_that_fails_its_check_is_not_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[Package], None],
    problem: str,
) -> None:
    path = write(base_parts(), tmp_path / "ILT log.xlsx")
    before = path.read_bytes()

    def damaged(*args: object) -> Package:
        package = splice(*args)  # type: ignore[arg-type]
        damage(package)
        return package

    monkeypatch.setattr(xlsx_backend, "splice", damaged)
    with pytest.raises(WorkbookError) as refused:
        XlsxBackend(path).write(sample_tabs())
    assert str(refused.value) == (
        f"The refreshed 'ILT log.xlsx' did not pass its check ({problem}), so the workbook "
        "was left as it was: open it in Excel, save it, and refresh again."
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ILT log.xlsx"]
