"""Workbooks in the shapes other programs write, for the splice tests.

`base_parts` is a small log as openpyxl saves it: a Walkthroughs tab with a drawing and two
charts, and a Notes tab. Each shape below rewrites those parts the way one real exporter does
(the case of a part name, where a namespace is declared, the encoding of a part...), so a test
can refresh the file and check that the person's parts come back as they were. Every name and
value is invented.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, LineChart, Reference

Parts = dict[str, bytes]
Shape = Callable[[Parts], Parts]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
LOG_ROWS = [
    ["Date", "Observer", "Teacher", "Minutes"],
    ["2026-09-14", "Obs A", "T1", 12],
    ["2026-09-15", "Obs B", "T2", 9],
    ["2026-09-16", "Obs A", "T3", 15],
]
NOTES = "Notes"


def base_parts() -> Parts:
    """The log as openpyxl writes it: Walkthroughs (with a drawing of two charts), Notes."""
    workbook = openpyxl.Workbook()
    log = workbook.active
    log.title = "Walkthroughs"
    for row in LOG_ROWS:
        log.append(row)
    for chart in (BarChart(), LineChart()):
        chart.add_data(Reference(log, min_col=4, min_row=1, max_row=4), titles_from_data=True)
        log.add_chart(chart, "F2" if isinstance(chart, BarChart) else "F20")
    workbook.create_sheet(NOTES).append(["Agenda", "Bring the rotation figures"])
    data = io.BytesIO()
    workbook.save(data)
    with zipfile.ZipFile(data) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(parts: Parts, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _renamed(parts: Parts, old: str, new: str) -> Parts:
    return {new if name == old else name: data for name, data in parts.items()}


def _decoded(data: bytes) -> tuple[str, str]:
    """A part's text and its encoding (UTF-16 by its byte order mark, else UTF-8)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le"), "utf-16"
    return data.decode("utf-8"), "utf-8"


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode("utf-8")


def _edit(parts: Parts, name: str, edit: Callable[[str], str]) -> Parts:
    """`parts` with the text of `name` edited, in its own encoding (none: unchanged)."""
    if name not in parts:
        return parts
    text, encoding = _decoded(parts[name])
    return parts | {name: _encoded(edit(text), encoding)}


def _in_utf16(parts: Parts, name: str) -> Parts:
    if name not in parts:
        return parts
    text, _ = _decoded(parts[name])
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>' + text
    else:
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return parts | {name: _encoded(text, "utf-16")}


def sheet_named_in_capitals(parts: Parts) -> Parts:
    """`Sheet1.xml` with its relationships at `_rels/sheet1.xml.rels` (names differ in case)."""
    parts = _renamed(parts, "xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml")
    parts = _edit(parts, "xl/_rels/workbook.xml.rels", lambda t: t.replace("sheet1.", "Sheet1."))
    return _edit(parts, "[Content_Types].xml", lambda t: t.replace("sheet1.", "Sheet1."))


def relationships_namespace_on_each_sheet(parts: Parts) -> Parts:
    """`xmlns:r` on every `<sheet>` instead of the root, as lxml serialises openpyxl's tree."""

    def moved(text: str) -> str:
        text = text.replace(f' xmlns:r="{R}"', "", 1)
        return text.replace("<sheet ", f'<sheet xmlns:r="{R}" ')

    return _edit(parts, "xl/workbook.xml", moved)


def self_closed_style_sheet(parts: Parts) -> Parts:
    """An empty styles part: `<styleSheet/>`."""
    return parts | {"xl/styles.xml": f'<styleSheet xmlns="{MAIN}"/>'.encode()}


def no_styles_part(parts: Parts) -> Parts:
    """No styles part at all (some generators leave it out)."""
    parts = {name: data for name, data in parts.items() if name != "xl/styles.xml"}
    parts = _edit(
        parts,
        "xl/_rels/workbook.xml.rels",
        lambda t: re.sub(r"<Relationship [^>]*/styles\"[^>]*/>", "", t),
    )
    return _edit(
        parts,
        "[Content_Types].xml",
        lambda t: t.replace(
            f'<Override PartName="/xl/styles.xml" ContentType="{STYLES_TYPE}" />', ""
        ),
    )


STRICT_NAMESPACES = {
    MAIN: "http://purl.oclc.org/ooxml/spreadsheetml/main",
    R: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "http://purl.oclc.org/ooxml/drawingml/chart",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": (
        "http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"
    ),
}


def strict_open_xml(parts: Parts) -> Parts:
    """Excel's "Strict Open XML Spreadsheet": the ISO namespaces, `conformance="strict"`."""

    def strict(text: str) -> str:
        for transitional, iso in STRICT_NAMESPACES.items():
            text = text.replace(transitional, iso)
        return text

    for name in [n for n in parts if n.endswith((".xml", ".rels"))]:
        parts = _edit(parts, name, strict)
    return _edit(
        parts,
        "xl/workbook.xml",
        lambda t: t.replace("<workbook ", '<workbook conformance="strict" ', 1),
    )


def parts_outside_xl(parts: Parts) -> Parts:
    """Every part of the workbook under `book/`, not `xl/` (the folder is the writer's choice)."""
    for name in [n for n in parts if n.endswith((".xml", ".rels"))]:
        parts = _edit(parts, name, lambda t: t.replace("/xl/", "/book/").replace('"xl/', '"book/'))
    return {re.sub(r"^xl/", "book/", name): data for name, data in parts.items()}


