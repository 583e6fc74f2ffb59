"""The input workbook a school starts from: every input tab, ready to type into.

`build_template` writes each tab of `schema.INPUT_TABS` with its headers (taken from the
schema, never retyped), a bold frozen header row, each column's help as a comment on its
header, date and time formats down the date and time columns, and dropdowns where a column
has a closed list of values. Given rows, it writes them under the headers, which is how the
demo school is written too.

The workbook is streamed (openpyxl's write-only mode), so a 50,000-row walkthrough log takes
seconds, not minutes. Document properties name the tool, never a person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from sheets_templates.errors import UsageError
from sheets_templates.files import replace_file
from sheets_templates.schema import (
    CALENDAR,
    COACHING,
    CYCLES,
    FRAMEWORK,
    INPUT_TABS,
    ROSTER,
    SETTINGS,
    SETTINGS_KEYS,
    SHARED_RATINGS,
    WALKTHROUGHS,
    Column,
    DayType,
    Kind,
    Role,
    Tab,
    find_tab,
    normalise_header,
)

AUTHOR = "ILR Sheets"

# Dropdowns and date/time formats reach this many rows, and well past the last row given,
# so a date typed into row 1,500 is still a date.
TEMPLATE_ROWS = 2000
HEADROOM_ROWS = 500
# The Teacher dropdown lists Roster names down to this row (or further for a larger roster).
ROSTER_LIST_ROWS = 1000
FRAMEWORK_LIST_ROWS = 200

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
COLUMN_FORMATS = {
    Kind.DATE: DATE_FORMAT,
    Kind.DATE_OR_YES: DATE_FORMAT,
    Kind.TIME: TIME_FORMAT,
    Kind.DATETIME: DATETIME_FORMAT,
}

# Free-text columns people write sentences into get room to read them.
WIDE_TEXT_FIELDS = frozenset(
    {"evidence", "notes", "strengths", "needs", "next_steps", "indicator", "explanation"}
)
KIND_WIDTHS = {
    Kind.DATE: 12,
    Kind.DATE_OR_YES: 15,
    Kind.TIME: 8,
    Kind.DATETIME: 17,
    Kind.EMAIL: 30,
    Kind.TEACHER: 24,
    Kind.LOOKFORS: 16,
}
WIDE_TEXT_WIDTH = 48
MAX_WIDTH = 60
# An in-cell list (`"A,B,C"`) may not exceed this many characters in Excel.
MAX_INLINE_LIST = 255

KIND_HINTS = {
    Kind.DATE: "A date, e.g. 2026-09-14.",
    Kind.TIME: "A time of day, e.g. 09:40.",
    Kind.DATETIME: "A date and time, e.g. 2026-09-14 09:40.",
}

LOOKFORS_PROMPT = "Codes from the Framework tab, comma-separated; CODE:3 records a level."

Rows = Sequence[Sequence[object]]
CELL_TYPES = (str, int, float, Decimal, dt.date, dt.time)  # bool is an int; datetime a date


@dataclass(frozen=True)
class _Dropdown:
    """One data validation: a list (inline or a range), or only an input message."""

    field: str
    source: str | None  # formula1: '"A,B"' or "Roster!$B$2:$B$1000"; None: message only
    prompt: str
    strict: bool  # stop a value outside the list, or only warn


def build_template(path: Path, rows: Mapping[str, Rows] | None = None) -> None:
    """Write the input workbook to `path`: every input tab, and `rows` under the headers.

    `rows` maps a tab name (or alias) to data rows in header order. Dates, times and
    datetimes are written as real spreadsheet dates; text that starts like a formula stays
    text. An existing file at `path` is kept as a dated backup (`files.backup_path`) first.

    Raises `UsageError` for a path that is not .xlsx, a tab name the schema does not know, or
    text an .xlsx file cannot hold; `WorkbookLocked` when the file cannot be replaced;
    `WorkbookError` for other write failures.
    """
    if path.suffix.casefold() != ".xlsx":
        raise UsageError(f"The template must be an .xlsx file; '{path.name}' is not.")
    given = _rows_by_tab(rows or {})
    for tab in INPUT_TABS:
        _check_cells(tab, given.get(tab.key, ()))
    workbook = Workbook(write_only=True)
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = "ILR Sheets input workbook"
    for tab in INPUT_TABS:
        tab_rows = given.get(tab.key, ())
        if tab is SETTINGS:
            tab_rows = _settings_rows(tab_rows)
        _write_tab(workbook, tab, tab_rows, given)
    replace_file(path, workbook.save, backup=True)


def _rows_by_tab(rows: Mapping[str, Rows]) -> dict[str, Rows]:
    by_key: dict[str, Rows] = {}
    for name, tab_rows in rows.items():
        tab = find_tab(name)
        if tab is None:
            known = ", ".join(t.name for t in INPUT_TABS)
            raise UsageError(f"There is no input tab called '{name}'; use one of {known}.")
        by_key[tab.key] = tab_rows
    return by_key


def _settings_rows(given: Rows) -> list[list[object]]:
    """Every Settings key with its default and meaning; given rows override by key."""
    overrides = {normalise_header(row[0]): list(row) for row in given if row and row[0]}
    rows = []
    for setting in SETTINGS_KEYS:
        row = overrides.pop(normalise_header(setting.key), None)
        value = row[1] if row and len(row) > 1 else _default_value(setting.kind, setting.default)
        explanation = row[2] if row and len(row) > 2 and row[2] else setting.help
        rows.append([setting.key, value, explanation])
    return rows + list(overrides.values())  # unknown keys are kept, after the known ones


def _default_value(kind: Kind, default: str) -> object:
    if not default:
        return None
    return int(default) if kind is Kind.INTEGER else default


def _write_tab(workbook: Workbook, tab: Tab, rows: Rows, given: Mapping[str, Rows]) -> None:
    sheet = workbook.create_sheet(tab.name)
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(tab.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column, rows, index)
    last_row = max(TEMPLATE_ROWS, len(rows) + HEADROOM_ROWS) + 1
    for validation in _validations(tab, given, last_row):
        sheet.data_validations.append(validation)

    sheet.append([_header_cell(sheet, tab, column) for column in tab.columns])
    formats = [COLUMN_FORMATS.get(column.kind) for column in tab.columns]
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    # Empty rows below the data still hold dates and times as dates and times.
    if any(formats):
        for _ in range(len(rows) + 2, last_row + 1):
            sheet.append([_empty_cell(sheet, number_format) for number_format in formats])


def _header_cell(sheet: WriteOnlyWorksheet, tab: Tab, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, column.header)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="top")
    note = column.help or KIND_HINTS.get(column.kind, "")
    if column is tab.columns[0] and tab.help:
        note = f"{note}\n\n{tab.name}: {tab.help}".strip()
    if note:
        comment = Comment(note, AUTHOR)
        comment.width, comment.height = 260, 110
        cell.comment = comment
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    if isinstance(value, str):
        if value.startswith("="):
            # openpyxl would store it as a formula; a person typed it, so it stays text.
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
        return value
    number_format = _value_format(value)
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _check_cells(tab: Tab, rows: Rows) -> None:
    """Refuse, before anything is written, a value an .xlsx cell cannot hold."""
    for row_number, row in enumerate(rows, start=2):
        for value in row:
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                problem = "a control character that an .xlsx file cannot hold"
            elif value is not None and not isinstance(value, CELL_TYPES):
                problem = f"a {type(value).__name__} value, which is not a cell value"
            else:
                continue
            raise UsageError(
                f"Row {row_number} of the {tab.name} tab has {problem}; remove it and try again."
            )


def _value_format(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return DATE_FORMAT if value.time() == dt.time() else DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, dt.time):
        return TIME_FORMAT
    return None


def _empty_cell(sheet: WriteOnlyWorksheet, number_format: str | None) -> WriteOnlyCell | None:
    if number_format is None:
        return None
    cell = WriteOnlyCell(sheet)
    cell.number_format = number_format
    return cell


def _width(column: Column, rows: Rows, index: int) -> float:
    if column.field in WIDE_TEXT_FIELDS:
        return WIDE_TEXT_WIDTH
    sample = (row[index - 1] for row in rows[:200] if len(row) >= index)
    longest = max((len(str(v)) for v in sample if isinstance(v, str | int)), default=0)
    floor = KIND_WIDTHS.get(column.kind, 10)
    return min(MAX_WIDTH, max(floor, len(column.header) + 3, longest + 2))


def _validations(tab: Tab, given: Mapping[str, Rows], last_row: int) -> list[DataValidation]:
    validations = []
    for dropdown in _dropdowns(tab, given):
        letter = get_column_letter(tab.columns.index(tab.column(dropdown.field)) + 1)
        validation = DataValidation(
            type="list" if dropdown.source else None,
            formula1=dropdown.source,
            allow_blank=True,
            showInputMessage=bool(dropdown.prompt),
            promptTitle=tab.column(dropdown.field).header[:32] if dropdown.prompt else None,
            prompt=dropdown.prompt[:255] or None,
            showErrorMessage=dropdown.source is not None,
            errorStyle="stop" if dropdown.strict else "warning",
            errorTitle=tab.column(dropdown.field).header[:32],
            error=_error_message(dropdown),
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        validations.append(validation)
    return validations


def _error_message(dropdown: _Dropdown) -> str:
    if dropdown.strict:
        return "Pick one of the values in the list."
    return "This value is not in the list. Keep it only if you are sure it is right."


def _dropdowns(tab: Tab, given: Mapping[str, Rows]) -> list[_Dropdown]:
    """The dropdowns of one tab: closed lists stop other values, open lists only warn."""
    teachers = _range_list(
        ROSTER, "name", max(ROSTER_LIST_ROWS, len(given.get(ROSTER.key, ())) + 1)
    )
    codes = _range_list(
        FRAMEWORK, "code", max(FRAMEWORK_LIST_ROWS, len(given.get(FRAMEWORK.key, ())) + 1)
    )
    teacher_prompt = "Pick from the Roster, or type a Teacher ID or email."
    yes_no = _inline_list(["Y", "N"])
    if tab is WALKTHROUGHS:
        observers = _inline_list(_distinct(given.get(tab.key, ()), tab, "observer"))
        return [
            _Dropdown(
                "observer",
                observers,
                "" if observers else "Who made the visit: write the name the same way each time.",
                strict=False,
            ),
            _Dropdown("teacher", teachers, teacher_prompt, strict=False),
            _Dropdown("lookfors", None, LOOKFORS_PROMPT, strict=False),
            _Dropdown("evidence_shared", None, "The date the evidence was sent, or Y.", False),
            _Dropdown("conversation_role", _inline_list(list(Role)), "", strict=True),
        ]
    if tab is COACHING:
        coaches = _inline_list(_distinct(given.get(tab.key, ()), tab, "coach"))
        return [
            _Dropdown("coach", coaches, "" if coaches else "Write the name the same way.", False),
            _Dropdown("teacher", teachers, teacher_prompt, strict=False),
            _Dropdown("focus_area", codes, "A code from the Framework tab.", strict=False),
        ]
    if tab is ROSTER:
        return [_Dropdown("active", yes_no, "", strict=True)]
    if tab is FRAMEWORK:
        return [_Dropdown("priority", yes_no, "", strict=True)]
    if tab is CALENDAR:
        return [_Dropdown("type", _inline_list(list(DayType)), "", strict=True)]
    if tab is CYCLES:
        return [_Dropdown("lookfor", codes, "A code from the Framework tab.", strict=False)]
    if tab is SHARED_RATINGS:
        raters = _inline_list(_distinct(given.get(WALKTHROUGHS.key, ()), WALKTHROUGHS, "observer"))
        return [
            _Dropdown(
                "observer",
                raters,
                "" if raters else "Who rated: spelled as in the Walkthroughs log.",
                strict=False,
            ),
            _Dropdown("lookfors", None, "The look-for and the level given, e.g. IN2:3.", False),
        ]
    return []


def _range_list(tab: Tab, field: str, last_row: int) -> str:
    letter = get_column_letter(tab.columns.index(tab.column(field)) + 1)
    sheet = tab.name if re.fullmatch(r"[A-Za-z_]\w*", tab.name) else quote_sheetname(tab.name)
    return f"{sheet}!${letter}$2:${letter}${last_row}"  # the file stores it without "="


def _inline_list(values: Iterable[str]) -> str | None:
    """`"A,B,C"` for an in-cell list, or None when the values cannot be listed inline."""
    values = list(values)
    if not values or any("," in v or '"' in v for v in values):
        return None
    source = '"' + ",".join(values) + '"'
    return source if len(source) <= MAX_INLINE_LIST else None


def _distinct(rows: Rows, tab: Tab, field: str) -> list[str]:
    """Distinct non-empty text values of one column, in order of first appearance."""
    index = tab.columns.index(tab.column(field))
    seen: dict[str, None] = {}
    for row in rows:
        value = row[index] if len(row) > index else None
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)
