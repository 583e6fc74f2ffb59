"""The district roll-up, end to end: generated schools with their own calendars, frameworks
and settings, one broken; each school's row against that school's own refresh; the district's
pooled coverage worked out by hand; no teacher anywhere in the district file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from addin import app
from addin.cli import app as cli
from addin.rollup import RollupOptions, SchoolSource, refresh_district, rollup, school_sources
from reports.figures.roadmap_levels import CLASSROOMS_500, STAGES
from reports.model import OutputTab
from sheets_templates.district import build_district_workbook
from sheets_templates.schema import DISTRICT_OUTPUT_TAB_NAMES, SCHOOL_LIST
from sync.memory import MemoryBackend
from sync.xlsx import XlsxBackend, XlsxOptions
from tests.addin.district_schools import (
    AS_OF,
    GOOD,
    every_text_cell,
    roster_identifiers,
    sheet_rows,
    table_rows,
    with_headers,
    words_of,
    write_schools,
)
from tests.addin.google_fixtures import open_in_fake
from tests.fakes.sheets_api import FakeSheetsApi

runner = CliRunner()


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_schools(tmp_path_factory.mktemp("schools"))


@pytest.fixture(scope="module")
def own_refreshes(
    schools: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, OutputTab]]:
    """Each good school's own refresh, of a copy of its workbook: its tabs by name."""
    folder = tmp_path_factory.mktemp("own")
    tabs = {}
    for name in GOOD:
        copy = Path(shutil.copy(schools[name], folder / f"{name}.xlsx"))
        result = app.refresh(XlsxBackend(copy, XlsxOptions(backup=False)), as_of=AS_OF)
        tabs[name] = {tab.name: tab for tab in result.tabs}
    return tabs


