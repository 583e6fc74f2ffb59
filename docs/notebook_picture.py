"""Draw the README's picture of the Google Sheets notebook after Run all (docs/img/notebook.png).

    .venv/bin/pip install nbconvert   # once: only this picture needs it
    .venv/bin/python docs/notebook_picture.py

The notebook runs as in the tests (`tests/addin/notebook_run.py`: a real kernel, the demo
school in the in-process Sheets API), is drawn as HTML by nbconvert, and headless Chromium
(Debian's `chromium`) takes the picture of that page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nbconvert import HTMLExporter  # noqa: E402

from tests.addin.notebook_run import run_notebook  # noqa: E402

PICTURE = ROOT / "docs" / "img" / "notebook.png"
# The link of the in-process API's first spreadsheet, the demo school, as the cell shows it.
DEMO_SHEET = "https://docs.google.com/spreadsheets/d/fake0001" + "x" * 36 + "/edit"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ran = run_notebook({"SHEET_LINK": f'"{DEMO_SHEET}"'}, work)
        html, _ = HTMLExporter(template_name="classic").from_notebook_node(ran.notebook)
        page = work / "notebook.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--hide-scrollbars",
             f"--screenshot={PICTURE}", "--window-size=1200,1900", page.as_uri()],
            check=True,
            capture_output=True,
        )  # fmt: skip
    print(PICTURE)


if __name__ == "__main__":
    main()
