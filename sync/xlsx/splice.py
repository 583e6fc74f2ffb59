"""Replacing the output sheets inside the person's workbook package, touching nothing else.

Loading and saving the person's file with openpyxl would drop shapes, data bars, sparklines,
slicers and (without keep_vba) macros and buttons. Instead the output tabs are rendered into a
scratch package and spliced into the person's package part by part:

- the old output sheets (those with the mark) go, with the parts only they used;
- the new sheets come in under free part names, with their drawings and charts;
- styles.xml gains the styles the new sheets use (`sync.xlsx.styles`);
- workbook.xml, its relationships and [Content_Types].xml are edited as text;
- a form button drawn on an old output sheet (the Refresh button `ilr template --excel`
  puts on Summary: a VML drawing with `ObjectType="Button"`) stays, drawn on the new sheet
  of the same name.

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
    CONTENT_TYPES_NS,
    MAIN_NAMESPACES,
    MAIN_NS,
    PACKAGE_RELATIONSHIPS_NS,
    RELATIONSHIP_NAMESPACES,
    RELATIONSHIPS_NS,
    STRICT_MAIN_NS,
    STRICT_RELATIONSHIPS_NS,
    STYLES,
    WORKSHEET,
    Package,
    Parts,
    Relationship,
    free_part_name,
    part_key,
    relative_target,
    rels_part,
)
from sync.xlsx.reading import SheetEntry, WorkbookIndex, index_workbook
from sync.xlsx.styles import empty_style_sheet, merge_styles

STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
RELATIONSHIPS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
EMPTY_RELATIONSHIPS = f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS_NS}"/>'
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
    and every sheet of `scratch` put first.

    Raises `ValueError` when a part the splice must edit is not well-formed XML.
    """
    workbook_part = person.workbook_part()
    strict = person.is_strict()
    index = replace(index_workbook(person), marked=replaced)
    old_outputs = [sheet for position, sheet in enumerate(index.sheets) if position in index.marked]
    removed = _parts_only_used_by(person, [s.part for s in old_outputs if s.part])
    removed_relationships = {sheet.relationship_id for sheet in old_outputs}
    calc_chain = _stale_calc_chain(person, workbook_part, {s.sheet_id for s in old_outputs})
    if calc_chain is not None:
        removed.add(calc_chain.target)
        removed_relationships.add(calc_chain.id)
    removed = {name for part in removed if (name := person.parts.name_of(part)) is not None}
    removed |= {rels for part in removed if (rels := person.rels_of(part)) is not None}
    buttons = _buttons_of(person, old_outputs)
    for drawing in buttons.values():
        removed -= {drawing, person.rels_of(drawing)}

    parts = person.parts.copy()
    for part in removed:
        del parts[part]
    content_types = _ContentTypes(person.text(person.content_types))
    for part in removed:
        content_types.remove(part)

    workbook_rels = person.rels_of(workbook_part) or rels_part(workbook_part)
    workbook_relationships = _Relationships(
        person.text(workbook_rels) if workbook_rels in person.parts else EMPTY_RELATIONSHIPS
    )
    for relationship_id_ in removed_relationships:
        workbook_relationships.remove(relationship_id_)

    scratch_index = index_workbook(scratch)
    sheet_texts = {s.part: scratch.text(s.part) for s in scratch_index.sheets if s.part}
    used = {int(m[2]) for text in sheet_texts.values() for m in _STYLE.finditer(text)}
    styles_part = next(
        (r.target for r in person.relationships(workbook_part) if r.kind == STYLES), None
    )
    if styles_part is None or styles_part not in person.parts:
        styles_part = _new_styles_part(parts, person, workbook_part, workbook_relationships)
        content_types.add(styles_part, STYLES_CONTENT_TYPE)
        person_styles = empty_style_sheet(STRICT_MAIN_NS if strict else MAIN_NS)
    else:
        person_styles = person.text(styles_part)
    scratch_styles = next(
        r.target for r in scratch.relationships(scratch.workbook_part()) if r.kind == STYLES
    )
    styles = merge_styles(person_styles, scratch.text(scratch_styles), used)
    parts[styles_part] = person.encoded(styles_part, styles.styles_xml)

    relationships_ns = STRICT_RELATIONSHIPS_NS if strict else RELATIONSHIPS_NS
    active_was_output = _active_tab(person.text(workbook_part)) in index.marked
    renamed = _new_part_names(parts, scratch, scratch_index, workbook_part)
    conformed = to_strict if strict else str

    next_sheet_id = max((s.sheet_id for s in index.sheets), default=0) + 1
    new_sheets: list[NewSheet] = []
    for position, sheet in enumerate(scratch_index.sheets):
        assert sheet.part is not None
        new_sheets.append(
            NewSheet(
                sheet.name,
                renamed[sheet.part],
                workbook_relationships.add(
                    relationship_type(WORKSHEET, strict),
                    relative_target(workbook_part, renamed[sheet.part]),
                ),
                next_sheet_id + position,
            )
        )
        for part in scratch.closure(sheet.part):
            data = scratch.parts[part]
            relationships = scratch.relationships(part)
            if part == sheet.part:
                selected = active_was_output and position == 0
                text = _restyled_sheet(
                    sheet_texts[part], styles.cell_formats, styles.differential_formats, selected
                )
                if sheet.name in buttons and "<legacyDrawing" not in text:
                    text = _with_legacy_drawing(text, BUTTONS_ID, relationships_ns)
                    relationships.append(
                        Relationship(
                            BUTTONS_ID,
                            relationship_type(VML_DRAWING, strict),
                            buttons[sheet.name],
                            external=False,
                        )
                    )
                data = text.encode("utf-8")
            if strict and part.endswith(".xml"):
                data = to_strict(data.decode("utf-8")).encode("utf-8")
            parts[renamed[part]] = data
            content_types.add(renamed[part], scratch_content_type(scratch, part))
            if relationships:
                content_types.add_default("rels", RELATIONSHIPS_CONTENT_TYPE)
                parts[rels_part(renamed[part])] = conformed(
                    _relationships_xml(renamed[part], relationships, renamed)
                ).encode("utf-8")

    parts[workbook_rels] = person.encoded(workbook_rels, workbook_relationships.text)
    parts[workbook_part] = person.encoded(
        workbook_part, _new_workbook_xml(person.text(workbook_part), index, new_sheets)
    )
    if person.parts.name_of(rels_part(workbook_part)) is None:  # a new relationships part
        content_types.add_default("rels", RELATIONSHIPS_CONTENT_TYPE)
    parts[person.content_types] = person.encoded(person.content_types, content_types.text)
    return Package({n: e for n, e in person.entries.items() if n in parts}, parts)