@pytest.fixture(scope="module")
def district(schools: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ilr rollup` of the schools' folder into a new district workbook, in two processes."""
    folder = schools["Adams"].parent
    path = tmp_path_factory.mktemp("district") / "district.xlsx"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    answer = runner.invoke(
        cli, ["rollup", str(folder), "-o", str(path), "--as-of", str(AS_OF), "--workers", "2"]
    )
    assert answer.exit_code == 1, answer.output  # Dunbar could not be read
    assert "School 4 of 4" in answer.output
    assert "Rolled up 3 schools (1 could not be read)" in answer.output
    # The schools' workbooks are only read.
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    return path


def _figure(tab: OutputTab, key: str, label: str) -> Any:
    return next(item for item in tab.key_figures(key).items if item.label == label)


def test_each_schools_row_is_what_its_own_refresh_shows(
    district: Path, own_refreshes: dict[str, dict[str, OutputTab]]
) -> None:
    rows = {row["School"]: row for row in table_rows(district, "Schools", "School")}
    assert sorted(rows) == sorted(GOOD)
    for name, tabs in own_refreshes.items():
        row = rows[name]
        coverage, summary = tabs["Coverage"], tabs["Summary"]
        trends, roadmap = tabs["Trends"], tabs["Roadmap"]
        assert row["Coverage %"] == _figure(coverage, "coverage", "Coverage %").value
        assert row["Overdue"] == _figure(coverage, "coverage", "Overdue teachers").value
        assert row["Teachers"] == _figure(coverage, "coverage", "Active teachers").value
        visits = _figure(coverage, "team", "Team visits this year").value
        assert row["Visits This Year"] == visits
        observers = len(coverage.table("observers").rows)
        assert row["Observers"] == observers
        days = _figure(summary, "refresh", "School days so far").value
        assert row["Visits Per Observer Per Day"] == round(visits / days / observers, 2)
        assert row["Evidence Same Day"] == pytest.approx(
            _figure(trends, "feedback", "Evidence shared the same day").value
        )
        assert row["Conversation Within 2 Days"] == pytest.approx(
            _figure(trends, "feedback", "Conversation within 2 school days").value
        )
        levels = {r[0]: r[1] for r in roadmap.table("team").rows}
        assert {stage.name: row[stage.name] for stage in STAGES} == levels
        evidence = {r[0]: r[3] for r in roadmap.table("team").rows}
        projected = f"{row['Projected Share Of Target']:.0%} of the Yearly Target"
        assert projected in str(evidence[CLASSROOMS_500.name])
        assert row["Errors To Fix"] == _figure(summary, "refresh", "Errors to fix").value
        read = _figure(summary, "refresh", "Walkthrough rows").value
        valid = _figure(summary, "refresh", "Valid visits").value
        assert row["Rows Left Out"] == pytest.approx((read - valid) / read)


def test_district_coverage_pools_the_schools_teachers(
    district: Path, own_refreshes: dict[str, dict[str, OutputTab]]
) -> None:
    # By hand, from each school's own Coverage note "S of A active teachers seen ...".
    seen = active = 0
    for tabs in own_refreshes.values():
        note = _figure(tabs["Coverage"], "coverage", "Coverage %").note
        school_seen, _, school_active, *_ = note.split()
        seen, active = seen + int(school_seen), active + int(school_active)
    figures = {row[0]: row[1] for row in sheet_rows(district, "District Summary") if row}
    assert figures["District coverage %"] == pytest.approx(seen / active)
    assert figures["Teachers"] == active
    assert figures["Schools read"] == 3
    assert figures["Schools with problems"] == 1


def test_schools_are_sorted_lowest_coverage_first(district: Path) -> None:
    coverage = [row["Coverage %"] for row in table_rows(district, "Schools", "School")]
    assert coverage == sorted(coverage)


def test_the_broken_school_is_a_problem_with_its_reason(district: Path) -> None:
    (problem,) = table_rows(district, "Problems", "School")
    assert problem["School"] == "Dunbar"
    assert "no 'Roster' tab" in problem["Problem"]


def test_no_roster_identifier_anywhere_in_the_district_file(district: Path) -> None:
    anywhere: set[str] = set()
    words: set[str] = set()
    whole: set[str] = set()
    for make in GOOD.values():
        found = roster_identifiers(make())
        anywhere, words, whole = anywhere | found[0], words | found[1], whole | found[2]
    cells = list(every_text_cell(district))
    assert {tab for tab, _ in cells} >= set(DISTRICT_OUTPUT_TAB_NAMES)
    for tab, text in cells:
        folded = text.casefold()
        assert not [name for name in anywhere if name in folded], (tab, text)
        assert not words & words_of(text), (tab, text)
        assert folded not in whole, (tab, text)


def test_trends_match_codes_and_say_which_school_lacks_one(district: Path) -> None:
    rows = sheet_rows(district, "District Trends")
    text = [str(cell) for row in rows for cell in row if cell]
    assert "EN1: left out for Baker (not on its Framework tab)." in text
    # AS1 is Carver's priority only: the other schools still show their share of it.
    as1 = table_rows(district, "District Trends", "Week")
    assert as1  # the district table, a week per row
    headers = next(row for row in rows if row and row[0] == "Week")
    assert {"IN2", "EN1", "AS1"} <= set(headers)


def test_district_pl_needs_hide_small_cells(district: Path) -> None:
    figures = {row[0]: row[1] for row in sheet_rows(district, "District PL Needs") if row}
    assert figures["Minimum group size"] == 6  # Carver's, the largest of the schools
    assert figures["Cells hidden"] > 0


def test_refresh_of_the_district_workbook_rolls_up_its_school_list(
    schools: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "district.xlsx"
    build_district_workbook(path, [("Adams", str(schools["Adams"])), ("Nobody", "")])
    answer = runner.invoke(cli, ["refresh", str(path), "--as-of", str(AS_OF)])
    assert answer.exit_code == 1, answer.output
    assert "School 1 of 1, Adams: coverage" in answer.output
    names = [info.name for info in XlsxBackend(path).tabs()]
    assert names == [*DISTRICT_OUTPUT_TAB_NAMES, SCHOOL_LIST.name]
    (problem,) = table_rows(path, "Problems", "School")
    assert problem["Problem"].startswith("'School List' row 3, column Workbook is empty")


def test_google_sheets_roll_up_through_the_sheets_api(
    monkeypatch: pytest.MonkeyPatch, own_refreshes: dict[str, dict[str, OutputTab]]
) -> None:
    api = FakeSheetsApi()
    open_in_fake(monkeypatch, api)
    sheets = {name: api.add_spreadsheet(name, with_headers(GOOD[name]())) for name in GOOD}
    links = [f"{name}\t{sheet.spreadsheet_id}" for name, sheet in sheets.items()]
    district = MemoryBackend({"Notes": [["the district's own tab"]]})
    result = rollup(
        district,
        [SchoolSource(*link.split("\t")) for link in links],
        as_of=AS_OF,
        options=RollupOptions(workers=1),
    )
    api.assert_clean()
    assert len(api.requests) == 2 * len(GOOD)  # one metadata read, one values read each
    assert not result.problems
    by_name = {school.school: school for school in result.schools}
    for name, tabs in own_refreshes.items():
        coverage = _figure(tabs["Coverage"], "coverage", "Coverage %").value
        assert by_name[name].coverage == coverage
    assert district.book.sheets["Notes"] == [["the district's own tab"]]


def test_a_not_shared_google_sheet_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeSheetsApi()
    open_in_fake(monkeypatch, api)
    sheet = api.add_spreadsheet("Adams", with_headers(GOOD["Adams"]()))
    api.forbidden.add(sheet.spreadsheet_id)
    result = rollup(MemoryBackend(), [SchoolSource("Adams", sheet.spreadsheet_id)], as_of=AS_OF)
    (problem,) = result.problems
    assert problem.school == "Adams"
    assert "share" in problem.reason.casefold()


def test_sources_from_folders_lists_and_links(schools: dict[str, Path], tmp_path: Path) -> None:
    listing = tmp_path / "schools.txt"
    folder = schools["Adams"].parent
    listing.write_text(f"# the district\nAdams Middle\t{schools['Adams']}\n{schools['Baker']}\n")
    key = "1" + "a" * 43
    found = school_sources([str(folder), str(listing), key])
    assert [s.school for s in found] == [
        "Adams",
        "Baker",
        "Carver",
        "Dunbar",
        "Adams Middle",
        "Baker",
        f"Google Sheet {key[:8]}",
    ]


def test_a_damaged_workbook_is_a_problem(tmp_path: Path) -> None:
    damaged = tmp_path / "Evers.xlsx"
    damaged.write_bytes(b"not a zip at all")
    district = MemoryBackend({SCHOOL_LIST.name: [["School", "Workbook"], ["Evers", str(damaged)]]})
    result = refresh_district(district, as_of=AS_OF, options=RollupOptions(workers=1))
    (problem,) = result.problems
    assert problem.school == "Evers"
    assert problem.reason.endswith(".")


def test_the_excel_button_rolls_a_district_workbook_up(
    schools: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from addin.excel import refresh as entry
    from tests.fakes.xlwings_standin import book_with

    monkeypatch.setenv(entry.LOG_ENV, str(tmp_path / "excel-refresh.log"))
    book = book_with({SCHOOL_LIST.name: [["School", "Workbook"], ["Adams", str(schools["Adams"])]]})
    entry.refresh_from_excel(book, as_of=AS_OF)
    assert book.app.alerts == []
    assert [sheet.name for sheet in book.sheets] == [*DISTRICT_OUTPUT_TAB_NAMES, SCHOOL_LIST.name]
    shown = [str(line) for line in book.app.status_history]
    assert any("School 1 of 1, Adams: coverage" in line for line in shown)  # progress
    assert shown[-1].startswith("ILR Sheets: Rolled up 1 school;")


def test_the_google_menu_refuses_to_roll_a_district_sheet_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the server, a School List would let an editor of one sheet make it open files
    on the server's disk or other sheets shared with its service account."""
    from addin.google.jobs import DISTRICT_ON_THE_SERVER, sheet_refresher
    from sheets_templates.errors import UsageError
    from sync.google.backend import GoogleSheetsBackend

    api = FakeSheetsApi()
    open_in_fake(monkeypatch, api)
    listed = [["School", "Workbook"], ["Theirs", "/srv/other-district/school.xlsx"]]
    district = api.add_spreadsheet("District", {SCHOOL_LIST.name: listed})
    refresher = sheet_refresher(
        lambda key: GoogleSheetsBackend(key, api.session(), sleep=lambda _: None)
    )
    with pytest.raises(UsageError, match="has a School List") as refused:
        refresher(district.spreadsheet_id, lambda _: None)
    assert str(refused.value) == DISTRICT_ON_THE_SERVER
    assert [sheet.title for sheet in api.spreadsheets[district.spreadsheet_id].sheets] == [
        SCHOOL_LIST.name
    ]
    api.assert_clean()


def test_rollup_never_writes_into_a_school_s_workbook(
    schools: dict[str, Path], tmp_path: Path
) -> None:
    school = Path(shutil.copy(schools["Adams"], tmp_path / "adams.xlsx"))
    before = school.read_bytes()
    answer = runner.invoke(cli, ["rollup", str(schools["Baker"]), "-o", str(school)])
    assert answer.exit_code == 2
    assert "is a school's workbook" in " ".join(answer.output.split())
    assert school.read_bytes() == before


def test_a_list_of_schools_that_names_itself_or_is_not_utf8_is_one_sentence(
    tmp_path: Path,
) -> None:
    itself = tmp_path / "itself.txt"
    itself.write_text("Us\titself.txt\n", encoding="utf-8")
    ansi = tmp_path / "ansi.txt"
    ansi.write_bytes("\u00c9cole\tadams.xlsx\n".encode("cp1252"))
    for listed, said in ((itself, "names itself"), (ansi, "is not UTF-8 text")):
        answer = runner.invoke(cli, ["rollup", str(listed), "-o", str(tmp_path / "d.xlsx")])
        assert answer.exit_code == 2, answer.output
        assert said in " ".join(answer.output.split())
        assert "Traceback" not in answer.output


def test_google_reads_are_paced_within_the_per_minute_quota() -> None:
    from addin.rollup import Pacer

    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer = Pacer(per_minute=30, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        pacer.wait()  # three schools at once: the second waits 2 s, the third 4 s
    now[0] = 10.0
    pacer.wait()  # long after: goes at once
    assert slept == [2.0, 4.0]


def test_the_district_workbook_in_the_schools_folder_is_not_a_school(
    schools: dict[str, Path], tmp_path: Path
) -> None:
    shutil.copy(schools["Adams"], tmp_path / "Adams.xlsx")
    district = tmp_path / "district.xlsx"
    command = ["rollup", str(tmp_path), "-o", str(district), "--as-of", str(AS_OF)]
    first = runner.invoke(cli, [*command, "--workers", "1"])
    again = runner.invoke(cli, [*command, "--workers", "1"])
    for answer in (first, again):
        assert answer.exit_code == 0, answer.output
        assert "Rolled up 1 school;" in answer.output


def test_a_refused_google_read_is_retried(
    monkeypatch: pytest.MonkeyPatch, own_refreshes: dict[str, dict[str, OutputTab]]
) -> None:
    api = FakeSheetsApi()
    open_in_fake(monkeypatch, api)
    sheet = api.add_spreadsheet("Adams", with_headers(GOOD["Adams"]()))
    api.fail_next(429, retry_after=1)  # over the per-minute quota once
    result = rollup(
        MemoryBackend(),
        [SchoolSource("Adams", sheet.spreadsheet_id)],
        as_of=AS_OF,
        options=RollupOptions(workers=1),
    )
    assert not result.problems
    assert len(api.requests) == 3  # the refused read, again, and the values read
    coverage = _figure(own_refreshes["Adams"]["Coverage"], "coverage", "Coverage %").value
    assert result.schools[0].coverage == coverage


def test_rollup_of_google_sheets_into_a_google_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeSheetsApi()
    open_in_fake(monkeypatch, api)
    adams = api.add_spreadsheet("Adams", with_headers(GOOD["Adams"]()))
    district = api.add_spreadsheet("District", {"Notes": [["ours"]]})
    answer = runner.invoke(
        cli,
        ["rollup", adams.spreadsheet_id, "-o", district.spreadsheet_id, "--as-of", str(AS_OF)],
    )
    assert answer.exit_code == 0, answer.output
    assert "School 1 of 1, Google Sheet fake0001: coverage" in answer.output
    titles = [sheet.title for sheet in api.spreadsheets[district.spreadsheet_id].sheets]
    assert titles == [*DISTRICT_OUTPUT_TAB_NAMES, "Notes"]
    api.assert_clean()
