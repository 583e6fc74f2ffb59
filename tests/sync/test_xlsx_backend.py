"""The .xlsx backend on its own: reading what people keep, refusing safely, replacing atomically."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reports.model import OutputTab
from sheets_templates import files as safe_files
from sheets_templates.errors import (
    MissingTab,
    NotAWorkbook,
    TabNameClash,
    UsageError,
    WorkbookError,
    WorkbookLocked,
)
from sync.backend import RawTab
from sync.xlsx import XlsxBackend, XlsxOptions
from sync.xlsx import backend as xlsx_backend
from sync.xlsx.reading import read_tabs
from tests.sync.sample_tabs import FORMULA_TEXTS, issues_tab, sample_tabs, summary_tab


def people_workbook(path: Path) -> Path:
    """A log whose data starts at C5, with every kind of value and an error cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Walkthroughs"
    sheet["C5"] = "Date"
    sheet["D5"] = "Observer"
    sheet["C6"] = dt.datetime(2026, 9, 14, 9, 30)
    sheet["D6"] = dt.date(2026, 9, 15)
    sheet["E6"] = dt.time(13, 5)
    sheet["F6"] = dt.timedelta(hours=30)
    sheet["C7"] = True
    sheet["D7"] = 3
    sheet["E7"] = 2.5
    sheet["F7"] = "#N/A"
    sheet["F7"].data_type = "e"
    sheet["G7"] = "#REF!"
    sheet["G7"].data_type = "e"
    sheet["C8"] = "merged note"
    sheet.merge_cells("C8:D9")
    workbook.create_sheet("Roster")["A1"] = "Teacher ID"
    workbook.save(path)
    return path


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return people_workbook(tmp_path / "Walkthrough log.xlsx")


def test_rows_start_at_row_1_and_column_a_even_when_the_data_starts_lower(log: Path) -> None:
    rows = XlsxBackend(log).read(["Walkthroughs"])["Walkthroughs"].rows
    assert rows[:4] == [[""] * 7] * 4  # empty cells (None or "", as RawCell allows)
    assert rows[4][2:4] == ["Date", "Observer"]
    assert rows[5][2:6] == [
        dt.datetime(2026, 9, 14, 9, 30),
        dt.date(2026, 9, 15),
        dt.time(13, 5),
        dt.timedelta(hours=30),
    ]
    assert rows[6][2:7] == [True, 3, 2.5, "#N/A", "#REF!"]
    assert rows[7][2:4] == ["merged note", ""]


