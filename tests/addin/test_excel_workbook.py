"""The .xlsm template, checked without Excel: its package, its buttons, its VBA, LibreOffice."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import matplotlib.image as image
import pytest

import addin.excel.refresh
from addin.excel import setup as excel_setup
from addin.excel.vba_project import template_modules
from addin.excel.workbook import MACRO, bas_module_path, build_template_xlsm
from sheets_templates.errors import AccessError, UsageError
from sheets_templates.schema import INPUT_TABS
from sync.backend import OUTPUT_MARKER
from tests import libreoffice

ENTRY_POINT = "import addin.excel.refresh as r; r.refresh_from_excel()"
BUTTON_FACE = (236, 233, 216)  # how LibreOffice paints a form button's "buttonFace [67]"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ILR Sheets.xlsm"
    build_template_xlsm(path)
    return path


def parts(path: Path) -> dict[str, str]:
    """Every XML part of the package as text (the binary VBA project left out)."""
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if not name.endswith(".bin")
        }


def test_the_package_is_declared_macro_enabled(xlsm):
    types = parts(xlsm)["[Content_Types].xml"]
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.' in types
    assert "macroEnabled.main+xml" in types


def test_the_package_carries_the_vba_project(xlsm):
    files = parts(xlsm)

    assert (
        '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.'
        'vbaProject"/>' in files["[Content_Types].xml"]
    )
    rels = ElementTree.fromstring(files["xl/_rels/workbook.xml.rels"])
    [vba] = [rel for rel in rels if rel.get("Target") == "vbaProject.bin"]
    assert vba.get("Type") == "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    with zipfile.ZipFile(xlsm) as package:
        assert package.read("xl/vbaProject.bin")[:8] == bytes.fromhex("D0CF11E0A1B11AE1")


def test_every_sheet_names_its_document_module(xlsm):
    files = parts(xlsm)
    workbook = ElementTree.fromstring(files["xl/workbook.xml"])
    [properties] = workbook.iter(f"{MAIN_NS}workbookPr")
    sheet_code_names = []
    for index in range(1, len(list(workbook.iter(f"{MAIN_NS}sheet"))) + 1):
        sheet = ElementTree.fromstring(files[f"xl/worksheets/sheet{index}.xml"])
        [sheet_properties] = sheet.iter(f"{MAIN_NS}sheetPr")
        sheet_code_names.append(sheet_properties.get("codeName"))
    modules = vba_modules(xlsm)

    assert properties.get("codeName") == "ThisWorkbook"
    assert sheet_code_names == [f"Sheet{n}" for n in range(1, len(INPUT_TABS) + 2)]
    assert [name for name in modules if name.startswith(("Sheet", "This"))] == [
        "ThisWorkbook",
        *sheet_code_names,
    ]


def test_summary_comes_first_and_carries_the_output_mark(xlsm):
    workbook = ElementTree.fromstring(parts(xlsm)["xl/workbook.xml"])
    names = [sheet.get("name") for sheet in workbook.iter(f"{MAIN_NS}sheet")]
    assert names == ["Summary", *(tab.name for tab in INPUT_TABS)]
    [mark] = workbook.iter(f"{MAIN_NS}definedName")
    assert (mark.get("name"), mark.get("localSheetId"), mark.get("hidden")) == (
        OUTPUT_MARKER,
        "0",
        "1",
    )


def buttons(xlsm: Path) -> dict[str, list[tuple[str, str]]]:
    """Tab name -> (button text, macro) of each form-control button drawn on it."""
    files = parts(xlsm)
    workbook = ElementTree.fromstring(files["xl/workbook.xml"])
    found: dict[str, list[tuple[str, str]]] = {}
    for index, sheet in enumerate(workbook.iter(f"{MAIN_NS}sheet"), start=1):
        rels = files.get(f"xl/worksheets/_rels/sheet{index}.xml.rels", "")
        for target in re.findall(r'Target="([^"]+\.vml)"', rels):
            vml = files[re.sub(r"^(\.\./|/xl/)", "xl/", target.replace("../", "xl/"))]
            for shape in re.findall(r'<x:ClientData ObjectType="Button">.*?</x:ClientData>', vml):
                macro = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape)
                text = re.findall(r"<font[^>]*>(.*?)</font>", vml)
                found.setdefault(sheet.get("name", ""), []).append(
                    (text[-1], macro.group(1) if macro else "")
                )
        legacy = re.search(r"<legacyDrawing [^>]*/>", files[f"xl/worksheets/sheet{index}.xml"])
        if sheet.get("name") in found:
            assert legacy, sheet.get("name")
    return found


def test_summary_and_walkthroughs_have_a_refresh_button_linked_to_the_macro(xlsm):
    assert buttons(xlsm) == {
        "Summary": [("Refresh", "[0]!RefreshILR")],
        "Walkthroughs": [("Refresh", "[0]!RefreshILR")],
    }


def vba_modules(path: Path) -> dict[str, str]:
    """Module name -> VBA source as oletools reads it, from a .bas file or an .xlsm's project."""
    with warnings.catch_warnings():
        # oletools still calls pyparsing's old spellings; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(path))
        try:
            return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()


