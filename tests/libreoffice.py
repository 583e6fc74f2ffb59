"""Open written files with LibreOffice headless: proof that a spreadsheet program reads them.

    pdf = convert(path, "pdf", tmp_path)          # skips the test when soffice is absent
    tabs = csv_tabs(path, tmp_path)               # {"Summary": [["School summary", ...], ...]}

Each pytest process uses its own LibreOffice profile, so engineers and CI runs in parallel do not
fight over the default one.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

# Comma-separated, UTF-8, cells as shown (so a date reads 2026-11-03), every sheet to its own file.
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def soffice() -> str:
    """The LibreOffice command, or skip the calling test with the reason."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


@cache
def _profile() -> str:
    return Path(tempfile.mkdtemp(prefix="ilr-libreoffice-")).as_uri()


def convert(path: Path, to: str, outdir: Path) -> Path:
    """Convert `path` with `soffice --headless --convert-to TO` into `outdir`; the result."""
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice(),
        f"-env:UserInstallation={_profile()}",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    extension = to.split(":", 1)[0]
    result = outdir / f"{path.stem}.{extension}"
    if extension != "csv" and not result.exists():
        pytest.fail(f"LibreOffice could not open {path.name}: {done.stdout}{done.stderr}")
    return result


def csv_tabs(path: Path, outdir: Path) -> dict[str, list[list[str]]]:
    """Every tab of a workbook as LibreOffice shows it, read back from its CSV export."""
    convert(path, CSV_ALL_SHEETS, outdir)
    tabs = {}
    for written in sorted(outdir.glob(f"{path.stem}-*.csv")):
        with written.open(encoding="utf-8", newline="") as file:
            tabs[written.stem.removeprefix(f"{path.stem}-")] = list(csv.reader(file))
    if not tabs:
        pytest.fail(f"LibreOffice could not open {path.name}")
    return tabs


def png_pages(pdf: Path, resolution: int = 60) -> list[Path]:
    """Render a PDF's pages to PNG with pdftoppm, to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(prefix)], check=True, timeout=120
    )
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
