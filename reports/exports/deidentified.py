"""The de-identified copy: a coaching (or walkthrough) log that a PL team may read.

`deidentified_copy(book, options)` is pure: a parsed `Book` in, the copy's `OutputTab`s out
(the log itself and `About this copy`), with the counts that tab reports. A backend's
`create()` writes them into a brand-new workbook, so nothing of the source file (hidden
sheets, comments, names, properties) comes along. What a row keeps: its period, the teacher's
group label (`privacy.groups`) and the focus with its framework area, each only as finely as
Min Group Size teachers share them (`privacy.release`), and the free text with everyone the
workbook knows scrubbed out (`privacy.people`, `privacy.scrub`) and what a coarse group hides
generalised (`privacy.generalise`). Rows are sorted by period, group and focus, never in the
source's order, which could follow the Roster.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.model import Cell, Column, Format, KeyFigure, KeyFigures, Note, OutputTab, Table
from reports.privacy.generalise import Generaliser
from reports.privacy.groups import Grouping, log_groups, rows_in_scope
from reports.privacy.names import Kind
from reports.privacy.people import known_people
from reports.privacy.pseudonyms import pseudonym
from reports.privacy.release import LEVELS, Level, Row, focus_shown, period_label, release
from reports.privacy.scrub import TEACHER, Scrubbed, Scrubber
from sheets_templates.book import Book
from sheets_templates.calendar import monday_of
from sheets_templates.errors import UsageError
from sheets_templates.schema import COACHING, WALKTHROUGHS

ABOUT_TAB = "About this copy"
TEXT_WIDTH = 45
MIN_KEY_BYTES = 32


@dataclass(frozen=True)
class DeidentifyOptions:
    """What the copy keeps. `min_group` None uses the Settings tab's Min Group Size."""

    min_group: int | None = None
    keep_coach: bool = False
    pseudonym_key: bytes | None = None  # HMAC key; None: no pseudonym column
    tab: str = COACHING.name  # Coaching or Walkthroughs (any name the schema accepts)
    made_at: dt.datetime | None = None  # shown in About this copy; None: now


@dataclass(frozen=True)
class _Source:
    """How one input tab becomes the copy: its frame, who led it, what text it carries."""

    key: str
    name: str
    leader: tuple[str, str]  # (frame column, header in the copy)
    leader_kind: Kind
    focus: tuple[str, str]  # (frame column, header): the focus area or the look-fors
    texts: tuple[tuple[str, str], ...]  # (frame column, header)


_SOURCES = {
    COACHING.key: _Source(
        COACHING.key,
        COACHING.name,
        ("coach", "Coach"),
        Kind.COACH,
        ("focus_area", "Focus Area"),
        (
            ("strengths", "Strengths"),
            ("needs", "Needs"),
            ("notes", "Notes"),
            ("next_steps", "Next Steps"),
        ),
    ),
    WALKTHROUGHS.key: _Source(
        WALKTHROUGHS.key,
        WALKTHROUGHS.name,
        ("observer", "Observer"),
        Kind.OBSERVER,
        ("lookfors", "Look-fors"),
        (("evidence", "Evidence"), ("notes", "Notes")),
    ),
}


def min_group_for(book: Book, options: DeidentifyOptions) -> int:
    """The minimum group size in force. Raises `UsageError` below 2 (that hides nobody)."""
    size = options.min_group if options.min_group is not None else book.settings.min_group_size
    if size < 2:
        raise UsageError(
            f"A minimum group size of {size} would show single teachers: use 2 or more "
            "(5 is the usual choice)."
        )
    return size


@dataclass(frozen=True)
class CopyCounts:
    """What happened to the source tab's rows, as `About this copy` reports them."""

    source_rows: int  # every row of the source tab
    copied: int
    suppressed: int  # their teachers' group could not reach the minimum size
    left_out: int  # no date, no leader, not on the Roster, or after as-of
    mentions: int  # mentions replaced in the free text (names, emails, IDs, rooms, links)
    min_group: int
    no_focus: tuple[int, ...] = ()  # sheet rows of the source copied with a blank focus


@dataclass(frozen=True)
class DeidentifiedCopy:
    """The copy's tabs (the de-identified log, then `About this copy`) and their counts."""

    tabs: list[OutputTab]
    counts: CopyCounts