def utf16_content_types(parts: Parts) -> Parts:
    """[Content_Types].xml in UTF-16 with a byte order mark, as some .NET writers save it."""
    return _in_utf16(parts, "[Content_Types].xml")


def relationship_without_target(parts: Parts) -> Parts:
    """A workbook relationship that has no Target (it points at nothing)."""
    return _edit(
        parts,
        "xl/_rels/workbook.xml.rels",
        lambda t: t.replace(
            "</Relationships>",
            f'<Relationship Id="rId90" Type="{R}/customXml" /></Relationships>',
        ),
    )


def percent_encoded_part_name(parts: Parts) -> Parts:
    """The Notes sheet stored as `walk%20log.xml`, its target written the same way."""
    parts = _renamed(parts, "xl/worksheets/sheet2.xml", "xl/worksheets/walk%20log.xml")
    parts = _edit(
        parts, "xl/_rels/workbook.xml.rels", lambda t: t.replace("sheet2.xml", "walk%20log.xml")
    )
    return _edit(parts, "[Content_Types].xml", lambda t: t.replace("sheet2.xml", "walk%20log.xml"))


CHARACTER_REFERENCE_NAME = "Café Notes"


def character_references_in_tab_names(parts: Parts) -> Parts:
    """The Notes tab named with numeric character references: `Caf&#233; &#x4E;otes`."""
    return _edit(
        parts,
        "xl/workbook.xml",
        lambda t: t.replace(f'name="{NOTES}"', 'name="Caf&#233; &#x4E;otes"'),
    )


UNICODE_NAME = "Réunion ✓ 📋"


def unicode_tab_name(parts: Parts) -> Parts:
    """The Notes tab named in UTF-8 beyond Latin and the first plane (`Réunion ✓ 📋`)."""
    return _edit(
        parts, "xl/workbook.xml", lambda t: t.replace(f'name="{NOTES}"', f'name="{UNICODE_NAME}"')
    )


def backslashes_in_entry_names(parts: Parts) -> Parts:
    """Zip entries named `xl\\workbook.xml`, as some Windows tools write them."""
    return {name.replace("/", "\\"): data for name, data in parts.items()}


def relationships_by_override_only(parts: Parts) -> Parts:
    """No `Default` content type for .rels: each relationships part named in an `Override`."""
    rels_type = "application/vnd.openxmlformats-package.relationships+xml"
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{rels_type}"/>'
        for name in parts
        if name.endswith(".rels")
    )

    def declared(text: str) -> str:
        text = re.sub(r'<Default Extension="rels"[^>]*/>', "", text)
        return text.replace("</Types>", overrides + "</Types>")

    return _edit(parts, "[Content_Types].xml", declared)


SHAPES: dict[str, Shape] = {
    "capitals": sheet_named_in_capitals,
    "namespace on each sheet": relationships_namespace_on_each_sheet,
    "self-closed styles": self_closed_style_sheet,
    "no styles part": no_styles_part,
    "strict": strict_open_xml,
    "outside xl": parts_outside_xl,
    "utf-16 content types": utf16_content_types,
    "relationship without target": relationship_without_target,
    "percent-encoded name": percent_encoded_part_name,
    "character references": character_references_in_tab_names,
    "backslashes": backslashes_in_entry_names,
    "unicode tab name": unicode_tab_name,
    "rels by override only": relationships_by_override_only,
}


def _prefixed(text: str, namespace: str, prefix: str = "x") -> str:
    """A part whose default namespace `namespace` is written with a prefix instead."""
    if f'xmlns="{namespace}"' not in text:
        return text
    text = text.replace(f'xmlns="{namespace}"', f'xmlns:{prefix}="{namespace}"', 1)
    text = re.sub(r"<(?![?!/])([A-Za-z]\w*)(?=[\s/>])", rf"<{prefix}:\1", text)
    return re.sub(r"</([A-Za-z]\w*)>", rf"</{prefix}:\1>", text)


def main_namespace_prefixed(parts: Parts) -> Parts:
    """workbook.xml and styles.xml with `x:` on every element (`<x:workbook xmlns:x=...>`)."""
    for name in ("xl/workbook.xml", "xl/styles.xml"):
        for namespace in (MAIN, STRICT_NAMESPACES[MAIN]):
            parts = _edit(parts, name, lambda t, ns=namespace: _prefixed(t, ns))
    return parts


def utf16_everywhere_edited(parts: Parts) -> Parts:
    """The parts a refresh edits, all in UTF-16 with a byte order mark."""
    for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        parts = _in_utf16(parts, name)
    return _in_utf16(parts, "xl/styles.xml")


def without_document_properties(parts: Parts) -> Parts:
    """No docProps parts, the package relationships still naming them (a careless writer)."""
    return {name: data for name, data in parts.items() if not name.startswith("docProps/")}


def every_name_in_capitals(parts: Parts) -> Parts:
    """Every zip entry under xl/ in capitals, the references left as they were written."""
    return {
        (name.upper() if name.startswith("xl/") else name): data for name, data in parts.items()
    }


MUTATIONS: dict[str, Shape] = {
    **SHAPES,
    "main namespace prefixed": main_namespace_prefixed,
    "utf-16 edited parts": utf16_everywhere_edited,
    "no document properties": without_document_properties,
    "every name in capitals": every_name_in_capitals,
}
