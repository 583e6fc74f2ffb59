"""`ilr excel-setup`: the one-time steps that let the Refresh button run Python.

The button's macro calls xlwings' `RunPython`, so the workbook needs xlwings' VBA module
(`xlwings.bas`, plus `Dictionary.cls` on a Mac) beside ours (`ILRSheets.bas`), and xlwings
needs to know which Python to start. Everywhere this prints the steps; on Windows with Excel
installed it can also import the modules itself (Excel must allow "Trust access to the VBA
project object model").
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from addin.excel.workbook import bas_module_path
from sheets_templates.errors import AccessError


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


def setup_steps(workbook: Path | None = None) -> list[str]:
    """The steps, in order, as plain sentences for a school leader."""
    files = setup_files()
    target = f"'{workbook.name}'" if workbook else "your ILR Sheets .xlsm workbook"
    key = "INTERPRETER_MAC" if sys.platform == "darwin" else "INTERPRETER_WIN"
    return [
        f"Open {target} in Excel and press Alt+F11 (Mac: Tools > Macro > Visual Basic Editor).",
        f"File > Import File: {files.xlwings_module}",
        f"On a Mac only, also File > Import File: {files.dictionary_class}",
        f"File > Import File: {files.ilr_module}",
        f"Add a tab named xlwings.conf with, in A1 and B1: {key}  and  {files.interpreter}",
        "Save the workbook as .xlsm, then press Refresh on the Summary tab.",
    ]


def perform_setup(workbook: Path) -> list[str]:
    """Import the VBA modules into `workbook` through Excel (Windows); the steps done.

    Raises `AccessError` when Excel is not available here or refuses access to the VBA
    project (the printed steps still work by hand).
    """
    if sys.platform != "win32":
        raise AccessError(
            "Excel can only be set up automatically on Windows; follow the printed steps."
        )
    import xlwings as xw

    files = setup_files()
    try:
        book = xw.Book(str(workbook))
        components = book.api.VBProject.VBComponents
        for module in (files.xlwings_module, files.ilr_module):
            components.Import(str(module))
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
    return [
        f"Imported {files.xlwings_module.name} and {files.ilr_module.name}.",
        f"Python for the button: {files.interpreter}",
        f"Saved {workbook.name}.",
    ]