def deidentified_copy(book: Book, options: DeidentifyOptions) -> DeidentifiedCopy:
    """The de-identified log and `About this copy`, with the counts it reports.

    Raises `UsageError` for a tab that is not a coaching or walkthrough log, a minimum group
    size below 2, or a pseudonym key shorter than 32 bytes.
    """
    source = _source(options.tab)
    min_group = min_group_for(book, options)
    if options.pseudonym_key is not None and len(options.pseudonym_key) < MIN_KEY_BYTES:
        raise UsageError(
            f"A pseudonym key needs at least {MIN_KEY_BYTES} random bytes: a shorter one "
            "could be guessed, and every teacher's rows with it."
        )
    frame: pd.DataFrame = getattr(book, source.key)
    in_scope = rows_in_scope(book, source.key)
    grouping = log_groups(book, min_group)
    copier = _Copier(book, options, source)

    grouped = [r for r in in_scope.itertuples(index=False) if str(r.teacher_id) in grouping.labels]
    candidates = [_release_row(book, source, grouping, record) for record in grouped]
    levels = release(candidates, min_group, book.settings.school_year_start)

    rows: list[tuple[Cell, ...]] = []
    no_focus: list[int] = []  # sheet rows copied with no focus: the CLI names them
    replaced: Counter[Kind] = Counter()
    for record, candidate, level in zip(grouped, candidates, levels, strict=True):
        if level is None:
            continue
        if not candidate.codes:
            no_focus.append(int(record.row))
        row, kinds = copier.row(record, candidate, level)
        rows.append(row)
        replaced.update(kinds)
    rows.sort(key=lambda r: tuple("" if v is None else str(v) for v in r))
    released = Counter(level for level in levels if level is not None)
    log = _log_tab(source, options, min_group, rows)
    counts = CopyCounts(
        source_rows=len(frame),
        copied=len(rows),
        suppressed=len(in_scope) - len(rows),
        left_out=len(frame) - len(in_scope),
        mentions=replaced.total(),
        min_group=min_group,
        no_focus=tuple(sorted(no_focus)),
    )
    report = _Report(source, counts, grouping, Counter(str(r[1]) for r in rows), replaced, released)
    return DeidentifiedCopy([log, _about(book, options, report)], counts)


@dataclass(frozen=True)
class _Report:
    """What `About this copy` is drawn from."""

    source: _Source
    counts: CopyCounts
    grouping: Grouping
    rows_by_group: Counter[str]
    replaced: Counter[Kind]  # what the free text lost, by kind
    released: Counter[Level]  # rows copied at each level of detail


