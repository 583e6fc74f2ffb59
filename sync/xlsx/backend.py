"""`XlsxBackend`: an .xlsx/.xlsm file on disk, read with python-calamine, written by splicing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reports.model import OutputTab
from sheets_templates import files
from sheets_templates.errors import NotAWorkbook, UsageError, WorkbookError
from sheets_templates.schema import input_sheets
from sync.backend import RawTab, TabInfo
from sync.limits import fit_tabs
from sync.outputs import plan_write
from sync.xlsx.package import Package, write_package
from sync.xlsx.reading import checked_index, read_index, read_tabs
from sync.xlsx.splice import splice
from sync.xlsx.validate import check_written

if TYPE_CHECKING:
    from openpyxl import Workbook

CREATOR = "ILR Sheets"


@dataclass(frozen=True)
class XlsxOptions:
    backup: bool = True  # keep the previous file as NAME.backup-DATE.xlsx (the last three)


class XlsxBackend:
    """A workbook file. Output tabs are spliced in; every other part keeps its bytes."""

    def __init__(self, path: Path, options: XlsxOptions = XlsxOptions()) -> None:
        self.path = Path(path)
        self.options = options
        self._reading_ahead: Future[dict[str, RawTab]] | None = None

    @classmethod
    def open(cls, path: Path, options: XlsxOptions = XlsxOptions()) -> XlsxBackend:
        """The workbook at `path`, its input tabs already being read in the background.

        python-calamine reads outside Python's interpreter lock, so the read goes on while
        the refresh loads its reports; `read` then takes what is ready.
        """
        backend = cls(path, options)
        reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        backend._reading_ahead = reader.submit(backend._read_inputs)
        reader.shutdown(wait=False)  # the thread ends with the read
        return backend

    @property
    def location(self) -> str:
        return str(self.path)

    def tabs(self) -> list[TabInfo]:
        """Every tab in workbook order. Raises `WorkbookError` / `NotAWorkbook`."""
        self._check_exists()
        return read_index(self.path).tabs()

    def read(self, names: Sequence[str]) -> dict[str, RawTab]:
        """The values of the named tabs. Raises `MissingTab`, `NotAWorkbook`."""
        early = self._take_read_ahead()
        if all(name in early for name in names):
            return {name: early[name] for name in names}
        self._check_exists()
        return read_tabs(self.path, names)

    def _read_inputs(self) -> dict[str, RawTab]:
        sheets = [info.name for info in self.tabs()]
        return read_tabs(self.path, list(input_sheets(sheets).values()))

    def _take_read_ahead(self) -> dict[str, RawTab]:
        """The tabs read ahead, once; none if that read failed (reading again says why)."""
        early, self._reading_ahead = self._reading_ahead, None
        try:
            return early.result() if early else {}
        except Exception:  # the read that follows raises it where it belongs
            return {}

    def write(self, tabs: Sequence[OutputTab]) -> None:
        """Replace the output tabs with `tabs`, all or nothing.

        Raises `TabNameClash`, `WorkbookLocked`, `NotAWorkbook`.
        """
        self._check_exists()
        files.check_unlocked(self.path)
        read = files.Fingerprint.of(self.path)  # before reading: a save after it is caught
        person = Package.read(self.path)
        # Planned from the package being spliced: the tabs as they are now, not as first read.
        plan = plan_write(checked_index(person, self.path).tabs(), tabs)
        scratch = io.BytesIO()
        _new_workbook(plan.tabs).save(scratch)
        try:
            spliced = splice(person, Package.from_bytes(scratch.getvalue()), plan.replaced)
        except (KeyError, ValueError, UnicodeDecodeError) as exc:
            raise NotAWorkbook(
                f"'{self.path.name}' has a damaged part the refresh must edit: open it in "
                f"Excel, save it, and refresh again."
            ) from exc

        def write_checked(temp: Path) -> None:
            write_package(spliced, temp)
            check_written(temp, spliced, person, self.path)

        files.replace_file(self.path, write_checked, backup=self.options.backup, expected=read)

    def create(self, destination: str, tabs: Sequence[OutputTab]) -> str:
        """A brand-new .xlsx holding only `tabs` (values and formats, no history, no people).

        An existing file there is kept as a backup (the CLI asks for `--force` first).
        Raises `UsageError` for a destination that is not an .xlsx or is this workbook,
        `WorkbookLocked` when it is open elsewhere.
        """
        target = Path(destination)
        if target.suffix.lower() != ".xlsx":
            raise UsageError(f"A new workbook is saved as .xlsx, not '{target.name}'.")
        if target.resolve() == self.path.resolve():
            raise UsageError(
                f"'{target.name}' is the workbook being refreshed: choose another file name."
            )
        files.check_unlocked(target)
        workbook = _new_workbook(fit_tabs(tabs))
        workbook.properties.creator = CREATOR
        workbook.properties.lastModifiedBy = CREATOR
        workbook.properties.title = None
        files.replace_file(target, workbook.save, backup=True)
        return str(target)

    def close(self) -> None:
        """Nothing stays open between calls: each one opens and closes the file."""
        self._take_read_ahead()

    def _check_exists(self) -> None:
        if not self.path.is_file():
            raise WorkbookError(
                f"There is no workbook at '{self.path}': check the file name and folder."
            )


def _new_workbook(tabs: Sequence[OutputTab]) -> Workbook:
    """The output tabs rendered by openpyxl, loaded only when there is something to write."""
    from sync.xlsx.render import new_workbook

    return new_workbook(tabs)
