"""xlwings Lite: Excel's own Python (Pyodide) can install ILR Sheets and run the refresh.

Pyodide has no python-calamine wheel and no use for the Google client, so pyproject marks
them `sys_platform != 'emscripten'`; the Lite path must then run without importing them.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

from packaging.requirements import Requirement

from tests.conftest import ROOT

PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten"}
# Pure-Python wheels, or packages Pyodide builds itself.
AVAILABLE_IN_PYODIDE = {"pandas", "openpyxl", "typer", "rich", "matplotlib"}
AVAILABLE_IN_PYODIDE |= {"anyascii", "confusables", "nicknames"}  # pure-Python wheels


def test_excel_s_own_python_installs_only_what_it_can() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {
        requirement.name
        for requirement in map(Requirement, project["dependencies"])
        if requirement.marker is None or requirement.marker.evaluate(PYODIDE)
    }
    assert wanted <= AVAILABLE_IN_PYODIDE


REFRESH_WITHOUT_NATIVE_PACKAGES = """
import sys, datetime as dt
for name in ("python_calamine", "gspread", "google", "googleapiclient", "google_auth_oauthlib"):
    sys.modules[name] = None  # importing any of them now fails, as in Pyodide
from addin.excel.refresh import refresh_from_excel
from tests.builders import make_raw, teacher, visit
from tests.fakes.xlwings_standin import book_with
book = book_with(make_raw(
    roster=[teacher("T1", "Avery Quill", room="101")],
    walkthroughs=[visit("2026-11-16", "10:15", "Obs A", "T1")],
))
refresh_from_excel(book, as_of=dt.date(2026, 11, 20))
print(",".join(sheet.name for sheet in book.sheets))
"""


def test_the_lite_refresh_runs_without_calamine_or_the_google_client() -> None:
    result = subprocess.run(
        [sys.executable, "-c", REFRESH_WITHOUT_NATIVE_PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    tabs = result.stdout.strip().split(",")
    assert tabs[:3] == ["Summary", "Issues", "Coverage"]
    assert tabs[-2:] == ["Walkthroughs", "Settings"]
