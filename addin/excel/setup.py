"""`ilr excel-setup`: the one-time steps that let the Refresh button run Python.

The button's macro calls xlwings' `RunPython`. The template from `ilr template --excel` carries
every module it needs (ours, and xlwings' standalone `xlwings` and `Dictionary`), so its only
set-up is which Python `RunPython` starts. The embedded xlwings module looks for INTERPRETER_WIN
(INTERPRETER_MAC on a Mac) in a tab named xlwings.conf, then in an xlwings.conf file beside the
workbook, then in the user's xlwings.conf file (which `xlwings config create` and the xlwings
add-in's ribbon write); with none of them it starts `python` from the PATH. A Mac also needs
`xlwings runpython install` once. Any other workbook first imports the modules by hand
(`xlwings.bas`, `Dictionary.cls` on a Mac, `ILRSheets.bas`); on Windows with Excel this can
do that itself (Excel must allow "Trust access to the VBA project object model").
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from addin.excel.workbook import bas_module_path
from sheets_templates.errors import AccessError
from sheets_templates.schema import SUMMARY_TAB


@dataclass(frozen=True)
class SetupFiles:
    """The VBA files to import and the Python that `RunPython` should start."""

    xlwings_module: Path
    dictionary_class: Path
    ilr_module: Path
    interpreter: Path


def setup_files() -> SetupFiles:
    """Where the installed VBA files and this Python are."""
    import xlwings

    package = Path(xlwings.__file__).parent
    return SetupFiles(
        xlwings_module=package / "xlwings.bas",
        dictionary_class=package / "addin" / "Dictionary.cls",
        ilr_module=bas_module_path(),
        interpreter=Path(sys.executable),
    )


def has_refresh_macro(workbook: Path) -> bool:
    """Whether `workbook` already holds the ILRSheets module (as the template does)."""
    try:
        with zipfile.ZipFile(workbook) as package:
            project = package.read("xl/vbaProject.bin")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    # A compound file stores each stream's name whole, in UTF-16, in its directory entry.
    return "ILRSheets".encode("utf-16-le") in project


def setup_steps(workbook: Path | None = None) -> list[str]:
    """The steps, in order, as plain sentences for a school leader.

    For the template (or no workbook named) they only say which Python to use; for a
    workbook without the ILRSheets module they first import the modules by hand.
    """
    files = setup_files()
    target = f"'{workbook.name}'" if workbook else "your ILR Sheets .xlsm workbook"
    key = "INTERPRETER_MAC" if sys.platform == "darwin" else "INTERPRETER_WIN"
    steps = []
    if workbook is not None and not has_refresh_macro(workbook):
        steps += [
            f"Open {target} in Excel and press Alt+F11 (Mac: Tools > Macro > Visual Basic Editor).",
            f"File > Import File: {files.xlwings_module}",
            f"On a Mac only, also File > Import File: {files.dictionary_class}",
            f"File > Import File: {files.ilr_module}",
        ]
    steps += [
        f"Tell the button which Python to run: add a tab named xlwings.conf to {target} with "
        f"{key}  in A1 and  {files.interpreter}  in B1 (or, for every workbook on this "
        "computer, run  xlwings config create --force  with this Python's xlwings).",
        "On a Mac only, run once in a terminal:  xlwings runpython install",
        "If Excel says macros are blocked (a downloaded or e-mailed file): close it, "
        "right-click the file > Properties > tick Unblock, and open it again; then click "
        "Enable Content.",
        f"Save the workbook as .xlsm, then press Refresh on the {SUMMARY_TAB} tab.",
    ]
    if workbook is None:
        steps.append(
            "A workbook not made by  ilr template --excel ?  Run  ilr excel-setup "
            "WORKBOOK.xlsm  to see how to add the macros to it."
        )
    return steps


def perform_setup(workbook: Path) -> list[str]:
    """Set `workbook` up through Excel (Windows): the modules it lacks, the Python; steps done.

    Raises `AccessError` when Excel is not available here or refuses access to the VBA
    project (the printed steps still work by hand).
    """
    if sys.platform != "win32":
        raise AccessError(
            "Excel can only be set up automatically on Windows; follow the printed steps."
        )
    import xlwings as xw

    files = setup_files()
    # Importing into the template would add a second xlwings module, and Excel would then
    # refuse to compile the ambiguous RunPython.
    missing = [] if has_refresh_macro(workbook) else [files.xlwings_module, files.ilr_module]
    try:
        book = xw.Book(str(workbook))
        for module in missing:  # needs "Trust access to the VBA project object model"
            book.api.VBProject.VBComponents.Import(str(module))
        if "xlwings.conf" not in [sheet.name for sheet in book.sheets]:
            config = book.sheets.add("xlwings.conf", after=book.sheets[len(book.sheets) - 1])
            config.range("A1").value = [["INTERPRETER_WIN", str(files.interpreter)]]
        book.save()
    except Exception as exc:
        raise AccessError(
            "Excel did not let ILR Sheets add the macros; in Excel tick File > Options > "
            "Trust Center > Trust Center Settings > Macro Settings > 'Trust access to the VBA "
            "project object model', or follow the printed steps by hand."
        ) from exc
    imported = [f"Imported {' and '.join(module.name for module in missing)}."] if missing else []
    return [
        *imported,
        f"Python for the button: {files.interpreter}",
        f"Saved {workbook.name}.",
    ]
