"""A refresh changes the output tabs and nothing else in a person's macro workbook.

The workbook (`rich_workbook.build`) has VBA, a form button, a shape, an image, a chart,
comments, a dropdown, a table, data bars with Excel 2010 extensions, sparklines and defined
names. After two refreshes every part except the four a refresh must edit has the same bytes,
and those four still hold everything they held.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sync.xlsx import XlsxBackend
from sync.xlsx.reading import read_index
from tests.libreoffice import csv_tabs
from tests.sync.rich_workbook import LOG, build
from tests.sync.sample_tabs import issues_tab, sample_tabs, summary_tab

WORKBOOK, WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
CONTENT_TYPES, STYLES = "[Content_Types].xml", "xl/styles.xml"
EDITED = {WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES, STYLES}
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return build(tmp_path / "ILT log.xlsm")


def refresh_twice(path: Path) -> None:
    backend = XlsxBackend(path)
    backend.write(sample_tabs())
    backend.write([summary_tab(coverage=0.6), issues_tab(count=5)])


def test_every_part_but_four_keeps_its_bytes(workbook: Path) -> None:
    before = parts(workbook)
    refresh_twice(workbook)
    after = parts(workbook)
    for name, data in before.items():
        if name not in EDITED:
            assert after.get(name) == data, name
    new = set(after) - set(before)
    assert new
    for name in new:
        assert re.fullmatch(r"xl/(worksheets|drawings|charts)/(_rels/)?\w+?\d+\.xml(\.rels)?", name)
    assert next(iter(after)) == CONTENT_TYPES


def test_workbook_xml_keeps_everything_but_the_sheet_list_and_names(workbook: Path) -> None:
    before = parts(workbook)[WORKBOOK].decode()
    refresh_twice(workbook)
    after = parts(workbook)[WORKBOOK].decode()

    def outside_lists(text: str) -> str:
        text = re.sub(r"<sheets>.*</sheets>", "", text)
        text = re.sub(r"<definedNames>.*</definedNames>", "", text)
        return re.sub(r' activeTab="\d+"', "", text)

    assert outside_lists(after) == outside_lists(before)
    for sheet in re.findall(r"<sheet [^>]*>", before):
        assert sheet in after
    # The people's names, with their scope moved past the three output tabs in front.
    assert '<definedName name="Teachers">Roster!$A$2:$A$4</definedName>' in after
    assert '<definedName name="LastVisit" localSheetId="2">Walkthroughs!$A$9</definedName>' in after
    assert (
        '<definedName name="_xlnm._FilterDatabase" localSheetId="2" hidden="1">'
        "'Walkthroughs'!$A$1:$F$9</definedName>" in after
    )
    assert '<definedName name="_xlnm.Print_Area" localSheetId="3">\'Roster\'!$A$1:$C$4' in after
    assert after.count('name="ILR_Output"') == 2
    assert 'activeTab="2"' in after  # Walkthroughs was active and still is


def test_relationships_content_types_and_styles_only_grow(workbook: Path) -> None:
    before = parts(workbook)
    refresh_twice(workbook)
    after = parts(workbook)
    for part, element in ((WORKBOOK_RELS, "Relationship"), (CONTENT_TYPES, "Override|Default")):
        for written in re.findall(rf"<(?:{element}) [^>]*>", before[part].decode()):
            assert written in after[part].decode(), written
    assert MACRO_WORKBOOK in after[CONTENT_TYPES].decode()

    old_styles, new_styles = ET.fromstring(before[STYLES]), ET.fromstring(after[STYLES])
    for old_list, new_list in zip(old_styles, new_styles, strict=True):
        assert old_list.tag == new_list.tag
        assert [ET.tostring(e) for e in old_list] == [ET.tostring(e) for e in new_list][
            : len(old_list)
        ]


def test_styles_do_not_pile_up_over_refreshes(workbook: Path) -> None:
    backend = XlsxBackend(workbook)
    backend.write(sample_tabs())
    once = parts(workbook)[STYLES]
    backend.write(sample_tabs())
    backend.write(sample_tabs())
    assert parts(workbook)[STYLES] == once


def test_old_output_parts_are_removed(workbook: Path) -> None:
    backend = XlsxBackend(workbook)
    backend.write(sample_tabs())
    backend.write([issues_tab()])  # Summary had the charts; now nothing refers to them
    after = parts(workbook)
    charts = [name for name in after if name.startswith("xl/charts/")]
    assert charts == ["xl/charts/chart1.xml"]  # the person's own chart
    sheets = [name for name in after if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)]
    assert len(sheets) == 5  # four of the person's, one Issues
    for name in after:
        if name.endswith(".xml") and name != CONTENT_TYPES:
            assert f"/{name}" in after[CONTENT_TYPES].decode() or name.startswith("customXml")


def test_people_tabs_read_the_same_and_outputs_are_marked(workbook: Path) -> None:
    backend = XlsxBackend(workbook)
    before = backend.read([LOG, "Roster"])
    refresh_twice(workbook)
    assert backend.read([LOG, "Roster"]) == before
    assert [(t.name, t.is_output) for t in read_index(workbook).tabs()][:3] == [
        ("Summary", True),
        ("Issues", True),
        (LOG, False),
    ]


def test_openpyxl_still_opens_it_with_its_macros(workbook: Path) -> None:
    refresh_twice(workbook)
    # openpyxl says itself what a load/save round trip would have lost.
    with pytest.warns(UserWarning, match="extension is not supported and will be removed"):
        opened = openpyxl.load_workbook(workbook, keep_vba=True)
    assert opened.sheetnames[:3] == ["Summary", "Issues", LOG]
    assert opened.vba_archive is not None
    assert "xl/vbaProject.bin" in opened.vba_archive.namelist()
    opened.vba_archive.close()
    assert opened["Issues"]["E4"].value == '=HYPERLINK("http://x","y")'
    assert opened["Issues"]["E4"].data_type == "s"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_refreshed_workbook(workbook: Path, tmp_path: Path) -> None:
    before = csv_tabs(workbook, tmp_path / "before")
    refresh_twice(workbook)
    after = csv_tabs(workbook, tmp_path / "after")
    assert set(after) == {"Summary", "Issues", LOG, "Roster", "Sheet1", "_xlwings.conf"}
    for name in (LOG, "Roster", "_xlwings.conf"):
        assert after[name] == before[name], name
    summary = after["Summary"]
    assert summary[0][0] == "ILT summary"
    # LibreOffice's CSV export drops trailing zeros and thousands separators; the PDF test
    # checks the formats as a person sees them.
    assert summary[4][:2] == ["Coverage", "60%"]
    teachers = {row[0]: row[1:4] for row in summary}
    assert teachers['=HYPERLINK("http://x","y")'] == ["2026-09-01", "50%", "3"]
    assert teachers["=1+1"] == ["2026-09-08", "87.5%", "12"]
    assert teachers["Grade 3 Math team"] == ["2026-10-01", "100%", "1234"]
