"""Merging the output tabs' cell styles into the person's styles.xml.

The new sheets come from a scratch workbook whose style indexes mean nothing in the person's
file. Each style the new sheets use (font, fill, border, number format, cell format, and the
differential formats of conditional formatting) is found in the person's styles.xml or
appended to it, and the sheets' `s=`/`dxfId=` indexes are rewritten to match. Finding before
appending keeps styles.xml from growing on every refresh. Existing entries are never changed,
so every cell of the people's tabs keeps its look.

A workbook with an empty styles part (`<styleSheet/>`), or none, first gets the entries every
workbook has (the default font, the two fills Excel reserves, an empty border, the Normal
style), so index 0 still means "no style" for the people's cells.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Hashable
from dataclasses import dataclass, field

from sync.xlsx import xmltext

FIRST_CUSTOM_NUMBER_FORMAT = 164
# The order of styleSheet's children, so a missing container is inserted where it belongs.
STYLE_SHEET_ORDER = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
CHILD = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border"}
CHILD |= {"cellXfs": "xf", "dxfs": "dxf"}
# What a container holds in a workbook that has no styles yet ({p}: the main prefix).
DEFAULTS = {
    "fonts": '<{p}font><{p}sz val="11"/><{p}name val="Calibri"/><{p}family val="2"/></{p}font>',
    "fills": '<{p}fill><{p}patternFill patternType="none"/></{p}fill>'
    '<{p}fill><{p}patternFill patternType="gray125"/></{p}fill>',
    "borders": "<{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border>",
    "cellStyleXfs": '<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
    "cellXfs": '<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    "cellStyles": '<{p}cellStyle name="Normal" xfId="0" builtinId="0"/>',
}


def empty_style_sheet(namespace: str) -> str:
    """The styles part of a workbook that has none: an empty `styleSheet` in `namespace`."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{declaration}<styleSheet xmlns="{namespace}"/>'


def with_defaults(text: str) -> str:
    """`text` with each container of `DEFAULTS` that is missing or empty filled in."""
    root = xmltext.root(text)
    if root.self_closing:
        opened = f"{text[root.start : root.end - 2].rstrip()}></{root.prefix}styleSheet>"
        text = text[: root.start] + opened + text[root.end :]
    for name, default in DEFAULTS.items():
        root = xmltext.root(text)
        filled = default.format(p=root.prefix)
        count = str(filled.count(f"<{root.prefix}{_ITEM[name]}"))
        element = xmltext.find(text, name, root.start_tag_end, root.inner_end, root.prefix)
        if element is None:
            at = _insertion_point(text, name, root)
            text = text[:at] + xmltext.tag(root.prefix, name, {"count": count}, filled) + text[at:]
        elif not xmltext.find(text, _ITEM[name], element.start_tag_end, element.inner_end):
            start = xmltext.set_attribute(xmltext.start_tag(text, element), "count", count)
            if start.endswith("/>"):
                start = start[:-2].rstrip() + ">"
            replacement = f"{start}{filled}</{root.prefix}{name}>"
            text = text[: element.start] + replacement + text[element.end :]
    return text


_ITEM = CHILD | {"cellStyleXfs": "xf", "cellStyles": "cellStyle"}


@dataclass(frozen=True)
class StyleMap:
    """The person's new styles.xml and where each scratch index went."""

    styles_xml: str
    cell_formats: dict[int, int]  # scratch cellXfs index -> index in the person's file
    differential_formats: dict[int, int]  # scratch dxfs index -> index in the person's file


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def key(element: ET.Element) -> Hashable:
    """What an element means, ignoring the order of its children and attributes."""
    return (
        local(element.tag),
        tuple(sorted((local(k), v) for k, v in element.attrib.items())),
        (element.text or "").strip(),
        tuple(sorted((key(child) for child in element), key=repr)),
    )


@dataclass
class _Container:
    """One list of styles.xml (fonts, fills, ...): what is there, and what we append."""

    name: str
    keys: list[Hashable]
    appended: list[str] = field(default_factory=list)

    def index_of(self, element: ET.Element, prefix: str) -> int:
        element_key = key(element)
        if element_key in self.keys:
            return self.keys.index(element_key)
        self.keys.append(element_key)
        self.appended.append(serialize(element, prefix))
        return len(self.keys) - 1