def vba_code(path: Path) -> str:
    return "\n".join(vba_modules(path).values())


def test_the_vba_module_runs_our_entry_point_from_the_buttons_macro():
    code = vba_code(bas_module_path())

    assert 'Attribute VB_Name = "ILRSheets"' in code
    assert f'Public Const ILR_ENTRY_POINT As String = "{ENTRY_POINT}"' in code
    assert re.search(rf"Public Sub {MACRO}\(\)\s+RunPython ILR_ENTRY_POINT", code)


def test_the_template_holds_every_module_exactly_as_written(xlsm):
    modules = vba_modules(xlsm)
    expected = {module.name: module.source for module in template_modules(len(INPUT_TABS) + 1)}

    assert modules == expected
    assert modules["ILRSheets"] == bas_module_path().read_bytes().decode("cp1252")
    assert re.search(rf"Public Sub {MACRO}\(\)\s+RunPython ILR_ENTRY_POINT", modules["ILRSheets"])
    assert "Public Function RunPython(" in modules["xlwings"]


def test_the_entry_point_the_vba_names_exists():
    namespace: dict[str, object] = {}
    exec(ENTRY_POINT.split(";")[0], namespace)  # the import half of the RunPython command

    assert namespace["r"] is addin.excel.refresh
    assert callable(addin.excel.refresh.refresh_from_excel)


def test_a_path_that_is_not_xlsm_is_refused(tmp_path):
    with pytest.raises(UsageError, match=r"must be an \.xlsm file"):
        build_template_xlsm(tmp_path / "template.xlsx")


@pytest.mark.libreoffice
def test_libreoffice_opens_the_file_and_shows_the_summary(xlsm, tmp_path):
    tabs = libreoffice.csv_tabs(xlsm, tmp_path / "csv")

    assert tabs["Summary"][0][0] == "Summary"
    assert tabs["Summary"][2][0].startswith("Press Refresh")
    assert tabs["Walkthroughs"][0][:2] == [c.header for c in INPUT_TABS[1].columns[:2]]


@pytest.mark.libreoffice
def test_libreoffice_imports_the_vba_and_links_the_buttons_to_the_macro(xlsm, tmp_path):
    ods = libreoffice.convert(xlsm, "ods", tmp_path)
    with zipfile.ZipFile(ods) as package:
        basic = {
            name.rsplit("/", 1)[-1]: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.startswith("Basic/VBAProject/")
        }
        content = package.read("content.xml").decode("utf-8")

    ilr_module = basic["ILRSheets.xml"]
    assert 'script:moduleType="normal"' in ilr_module
    assert "RunPython ILR_ENTRY_POINT" in ilr_module
    assert "refresh_from_excel" in ilr_module
    assert 'script:moduleType="document"' in basic["Sheet1.xml"]
    assert 'script:moduleType="class"' in basic["Dictionary.xml"]
    assert "Function RunPython(" in basic["xlwings.xml"]
    # LibreOffice found the button's macro in the project and calls it by its full name. (It
    # draws only Summary's button: Walkthroughs' shares the comments' drawing, which it reads
    # for notes alone.)
    summary = content[content.index('table:name="Summary"') : content.index('table:name="Roster"')]
    assert "vnd.sun.star.script:VBAProject.ILRSheets.RefreshILR?" in summary


@pytest.mark.libreoffice
def test_libreoffice_draws_the_button_on_the_summary_page(xlsm, tmp_path):
    pdf = libreoffice.convert(xlsm, "pdf", tmp_path)
    [first, *_] = libreoffice.png_pages(pdf)

    pixels = (image.imread(first)[:, :, :3] * 255).round().astype(int)
    button_face = (pixels == BUTTON_FACE).all(axis=2)
    assert button_face.sum() > 1000  # a button-sized patch of Windows' "buttonFace" colour


def test_setup_steps_name_files_that_exist(tmp_path):
    steps = excel_setup.setup_steps(tmp_path / "ILR Sheets.xlsm")
    files = excel_setup.setup_files()

    assert steps[0].startswith("Open 'ILR Sheets.xlsm' in Excel")
    for path in (files.xlwings_module, files.dictionary_class, files.ilr_module):
        assert path.is_file(), path
        assert any(str(path) in step for step in steps)
    assert any(str(files.interpreter) in step for step in steps)


def test_the_template_only_needs_its_python_set(xlsm):
    steps = excel_setup.setup_steps(xlsm)
    files = excel_setup.setup_files()

    assert excel_setup.has_refresh_macro(xlsm)
    assert not any("Import File" in step for step in steps)
    assert steps[0].startswith("Tell the button which Python to run: add a tab named xlwings.conf")
    assert str(files.interpreter) in steps[0]


def test_setup_is_not_attempted_without_windows_excel(tmp_path, monkeypatch):
    monkeypatch.setattr(excel_setup.sys, "platform", "linux")

    with pytest.raises(AccessError, match="follow the printed steps"):
        excel_setup.perform_setup(tmp_path / "ILR Sheets.xlsm")
