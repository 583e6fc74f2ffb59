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
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8") for name in package.namelist()}


def test_the_package_is_declared_macro_enabled(xlsm):
    types = parts(xlsm)["[Content_Types].xml"]
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.' in types
    assert "macroEnabled.main+xml" in types


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


def vba_code(path: Path) -> str:
    """The VBA source as oletools reads it (the same parser reads a vbaProject.bin)."""
    with warnings.catch_warnings():
        # oletools still calls pyparsing's old spellings; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser

        parser = VBA_Parser(str(path))
    try:
        return "\n".join(code for *_, code in parser.extract_macros())
    finally:
        parser.close()


def test_the_vba_module_runs_our_entry_point_from_the_buttons_macro():
    code = vba_code(bas_module_path())

    assert 'Attribute VB_Name = "ILRSheets"' in code
    assert f'Public Const ILR_ENTRY_POINT As String = "{ENTRY_POINT}"' in code
    assert re.search(rf"Public Sub {MACRO}\(\)\s+RunPython ILR_ENTRY_POINT", code)


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


def test_setup_is_not_attempted_without_windows_excel(tmp_path, monkeypatch):
    monkeypatch.setattr(excel_setup.sys, "platform", "linux")

    with pytest.raises(AccessError, match="follow the printed steps"):
        excel_setup.perform_setup(tmp_path / "ILR Sheets.xlsm")
