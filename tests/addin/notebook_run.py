"""Running the Google Sheets notebook headless, as Colab's Run all would: every cell top to
bottom in a real kernel, against the in-process Sheets API holding the demo school, with only
the sign-in replaced (its one edge, `addin.google.notebook.google_session`).

The tests and the README's picture (`docs/notebook_picture.py`) both run it this way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "addin" / "google" / "ILR_Sheets.ipynb"
# A Colab form field, `NAME = "value"  # @param {type:"string"}`.
FORM_FIELD = re.compile(r'^(\w+) = (".*"|True|False)(  # ?@param \{type:"(string|boolean)"\})$')

# Run before the notebook's own cells: the demo school as a Google Sheet in the in-process
# Sheets API, its link as LINK, and the notebook's sign-in answered by that API's session.
SET_UP = """
from tests.addin.google_fixtures import school
from tests.fakes.sheets_api import FakeSheetsApi
import addin.google.notebook

api = FakeSheetsApi()
book = api.add_spreadsheet("Lincoln ILT", school(ticked=False))
addin.google.notebook.google_session = api.session
LINK = f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"
"""
# Run after them: what the sheet holds then, as one line of JSON.
REPORT = """
import json
spreadsheet = api.spreadsheets[book.spreadsheet_id]
titles = [sheet.title for sheet in spreadsheet.sheets]
print("REPORT " + json.dumps({
    "tabs": titles,
    "summary": spreadsheet.rows("Summary")[:3] if "Summary" in titles else [],
    "requests": len(api.requests),
    "violations": api.violations,
    "created": [s.title for k, s in api.spreadsheets.items() if k != book.spreadsheet_id],
}, default=str))
"""


@dataclass(frozen=True)
class Run:
    notebook: Any  # the executed notebook, its own cells only
    report: dict[str, Any]  # REPORT's figures

    @property
    def shown(self) -> list[str]:
        """The text each cell showed, in order; a traceback shows as `TRACEBACK <name>`."""
        return ["\n".join(texts(cell)) for cell in self.notebook.cells]


def run_notebook(fields: dict[str, str], folder: Path) -> Run:
    """Run the notebook in `folder` with its form fields set to `fields` (Python expressions,
    `LINK` being the demo sheet's link), skipping the install cell."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells = [c for c in notebook.cells if "install" not in c.metadata.get("tags", [])]
    for cell in notebook.cells:
        cell.source = "\n".join(_filled(line, fields) for line in cell.source.splitlines())
    notebook.cells.insert(0, nbformat.v4.new_code_cell(SET_UP))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        coalesce_streams=True,  # as a live cell shows them: one block of lines
        resources={"metadata": {"path": str(folder)}},
        extra_arguments=[f"--IPKernelApp.exec_lines=import sys; sys.path.insert(0, {str(ROOT)!r})"],
    ).execute()
    _set_up, *own, report = notebook.cells
    (line,) = [text for text in texts(report) if text.startswith("REPORT ")]
    notebook.cells = own
    for cell in own:  # numbered as Run all numbers them, without the set-up cell
        if cell.get("execution_count"):
            cell.execution_count -= 1
    return Run(notebook, json.loads(line.removeprefix("REPORT ")))


def texts(cell: Any) -> list[str]:
    """What a code cell showed, as text."""
    shown = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            shown.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            shown.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            shown.append("TRACEBACK " + output.ename)
    return shown


def _filled(line: str, fields: dict[str, str]) -> str:
    field = FORM_FIELD.match(line)
    if field and field[1] in fields:
        return f"{field[1]} = {fields[field[1]]}{field[3]}"
    return line
