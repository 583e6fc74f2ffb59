"""Checking a spliced package before it replaces the person's file.

A refresh never leaves a file that does not open. The new file, written beside the workbook,
is checked before the rename (docs/design.md, Bad input):

- every part the refresh wrote is well-formed XML;
- every relationship points at a part that is there, and every part has a content type
  (what the person's file already lacked is not held against it);
- the same reader the tool uses (`read_index`, then calamine) lists every tab and reads back
  each tab the refresh wrote; the people's tabs are their own parts byte for byte, which the
  same reader read at the start of this refresh, so they are listed, not read again.

A file that fails is not written: `check_written` raises `WorkbookError` with one sentence.
"""

from __future__ import annotations

from pathlib import Path

import python_calamine

from sheets_templates.errors import WorkbookError
from sync.xlsx import xmltext
from sync.xlsx.package import CONTENT_TYPES_NS, Package, part_key
from sync.xlsx.reading import read_index


class DamagedResult(ValueError):
    """What is wrong with a spliced package, in a few words."""


def check_written(path: Path, written: Package, person: Package, workbook: Path) -> None:
    """Raise `WorkbookError` unless the package written to `path` would open.

    `written` is what was zipped there, `person` the workbook it came from (`workbook`).
    """
    try:
        _check_parts(written, person)
        _check_read_back(path, written)
    except DamagedResult as problem:
        raise WorkbookError(
            f"The refreshed '{workbook.name}' did not pass its check ({problem}), so the "
            f"workbook was left as it was: open it in Excel, save it, and refresh again."
        ) from problem


def _check_parts(written: Package, person: Package) -> None:
    for name in written.parts:
        if name.endswith((".xml", ".rels")) and not written.parts.stored(name):
            try:
                xmltext.check_well_formed(written.parts[name])
            except ValueError as exc:
                raise DamagedResult(f"{name} is not well-formed XML") from exc
    dangling = _dangling_targets(written) - _dangling_targets(person)
    if dangling:
        raise DamagedResult(f"a relationship points at the missing part {min(dangling)}")
    undeclared = _undeclared_parts(written) - _undeclared_parts(person)
    if undeclared:
        raise DamagedResult(f"the part {min(undeclared)} has no content type")


def _dangling_targets(package: Package) -> set[str]:
    """Internal relationship targets that name no part of `package`."""
    dangling = set()
    sources = [""] + [name for name in package.parts if not name.endswith(".rels")]
    for source in sources:
        for relationship in package.relationships(source):
            if not relationship.external and package.parts.name_of(relationship.target) is None:
                dangling.add(part_key(relationship.target))
    return dangling


def _undeclared_parts(package: Package) -> set[str]:
    """Parts [Content_Types].xml gives no content type (by name or by extension)."""
    text = package.text(package.content_types)
    overrides = {
        part_key(element.attributes.get("PartName", ""))
        for element in xmltext.find_all(text, "Override", namespace=[CONTENT_TYPES_NS])
    }
    defaults = {
        element.attributes.get("Extension", "").lower()
        for element in xmltext.find_all(text, "Default", namespace=[CONTENT_TYPES_NS])
    }
    return {
        part_key(name)
        for name in package.parts
        if name != package.content_types
        and not name.endswith("/")
        and part_key(name) not in overrides
        and name.rpartition(".")[2].lower() not in defaults
    }


def _check_read_back(path: Path, written: Package) -> None:
    """The tool's own reader lists the tabs and reads every one of them."""
    try:
        index = read_index(path)
    except WorkbookError as exc:
        raise DamagedResult("its list of tabs cannot be read") from exc
    names = [sheet.name for sheet in index.sheets]
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.CalamineError as exc:
        raise DamagedResult("it cannot be opened") from exc
    with book:
        if book.sheet_names != names:
            raise DamagedResult("its tabs are not the ones listed")
        for sheet in index.sheets:
            part = written.parts.name_of(sheet.part) if sheet.part else None
            if part is None:
                raise DamagedResult(f"the tab '{sheet.name}' has no sheet")
            if written.parts.stored(part):
                continue  # the person's, byte for byte as this refresh read them at its start
            try:
                book.get_sheet_by_name(sheet.name)
            except python_calamine.CalamineError as exc:
                raise DamagedResult(f"the tab '{sheet.name}' cannot be read") from exc