def _new_part_names(
    parts: Parts, scratch: Package, scratch_index: WorkbookIndex, workbook_part: str
) -> dict[str, str]:
    """A free name in the person's package for every part of the new sheets, in the same
    folders beside the person's workbook part as the scratch parts are beside its own."""
    taken = Parts(dict.fromkeys(parts))
    scratch_folder = posixpath.dirname(scratch.workbook_part())
    home = posixpath.dirname(workbook_part.replace("\\", "/"))
    renamed: dict[str, str] = {}
    for sheet in scratch_index.sheets:
        assert sheet.part is not None
        for part in scratch.closure(sheet.part):
            folder, name = posixpath.split(part)
            folder = posixpath.normpath(
                posixpath.join(home, posixpath.relpath(folder, scratch_folder))
            )
            stem, extension = re.fullmatch(r"(.*?)\d*\.(\w+)", name).groups()  # type: ignore[union-attr]
            renamed[part] = free_part_name(taken, folder, stem, extension)
            taken[renamed[part]] = b""
    return renamed


def _new_styles_part(
    parts: Parts, person: Package, workbook_part: str, relationships: _Relationships
) -> str:
    """A name for the styles part a workbook without one gets, related from the workbook."""
    folder = posixpath.dirname(workbook_part.replace("\\", "/"))
    name = posixpath.join(folder, "styles.xml")
    if parts.name_of(name) is not None:
        name = free_part_name(parts, folder, "styles", "xml")
    relationships.add(
        relationship_type(STYLES, person.is_strict()), relative_target(workbook_part, name)
    )
    return name