def _about(book: Book, options: DeidentifyOptions, report: _Report) -> OutputTab:
    made = options.made_at or dt.datetime.now()
    counts = report.counts
    sizes = report.grouping.sizes()
    figures = KeyFigures(
        "copy",
        (
            KeyFigure("Made", made.replace(second=0, microsecond=0), Format.DATETIME),
            KeyFigure("Covers rows up to the week of", monday_of(book.as_of), Format.DATE),
            KeyFigure(f"Rows in the {report.source.name} tab", counts.source_rows, Format.INTEGER),
            KeyFigure("Rows copied", counts.copied, Format.INTEGER),
            KeyFigure(
                "Rows suppressed",
                counts.suppressed,
                Format.INTEGER,
                f"their teachers' group could not reach {counts.min_group} teachers",
            ),
            KeyFigure(
                "Rows left out",
                counts.left_out,
                Format.INTEGER,
                "no date, no leader, a teacher not on the Roster, or after the as-of date",
            ),
            KeyFigure(
                f"Rows with a blank {report.source.focus[1]}",
                len(counts.no_focus),
                Format.INTEGER,
                "blank or no code on the Framework tab: copied with the focus left blank",
            ),
            KeyFigure(
                "Mentions replaced",
                counts.mentions,
                Format.INTEGER,
                "names, emails, IDs, rooms and links: by kind below",
            ),
            KeyFigure("Minimum group size", counts.min_group, Format.INTEGER),
            KeyFigure("Groups", len(sizes), Format.INTEGER),
        ),
        title="This copy",
    )
    removed = [
        "Removed: teacher names, emails, Teacher IDs and rooms; exact dates; the source's "
        "row order.",
        "Every combination of group, period and focus in this copy covers at least "
        f"{counts.min_group} teachers: a row shows its week and look-for when that many "
        "teachers of its group share them, else its week and framework area, its month, its "
        "term (three months from the school year's first), its term with no focus, and last "
        "the term shown for All teachers (any teacher of the school); rows that reach none "
        "are suppressed. Each teacher keeps one group for the whole school year.",
        "In a group that merges departments, subject words became [subject]; in one that "
        "merges grades, grade numbers became [grade].",
        "Free text: every person the workbook knows (Roster teachers, coaches, observers) in "
        "any form (full, first, last, nicknames, a title + name, initials, possessives and "
        "plurals, any case, accents or look-alike letters, words run together) became "
        f"{TEACHER}, [coach] or [observer]; emails, staff IDs, rooms and links with a name "
        "in them too; a title before any other name became [person].",
        "Group rule: Grade x Department x experience band, made coarser step by step (band, "
        "then grade, then department, then All staff) until each group has at least "
        f"{counts.min_group} teachers. A coarser label holds the teachers not in a finer one.",
    ]
    if options.keep_coach:
        removed.append(f"{report.source.leader[1]} names were kept, as asked.")
    else:
        removed.append(f"{report.source.leader[1]} names were removed.")
    if options.pseudonym_key is not None:
        removed.append(
            "Pseudonyms are keyed codes (HMAC-SHA256): the same teacher has the same code in "
            "every row, and only the key holder can tell who it is. What linking costs: "
            "whoever recognises one row (a colleague who knows who was coached on what, "
            "that week) learns every other row with that code, in this copy and in any later "
            "copy made with the same key. Leave pseudonyms off unless the team must follow "
            "one teacher's needs over time."
        )
    groups = Table(
        "groups",
        (
            Column("Group", width=24),
            Column("Teachers", Format.INTEGER),
            Column("Rows", Format.INTEGER),
        ),
        tuple(
            (label, size, report.rows_by_group[label])
            for label, size in sorted(sizes.items())
            if report.rows_by_group[label]
        ),
        title="Groups in this copy",
    )
    replaced = Table(
        "replaced",
        (Column("Replaced in the free text", width=40), Column("Times", Format.INTEGER)),
        tuple((str(kind), report.replaced[kind]) for kind in Kind if report.replaced[kind]),
        title="What the free text lost, by kind (never who)",
        empty_message="Nothing: no name, email, ID, room or link was found in the text.",
    )
    detail = Table(
        "detail",
        (Column("Detail kept", width=40), Column("Rows", Format.INTEGER)),
        tuple((level.describe(), report.released[level]) for level in LEVELS),
        title=f"Period and focus, made coarser until {counts.min_group} teachers share them",
    )
    return OutputTab(
        name=ABOUT_TAB,
        title=ABOUT_TAB,
        subtitle="A de-identified copy made by ILR Sheets from values alone, in a new workbook.",
        blocks=(figures, *(Note(line) for line in removed), detail, replaced, groups),
    )


def _source(tab: str) -> _Source:
    for spec in (COACHING, WALKTHROUGHS):
        if spec.matches(tab):
            return _SOURCES[spec.key]
    raise UsageError(
        f"'{tab}' is not a log this tool can de-identify: use --tab Coaching or --tab Walkthroughs."
    )


def _labels(book: Book, options: DeidentifyOptions) -> dict[str, str]:
    """What each Roster teacher's mentions become: `[teacher]`, or their pseudonym."""
    ids = {str(t) for t in book.roster["teacher_id"].dropna()}
    key = options.pseudonym_key
    return {t: pseudonym(key, t) if key is not None else TEACHER for t in ids}