def test_opening_reads_the_input_tabs_ahead_with_the_same_values(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[list[str]] = []

    def counted(path: Path, names: list[str]) -> dict[str, RawTab]:
        reads.append(list(names))
        return read_tabs(path, names)

    monkeypatch.setattr(xlsx_backend, "read_tabs", counted)
    opened = XlsxBackend.open(log)
    roster = opened.read(["Roster"])

    # One read, made on opening, of every input tab the workbook has; `read` took from it.
    assert reads == [["Roster", "Walkthroughs"]]
    assert roster == XlsxBackend(log).read(["Roster"])
    opened.read(["Roster"])  # handed over once: a later read goes to the file
    assert reads[-1] == ["Roster"]


def test_tabs_lists_every_sheet_in_order(log: Path) -> None:
    assert [t.name for t in XlsxBackend(log).tabs()] == ["Walkthroughs", "Roster"]


def test_reading_a_tab_that_is_not_there(log: Path) -> None:
    with pytest.raises(MissingTab, match="'Coaching'"):
        XlsxBackend(log).read(["Coaching"])


def test_a_missing_file_is_a_clear_workbook_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="There is no workbook at") as raised:
        XlsxBackend(tmp_path / "nowhere.xlsx").tabs()
    assert not isinstance(raised.value, NotAWorkbook)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Date,Teacher\n2026-09-14,T1\n", "not a readable Excel workbook"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "password-protected or an old .xls"),
        (b"PK\x03\x04 cut short", "not a readable Excel workbook"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "log.xlsx"
    path.write_bytes(content)
    for call in (lambda b: b.tabs(), lambda b: b.read(["Walkthroughs"])):
        for opened in (XlsxBackend(path), XlsxBackend.open(path)):
            with pytest.raises(NotAWorkbook, match=message):
                call(opened)


def test_a_damaged_list_of_tabs_is_a_clear_message_and_the_file_is_left_alone(
    log: Path,
) -> None:
    with zipfile.ZipFile(log) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(log, "w", zipfile.ZIP_STORED) as stored:
        for name, data in parts.items():
            stored.writestr(name, data)
    # One byte changed inside the stored workbook.xml: its checksum no longer holds.
    log.write_bytes(log.read_bytes().replace(b"<sheets>", b"<sheetz>", 1))
    before = log.read_bytes()
    for call in (lambda b: b.tabs(), lambda b: b.write(sample_tabs())):
        with pytest.raises(NotAWorkbook, match="not a readable Excel workbook"):
            call(XlsxBackend(log))
    assert log.read_bytes() == before
    assert [p.name for p in log.parent.iterdir()] == [log.name]


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a sheet")
    with pytest.raises(NotAWorkbook, match="a zip file but not an Excel workbook"):
        XlsxBackend(path).tabs()


@pytest.mark.parametrize("lock", ["~$Walkthrough log.xlsx", ".~lock.Walkthrough log.xlsx#"])
def test_an_open_workbook_is_refused_and_left_alone(log: Path, lock: str) -> None:
    (log.parent / lock).write_text("someone")
    before = log.read_bytes()
    with pytest.raises(WorkbookLocked, match=r"'Walkthrough log\.xlsx' is open in Excel"):
        XlsxBackend(log).write(sample_tabs())
    assert log.read_bytes() == before


def test_a_clash_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Issues"
    workbook.save(path)
    before = sorted(os.listdir(tmp_path)), path.read_bytes()
    with pytest.raises(TabNameClash, match="'Issues'"):
        XlsxBackend(path).write(sample_tabs())
    assert (sorted(os.listdir(tmp_path)), path.read_bytes()) == before


def test_the_last_three_versions_are_kept_as_dated_backups(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minutes = iter(dt.datetime(2026, 12, 3, 10, 40 + n) for n in range(5))
    monkeypatch.setattr(safe_files, "_clock", lambda: next(minutes))
    versions = [log.read_bytes()]
    backend = XlsxBackend(log)
    for coverage in (0.1, 0.2, 0.3, 0.4, 0.5):
        backend.write([summary_tab(coverage=coverage)])
        versions.append(log.read_bytes())
    kept = safe_files.backups(log)
    assert [p.name for p in kept] == [
        "Walkthrough log.backup-2026-12-03T1042.xlsx",
        "Walkthrough log.backup-2026-12-03T1043.xlsx",
        "Walkthrough log.backup-2026-12-03T1044.xlsx",
    ]
    assert [p.read_bytes() for p in kept] == versions[2:5]  # the refresh before each
    assert sorted(p.name for p in log.parent.iterdir()) == sorted(
        [*(p.name for p in kept), log.name]
    )


def test_two_backups_in_one_minute_are_both_kept(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = iter(dt.datetime(2026, 12, 3, 10, 42, n) for n in (5, 40))
    monkeypatch.setattr(safe_files, "_clock", lambda: next(seconds))
    backend = XlsxBackend(log)
    backend.write([summary_tab(coverage=0.1)])
    backend.write([summary_tab(coverage=0.2)])
    assert [p.name for p in safe_files.backups(log)] == [
        "Walkthrough log.backup-2026-12-03T1042.xlsx",
        "Walkthrough log.backup-2026-12-03T104240.xlsx",
    ]


def test_no_backup_when_switched_off(log: Path) -> None:
    XlsxBackend(log, XlsxOptions(backup=False)).write(sample_tabs())
    assert [p.name for p in log.parent.iterdir()] == [log.name]


def test_a_failure_mid_write_leaves_the_file_untouched(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = log.read_bytes()
    real_write = xlsx_backend.write_package

    def fail_half_way(package: object, destination: Path) -> None:
        real_write(package, destination)  # type: ignore[arg-type]
        with destination.open("r+b") as file:
            file.truncate(1000)
        raise OSError("disk full")

    monkeypatch.setattr(xlsx_backend, "write_package", fail_half_way)
    with pytest.raises(WorkbookError, match="could not be written: disk full"):
        XlsxBackend(log).write(sample_tabs())
    assert log.read_bytes() == before
    assert [p.name for p in log.parent.iterdir()] == [log.name]


def test_a_refused_rename_is_a_locked_workbook(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = log.read_bytes()
    real_replace = os.replace

    def refuse(source: str, destination: str) -> None:
        if Path(destination) == log:
            raise PermissionError(13, "in use by another process")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WorkbookLocked, match="could not be replaced"):
        XlsxBackend(log).write(sample_tabs())
    assert log.read_bytes() == before
    assert not [p for p in log.parent.iterdir() if p.suffix == ".tmp"]


def test_a_folder_that_refuses_new_files_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(beside: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safe_files, "_new_temp_file", refuse)
    with pytest.raises(WorkbookLocked, match="check you may edit that folder"):
        safe_files.replace_file(tmp_path / "packet.pdf", Path.touch, backup=False)
    assert list(tmp_path.iterdir()) == []


def test_output_cells_hold_text_never_formulas(log: Path) -> None:
    XlsxBackend(log).write([issues_tab(count=len(FORMULA_TEXTS))])
    with zipfile.ZipFile(log) as archive:
        names = archive.namelist()
        sheets = [archive.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in sheet or 't="s"' in sheet for sheet in sheets)
    assert any(">=1+1</t>" in sheet for sheet in sheets)


def test_create_writes_a_new_workbook_that_names_no_person(log: Path, tmp_path: Path) -> None:
    destination = tmp_path / "PL copy.xlsx"
    location = XlsxBackend(log).create(str(destination), [summary_tab(), issues_tab()])
    assert location == str(destination)
    with zipfile.ZipFile(destination) as archive:
        core = archive.read("docProps/core.xml").decode()
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert "<dc:creator>ILR Sheets</dc:creator>" in core
    assert "<cp:lastModifiedBy>ILR Sheets</cp:lastModifiedBy>" in core
    assert "openpyxl" not in core
    assert not any("<f>" in sheet for sheet in sheets)
    created = XlsxBackend(destination)
    assert [(t.name, t.is_output) for t in created.tabs()] == [
        ("Summary", True),
        ("Issues", True),
    ]
    assert created.read(["Issues"])["Issues"].rows[3][4] == FORMULA_TEXTS[0]


def test_create_refuses_the_workbook_itself_and_other_formats(log: Path, tmp_path: Path) -> None:
    backend = XlsxBackend(log)
    with pytest.raises(UsageError, match="is the workbook being refreshed"):
        backend.create(str(log), [summary_tab()])
    with pytest.raises(UsageError, match=r"saved as \.xlsx"):
        backend.create(str(tmp_path / "copy.xlsm"), [summary_tab()])


def test_a_save_during_the_refresh_is_kept_and_the_refresh_refused(
    log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = xlsx_backend._new_workbook

    def saved_meanwhile(tabs: list[OutputTab]) -> openpyxl.Workbook:
        book = openpyxl.load_workbook(log)
        book.create_sheet("Typed meanwhile")["A1"] = "new notes"
        book.save(log)  # a sync client or a program that leaves no lock file
        return render(tabs)

    monkeypatch.setattr(xlsx_backend, "_new_workbook", saved_meanwhile)
    with pytest.raises(WorkbookError) as refused:
        XlsxBackend(log).write(sample_tabs())
    assert str(refused.value) == (
        "The workbook changed while refreshing: refresh again (the version of "
        "'Walkthrough log.xlsx' saved meanwhile is kept as it is)."
    )
    assert openpyxl.load_workbook(log)["Typed meanwhile"]["A1"].value == "new notes"
    assert [p.name for p in log.parent.iterdir()] == [log.name]


def test_through_a_symbolic_link_the_target_is_refreshed_in_place(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = people_workbook(shared / "log.xlsx")
    os.chmod(target, 0o664)
    link = tmp_path / "my log.xlsx"
    link.symlink_to(target)
    XlsxBackend(link).write(sample_tabs())
    assert link.is_symlink()
    assert link.resolve() == target
    assert [t.name for t in XlsxBackend(target).tabs()][:3] == ["Summary", "Issues", "Trends"]
    assert target.stat().st_mode & 0o777 == 0o664
    assert [p.name for p in safe_files.backups(target)] != []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my log.xlsx", "shared"]


def test_the_owner_and_group_are_kept(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "chown", lambda path, uid, gid: given.append((uid, gid)))
    XlsxBackend(log).write(sample_tabs())
    stat = log.stat()
    assert given == [(stat.st_uid, stat.st_gid)]


def test_a_hard_linked_workbook_is_refused_in_one_sentence(log: Path) -> None:
    os.link(log, log.with_name("second name.xlsx"))
    before = log.read_bytes()
    with pytest.raises(WorkbookError, match="is a hard link"):
        XlsxBackend(log).write(sample_tabs())
    assert log.read_bytes() == before


def test_a_temp_file_a_killed_write_left_is_removed_by_the_next(log: Path) -> None:
    leftover = log.with_name(".Walkthrough log.0badf00d.tmp")
    leftover.write_bytes(b"half a workbook")
    hours_ago = dt.datetime.now().timestamp() - 2 * 3600
    os.utime(leftover, (hours_ago, hours_ago))
    running = log.with_name(".Walkthrough log.1234abcd.tmp")
    running.write_bytes(b"another write, still going")
    XlsxBackend(log).write(sample_tabs())
    assert not leftover.exists()
    assert running.exists()