def relationship_type(kind: str, strict: bool) -> str:
    """The full relationship type of `kind` in the workbook's conformance class."""
    return f"{STRICT_RELATIONSHIPS_NS if strict else RELATIONSHIPS_NS}/{kind}"


# Transitional namespaces and their Strict twins (ISO/IEC 29500-1, Strict conformance): the
# same path under purl.oclc.org without the year. Package (OPC) namespaces do not change.
_TRANSITIONAL = re.compile(
    r"http://schemas\.openxmlformats\.org/(spreadsheetml|drawingml|officeDocument)/2006/"
)


def to_strict(text: str) -> str:
    """A part openpyxl wrote (Transitional) in the namespaces of a Strict workbook."""
    return _TRANSITIONAL.sub(r"http://purl.oclc.org/ooxml/\1/", text)


VML_DRAWING = "vmlDrawing"
BUTTONS_ID = "rIdButtons"
# Elements that come after <legacyDrawing> in a worksheet (ECMA-376 Part 1, CT_Worksheet).
_AFTER_LEGACY_DRAWING = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def _buttons_of(person: Package, sheets: Sequence[SheetEntry]) -> dict[str, str]:
    """Tab name -> the VML drawing of form buttons on that old output sheet, for the sheets
    that have one (the drawing holds nothing but buttons: no comments' notes)."""
    found = {}
    for sheet in sheets:
        if sheet.part is None:
            continue
        for relationship in person.relationships(sheet.part):
            if relationship.kind != VML_DRAWING or relationship.target not in person.parts:
                continue
            vml = person.parts[relationship.target]
            if b'ObjectType="Button"' in vml and b'ObjectType="Note"' not in vml:
                found[sheet.name] = relationship.target
    return found


def _with_legacy_drawing(sheet_xml: str, relationship_id_: str, namespace: str) -> str:
    """A worksheet with `<legacyDrawing r:id>` where the schema puts it."""
    root = xmltext.root(sheet_xml)
    later = [
        found.start
        for name in _AFTER_LEGACY_DRAWING
        if (found := xmltext.find(sheet_xml, name, root.start_tag_end, root.inner_end))
    ]
    at = min(later, default=root.inner_end)
    tag = xmltext.tag(
        root.prefix, "legacyDrawing", {"xmlns:r": namespace, "r:id": relationship_id_}
    )
    return sheet_xml[:at] + tag + sheet_xml[at:]


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
        if relationship.kind == CALC_CHAIN and relationship.target in package.parts:
            listed = {int(i) for i in re.findall(r'\bi="(\d+)"', package.text(relationship.target))}
            if listed & sheet_ids:
                return relationship
    return None


def _active_tab(workbook_xml: str) -> int:
    view = xmltext.find(workbook_xml, "workbookView", namespace=MAIN_NAMESPACES)
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
    for element in xmltext.find_all(package.text(package.content_types), "Override"):
        if part_key(element.attributes["PartName"]) == part_key(part):
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
        else:  # a new part, or one of the person's the new part points at
            target = renamed.get(relationship.target, relationship.target)
            attributes["Target"] = relative_target(source, target)
        written.append(xmltext.tag("", "Relationship", attributes))
    return (
        f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS_NS}">'
        f"{''.join(written)}</Relationships>"
    )


