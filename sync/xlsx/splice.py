"""Replacing the output sheets inside the person's workbook package, touching nothing else.

Loading and saving the person's file with openpyxl would drop shapes, data bars, sparklines,
slicers and (without keep_vba) macros and buttons. Instead the output tabs are rendered into a
scratch package and spliced into the person's package part by part:

- the old output sheets (those with the mark) go, with the parts only they used;
- the new sheets come in under free part names, with their drawings and charts;
- styles.xml gains the styles the new sheets use (`sync.xlsx.styles`);
- workbook.xml, its relationships and [Content_Types].xml are edited as text.

Every other part keeps its exact bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sync.backend import OUTPUT_MARKER
from sync.xlsx import xmltext
from sync.xlsx.package import (
    CALC_CHAIN,
    CONTENT_TYPES,
    RELATIONSHIPS_NS,
    STYLES,
    WORKSHEET,
    Package,
    Relationship,
    free_part_name,
    relative_target,
    rels_part,
)
from sync.xlsx.reading import WorkbookIndex, index_workbook
from sync.xlsx.styles import merge_styles

PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# The style of a cell, column or row: `<c r="B2" s="3"`, `<col min="1" style="3"`.
_STYLE = re.compile(r'(<(?:c|col|row)\s[^>]*?\b(?:s|style)=")(\d+)"')


@dataclass(frozen=True)
class NewSheet:
    name: str
    part: str  # its part name in the person's package
    relationship_id: str
    sheet_id: int


def splice(person: Package, scratch: Package, replaced: frozenset[int]) -> Package:
    """The person's package with the sheets at positions `replaced` (a `WritePlan`'s) removed
    and every sheet of `scratch` put first."""
    workbook_part = person.workbook_part()
    index = replace(index_workbook(person), marked=replaced)
    old_outputs = [sheet for position, sheet in enumerate(index.sheets) if position in index.marked]
    removed = _parts_only_used_by(person, [s.part for s in old_outputs if s.part])
    removed_relationships = {sheet.relationship_id for sheet in old_outputs}
    calc_chain = _stale_calc_chain(person, workbook_part, {s.sheet_id for s in old_outputs})
    if calc_chain is not None:
        removed.add(calc_chain.target)
        removed_relationships.add(calc_chain.id)
    removed |= {rels_part(part) for part in removed if rels_part(part) in person.parts}

    parts = person.parts.copy()
    for part in removed:
        del parts[part]
    content_types = _ContentTypes(person.text(CONTENT_TYPES))
    for part in removed:
        content_types.remove(part)

    styles_part = next(
        (r.target for r in person.relationships(workbook_part) if r.type == STYLES), None
    )
    scratch_styles = next(
        r.target for r in scratch.relationships(scratch.workbook_part()) if r.type == STYLES
    )
    scratch_index = index_workbook(scratch)
    sheet_texts = {s.part: scratch.text(s.part) for s in scratch_index.sheets if s.part}
    used = {int(m[2]) for text in sheet_texts.values() for m in _STYLE.finditer(text)}
    if styles_part is None:
        raise ValueError("the workbook has no styles part")
    styles = merge_styles(person.text(styles_part), scratch.text(scratch_styles), used)
    parts[styles_part] = styles.styles_xml.encode("utf-8")

    workbook_relationships = _Relationships(person.text(rels_part(workbook_part)))
    for relationship_id_ in removed_relationships:
        workbook_relationships.remove(relationship_id_)

    active_was_output = _active_tab(person.text(workbook_part)) in index.marked
    renamed: dict[str, str] = {}
    taken = set(parts)
    for sheet in scratch_index.sheets:
        assert sheet.part is not None
        for part in scratch.closure(sheet.part):
            folder, name = posixpath.split(part)
            stem, extension = re.fullmatch(r"(.*?)\d*\.(\w+)", name).groups()  # type: ignore[union-attr]
            renamed[part] = free_part_name(taken, folder, stem, extension)
            taken.add(renamed[part])

    next_sheet_id = max((s.sheet_id for s in index.sheets), default=0) + 1
    new_sheets: list[NewSheet] = []
    for position, sheet in enumerate(scratch_index.sheets):
        assert sheet.part is not None
        new_sheets.append(
            NewSheet(
                sheet.name,
                renamed[sheet.part],
                workbook_relationships.add(
                    WORKSHEET, relative_target(workbook_part, renamed[sheet.part])
                ),
                next_sheet_id + position,
            )
        )
        for part in scratch.closure(sheet.part):
            data = scratch.parts[part]
            if part == sheet.part:
                selected = active_was_output and position == 0
                data = _restyled_sheet(
                    sheet_texts[part], styles.cell_formats, styles.differential_formats, selected
                ).encode("utf-8")
            parts[renamed[part]] = data
            content_types.add(renamed[part], scratch_content_type(scratch, part))
            relationships = scratch.relationships(part)
            if relationships:
                parts[rels_part(renamed[part])] = _relationships_xml(
                    renamed[part], relationships, renamed
                ).encode("utf-8")

    parts[rels_part(workbook_part)] = workbook_relationships.text.encode("utf-8")
    parts[workbook_part] = _new_workbook_xml(person.text(workbook_part), index, new_sheets).encode(
        "utf-8"
    )
    parts[CONTENT_TYPES] = content_types.text.encode("utf-8")
    return Package({n: e for n, e in person.entries.items() if n in parts}, parts)


def _parts_only_used_by(package: Package, sheets: Sequence[str]) -> set[str]:
    """Parts reachable from the package only through `sheets` (the sheets included)."""
    roots = [r.target for r in package.relationships("") if not r.external]
    before = package.reachable(roots)
    after = package.reachable(roots, skip=set(sheets))
    return before - after


def _stale_calc_chain(
    package: Package, workbook_part: str, sheet_ids: set[int]
) -> Relationship | None:
    """The calcChain relationship when it lists cells of a removed sheet (Excel rebuilds it)."""
    for relationship in package.relationships(workbook_part):
        if relationship.type == CALC_CHAIN and relationship.target in package.parts:
            listed = {int(i) for i in re.findall(r'\bi="(\d+)"', package.text(relationship.target))}
            if listed & sheet_ids:
                return relationship
    return None


def _active_tab(workbook_xml: str) -> int:
    view = xmltext.find(workbook_xml, "workbookView")
    return int(view.attributes.get("activeTab", "0")) if view else 0


_DIFFERENTIAL = re.compile(r'\bdxfId="(\d+)"')


def _restyled_sheet(
    text: str, cell_formats: dict[int, int], differential: dict[int, int], selected: bool
) -> str:
    text = _STYLE.sub(lambda m: f'{m[1]}{cell_formats[int(m[2])]}"', text)
    text = _DIFFERENTIAL.sub(lambda m: f'dxfId="{differential[int(m[1])]}"', text)
    text = re.sub(r'\stabSelected="1"', "", text)
    if selected:
        text = text.replace("<sheetView ", '<sheetView tabSelected="1" ', 1)
    return text


def scratch_content_type(package: Package, part: str) -> str:
    """The content type of a part of the scratch package (openpyxl lists every part)."""
    for element in xmltext.find_all(package.text(CONTENT_TYPES), "Override"):
        if element.attributes["PartName"] == f"/{part}":
            return element.attributes["ContentType"]
    raise KeyError(part)


def _relationships_xml(
    source: str, relationships: Sequence[Relationship], renamed: dict[str, str]
) -> str:
    written = []
    for relationship in relationships:
        attributes = {"Id": relationship.id, "Type": relationship.type}
        if relationship.external:
            attributes |= {"Target": relationship.target, "TargetMode": "External"}
        else:
            attributes["Target"] = relative_target(source, renamed[relationship.target])
        written.append(xmltext.tag("", "Relationship", attributes))
    return (
        f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS_NS}">'
        f"{''.join(written)}</Relationships>"
    )


class _Relationships:
    """Text edits of a .rels part."""

    def __init__(self, text: str) -> None:
        self.text = text

    def ids(self) -> set[str]:
        return {e.attributes["Id"] for e in xmltext.find_all(self.text, "Relationship")}

    def remove(self, relationship_id_: str) -> None:
        for element in xmltext.find_all(self.text, "Relationship"):
            if element.attributes["Id"] == relationship_id_:
                self.text = self.text[: element.start] + self.text[element.end :]
                return

    def add(self, type_: str, target: str) -> str:
        ids = self.ids()
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        new_id = f"rId{number}"
        root = xmltext.find(self.text, "Relationships")
        assert root is not None
        tag = xmltext.tag(
            root.prefix, "Relationship", {"Id": new_id, "Type": type_, "Target": target}
        )
        if root.self_closing:
            opened = f"{self.text[root.start : root.end - 2]}>{tag}</{root.prefix}Relationships>"
            self.text = self.text[: root.start] + opened + self.text[root.end :]
        else:
            self.text = self.text[: root.inner_end] + tag + self.text[root.inner_end :]
        return new_id


class _ContentTypes:
    """Text edits of [Content_Types].xml."""

    def __init__(self, text: str) -> None:
        self.text = text

    def remove(self, part: str) -> None:
        for element in xmltext.find_all(self.text, "Override"):
            if element.attributes.get("PartName", "").lstrip("/") == part:
                self.text = self.text[: element.start] + self.text[element.end :]
                return

    def add(self, part: str, content_type: str) -> None:
        root = xmltext.find(self.text, "Types")
        assert root is not None
        tag = xmltext.tag(
            root.prefix, "Override", {"PartName": f"/{part}", "ContentType": content_type}
        )
        self.text = self.text[: root.inner_end] + tag + self.text[root.inner_end :]


def _new_workbook_xml(text: str, index: WorkbookIndex, new_sheets: list[NewSheet]) -> str:
    """workbook.xml with the new sheets first, old outputs gone, names and views remapped."""
    kept = [p for p in range(len(index.sheets)) if p not in index.marked]
    position = {old: len(new_sheets) + rank for rank, old in enumerate(kept)}
    edits = xmltext.Edits(text)

    sheets = xmltext.find(text, "sheets")
    assert sheets is not None
    prefix = sheets.prefix
    relationships_prefix = xmltext.namespace_prefix(text, RELATIONSHIPS_NS)
    new_sheet_tags = []
    for sheet in new_sheets:
        attributes = {"name": sheet.name, "sheetId": str(sheet.sheet_id)}
        if relationships_prefix is None:
            attributes |= {"xmlns:r": RELATIONSHIPS_NS, "r:id": sheet.relationship_id}
        else:
            attributes[f"{relationships_prefix}id"] = sheet.relationship_id
        new_sheet_tags.append(xmltext.tag(prefix, "sheet", attributes))
    old_sheet_elements = xmltext.find_all(text, "sheet", sheets.start_tag_end, sheets.inner_end)
    kept_text = "".join(
        text[e.start : e.end] for p, e in enumerate(old_sheet_elements) if p in position
    )
    edits.replace(sheets.start_tag_end, sheets.inner_end, "".join(new_sheet_tags) + kept_text)

    markers = "".join(
        xmltext.tag(
            prefix,
            "definedName",
            {"name": OUTPUT_MARKER, "localSheetId": str(p), "hidden": "1"},
            xmltext.text_of(marker_reference(sheet.name)),
        )
        for p, sheet in enumerate(new_sheets)
    )
    names = xmltext.find(text, "definedNames")
    if names is None:
        after = max(
            (
                e.end
                for n in ("sheets", "functionGroups", "externalReferences")
                if (e := xmltext.find(text, n)) is not None
            ),
        )
        edits.insert(after, xmltext.tag(prefix, "definedNames", {}, markers))
    else:
        for element in xmltext.find_all(text, "definedName", names.start_tag_end, names.inner_end):
            scope = element.attributes.get("localSheetId")
            if element.attributes.get("name") == OUTPUT_MARKER or (
                scope is not None and int(scope) not in position
            ):
                edits.replace(element.start, element.end, "")
            elif scope is not None and position[int(scope)] != int(scope):
                start = xmltext.set_attribute(
                    xmltext.start_tag(text, element), "localSheetId", str(position[int(scope)])
                )
                edits.replace(element.start, element.start_tag_end, start)
        if names.self_closing:
            edits.replace(names.start, names.end, xmltext.tag(prefix, "definedNames", {}, markers))
        else:
            edits.insert(names.inner_end, markers)

    for view in xmltext.find_all(text, "workbookView"):
        start = xmltext.start_tag(text, view)
        active = int(view.attributes.get("activeTab", "0"))
        if position.get(active, 0) != active:
            start = xmltext.set_attribute(start, "activeTab", str(position.get(active, 0)))
        # The tab bar scrolled to the start stays there, so the new tabs are in view.
        first = int(view.attributes.get("firstSheet", "0"))
        if first and position.get(first, 0) != first:
            start = xmltext.set_attribute(start, "firstSheet", str(position.get(first, 0)))
        edits.replace(view.start, view.start_tag_end, start)
    return edits.result()


def marker_reference(tab_name: str) -> str:
    """`'Next Visits'!$A$1`: what the output mark of a tab points at."""
    return "'" + tab_name.replace("'", "''") + "'!$A$1"
