"""The template's VBA project (`xl/vbaProject.bin`), written as source only per [MS-OVBA].

    vba_project_bin(template_modules(sheet_count=8))   # the bytes of xl/vbaProject.bin

A writer may store VBA *source* and leave out every compiled cache: `_VBA_PROJECT` carries
Version 0xFFFF and no PerformanceCache (2.3.4.1), each module stream is its compressed source
at MODULEOFFSET 0 (2.3.4.3), and Excel compiles the project from that source when it opens the
file (1.6: "To be interoperable, this version number MUST be set to 0xFFFF").

The project holds our module `ILRSheets` (the Refresh macro), xlwings' own standalone modules
(`xlwings` with `RunPython`, and `Dictionary`, which it needs on a Mac), and one document module
per sheet plus `ThisWorkbook`, whose names the workbook XML repeats as codeNames.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from addin.excel.cfb import compound_file
from addin.excel.ovba import compress, encrypt
from sheets_templates.errors import WorkbookError

PROJECT_NAME = "VBAProject"  # Excel's own default; a project may not share a module's name
PROJECT_ID = "{506879A9-0835-4753-8472-FD80F0E09CF2}"  # fixed, so the template is reproducible
WORKBOOK_CODE_NAME = "ThisWorkbook"
CODE_PAGE = 1252  # the MBCS code page of every name and module source (2.3.4.2.1.5)
LCID_ENGLISH_US = 0x0409
SYSKIND_WIN64 = 0x03  # what 64-bit Office writes; every Office reads either (2.3.4.2.1.2)

# The VB_Base of each document module: the Excel type library's Workbook and Worksheet classes.
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# The references Excel gives every new project besides the built-in VBA and Excel libraries.
_REFERENCES = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb"
        "#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files"
        r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)


class ModuleKind(StrEnum):
    """How the PROJECT stream lists a module (2.3.1.7), and so its MODULETYPE record."""

    STANDARD = "Module"
    DOCUMENT = "Document"
    CLASS = "Class"


@dataclass(frozen=True)
class Module:
    """One VBA module: its name and its source text, `Attribute` lines first."""

    name: str
    kind: ModuleKind
    source: str


def template_modules(sheet_count: int) -> list[Module]:
    """The template's modules: ThisWorkbook, Sheet1..SheetN, ILRSheets, xlwings, Dictionary."""
    import xlwings

    xlwings_folder = Path(xlwings.__file__).parent
    ilr_module = Path(__file__).with_name("ILRSheets.bas")
    return [
        document_module(WORKBOOK_CODE_NAME, _WORKBOOK_BASE),
        *(document_module(name, _WORKSHEET_BASE) for name in sheet_code_names(sheet_count)),
        standard_module(ilr_module.read_text(encoding="cp1252")),
        standard_module((xlwings_folder / "xlwings.bas").read_text(encoding="cp1252")),
        class_module((xlwings_folder / "addin" / "Dictionary.cls").read_text(encoding="cp1252")),
    ]


def sheet_code_names(sheet_count: int) -> list[str]:
    """The codeName of each sheet, in tab order: Sheet1, Sheet2, ..."""
    return [f"Sheet{number}" for number in range(1, sheet_count + 1)]


def document_module(name: str, base: str) -> Module:
    """A sheet's or the workbook's module with no code, attributes as Excel writes them."""
    source = _attributes(name, base, predeclared=True, customizable=True)
    return Module(name, ModuleKind.DOCUMENT, source)


def standard_module(bas_text: str) -> Module:
    """A standard module from the text of its exported `.bas` file."""
    return Module(_vb_name(bas_text), ModuleKind.STANDARD, _crlf(bas_text))


def class_module(cls_text: str) -> Module:
    """A class module from its exported `.cls` file, laid out as Excel stores it.

    The export starts with a `VERSION`/`BEGIN ... END` header that only the importer reads;
    the stored source starts at the attributes and adds VB_Base, as the VBA editor does.
    """
    text = _crlf(cls_text)
    text = text[text.index("Attribute VB_Name") :]
    name = _vb_name(text)
    head = _attributes(name, _CLASS_BASE, predeclared=False, customizable=False)
    # Keep the export's own attribute lines that our head does not already state.
    lines = text.split("\r\n")
    kept = [line for line in lines if not _is_head_attribute(line)]
    return Module(name, ModuleKind.CLASS, head + "\r\n".join(kept))


