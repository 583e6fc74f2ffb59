"""A school year of walkthroughs many times over: read whole, refreshed without a re-save.

The workbook is written part by part (as a small program other than Excel might), with 50,000
log rows. Speed itself is measured by `benchmarks/`, not asserted here; this pins what keeps
it fast: the refresh never loads the person's workbook into openpyxl.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl.reader.excel import ExcelReader

from sync.xlsx import XlsxBackend
from tests.sync.sample_tabs import sample_tabs

ROWS = 50_000
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def big_log(path: Path) -> Path:
    strings = ["Date", "Observer", "Teacher", "Look-fors", "Obs A", "Obs B", "CFU:3, ENG"]
    rows = [
        '<row r="1">'
        + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD"))
        + "</row>"
    ]
    for r in range(2, ROWS + 2):
        rows.append(
            f'<row r="{r}"><c r="A{r}" s="1"><v>{46280 + r % 200}</v></c>'
            f'<c r="B{r}" t="s"><v>{4 + r % 2}</v></c><c r="C{r}"><v>{r % 80}</v></c>'
            f'<c r="D{r}" t="s"><v>6</v></c></row>'
        )
    parts = {
        "[Content_Types].xml": f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        f'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Walkthroughs" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
        'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" '
        'fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_fifty_thousand_rows_are_read_and_refreshed_without_loading_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = XlsxBackend(big_log(tmp_path / "big log.xlsx"))
    rows = backend.read(["Walkthroughs"])["Walkthroughs"].rows
    assert len(rows) == ROWS + 1
    assert rows[1][1:4] == ["Obs A", 2, "CFU:3, ENG"]

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the refresh loaded the person's workbook into openpyxl")

    # Every openpyxl load, however imported, goes through ExcelReader.read.
    monkeypatch.setattr(ExcelReader, "read", no_loading)
    backend.write(sample_tabs())

    assert [t.name for t in backend.tabs()] == ["Summary", "Issues", "Trends", "Walkthroughs"]
    assert backend.read(["Walkthroughs"])["Walkthroughs"].rows == rows


def test_the_person_s_sheets_are_copied_as_stored_never_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = big_log(tmp_path / "big log.xlsx")
    with zipfile.ZipFile(log) as before:
        stored = before.getinfo("xl/worksheets/sheet1.xml")
    inflated: list[str] = []
    read = zipfile.ZipFile.read

    def noted(archive: zipfile.ZipFile, name: str, pwd: bytes | None = None) -> bytes:
        if archive.filename == str(log):
            inflated.append(name)
        return read(archive, name, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "read", noted)
    XlsxBackend(log).write(sample_tabs())
    monkeypatch.undo()

    assert "xl/workbook.xml" in inflated
    assert "xl/worksheets/sheet1.xml" not in inflated

    with zipfile.ZipFile(log) as after:
        copied = after.getinfo("xl/worksheets/sheet1.xml")
        assert after.testzip() is None  # every entry's checksum still holds
    # Deflated again, the entry would have another size: these are the same stored bytes.
    assert (copied.CRC, copied.compress_size, copied.file_size) == (
        stored.CRC,
        stored.compress_size,
        stored.file_size,
    )
