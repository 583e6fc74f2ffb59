"""The Excel template: the input workbook as a macro-enabled .xlsm with Refresh buttons.

`build_template_xlsm` takes the input tabs from `sheets_templates.template.build_template`,
puts a Summary tab in front (marked as the tool's own, so the first refresh may replace it),
draws a form-control button on Summary and on Walkthroughs whose macro is `RefreshILR`, and
embeds the VBA project (`addin.excel.vba_project`): our `ILRSheets` module with the macro,
xlwings' standalone `RunPython`, and a document module per sheet, stored as source for Excel
to compile when it opens the file. The codeNames in the workbook XML name those modules.
`ILRSheets.bas` still ships, for a workbook made some other way (`ilr excel-setup`).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName

from addin.excel.vba_project import (
    WORKBOOK_CODE_NAME,
    sheet_code_names,
    template_modules,
    vba_project_bin,
)
from sheets_templates.errors import UsageError, WorkbookError
from sheets_templates.files import replace_file
from sheets_templates.schema import OUTPUT_TAB_NAMES, SUMMARY_TAB, WALKTHROUGHS
from sheets_templates.template import build_template
from sync.backend import OUTPUT_MARKER

MACRO = "RefreshILR"
BUTTON_TEXT = "Refresh"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
VBA_PART = "xl/vbaProject.bin"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Where each button sits: (first column, first row, last column, last row), 0-based cells.
SUMMARY_BUTTON = (0, 6, 2, 8)
WALKTHROUGHS_BUTTON = (len(WALKTHROUGHS.columns) + 1, 0, len(WALKTHROUGHS.columns) + 3, 2)

SUMMARY_LINES = (
    "Press Refresh to write the output tabs in front of the input tabs:",
    "    " + ", ".join(OUTPUT_TAB_NAMES) + ".",
    "Output tabs are rewritten whole on every refresh; input tabs are never changed.",
    "First time on this computer? Run  ilr excel-setup  once: it says which Python to use.",
)


def bas_module_path() -> Path:
    """Where the VBA module `ILRSheets.bas` is installed."""
    return Path(str(resources.files("addin.excel").joinpath("ILRSheets.bas")))


def build_template_xlsm(path: Path) -> None:
    """Write the template to `path` as an .xlsm with Refresh buttons on Summary and Walkthroughs.

    Raises `UsageError` for a path that is not .xlsm, `WorkbookLocked` when the file cannot
    be replaced, `WorkbookError` for other write failures.
    """
    if path.suffix.casefold() != ".xlsm":
        raise UsageError(f"The Excel template must be an .xlsm file; '{path.name}' is not.")
    if not path.parent.is_dir():
        raise WorkbookError(f"The folder for '{path.name}' does not exist: {path.parent}.")
    with tempfile.TemporaryDirectory(prefix="ilr-xlsm-") as work:
        inputs = Path(work) / "inputs.xlsx"
        build_template(inputs)
        with_summary = Path(work) / "with summary.xlsx"
        _add_summary_tab(inputs, with_summary)
        staged = Path(work) / "template.xlsm"
        _macro_enable(with_summary, staged)

        # Beside the workbook, then one rename (a temp folder may be on another disk).
        def copy_staged(temp: Path) -> None:
            shutil.copyfile(staged, temp)

        replace_file(path, copy_staged, backup=True)


def _add_summary_tab(source: Path, destination: Path) -> None:
    workbook = load_workbook(source)
    sheet = workbook.create_sheet(SUMMARY_TAB, 0)
    sheet["A1"] = SUMMARY_TAB
    sheet["A1"].font = Font(bold=True, size=14)
    for row, line in enumerate(SUMMARY_LINES, start=3):
        sheet.cell(row, 1, line)
    sheet.defined_names[OUTPUT_MARKER] = DefinedName(
        OUTPUT_MARKER, attr_text=f"'{SUMMARY_TAB}'!$A$1", hidden=True
    )
    workbook.active = 0
    # The VBA project's document modules are found by these names (vba_project.py).
    workbook.code_name = WORKBOOK_CODE_NAME
    for tab, code_name in zip(
        workbook.worksheets, sheet_code_names(len(workbook.worksheets)), strict=True
    ):
        tab.sheet_properties.codeName = code_name
    workbook.save(destination)


def _macro_enable(source: Path, destination: Path) -> None:
    """Copy the package, declaring it macro-enabled, adding the two buttons and the VBA."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet_parts = _sheet_parts(parts)
    for tab, anchor in ((SUMMARY_TAB, SUMMARY_BUTTON), (WALKTHROUGHS.name, WALKTHROUGHS_BUTTON)):
        _add_button(parts, sheet_parts[tab], anchor)
    parts[VBA_PART] = vba_project_bin(template_modules(len(sheet_parts)))
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdVbaProject" Type="{VBA_REL}" Target="vbaProject.bin"/>'
        "</Relationships>",
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(XLSX_MAIN, XLSM_MAIN)
    types = types.replace(
        "</Types>", f'<Override PartName="/{VBA_PART}" ContentType="{VBA_TYPE}"/></Types>'
    )
    if 'Extension="vml"' not in types:
        types = types.replace(
            "<Default ", f'<Default Extension="vml" ContentType="{VML_TYPE}"/><Default ', 1
        )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Tab name -> its worksheet part (`xl/worksheets/sheet1.xml`)."""
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    }
    found = {}
    for sheet in ElementTree.fromstring(parts["xl/workbook.xml"]).iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{_R_NS}}}id")]
        found[sheet.get("name", "")] = _resolve("xl/workbook.xml", target)
    return found


def _rels_part(sheet_part: str) -> str:
    folder, name = sheet_part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _add_button(
    parts: dict[str, bytes], sheet_part: str, anchor: tuple[int, int, int, int]
) -> None:
    """Put a Refresh button on the sheet: in its existing VML drawing, or a new one."""
    rels_part = _rels_part(sheet_part)
    rels = parts.get(rels_part, b"").decode()
    vml_targets = (
        [
            rel.get("Target", "")
            for rel in ElementTree.fromstring(rels)
            if rel.get("Type") == VML_REL
        ]
        if rels
        else []
    )
    if vml_targets:
        vml_part = _resolve(sheet_part, vml_targets[0])
        vml = parts[vml_part].decode()
        parts[vml_part] = vml.replace("</xml>", _button_shape(anchor, 2000) + "</xml>").encode()
        return
    number = 1 + sum(1 for name in parts if name.startswith("xl/drawings/vmlDrawing"))
    vml_part = f"xl/drawings/vmlDrawingButton{number}.vml"
    parts[vml_part] = _vml_document(anchor, idmap=900 + number).encode()
    rid = "rIdRefreshButton"
    relationship = (
        f'<Relationship Id="{rid}" Type="{VML_REL}" '
        f'Target="../drawings/vmlDrawingButton{number}.vml"/>'
    )
    if rels:
        rels = rels.replace("</Relationships>", relationship + "</Relationships>")
    else:
        rels = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relationship}</Relationships>"
        )
    parts[rels_part] = rels.encode()
    sheet = parts[sheet_part].decode()
    parts[sheet_part] = _insert_legacy_drawing(sheet, rid).encode()


def _resolve(sheet_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    folder = sheet_part.rsplit("/", 1)[0].split("/")
    for piece in target.split("/"):
        if piece == "..":
            folder.pop()
        else:
            folder.append(piece)
    return "/".join(folder)


# Elements that must come after <legacyDrawing> in a worksheet (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY_DRAWING = (
    "<legacyDrawingHF",
    "<picture",
    "<oleObjects",
    "<controls",
    "<webPublishItems",
    "<tableParts",
    "<extLst",
    "</worksheet>",
)


def _insert_legacy_drawing(sheet: str, rid: str) -> str:
    element = f'<legacyDrawing xmlns:r="{_R_NS}" r:id="{rid}"/>'
    cut = min(sheet.find(tag) for tag in _AFTER_LEGACY_DRAWING if tag in sheet)
    return sheet[:cut] + element + sheet[cut:]


def _vml_document(anchor: tuple[int, int, int, int], idmap: int) -> str:
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
        + _button_shape(anchor, idmap * 1024 + 1)
        + "</xml>"
    )


def _button_shape(anchor: tuple[int, int, int, int], shape_id: int) -> str:
    """A form-control button (VML `ObjectType="Button"`) whose macro is `RefreshILR`."""
    first_column, first_row, last_column, last_row = anchor
    return (
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" '
        'o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
        f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t201" '
        'style="position:absolute;margin-left:0;margin-top:0;width:96pt;height:26pt;'
        'z-index:1;mso-wrap-style:tight" o:button="t" fillcolor="buttonFace [67]" '
        'strokecolor="windowText [64]" o:insetmode="auto">'
        '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>'
        '<o:lock v:ext="edit" rotation="t"/>'
        '<v:textbox style="mso-direction-alt:auto" o:singleclick="f">'
        '<div style="text-align:center"><font face="Calibri" size="220" color="#000000">'
        f"{BUTTON_TEXT}</font></div></v:textbox>"
        '<x:ClientData ObjectType="Button">'
        f"<x:Anchor>{first_column}, 4, {first_row}, 2, {last_column}, 0, {last_row}, 0</x:Anchor>"
        "<x:AutoFill>False</x:AutoFill>"
        f"<x:FmlaMacro>[0]!{MACRO}</x:FmlaMacro>"
        "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign>"
        "</x:ClientData></v:shape>"
    )