def vba_project_bin(modules: Sequence[Module]) -> bytes:
    """The bytes of a `vbaProject.bin` holding `modules` as source (MS-OVBA 2.2)."""
    streams = {
        "PROJECT": _project_stream(modules),
        "PROJECTwm": _project_wm_stream(modules),
        # 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 as in 3.1.1.
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000100"),
        "VBA/dir": compress(_dir_stream(modules)),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(_mbcs(module.source))
    return compound_file(streams)


def _attributes(name: str, base: str, *, predeclared: bool, customizable: bool) -> str:
    flag = {True: "True", False: "False"}
    return "".join(
        f"Attribute {key} = {value}\r\n"
        for key, value in (
            ("VB_Name", f'"{name}"'),
            ("VB_Base", f'"{base}"'),
            ("VB_GlobalNameSpace", "False"),
            ("VB_Creatable", "False"),
            ("VB_PredeclaredId", flag[predeclared]),
            ("VB_Exposed", "True"),
            ("VB_TemplateDerived", "False"),
            ("VB_Customizable", flag[customizable]),
        )
    )


def _is_head_attribute(line: str) -> bool:
    return bool(
        re.match(
            r"Attribute VB_(Name|Base|GlobalNameSpace|Creatable|PredeclaredId|Exposed|"
            r"TemplateDerived|Customizable) ",
            line,
        )
    )


def _vb_name(text: str) -> str:
    found = re.search(r'^Attribute VB_Name = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise WorkbookError("A VBA module file has no 'Attribute VB_Name' line; export it again.")
    return found.group(1)


def _crlf(text: str) -> str:
    return re.sub(r"\r?\n", "\r\n", text)


def _mbcs(text: str) -> bytes:
    return text.encode(f"cp{CODE_PAGE}")


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


# --- PROJECT and PROJECTwm (2.3.1, 2.3.3) -----------------------------------------------------


def _project_stream(modules: Sequence[Module]) -> bytes:
    """VBAPROJECTText (2.3.1): the project's properties as lines of text."""

    def item(module: Module) -> str:
        if module.kind is ModuleKind.DOCUMENT:
            return f"Document={module.name}/&H00000000"  # 2.3.1.4: no hidden ProjectDocModule
        return f"{module.kind.value}={module.name}"

    lines = [
        f'ID="{PROJECT_ID}"',
        *(item(module) for module in modules),
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # 2.3.1.15-17, encrypted per 2.4.3: not locked, no password, visible in the editor.
        f'CMG="{encrypt(bytes(4), PROJECT_ID)}"',
        f'DPB="{encrypt(bytes(1), PROJECT_ID)}"',
        f'GC="{encrypt(bytes([0xFF]), PROJECT_ID)}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
        *(f"{module.name}=0, 0, 0, 0, C" for module in modules),
    ]
    return _mbcs("\r\n".join(lines) + "\r\n")


def _project_wm_stream(modules: Sequence[Module]) -> bytes:
    """PROJECTwm (2.3.3): each module name in MBCS and in UTF-16, then a 0x0000 terminator."""
    pairs = (_mbcs(m.name) + b"\x00" + _utf16(m.name) + b"\x00\x00" for m in modules)
    return b"".join(pairs) + b"\x00\x00"


# --- The dir stream (2.3.4.2), before compression ----------------------------------------------


def _record(record_id: int, data: bytes = b"") -> bytes:
    """Id (2 bytes), Size (4 bytes), Data: the shape of nearly every dir record."""
    return record_id.to_bytes(2, "little") + len(data).to_bytes(4, "little") + data


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "little")


def _u32(value: int) -> bytes:
    return value.to_bytes(4, "little")


def _dir_stream(modules: Sequence[Module]) -> bytes:
    return (
        _project_information()
        + b"".join(_reference(name, libid) for name, libid in _REFERENCES)
        + _project_modules(modules)
        + _record(0x0010, b"")  # Terminator (2.3.4.2): Id 0x0010, Reserved 0
    )


def _project_information() -> bytes:
    """PROJECTINFORMATION (2.3.4.2.1)."""
    return b"".join(
        (
            _record(0x0001, _u32(SYSKIND_WIN64)),  # PROJECTSYSKIND
            _record(0x0002, _u32(LCID_ENGLISH_US)),  # PROJECTLCID
            _record(0x0014, _u32(LCID_ENGLISH_US)),  # PROJECTLCIDINVOKE
            _record(0x0003, _u16(CODE_PAGE)),  # PROJECTCODEPAGE
            _record(0x0004, _mbcs(PROJECT_NAME)),  # PROJECTNAME
            _record(0x0005) + _record(0x0040),  # PROJECTDOCSTRING, empty, + its Unicode
            _record(0x0006) + _record(0x003D),  # PROJECTHELPFILEPATH, empty, twice
            _record(0x0007, _u32(0)),  # PROJECTHELPCONTEXT
            _record(0x0008, _u32(0)),  # PROJECTLIBFLAGS
            # PROJECTVERSION (2.3.4.2.1.11): Reserved MUST be 4, yet 6 bytes follow.
            _u16(0x0009) + _u32(4) + _u32(1) + _u16(0),
            _record(0x000C) + _record(0x003C),  # PROJECTCONSTANTS, none, + its Unicode
        )
    )


def _reference(name: str, libid: str) -> bytes:
    """REFERENCE (2.3.4.2.2.1): REFERENCENAME, then REFERENCEREGISTERED (2.3.4.2.2.5)."""
    reference_name = _record(0x0016, _mbcs(name)) + _record(0x003E, _utf16(name))
    registered = _u32(len(libid)) + _mbcs(libid) + _u32(0) + _u16(0)
    return reference_name + _record(0x000D, registered)


def _project_modules(modules: Sequence[Module]) -> bytes:
    """PROJECTMODULES (2.3.4.2.3): the count, PROJECTCOOKIE, then one MODULE each."""
    head = _record(0x000F, _u16(len(modules))) + _record(0x0013, _u16(0xFFFF))
    return head + b"".join(_module_record(module) for module in modules)


def _module_record(module: Module) -> bytes:
    """MODULE (2.3.4.2.3.2); its stream holds only source, so MODULEOFFSET is 0."""
    module_type = 0x0021 if module.kind is ModuleKind.STANDARD else 0x0022
    return b"".join(
        (
            _record(0x0019, _mbcs(module.name)),  # MODULENAME
            _record(0x0047, _utf16(module.name)),  # MODULENAMEUNICODE
            _record(0x001A, _mbcs(module.name)),  # MODULESTREAMNAME
            _record(0x0032, _utf16(module.name)),  # ... its Unicode
            _record(0x001C) + _record(0x0048),  # MODULEDOCSTRING, empty, + its Unicode
            _record(0x0031, _u32(0)),  # MODULEOFFSET
            _record(0x001E, _u32(0)),  # MODULEHELPCONTEXT
            _record(0x002C, _u16(0xFFFF)),  # MODULECOOKIE: MUST be 0xFFFF on write
            _record(module_type),  # MODULETYPE: procedural 0x21, document or class 0x22
            _record(0x002B),  # Terminator
        )
    )
