"""Generated schools for the roll-up tests: the demo school with its own calendar, framework
and settings changed, one school broken, and ways to read the district workbook back.

Every person is invented (the demo's generator)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sheets_templates.demo import demo_school
from sheets_templates.schema import find_tab
from sheets_templates.template import build_template
from sync.xlsx import XlsxBackend

AS_OF = dt.date(2026, 11, 20)
Tabs = dict[str, list[list[Any]]]


def _set(rows: list[list[Any]], key: str, value: object) -> None:
    for row in rows:
        if row[0] == key:
            row[1] = value


def adams() -> Tabs:
    """The demo school as it comes: a 10-day rotation, IN2 and EN1 its Priority look-fors."""
    return demo_school(AS_OF, seed=1, last_year=False)


def baker() -> Tabs:
    """A 15-day rotation, a week closed in November, and no EN1 on its Framework."""
    tabs = demo_school(AS_OF, seed=2, last_year=False)
    _set(tabs["Settings"], "Rotation School Days", 15)
    tabs["Calendar"] += [
        [dt.date(2026, 11, day), "No School", "Fall break", None] for day in range(2, 7)
    ]
    tabs["Framework"] = [row for row in tabs["Framework"] if row[0] != "EN1"]
    return tabs


def carver() -> Tabs:
    """AS1 a Priority too, a PD Day of its own and a Min Group Size of 6."""
    tabs = demo_school(AS_OF, seed=3, last_year=False)
    _set(tabs["Settings"], "Min Group Size", 6)
    tabs["Calendar"].append([dt.date(2026, 10, 30), "PD Day", "Staff PD", None])
    for row in tabs["Framework"]:
        if row[0] == "AS1":
            row[3], row[4] = "Y", dt.date(2026, 9, 1)
    return tabs


GOOD = {"Adams": adams, "Baker": baker, "Carver": carver}


def write_schools(folder: Path) -> dict[str, Path]:
    """Adams, Baker and Carver as workbooks in `folder`, and Dunbar, whose Roster is missing."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, make in GOOD.items():
        paths[name] = folder / f"{name}.xlsx"
        build_template(paths[name], make())
    dunbar = folder / "Dunbar.xlsx"
    tabs = adams()
    del tabs["Roster"]
    build_template(dunbar, tabs)
    _drop_tab(dunbar, "Roster")
    paths["Dunbar"] = dunbar
    return paths


def _drop_tab(path: Path, name: str) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    del workbook[name]
    workbook.save(path)


def with_headers(tabs: Tabs) -> Tabs:
    """The tabs with their header rows, as a person's Google Sheet holds them."""
    headed = {}
    for name, rows in tabs.items():
        spec = find_tab(name)
        assert spec is not None
        headed[name] = [list(spec.headers), *(list(row) for row in rows)]
    return headed


def sheet_rows(path: Path, tab: str) -> list[list[Any]]:
    return XlsxBackend(path).read([tab])[tab].rows


def table_rows(path: Path, tab: str, first_header: str) -> list[dict[str, Any]]:
    """The rows of the table whose header row starts with `first_header`, as dicts."""
    rows = sheet_rows(path, tab)
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    header = [cell for cell in rows[start] if cell not in (None, "")]
    found = []
    for row in rows[start + 1 :]:
        if not row or row[0] in (None, ""):
            break
        found.append(dict(zip(header, row, strict=False)))
    return found


def every_text_cell(path: Path) -> Iterator[tuple[str, str]]:
    """(tab, text) of every text cell of every tab of the workbook."""
    backend = XlsxBackend(path)
    names = [info.name for info in backend.tabs()]
    for name, tab in backend.read(names).items():
        for row in tab.rows:
            for cell in row:
                if isinstance(cell, str) and cell:
                    yield name, cell


def roster_identifiers(tabs: Tabs) -> tuple[set[str], set[str], set[str]]:
    """Every Roster name and email (found anywhere in a cell), Teacher ID (found as a word)
    and room (a cell that is the room)."""
    anywhere, words, whole = set(), set(), set()
    for teacher_id, name, email, room, *_ in tabs["Roster"]:
        anywhere |= {name.casefold(), email.casefold()}
        words.add(str(teacher_id).casefold())
        whole.add(str(room).casefold())
    return anywhere, words, whole


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))
