"""The district roll-up use case: every school's workbook into one district workbook.

    sources = school_sources(["schools/", "https://docs.google.com/spreadsheets/d/KEY"])
    result = rollup(XlsxBackend(Path("district.xlsx")), sources, as_of=date(2027, 5, 14))

Each school is read and computed in a worker process (standard library), exactly as its own
refresh would compute it (`reports.district.figures`); only its figures come back, so its
frames are freed as soon as they are taken and memory stays flat with the number of schools.
Google Sheets are read in this process, a few at a time within the per-minute read quota (two
requests per school; the client retries with backoff, boundedly), and computed in the
workers like files. The schools' workbooks are only read, never written. A school that cannot
be read becomes a `SchoolProblem`; the others still roll up.

Raises `IlrError` subclasses only, and only for the district workbook itself.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from reports.district.figures import SchoolFigures, school_figures
from reports.district.pooled import SchoolProblem, district_coverage
from reports.district.tabs import district_tabs
from reports.model import OutputTab
from sheets_templates.district import has_school_list, parse_school_list
from sheets_templates.errors import IlrError, UsageError
from sheets_templates.files import is_backup
from sheets_templates.findings import counted
from sheets_templates.schema import DISTRICT_OUTPUT_TAB_NAMES, SCHOOL_LIST
from sync.backend import Backend, RawCell
from sync.open import EXCEL_SUFFIXES, google_key, open_backend
from sync.outputs import check_no_clash
from sync.pipeline import Progress, quiet, read_book

LIST_SUFFIXES = (".txt",)
READS_PER_SCHOOL = 2  # a Google Sheet: one metadata read, one values read
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class SchoolSource:
    """One school to roll up: its name and its workbook (a path, or a Google Sheets link)."""

    school: str
    workbook: str


@dataclass(frozen=True)
class RollupOptions:
    """How the roll-up runs. `workers` None: one process per core."""

    workers: int | None = None
    credentials: Path | None = None  # Google Sheets only, as for `ilr refresh`
    google_at_once: int = 4  # Google Sheets read at the same time
    google_reads_per_minute: int = 60  # Google's per-user read quota


@dataclass
class RollupResult:
    """What a roll-up wrote, where, and the schools behind it."""

    location: str
    schools: list[SchoolFigures]
    problems: list[SchoolProblem]
    tabs: list[OutputTab]
    seconds: dict[str, float] = field(default_factory=dict)

    def summary_line(self) -> str:
        """`Rolled up 4 schools (1 could not be read); district coverage 62%; wrote 5 tabs.`"""
        coverage = district_coverage(self.schools)
        shown = "n/a" if coverage is None else f"{coverage:.0%}"
        problems = f" ({len(self.problems)} could not be read)" if self.problems else ""
        return (
            f"Rolled up {counted(len(self.schools), 'school')}{problems}; district coverage "
            f"{shown}; wrote {counted(len(self.tabs), 'tab')}."
        )


def rollup(
    district: Backend,
    sources: Sequence[SchoolSource],
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    options: RollupOptions = RollupOptions(),
    listed_problems: Sequence[SchoolProblem] = (),
) -> RollupResult:
    """Read every school, compute its figures, and write the district tabs into `district`.

    Nothing is written unless every school was tried. Raises `TabNameClash` when a district
    tab's name is taken by a tab of the people's, before any school is read.
    """
    say = progress or quiet
    as_of = as_of or dt.date.today()
    check_no_clash(district.tabs(), DISTRICT_OUTPUT_TAB_NAMES)
    # The district workbook in the schools' folder is not a school.
    sources = [s for s in sources if not _same_workbook(s.workbook, district.location)]
    started = time.perf_counter()
    schools, problems = compute_schools(sources, as_of, say, options)
    computed = time.perf_counter()
    problems = [*listed_problems, *problems]
    tabs = district_tabs(schools, problems, as_of)
    say("Writing the district tabs")
    district.write(tabs)
    return RollupResult(
        district.location,
        schools,
        problems,
        tabs,
        {"schools": computed - started, "write": time.perf_counter() - computed},
    )


def refresh_district(
    district: Backend,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    options: RollupOptions = RollupOptions(),
) -> RollupResult:
    """Roll up the schools the district workbook's own School List tab names (`ilr refresh`
    of a district workbook). Raises `UsageError` without one, or when its headers are not
    School and Workbook."""
    sources, problems = listed_sources(district)
    return rollup(
        district,
        sources,
        as_of=as_of,
        progress=progress,
        options=options,
        listed_problems=problems,
    )


def is_district(backend: Backend) -> bool:
    """Whether the workbook has a School List tab: a district workbook, rolled up by refresh."""
    return has_school_list([info.name for info in backend.tabs()]) is not None


def listed_sources(district: Backend) -> tuple[list[SchoolSource], list[SchoolProblem]]:
    """The School List's schools, paths taken from the district workbook's folder, and its
    rows that name no school or no workbook."""
    name = has_school_list([info.name for info in district.tabs()])
    if name is None:
        raise UsageError(
            f"The workbook has no '{SCHOOL_LIST.name}' tab: add one with the headers "
            f"{', '.join(SCHOOL_LIST.headers)}, one school per row."
        )
    entries, problems = parse_school_list(district.read([name])[name].rows, name)
    folder = _folder_of(district.location)
    sources = [SchoolSource(entry.school, _beside(folder, entry.workbook)) for entry in entries]
    return sources, [SchoolProblem(p.school, "", p.message) for p in problems]


def school_sources(arguments: Iterable[str]) -> list[SchoolSource]:
    """The schools the command line names: workbook files, folders (every workbook inside),
    Google Sheets links or keys, and text files listing any of them (one per line, or a
    school's name, a tab, then its workbook). Raises `UsageError` for a name that is none."""
    sources: list[SchoolSource] = []
    for argument in arguments:
        sources += _sources_of(argument.strip())
    if not sources:
        raise UsageError("Name at least one school workbook, folder or Google Sheets link.")
    return sources


def _sources_of(
    argument: str, folder: Path | None = None, reading: frozenset[Path] = frozenset()
) -> list[SchoolSource]:
    if google_key(argument):
        return [SchoolSource(_google_name(argument), argument)]
    path = Path(argument).expanduser()
    if folder and not path.is_absolute():
        path = folder / path
    if path.is_dir():
        found = sorted(
            p
            for p in path.iterdir()
            if p.suffix.lower() in EXCEL_SUFFIXES
            and not p.name.startswith(("~$", "."))
            and not is_backup(p)
        )
        return [SchoolSource(p.stem, str(p)) for p in found]
    if path.suffix.lower() in LIST_SUFFIXES and path.is_file():
        return _listed_in(path, reading)
    if path.suffix.lower() in EXCEL_SUFFIXES or not path.suffix:
        return [SchoolSource(path.stem, str(path))]  # a missing file is the school's problem
    raise UsageError(
        f"'{argument}' is not a workbook (.xlsx, .xlsm), a folder, a list of schools (.txt) "
        "or a Google Sheets link."
    )


def _listed_in(path: Path, reading: frozenset[Path]) -> list[SchoolSource]:
    """The schools a list file names, one per line (`School<TAB>workbook`, or a workbook);
    `reading` holds the lists that led here, so a list that names itself is refused."""
    here = path.resolve()
    if here in reading:
        raise UsageError(f"The list of schools {path.name} names itself: remove that line.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"The list of schools {path.name} is not UTF-8 text: save it again as UTF-8 "
            "(in Notepad: Save As, Encoding UTF-8)."
        ) from error
    except OSError as error:
        raise UsageError(
            f"The list of schools {path.name} cannot be read: check it is yours to open."
        ) from error
    sources = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, where = line.rpartition("\t")
        found = _sources_of(where.strip(), path.parent, reading | {here})
        if name.strip() and len(found) == 1:  # a name names one workbook, not a folder's
            found = [SchoolSource(name.strip(), found[0].workbook)]
        sources += found
    return sources


def _google_name(link: str) -> str:
    key = google_key(link) or link
    return f"Google Sheet {key[:8]}"


def _same_workbook(workbook: str, location: str) -> bool:
    if google_key(workbook) or google_key(location):
        return google_key(workbook) == google_key(location)
    return Path(workbook).expanduser().resolve() == Path(location).expanduser().resolve()


def _folder_of(location: str) -> Path | None:
    return None if google_key(location) else Path(location).resolve().parent


def _beside(folder: Path | None, workbook: str) -> str:
    """A School List workbook: a link as it is, a relative path from the district's folder."""
    if google_key(workbook) or folder is None or Path(workbook).expanduser().is_absolute():
        return workbook
    return str(folder / workbook)


# -- computing the schools ------------------------------------------------------------------


Outcome = SchoolFigures | SchoolProblem


def compute_schools(
    sources: Sequence[SchoolSource],
    as_of: dt.date,
    progress: Progress,
    options: RollupOptions = RollupOptions(),
) -> tuple[list[SchoolFigures], list[SchoolProblem]]:
    """Every school's figures, or the reason it could not be read, in `sources` order.

    Files are read and computed in worker processes. A Google Sheet is read here by one of
    `options.google_at_once` reader threads (paced within the per-minute read quota) and
    computed in a worker while its reader waits, so no more than that many schools' tabs are
    ever held here at once. Each finished school is reported through `progress`.
    """
    outcomes: dict[int, Outcome] = {}
    total = len(sources)
    workers = options.workers or os.cpu_count() or 1
    pacer = Pacer(per_minute=max(1, options.google_reads_per_minute // READS_PER_SCHOOL))
    with (
        _pool(workers) as pool,
        ThreadPoolExecutor(options.google_at_once, thread_name_prefix="google") as readers,
    ):
        futures: dict[Future[Outcome], int] = {}
        for i, source in enumerate(sources):
            if google_key(source.workbook):
                job = readers.submit(_google_school, source, as_of, options, pacer, pool)
            else:
                job = pool.submit(school_from_file, source, as_of)
            futures[job] = i
        for future in as_completed(futures):
            i = futures[future]
            outcomes[i] = _outcome(future, sources[i])
            progress(_progress_line(len(outcomes), total, outcomes[i]))
    ordered = [outcomes[i] for i in range(total)]
    return (
        [o for o in ordered if isinstance(o, SchoolFigures)],
        [o for o in ordered if isinstance(o, SchoolProblem)],
    )


def school_from_file(source: SchoolSource, as_of: dt.date) -> Outcome:
    """One school's figures from its workbook file (run in a worker process)."""
    return _computed(source, lambda: open_backend(source.workbook), as_of)


def school_from_rows(
    source: SchoolSource, rows: dict[str, list[list[RawCell]]], as_of: dt.date
) -> Outcome:
    """One school's figures from its tabs as read (a Google Sheet; run in a worker process)."""
    from sync.memory import MemoryBackend

    return _computed(source, lambda: MemoryBackend(rows), as_of)


def _computed(source: SchoolSource, opener: Callable[[], Backend], as_of: dt.date) -> Outcome:
    """The school's figures, its Book dropped on return; a problem in one sentence instead."""
    try:
        backend = opener()
        try:
            book = read_book(backend, as_of)
        finally:
            backend.close()
        return school_figures(book, source.school)
    except IlrError as error:
        return SchoolProblem(source.school, source.workbook, str(error))
    except Exception as error:  # one damaged workbook must not stop two hundred schools
        return SchoolProblem(
            source.school,
            source.workbook,
            f"The workbook could not be read ({type(error).__name__}): open it in Excel or "
            "Google Sheets to check it is not damaged, then roll up again.",
        )


def _google_school(
    source: SchoolSource, as_of: dt.date, options: RollupOptions, pacer: Pacer, pool: Executor
) -> Outcome:
    """A Google Sheet read here, then computed in a worker (run in a reader thread)."""
    rows = _read_google(source, options, pacer)
    if isinstance(rows, SchoolProblem):
        return rows
    return pool.submit(school_from_rows, source, rows, as_of).result()


def _read_google(
    source: SchoolSource, options: RollupOptions, pacer: Pacer
) -> dict[str, list[list[RawCell]]] | SchoolProblem:
    """A Google Sheet's input tabs: one metadata read and one values read."""
    from sheets_templates.schema import locate_tabs
    from sync.google import GoogleOptions, GoogleSheetsBackend

    pacer.wait()
    try:
        backend = GoogleSheetsBackend.open(
            source.workbook, GoogleOptions(credentials=options.credentials)
        )
        try:
            where = locate_tabs([info.name for info in backend.tabs()])
            raw = backend.read(list(where.values()))
        finally:
            backend.close()
    except IlrError as error:
        return SchoolProblem(source.school, source.workbook, str(error))
    return {name: tab.rows for name, tab in raw.items()}


class Pacer:
    """Spaces calls out to at most `per_minute` a minute, across threads."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.gap = 60.0 / per_minute
        self.clock, self.sleep = clock, sleep
        self.next_at = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        """Return when the next call may go."""
        with self.lock:
            now = self.clock()
            at = max(now, self.next_at)
            self.next_at = at + self.gap
        if at > now:
            self.sleep(at - now)


def _pool(workers: int) -> Executor:
    """Worker processes, started afresh (spawn) so no thread or lock of this one is copied;
    with one worker, the schools are computed here, one after another."""
    if workers <= 1:
        return _InProcess()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


class _InProcess(Executor):
    """An executor that runs each job at once, in this process."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:
            future.set_exception(error)
        return future


def _outcome(future: Future[Outcome], source: SchoolSource) -> Outcome:
    """The school's outcome; a problem when its worker process itself stopped."""
    try:
        return future.result()
    except Exception as error:  # a worker killed (out of memory, ended by hand)
        return SchoolProblem(
            source.school,
            source.workbook,
            f"The process computing this school stopped ({type(error).__name__}): roll up "
            "again, with fewer workers if the computer is short of memory.",
        )


def _progress_line(done: int, total: int, outcome: Outcome) -> str:
    """`School 3 of 20, Lincoln: coverage 62%` or `..., Adams: not read (reason)`."""
    if isinstance(outcome, SchoolProblem):
        return f"School {done} of {total}, {outcome.school}: not read. {outcome.reason}"
    coverage = "n/a" if outcome.coverage is None else f"{outcome.coverage:.0%}"
    return f"School {done} of {total}, {outcome.school}: coverage {coverage}"
