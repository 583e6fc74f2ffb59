"""The input template: tabs, headers, help, formats and dropdowns, read back as Excel sees them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from sheets_templates.errors import UsageError
from sheets_templates.files import backups
from sheets_templates.schema import INPUT_TABS, SETTINGS_KEYS, WALKTHROUGHS
from sheets_templates.template import build_template


def _validations(sheet: Worksheet) -> dict[str, tuple[str | None, str | None, str]]:
    """Header -> (list source, input message, error style) of each validated column."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        first = str(validation.sqref).split(":")[0]
        letter = first.rstrip("0123456789")
        assert first == f"{letter}2", "validations start under the header"
        found[headers[letter]] = (validation.formula1, validation.prompt, validation.errorStyle)
    return found


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("template") / "ILR template.xlsx"
    build_template(path)
    return openpyxl.load_workbook(path)


def test_every_input_tab_with_its_schema_headers_bold_and_frozen(
    empty_template: openpyxl.Workbook,
) -> None:
    assert empty_template.sheetnames == [tab.name for tab in INPUT_TABS]
    for tab in INPUT_TABS:
        sheet = empty_template[tab.name]
        assert [cell.value for cell in sheet[1]] == tab.headers
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"


def test_each_column_help_is_a_comment_on_its_header(empty_template: openpyxl.Workbook) -> None:
    sheet = empty_template["Walkthroughs"]
    comments = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert comments["Look-fors"] == WALKTHROUGHS.column("lookfors").help
    assert comments["Teacher"] == "The teacher's name, email or Teacher ID, as on the Roster."
    assert comments["Time"] == "A time of day, e.g. 09:40."
    assert "One row per classroom visit." in comments["Timestamp"]  # the tab's own help
    assert all(c.author == "ILR Sheets" for c in (cell.comment for cell in sheet[1]) if c)


def test_dropdowns_and_input_messages(empty_template: openpyxl.Workbook) -> None:
    walkthroughs = _validations(empty_template["Walkthroughs"])
    assert walkthroughs["Teacher"][0] == "Roster!$B$2:$B$1000"
    assert walkthroughs["Teacher"][2] == "warning"  # an email or ID may be typed instead
    assert walkthroughs["Conversation Role"][0] == '"Directive,Reflective,Reflexive"'
    assert walkthroughs["Conversation Role"][2] == "stop"
    assert walkthroughs["Observer"][0] is None  # no observers known yet: a message only
    assert "same way" in (walkthroughs["Observer"][1] or "")
    assert walkthroughs["Look-fors"] == (
        None,
        "Codes from the Framework tab, comma-separated; CODE:3 records a level.",
        "warning",
    )
    coaching = _validations(empty_template["Coaching"])
    assert coaching["Teacher"][0] == "Roster!$B$2:$B$1000"
    assert coaching["Focus Area"][0] == "Framework!$A$2:$A$200"
    assert _validations(empty_template["Cycles"])["Look-for"][0] == "Framework!$A$2:$A$200"
    assert _validations(empty_template["Roster"])["Active"][0] == '"Y,N"'
    assert _validations(empty_template["Framework"])["Priority"][0] == '"Y,N"'
    assert _validations(empty_template["Calendar"])["Type"][0] == (
        '"Holiday,No School,PD Day,Half Day"'
    )


def test_settings_tab_lists_every_key_with_default_and_meaning(
    empty_template: openpyxl.Workbook,
) -> None:
    rows = list(empty_template["Settings"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [s.key for s in SETTINGS_KEYS]
    values = {row[0]: row[1] for row in rows}
    assert values["Rotation School Days"] == 10
    assert values["Yearly Target"] == 500
    assert values["Time Blocks"].startswith("Early 07:00-09:30")
    assert values["School Year Start"] is None
    assert all(row[2] for row in rows)


def test_empty_date_and_time_cells_are_formatted_far_down(
    empty_template: openpyxl.Workbook,
) -> None:
    sheet = empty_template["Walkthroughs"]
    assert sheet["B2000"].number_format == "yyyy-mm-dd"  # Date
    assert sheet["C2000"].number_format == "hh:mm"  # Time
    assert sheet["A2000"].number_format == "yyyy-mm-dd hh:mm"  # Timestamp
    assert sheet["D2000"].number_format == "General"  # Observer: text


def test_document_properties_name_no_person(empty_template: openpyxl.Workbook) -> None:
    properties = empty_template.properties
    assert properties.creator == "ILR Sheets"
    assert properties.lastModifiedBy == "ILR Sheets"


def test_rows_are_written_with_real_dates_and_formula_text_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "school.xlsx"
    visit = [None, dt.date(2026, 11, 3), dt.time(9, 40), "Obs A", '=HYPERLINK("x")', 101, 2]
    build_template(
        path,
        {
            "Walkthroughs": [visit, [None, "11/3/2026", None, "Obs B", "Ana Ortiz"]],
            "Settings": [
                ["Goal Areas", "Instruction"],
                ["School Year Start", dt.date(2026, 8, 17)],
            ],
        },
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Walkthroughs"]
    assert sheet["B2"].is_date
    assert sheet["B2"].value == dt.datetime(2026, 11, 3)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == dt.time(9, 40)
    assert sheet["C2"].number_format == "hh:mm"
    assert sheet["E2"].value == '=HYPERLINK("x")'
    assert sheet["E2"].data_type == "s"
    assert sheet["B3"].value == "11/3/2026"  # text stays text, exactly as typed
    assert _validations(sheet)["Observer"][0] == '"Obs A,Obs B"'
    settings = {row[0]: row[1] for row in workbook["Settings"].iter_rows(values_only=True)}
    assert settings["Goal Areas"] == "Instruction"
    assert settings["School Year Start"] == dt.datetime(2026, 8, 17)
    assert settings["Daily Target"] == 3  # defaults fill the keys not given


def test_tab_names_match_like_the_parser_does(tmp_path: Path) -> None:
    path = tmp_path / "school.xlsx"
    build_template(path, {"form responses 1": [[None, dt.date(2026, 9, 1)]]})
    assert openpyxl.load_workbook(path)["Walkthroughs"]["B2"].value == dt.datetime(2026, 9, 1)


def test_replacing_a_workbook_keeps_the_previous_one(tmp_path: Path) -> None:
    path = tmp_path / "school.xlsx"
    build_template(path, {"Roster": [["T1", "First version"]]})
    build_template(path, {"Roster": [["T1", "Second version"]]})
    assert openpyxl.load_workbook(path)["Roster"]["B2"].value == "Second version"
    [backup] = backups(path)
    assert openpyxl.load_workbook(backup)["Roster"]["B2"].value == "First version"
    assert sorted(p.name for p in tmp_path.iterdir()) == [backup.name, "school.xlsx"]
    assert re.fullmatch(r"school\.backup-\d{4}-\d\d-\d\dT\d{4}\.xlsx", backup.name)


@pytest.mark.parametrize(
    ("name", "rows", "message"),
    [
        ("school.csv", {}, "must be an .xlsx file"),
        ("school.xlsx", {"Teachers and rooms": []}, "no input tab called 'Teachers and rooms'"),
        ("school.xlsx", {"Roster": [["T1", "bad\x01name"]]}, "Row 2 of the Roster tab"),
    ],
)
def test_bad_requests_are_one_clear_sentence(
    tmp_path: Path, name: str, rows: dict[str, list[list[object]]], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        build_template(tmp_path / name, rows)
    assert list(tmp_path.iterdir()) == []  # nothing half-written is left behind
