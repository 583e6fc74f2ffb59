"""Refreshing workbooks in the shapes other programs write (`package_shapes`).

Each shape was a real failure: part names that differ in case, `xmlns:r` on each `<sheet>`,
an empty or missing styles part, Strict Open XML, parts outside `xl/`, a UTF-16 content types
part, a relationship with no target, a percent-encoded part name, character references in a
tab name, zip entries named with backslashes, relationships parts typed one by one.
Refreshed twice, each file keeps every part of the person's as it was (but the four a
refresh edits), parses as namespace-well-formed XML, and reads back the same.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from sync.xlsx import XlsxBackend
from sync.xlsx.package import Package, part_key
from sync.xlsx.reading import index_workbook
from tests.libreoffice import convert, csv_tabs
from tests.sync.package_shapes import (
    CHARACTER_REFERENCE_NAME,
    LOG_ROWS,
    NOTES,
    SHAPES,
    UNICODE_NAME,
    base_parts,
    write,
)
from tests.sync.sample_tabs import issues_tab, sample_tabs, summary_tab

OUTPUTS = ["Summary", "Issues", "Trends"]
RELATIONSHIP_NAMESPACES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def edited_parts(path: Path) -> set[str]:
    """The parts a refresh may rewrite: workbook.xml, its relationships, content types, styles."""
    package = Package.read(path)
    workbook = package.workbook_part()
    styles = [r.target for r in package.relationships(workbook) if r.kind == "styles"]
    rels = package.rels_of(workbook)
    return {workbook, "[Content_Types].xml", *styles, *([rels] if rels else [])}


def refresh_twice(path: Path) -> None:
    backend = XlsxBackend(path)
    backend.write(sample_tabs())
    backend.write([summary_tab(coverage=0.6), issues_tab(count=5), *sample_tabs()[2:]])


def internal_targets(package: Package) -> list[tuple[str, str]]:
    """(source, target) of every internal relationship, targets as written, percent-decoded."""
    found = []
    for name in package.parts:
        if not name.endswith(".rels"):
            continue
        slashed = name.replace("\\", "/")
        folder = posixpath.dirname(posixpath.dirname(slashed))
        source = posixpath.join(folder, posixpath.basename(slashed)[: -len(".rels")])
        for relationship in ET.fromstring(package.parts[name]):
            if relationship.get("TargetMode") == "External" or relationship.get("Target") is None:
                continue
            target = unquote(relationship.get("Target", ""))
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            )
            found.append((source, resolved))
    return found


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_part_of_the_person_s_comes_back_byte_for_byte(shape: str, tmp_path: Path) -> None:
    path = write(SHAPES[shape](base_parts()), tmp_path / "ILT log.xlsx")
    before = parts(path)
    edited = edited_parts(path)
    refresh_twice(path)
    after = parts(path)
    for name, data in before.items():
        if name not in edited:
            assert after.get(name) == data, name
    keys = [part_key(name) for name in after]
    assert len(keys) == len(set(keys)), "two parts differ only in case"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_refreshed_file_is_namespace_well_formed_and_complete(
    shape: str, tmp_path: Path
) -> None:
    path = write(SHAPES[shape](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    package = Package.read(path)
    for name, data in package.parts.items():
        if name.endswith((".xml", ".rels")):
            ET.fromstring(data)  # an unbound prefix or a second root is an error here
    workbook = ET.fromstring(package.parts[package.workbook_part()])
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            ids = [k for k in sheet.attrib if k.rpartition("}")[0][1:] in RELATIONSHIP_NAMESPACES]
            assert ids, sheet.attrib
    keys = {part_key(name) for name in package.parts}
    for source, target in internal_targets(package):
        if part_key(source) in keys and not source.startswith("[") and source:
            assert part_key(target) in keys, (source, target)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_person_s_tabs_read_the_same_after_two_refreshes(shape: str, tmp_path: Path) -> None:
    path = write(SHAPES[shape](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    backend = XlsxBackend(path)
    notes = {
        "character references": CHARACTER_REFERENCE_NAME,
        "unicode tab name": UNICODE_NAME,
    }.get(shape, NOTES)
    assert [tab.name for tab in backend.tabs()] == [*OUTPUTS, "Walkthroughs", notes]
    assert [tab.is_output for tab in backend.tabs()] == [True, True, True, False, False]
    rows = backend.read(["Walkthroughs", notes])
    assert rows["Walkthroughs"].rows[1] == ["2026-09-14", "Obs A", "T1", 12]
    assert len(rows["Walkthroughs"].rows) == len(LOG_ROWS)
    assert rows[notes].rows == [["Agenda", "Bring the rotation figures"]]
    assert backend.read(["Issues"])["Issues"].rows  # the new tabs read back too


def test_names_that_differ_in_case_keep_the_drawing_and_both_charts(tmp_path: Path) -> None:
    path = write(SHAPES["capitals"](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    XlsxBackend(path).write(sample_tabs())  # a third time: nothing of the person's is gone
    after = parts(path)
    assert "xl/worksheets/Sheet1.xml" in after
    assert "xl/worksheets/_rels/sheet1.xml.rels" in after
    person_charts = {n for n in after if n.startswith("xl/charts/") and n in base_parts()}
    assert person_charts == {"xl/charts/chart1.xml", "xl/charts/chart2.xml"}
    assert after["xl/drawings/drawing1.xml"] == base_parts()["xl/drawings/drawing1.xml"]


def test_strict_files_get_strict_sheets(tmp_path: Path) -> None:
    path = write(SHAPES["strict"](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    package = Package.read(path)
    text = "".join(package.text(name) for name in package.parts if name.endswith(".xml"))
    assert "schemas.openxmlformats.org/spreadsheetml" not in text
    assert "schemas.openxmlformats.org/officeDocument/2006/relationships" not in text


def test_a_workbook_without_styles_gets_a_styles_part_whose_first_format_is_plain(
    tmp_path: Path,
) -> None:
    path = write(SHAPES["no styles part"](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    package = Package.read(path)
    styles = [r.target for r in package.relationships("xl/workbook.xml") if r.kind == "styles"]
    assert styles == ["xl/styles.xml"]
    sheet = ET.fromstring(package.parts["xl/styles.xml"])
    cell_formats = next(child for child in sheet if child.tag.endswith("cellXfs"))
    plain = cell_formats[0].attrib
    assert (plain["fontId"], plain["fillId"], plain["borderId"], plain["numFmtId"]) == (
        "0",
        "0",
        "0",
        "0",
    )
    assert b"/xl/styles.xml" in package.parts["[Content_Types].xml"]


def test_the_refresh_button_of_the_excel_template_survives_command_line_refreshes(
    tmp_path: Path,
) -> None:
    from addin.excel.workbook import build_template_xlsm

    path = tmp_path / "ILR Sheets.xlsm"
    build_template_xlsm(path)
    refresh_twice(path)
    package = Package.read(path)
    sheets = {s.name: s.part for s in index_workbook(package).sheets}
    for tab in ("Summary", "Walkthroughs"):
        part = sheets[tab]
        assert part is not None
        drawings = [r.target for r in package.relationships(part) if r.kind == "vmlDrawing"]
        vml = b"".join(package.parts[d] for d in drawings)
        assert b'<x:ClientData ObjectType="Button">' in vml, tab
        assert b"<x:FmlaMacro>[0]!RefreshILR</x:FmlaMacro>" in vml, tab
        sheet = ET.fromstring(package.parts[part])
        assert [e for e in sheet if e.tag.endswith("}legacyDrawing")], tab
    # The Summary's drawing of buttons is kept, not copied on each refresh (the Walkthroughs
    # button is drawn in that tab's own comments drawing).
    assert sum(name.startswith("xl/drawings/vmlDrawingButton") for name in package.parts) == 1


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "shape",
    [
        "capitals",
        "namespace on each sheet",
        "strict",
        "outside xl",
        "no styles part",
    ],
)
def test_libreoffice_opens_each_refreshed_shape(shape: str, tmp_path: Path) -> None:
    # Not "backslashes": LibreOffice opens no such file, refreshed or not (calamine does).
    path = write(SHAPES[shape](base_parts()), tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    tabs = csv_tabs(path, tmp_path / "csv")
    assert set(tabs) == {*OUTPUTS, "Walkthroughs", NOTES}
    assert tabs["Walkthroughs"][1] == ["2026-09-14", "Obs A", "T1", "12"]
    assert tabs["Summary"][0][0] == "ILT summary"


@pytest.mark.libreoffice
def test_a_workbook_libreoffice_wrote_keeps_every_part(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    source = write(base_parts(), tmp_path / "source" / "ILT log.xlsx")
    path = convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved by LibreOffice")
    before = parts(path)
    edited = edited_parts(path)
    refresh_twice(path)
    after = parts(path)
    assert {name: after.get(name) for name in before if name not in edited} == {
        name: data for name, data in before.items() if name not in edited
    }
    backend = XlsxBackend(path)
    assert [tab.name for tab in backend.tabs()] == [*OUTPUTS, "Walkthroughs", NOTES]
    assert backend.read(["Walkthroughs"])["Walkthroughs"].rows[1][:3] == [
        "2026-09-14",
        "Obs A",
        "T1",
    ]


def test_a_relationships_part_left_without_its_sheet_does_not_take_a_new_sheet_s_name(
    tmp_path: Path,
) -> None:
    orphan = "xl/worksheets/_rels/Sheet3.xml.rels"
    relationships = base_parts()["xl/worksheets/_rels/sheet1.xml.rels"]
    path = write(base_parts() | {orphan: relationships}, tmp_path / "ILT log.xlsx")
    refresh_twice(path)
    after = parts(path)
    assert after[orphan] == relationships
    assert "xl/worksheets/sheet3.xml" not in after