def merge_styles(person_xml: str, scratch_xml: str, used_formats: set[int]) -> StyleMap:
    """Add the scratch cell formats in `used_formats` (and dxfs) to the person's styles."""
    person_xml = with_defaults(person_xml)
    person = ET.fromstring(person_xml)  # text, so a UTF-16 declaration does not mislead it
    scratch = ET.fromstring(scratch_xml)
    prefix = xmltext.root(person_xml).prefix
    containers = {
        name: _Container(name, [key(child) for child in _children(person, name)]) for name in CHILD
    }
    person_codes = {
        element.get("formatCode", ""): int(element.get("numFmtId", "0"))
        for element in _children(person, "numFmts")
    }
    scratch_codes = {
        int(element.get("numFmtId", "0")): element.get("formatCode", "")
        for element in _children(scratch, "numFmts")
    }
    next_code_id = max([FIRST_CUSTOM_NUMBER_FORMAT - 1, *person_codes.values()]) + 1

    def number_format_id(scratch_id: int) -> int:
        nonlocal next_code_id
        if scratch_id < FIRST_CUSTOM_NUMBER_FORMAT:
            return scratch_id  # built in: the same in every file
        code = scratch_codes[scratch_id]
        if code not in person_codes:
            person_codes[code] = next_code_id
            element = ET.Element("numFmt", numFmtId=str(next_code_id), formatCode=code)
            containers["numFmts"].appended.append(serialize(element, prefix))
            next_code_id += 1
        return person_codes[code]

    scratch_lists = {name: _children(scratch, name) for name in ("fonts", "fills", "borders")}
    scratch_xfs = _children(scratch, "cellXfs")
    cell_formats: dict[int, int] = {}
    for index in sorted(used_formats):
        xf = _copy(scratch_xfs[index])
        for attribute, container in (
            ("fontId", "fonts"),
            ("fillId", "fills"),
            ("borderId", "borders"),
        ):
            scratch_id = int(xf.get(attribute, "0"))
            xf.set(
                attribute,
                str(containers[container].index_of(scratch_lists[container][scratch_id], prefix)),
            )
        xf.set("numFmtId", str(number_format_id(int(xf.get("numFmtId", "0")))))
        xf.set("xfId", "0")  # the person's "Normal" cell style
        cell_formats[index] = containers["cellXfs"].index_of(xf, prefix)

    differential_formats = {
        index: containers["dxfs"].index_of(dxf, prefix)
        for index, dxf in enumerate(_children(scratch, "dxfs"))
    }
    return StyleMap(_append(person_xml, prefix, containers), cell_formats, differential_formats)


def _children(root: ET.Element, container: str) -> list[ET.Element]:
    for child in root:
        if local(child.tag) == container:
            return list(child)
    return []


def _copy(element: ET.Element) -> ET.Element:
    copied = ET.Element(local(element.tag), dict(element.attrib))
    copied.text = element.text
    copied.extend(_copy(child) for child in element)
    return copied


def serialize(element: ET.Element, prefix: str) -> str:
    """An element written with the person's prefix for the main namespace (usually none)."""
    attributes = {local(k): v for k, v in element.attrib.items()}
    inner = xmltext.text_of(element.text or "") + "".join(
        serialize(child, prefix) for child in element
    )
    return xmltext.tag(prefix, local(element.tag), attributes, inner or None)


def _append(text: str, prefix: str, containers: dict[str, _Container]) -> str:
    edits = xmltext.Edits(text)
    root = xmltext.root(text)
    for name, container in containers.items():
        if not container.appended:
            continue
        new = "".join(container.appended)
        count = str(len(container.keys))
        element = xmltext.find(text, name, root.start_tag_end, root.inner_end, prefix)
        if element is None:
            edits.insert(
                _insertion_point(text, name, root),
                xmltext.tag(prefix, name, {"count": count}, new),
            )
        elif element.self_closing:
            start = xmltext.set_attribute(xmltext.start_tag(text, element), "count", count)
            edits.replace(element.start, element.end, f"{start[:-2]}>{new}</{prefix}{name}>")
        else:
            start = xmltext.set_attribute(xmltext.start_tag(text, element), "count", count)
            edits.replace(element.start, element.start_tag_end, start)
            edits.insert(element.inner_end, new)
    return edits.result()


def _insertion_point(text: str, name: str, root: xmltext.Element) -> int:
    for later in STYLE_SHEET_ORDER[STYLE_SHEET_ORDER.index(name) + 1 :]:
        element = xmltext.find(text, later, root.start_tag_end, root.inner_end, root.prefix)
        if element is not None:
            return element.start
    return root.inner_end