class _Copier:
    """Makes one copied row: its period, group and focus at its release level, its text
    scrubbed of everyone the workbook knows and of what its group hides."""

    def __init__(self, book: Book, options: DeidentifyOptions, source: _Source) -> None:
        self.options, self.source = options, source
        self.year_start = book.settings.school_year_start
        self.labels = _labels(book, options)
        kept = [source.leader_kind] if options.keep_coach else []
        self.scrubber = Scrubber(known_people(book, self.labels, kept))
        self.generaliser = _generaliser(book)

    def row(
        self, record: Any, candidate: Row, level: Level
    ) -> tuple[tuple[Cell, ...], Counter[Kind]]:
        """The copied row, and what its text lost by kind."""
        group = level.label(candidate)
        texts = [
            _generalised(self.generaliser, self.scrubber.scrub(_text(getattr(record, c))), group)
            for c, _ in self.source.texts
        ]
        cells: list[Cell] = [period_label(candidate.date, level.period, self.year_start), group]
        if self.options.pseudonym_key is not None:
            cells.append(self.labels[candidate.teacher])
        leader = []
        if self.options.keep_coach:
            leader = [_leader_cell(self.scrubber, _text(getattr(record, self.source.leader[0])))]
            cells.append(leader[0].text or None)
        codes, areas = focus_shown(candidate, level.focus)
        cells += [codes or None, areas or None, *(t.text or None for t in texts)]
        lost: Counter[Kind] = Counter()
        for scrubbed in (*texts, *leader):
            lost.update(scrubbed.kinds)
        return tuple(cells), lost


def _log_tab(
    source: _Source, options: DeidentifyOptions, min_group: int, rows: list[tuple[Cell, ...]]
) -> OutputTab:
    """The de-identified log: the copied rows under the columns the options ask for."""
    columns = [Column("Period", width=24), Column("Group", width=24)]
    if options.pseudonym_key is not None:
        columns.append(Column("Pseudonym", width=14))
    if options.keep_coach:
        columns.append(Column(source.leader[1]))
    columns += [Column(source.focus[1]), Column("Framework Area", width=22)]
    columns += [Column(header, width=TEXT_WIDTH, wrap=True) for _, header in source.texts]
    return OutputTab(
        name=source.name,
        title=f"{source.name} log, de-identified",
        subtitle=f"Teachers are shown as groups of at least {min_group}. "
        f"Read '{ABOUT_TAB}' before sharing.",
        blocks=(
            Table(
                source.key,
                tuple(columns),
                tuple(rows),
                freeze_header=True,
                empty_message="No rows could be shared: see 'About this copy'.",
            ),
        ),
    )


def _release_row(book: Book, source: _Source, grouping: Grouping, record: Any) -> Row:
    """What the release rule needs of one grouped row (`reports.privacy.release`)."""
    # Only codes on the Framework tab are shown: anything else typed there could be a name.
    codes = [code for code in _codes(getattr(record, source.focus[0])) if code in book.code_areas]
    areas = sorted({book.code_areas[code] for code in codes})
    teacher = str(record.teacher_id)
    return Row(
        teacher, grouping.labels[teacher], record.date.date(), ", ".join(codes), ", ".join(areas)
    )


def _generaliser(book: Book) -> Generaliser:
    """Subject words and grade numbers of this school: Roster and Walkthroughs."""
    subjects = [*book.roster["department"].dropna(), *book.walkthroughs["subject"].dropna()]
    return Generaliser(map(str, subjects), map(str, book.roster["grade"].dropna()))


def _generalised(generaliser: Generaliser, scrubbed: Scrubbed, label: str) -> Scrubbed:
    """A scrubbed text with what its row's label hides generalised too."""
    more = generaliser.generalise(scrubbed.text, label)
    return Scrubbed(more.text, scrubbed.kinds + more.kinds)


def _leader_cell(scrubber: Scrubber, leader: str) -> Scrubbed:
    """A kept Coach or Observer cell: a teacher typed there is scrubbed, the leader (`Coach
    Kim`, a title and a name the workbook knows as no teacher) is kept."""
    scrubbed = scrubber.scrub(leader)
    if set(scrubbed.kinds) <= {Kind.OTHER}:
        return Scrubbed(leader)
    return scrubbed


def _codes(value: object) -> list[str]:
    """Framework codes of a row: a coaching focus, or a walkthrough's look-fors; none for a
    blank cell."""
    if isinstance(value, tuple):
        return [str(code).upper() for code, _level in value]
    if value is None or pd.isna(value) or not str(value).strip():
        return []
    return [str(value).strip().upper()]


def _text(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return str(value)
