"""Reading is bounded: a stray far cell or a sheet past Excel's limits is one sentence.

calamine holds a tab as one rectangle from A1 to its farthest value; an `x` at XFD1048576
made it ask for 512 GB and abort the process. These sheets are written as Excel writes them
(cells with an `r` reference, shared strings or inline strings, rows in order).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sheets_templates.errors import WorkbookError
from sync.xlsx import XlsxBackend
from sync.xlsx.reading import UsedRange, used_range

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_R = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>'


def one_tab_workbook(path: Path, rows: str, dimension: str = "A1") -> Path:
    """A workbook whose Walkthroughs sheet holds `rows` (its `<sheetData>` content)."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_R}"><Relationship Id="rId1" '
        f'Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{R}"><sheets>'
        '<sheet name="Walkthroughs" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_R}"><Relationship '
        f'Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{HEADER}{rows}</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_one_x_at_the_last_cell_excel_has_is_refused_naming_it(tmp_path: Path) -> None:
    path = one_tab_workbook(
        tmp_path / "log.xlsx", f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>'
    )
    with pytest.raises(WorkbookError) as refused:
        XlsxBackend(path).read(["Walkthroughs"])
    assert str(refused.value) == (
        "The tab 'Walkthroughs' of 'log.xlsx' has something in cell XFD1048576, far from the "
        "rest of its data (1,048,576 rows by 16,384 columns to read): clear that cell, save, "
        "and refresh again."
    )


def test_a_space_far_down_is_refused_too(tmp_path: Path) -> None:
    path = one_tab_workbook(
        tmp_path / "log.xlsx", f'<row r="1048576">{text_cell("Z1048576", " ")}</row>'
    )
    with pytest.raises(WorkbookError, match="cell Z1048576"):
        XlsxBackend(path).read(["Walkthroughs"])


def test_a_sheet_past_excel_s_limits_is_refused(tmp_path: Path) -> None:
    path = one_tab_workbook(
        tmp_path / "log.xlsx", f'<row r="2000000">{text_cell("A2000000", "x")}</row>'
    )
    with pytest.raises(WorkbookError, match="past the last row or column Excel allows"):
        XlsxBackend(path).read(["Walkthroughs"])


def test_the_dimension_tag_and_styled_empty_cells_do_not_count(tmp_path: Path) -> None:
    rows = '<row r="2">' + text_cell("B2", "9/14") + "</row>"
    rows += '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    path = one_tab_workbook(tmp_path / "log.xlsx", rows, dimension="A1:XFD1048576")
    assert XlsxBackend(path).read(["Walkthroughs"])["Walkthroughs"].rows == [
        ["Date", ""],
        ["", "9/14"],
    ]


def test_used_range_finds_the_last_row_and_the_widest_column() -> None:
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER}'
        f'<row r="7">{text_cell("AB7", "wide")}<c r="AZ7" s="1"/></row>'
        f'<row r="40"><c r="C40"><v>3</v></c></row></sheetData></worksheet>'
    ).encode()
    assert used_range(xml) == UsedRange(40, 28, ("AB7", "C40"))
