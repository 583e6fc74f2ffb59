"""The district workbook's one input tab, `School List`: which schools roll up, from where.

    entries, problems = parse_school_list(rows)     # rows as a backend reads them
    build_district_workbook(path, [("Lincoln", "lincoln.xlsx")])

A row names a school and its workbook: an .xlsx/.xlsm path (relative to the district
workbook's folder) or a Google Sheets link or key. A row the tool cannot use is reported with
its row and column and how to fix it, and the others still roll up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from sheets_templates.errors import UsageError
from sheets_templates.files import replace_file
from sheets_templates.schema import SCHOOL_LIST

AUTHOR = "ILR Sheets"


@dataclass(frozen=True)
class ListedSchool:
    """One row of the School List: the school's name and its workbook, as typed."""

    school: str
    workbook: str
    row: int  # the sheet row, as the person sees it


@dataclass(frozen=True)
class ListProblem:
    """A School List row that names no school or no workbook, and how to fix it."""

    school: str
    row: int
    message: str


def has_school_list(tab_names: Sequence[str]) -> str | None:
    """The workbook's School List tab (by name or alias), if it has one: a district workbook."""
    for name in tab_names:
        if SCHOOL_LIST.matches(name):
            return name
    return None


def parse_school_list(
    rows: Sequence[Sequence[object]], tab: str = SCHOOL_LIST.name
) -> tuple[list[ListedSchool], list[ListProblem]]:
    """The schools a School List names, and the rows it cannot use.

    Raises `UsageError` when the header row lacks School or Workbook (nothing can be read).
    """
    header = [_text(cell) for cell in rows[0]] if rows else []
    where = {
        column.field: next((i for i, text in enumerate(header) if column.matches(text)), None)
        for column in SCHOOL_LIST.columns
    }
    missing = [column.header for column in SCHOOL_LIST.columns if where[column.field] is None]
    if missing:
        raise UsageError(
            f"The '{tab}' tab has no {' or '.join(missing)} column in its first row. Put the "
            f"headers {', '.join(SCHOOL_LIST.headers)} in row 1, one school per row below."
        )
    school_at, workbook_at = where["school"], where["workbook"]
    assert school_at is not None
    assert workbook_at is not None
    entries: list[ListedSchool] = []
    problems: list[ListProblem] = []
    for number, row in enumerate(rows[1:], start=2):
        school = _text(row[school_at] if school_at < len(row) else None)
        workbook = _text(row[workbook_at] if workbook_at < len(row) else None)
        if not school and not workbook:
            continue
        if not workbook:
            problems.append(
                ListProblem(
                    school,
                    number,
                    f"'{tab}' row {number}, column Workbook is empty: type the school's "
                    "workbook file (e.g. lincoln.xlsx) or paste its Google Sheets link.",
                )
            )
        elif not school:
            problems.append(
                ListProblem(
                    Path(workbook).stem,
                    number,
                    f"'{tab}' row {number}, column School is empty: type the school's name.",
                )
            )
        else:
            entries.append(ListedSchool(school, workbook, number))
    return entries, problems


def build_district_workbook(path: Path, schools: Sequence[tuple[str, str]]) -> None:
    """Write a new district workbook at `path` with a School List tab of `schools`
    (name, workbook), ready for `ilr refresh`. Raises `UsageError` for a path that is not
    .xlsx, `WorkbookLocked` when the file cannot be replaced."""
    if path.suffix.casefold() != ".xlsx":
        raise UsageError(f"The district workbook must be an .xlsx file; '{path.name}' is not.")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SCHOOL_LIST.name
    sheet.append(SCHOOL_LIST.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for school, source in schools:
        sheet.append([school, source])
        sheet.cell(sheet.max_row, 1).data_type = "s"
        sheet.cell(sheet.max_row, 2).data_type = "s"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = "A2"
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = "ILR Sheets district workbook"
    replace_file(path, workbook.save, backup=True)


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())
