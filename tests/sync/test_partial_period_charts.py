"""docs/design.md, Partial period: a chart whose table ends on a week or month still running
draws that last point apart, in each of the three places the tabs appear."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

from reports.layout import layout
from reports.model import OutputTab
from sync.excel_live import render as live_render
from sync.google.backend import GoogleSheetsBackend
from sync.xlsx import XlsxBackend
from tests.fakes.output_tabs import coverage_tab
from tests.fakes.sheets_api import FakeSheetsApi

WEEKS = 4  # coverage_tab's table: four weeks, the last one still running
LAST = WEEKS - 1
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def running_tab() -> OutputTab:
    tab = coverage_tab(weeks=WEEKS)
    charts = tuple(dataclasses.replace(chart, partial_last=True) for chart in tab.charts)
    return dataclasses.replace(tab, charts=charts)


def test_an_xlsx_chart_ends_dashed_on_a_hollow_marker_and_a_bar_gets_a_dashed_outline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "running.xlsx"
    XlsxBackend(tmp_path / "unused.xlsx").create(str(path), [running_tab()])

    with zipfile.ZipFile(path) as package:
        charts = sorted(n for n in package.namelist() if n.startswith("xl/charts/chart"))
        line, bar = (ElementTree.fromstring(package.read(name)) for name in charts)
    (line_point,) = line.iter(f"{C}dPt")
    assert value(line_point, f"{C}idx") == str(LAST)
    assert value(line_point, f"{C}spPr/{A}ln/{A}prstDash") == "dash"
    assert value(line_point, f"{C}marker/{C}spPr/{A}solidFill/{A}srgbClr") == "FFFFFF"
    (bar_point,) = bar.iter(f"{C}dPt")
    assert value(bar_point, f"{C}idx") == str(LAST)
    assert value(bar_point, f"{C}spPr/{A}ln/{A}prstDash") == "dash"


def value(element: ElementTree.Element, path: str) -> str | None:
    """The `val` attribute of the element at `path` under `element` (None if absent)."""
    found = element.find(path)
    return None if found is None else found.get("val")


def test_a_whole_period_has_no_point_drawn_apart(tmp_path: Path) -> None:
    path = tmp_path / "whole.xlsx"
    XlsxBackend(tmp_path / "unused.xlsx").create(str(path), [coverage_tab(weeks=WEEKS)])
    with zipfile.ZipFile(path) as package:
        assert not any(b"dPt" in package.read(n) for n in package.namelist() if "charts/" in n)


def test_google_marks_the_last_point_of_a_line_and_pales_the_last_bar(api: FakeSheetsApi) -> None:
    book = api.add_spreadsheet("Lincoln ILT", {"Roster": [["Name"]]})
    backend = GoogleSheetsBackend(book.spreadsheet_id, api.session(), sleep=lambda _: None)
    backend.write([running_tab()])

    line, bar = api.spreadsheets[book.spreadsheet_id].sheet("Coverage").charts
    (line_series,) = line["spec"]["basicChart"]["series"]
    assert line_series["styleOverrides"] == [
        {"index": LAST, "pointStyle": {"shape": "CIRCLE", "size": 7}}
    ]
    (bar_series,) = bar["spec"]["basicChart"]["series"]
    (override,) = bar_series["styleOverrides"]
    assert override["index"] == LAST
    assert set(override) == {"index", "colorStyle"}  # checked against the discovery document


class Recorded(SimpleNamespace):
    """A COM object that keeps what is set on it and makes any child it is asked for."""

    def __getattr__(self, name: str) -> Any:
        child = Recorded()
        setattr(self, name, child)
        return child


class ComChart:
    """Excel's `Chart` as COM shows it, only as far as `FullSeriesCollection(i).Points(n)`."""

    def __init__(self) -> None:
        self.points: dict[tuple[int, int], Recorded] = {}

    def FullSeriesCollection(self, number: int) -> Any:  # Excel's own name
        return SimpleNamespace(
            Points=lambda index: self.points.setdefault((number, index), Recorded())
        )


def test_live_excel_dashes_the_last_point_of_each_series_through_com() -> None:
    placed = layout(running_tab())
    line, bar = placed.charts
    for chart in (line, bar):
        com = ComChart()
        live_render.draw_apart(SimpleNamespace(api=(None, com)), chart)
        ((series, index),) = com.points  # one series, its last point (COM counts from 1)
        assert (series, index) == (1, WEEKS)
        point = com.points[(1, WEEKS)]
        assert point.Format.Line.DashStyle == live_render.MSO_LINE_DASH
        if chart is line:
            assert point.MarkerBackgroundColorIndex == live_render.XL_COLOR_NONE
        else:
            assert point.Format.Line.ForeColor.RGB == live_render.MARK_COLOR_BGR
