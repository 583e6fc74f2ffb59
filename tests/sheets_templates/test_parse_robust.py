"""No input, however malformed, stops a refresh; a clean year gives no finding at all.

The robustness test builds workbooks whose headers are recognisable (a workbook without a
Teacher column is rightly refused) but whose cells are anything: every cell type, empty and
ragged rows, 10,000-character text, formula text, error cells, the header in row 3. Parsing
and the whole refresh through the in-memory backend must finish, list only findings, and
leave the input tabs exactly as they were.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sheets_templates.demo as demo
from sheets_templates.findings import Severity
from sheets_templates.schema import INPUT_TABS, OUTPUT_TAB_NAMES, SETTINGS, SETTINGS_KEYS, Tab
from sync.memory import MemoryBackend
from sync.pipeline import refresh

AS_OF = dt.date(2026, 11, 20)

# Values a person (or a spreadsheet) could leave in a cell, odd and plausible alike: the
# plausible ones reach the deeper checks (teacher matching, duplicates, look-fors).
odd_cells = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(-(10**12), 10**12),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.sampled_from(
        [
            "#REF!",
            "#N/A",
            "#DIV/0!",
            "=SUM(A1:A9)",
            "+1",
            "@here",
            "-",
            "\t",
            "\r\n",
            " ",
            "x" * 10_000,
            "a" + " " * 10_000 + "b",
        ]
    ),
)
plausible_cells = st.sampled_from(
    [
        "11/16/2026",
        "2026-11-17",
        dt.date(2026, 11, 18),
        dt.datetime(2026, 11, 19, 9, 40),
        46345.4,
        "10:15",
        "1:05 PM",
        dt.time(13, 30),
        "T1",
        "Ana Ortiz",
        "ana  ortiz",
        "Anna Ortez",
        "Obs A",
        "IN1:3, CL1",
        "IN1:9",
        "XX1",
        "Y",
        "N",
        "Reflective",
        "Boss",
        "101",
        "2",
        "Holiday",
        "Early 07:00-09:30; Late 09:00-17:00",
    ]
)
cells = st.one_of(odd_cells, plausible_cells)


@st.composite
def header_row(draw: st.DrawFn, spec: Tab) -> list[Any]:
    """The tab's required columns and some others, under any of their names, in any order."""
    columns = [c for c in spec.columns if c.required]
    columns += draw(st.lists(st.sampled_from(spec.columns), max_size=len(spec.columns)))
    for group in spec.one_of:
        columns.append(spec.column(draw(st.sampled_from(group))))
    unique = list(dict.fromkeys(columns))
    names = [draw(st.sampled_from((c.header, *c.aliases))) for c in unique]
    names += draw(st.lists(st.sampled_from(["Extra", "Score", "", None, "#REF!"]), max_size=2))
    return draw(st.permutations(names))


@st.composite
def input_tab(draw: st.DrawFn, spec: Tab) -> list[list[Any]]:
    """Title rows (0-2), a header row, then ragged rows of any cells, some empty."""
    header = draw(header_row(spec))
    titles = draw(
        st.lists(st.lists(st.sampled_from(["Log", "", None, 2026]), max_size=3), max_size=2)
    )
    rows = draw(
        st.lists(st.lists(cells, max_size=len(header) + 2), max_size=8),
    )
    return [*titles, header, *rows]


@st.composite
def settings_tab(draw: st.DrawFn) -> list[list[Any]]:
    """Settings with any values; the school year keys are left out so as_of stays inside."""
    keys = [s.key for s in SETTINGS_KEYS if not s.key.startswith("School Year")]
    rows = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(keys), st.text(max_size=12), st.none()), cells),
            max_size=6,
        )
    )
    return [["Setting", "Value"], *([k, v] for k, v in rows)]


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    book: dict[str, list[list[Any]]] = {}
    for spec in INPUT_TABS:
        if spec is SETTINGS:
            if draw(st.booleans()):
                book[spec.name] = draw(settings_tab())
        elif spec.required or draw(st.booleans()):
            book[spec.name] = draw(input_tab(spec))
    return book


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workbooks())
def test_no_input_stops_a_refresh(sheets: dict[str, list[list[Any]]]) -> None:
    typed = copy.deepcopy(sheets)
    backend = MemoryBackend(sheets)
    result = refresh(backend, as_of=AS_OF)

    assert {name: backend.book.sheets[name] for name in typed} == typed  # inputs untouched
    assert [t.name for t in result.tabs][:2] == ["Summary", "Issues"]
    assert set(backend.book.outputs) <= set(OUTPUT_TAB_NAMES)
    issues = result.tabs[1].table("issues")
    assert len(issues.rows) == len(result.findings)
    for finding in result.findings:
        height = len(typed[finding.tab])
        assert finding.row is None or 2 <= finding.row <= height, finding
        assert len(finding.value) <= 80


def clean_year(as_of: dt.date, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[Any]]]:
    """The demo school's year up to `as_of`, without the slips it plants on purpose (and
    without the year before, which is one info line)."""
    monkeypatch.setattr(demo, "plant_slips", lambda *_: None)
    tabs = demo.demo_school(as_of, last_year=False)
    by_name = {spec.name: spec for spec in INPUT_TABS}
    return {name: [by_name[name].headers, *rows] for name, rows in tabs.items()}


@pytest.mark.parametrize(
    "as_of", [dt.date(2026, 9, 30), dt.date(2027, 2, 10), dt.date(2027, 6, 11)]
)
def test_a_clean_year_gives_no_finding(as_of: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    sheets = clean_year(as_of, monkeypatch)
    result = refresh(MemoryBackend(sheets), as_of=as_of)

    assert result.findings == []
    assert result.book.walkthroughs["valid"].all()
    assert len(result.book.walkthroughs) == len(sheets["Walkthroughs"]) - 1
    assert result.tabs[1].table("issues").rows == ()


def test_the_demo_slips_are_found_and_nothing_else() -> None:
    as_of = dt.date(2027, 6, 11)
    result = refresh(MemoryBackend(demo_with_headers(as_of)), as_of=as_of)
    assert sorted((f.code, f.severity) for f in result.findings) == [
        ("date-order-assumed", Severity.WARNING),  # the slip typed as a US date, 6/11/2027
        ("duplicate-row", Severity.WARNING),
        ("earlier-year", Severity.INFO),
        ("lookfor-unknown", Severity.WARNING),
        ("teacher-loose-match", Severity.INFO),
        ("teacher-unknown", Severity.ERROR),
    ]


def demo_with_headers(as_of: dt.date) -> dict[str, list[list[Any]]]:
    by_name = {spec.name: spec for spec in INPUT_TABS}
    return {name: [by_name[name].headers, *rows] for name, rows in demo.demo_school(as_of).items()}