class _Relationships:
    """Text edits of a .rels part."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _elements(self) -> list[xmltext.Element]:
        return xmltext.find_all(self.text, "Relationship", namespace=[PACKAGE_RELATIONSHIPS_NS])

    def ids(self) -> set[str]:
        return {e.attributes.get("Id", "") for e in self._elements()}

    def remove(self, relationship_id_: str) -> None:
        for element in self._elements():
            if element.attributes.get("Id") == relationship_id_:
                self.text = self.text[: element.start] + self.text[element.end :]
                return

    def add(self, type_: str, target: str) -> str:
        ids = self.ids()
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        new_id = f"rId{number}"
        root = xmltext.root(self.text)
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

    def _elements(self, name: str) -> list[xmltext.Element]:
        return xmltext.find_all(self.text, name, namespace=[CONTENT_TYPES_NS])

    def remove(self, part: str) -> None:
        for element in self._elements("Override"):
            if part_key(element.attributes.get("PartName", "")) == part_key(part):
                self.text = self.text[: element.start] + self.text[element.end :]
                return

    def add(self, part: str, content_type: str) -> None:
        self._insert("Override", {"PartName": f"/{part}", "ContentType": content_type})

    def add_default(self, extension: str, content_type: str) -> None:
        """The content type of every part named `*.extension`, unless one is declared."""
        declared = {e.attributes.get("Extension", "").lower() for e in self._elements("Default")}
        if extension.lower() not in declared:
            self._insert("Default", {"Extension": extension, "ContentType": content_type})

    def _insert(self, name: str, attributes: dict[str, str]) -> None:
        root = xmltext.root(self.text)
        tag = xmltext.tag(root.prefix, name, attributes)
        if root.self_closing:
            opened = f"{self.text[root.start : root.end - 2].rstrip()}>{tag}</{root.prefix}Types>"
            self.text = self.text[: root.start] + opened + self.text[root.end :]
        else:
            self.text = self.text[: root.inner_end] + tag + self.text[root.inner_end :]


def _new_workbook_xml(text: str, index: WorkbookIndex, new_sheets: list[NewSheet]) -> str:
    """workbook.xml with the new sheets first, old outputs gone, names and views remapped."""
    kept = [p for p in range(len(index.sheets)) if p not in index.marked]
    position = {old: len(new_sheets) + rank for rank, old in enumerate(kept)}
    edits = xmltext.Edits(text)

    sheets = xmltext.find(text, "sheets", namespace=MAIN_NAMESPACES)
    assert sheets is not None
    prefix = sheets.prefix
    # The prefix bound where the new <sheet>s go: a declaration on an old <sheet> (openpyxl
    # with lxml writes one on each) does not reach them, so they declare their own.
    relationships_prefix = sheets.prefix_for(RELATIONSHIP_NAMESPACES)
    strict = sheets.namespace == STRICT_MAIN_NS
    relationships_ns = STRICT_RELATIONSHIPS_NS if strict else RELATIONSHIPS_NS
    new_sheet_tags = []
    for sheet in new_sheets:
        attributes = {"name": sheet.name, "sheetId": str(sheet.sheet_id)}
        if not relationships_prefix:  # none in scope, or only as the default namespace
            attributes |= {"xmlns:r": relationships_ns, "r:id": sheet.relationship_id}
        else:
            attributes[f"{relationships_prefix}id"] = sheet.relationship_id
        new_sheet_tags.append(xmltext.tag(prefix, "sheet", attributes))
    old_sheet_elements = xmltext.find_all(
        text, "sheet", sheets.start_tag_end, sheets.inner_end, namespace=MAIN_NAMESPACES
    )
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
    names = xmltext.find(text, "definedNames", namespace=MAIN_NAMESPACES)
    if names is None:
        after = max(
            (
                e.end
                for n in ("sheets", "functionGroups", "externalReferences")
                if (e := xmltext.find(text, n, namespace=MAIN_NAMESPACES)) is not None
            ),
        )
        edits.insert(after, xmltext.tag(prefix, "definedNames", {}, markers))
    else:
        for element in xmltext.find_all(
            text, "definedName", names.start_tag_end, names.inner_end, namespace=MAIN_NAMESPACES
        ):
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

    for view in xmltext.find_all(text, "workbookView", namespace=MAIN_NAMESPACES):
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
