"""Group labels for teachers, generalised until each covers at least Min Group Size teachers.

A teacher's finest label is Grade x Department x experience band (`Gr 7 Math, 0-3 yrs`).
Labels are generalised one step at a time, each step only for the teachers whose group at the
step before was too small (docs/design.md, de-identified copy):

1. `Gr 7 Math, 0-3 yrs`   grade, department and experience band
2. `Gr 7 Math`            the band dropped
3. `Math, all grades`     the grade dropped
4. `Gr 7, all depts`      the department dropped instead
5. `All staff`            everyone not in a group above

Sizes count distinct *teachers*, never rows. A step needs every part it names: a teacher with
no Years on the Roster skips step 1. So a label means "the teachers of this kind not already
in a finer group", and every label in a copy covers at least `min_group` teachers. When the
`All staff` remainder is still too small, the smallest groups are folded into it; only when
fewer than `min_group` teachers are there at all is anyone suppressed.

`log_groups` labels every Roster teacher, coached or not: the one grouping the de-identified
copy and the PL needs figures share. Labels come from the Roster alone, never from who has been
coached so far, so a teacher keeps one label for the whole school year and two copies made
months apart say no more than one (a label that changed as the coached set grew would single
out the teacher in both).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from sheets_templates.book import Book
from sheets_templates.schema import COACHING

ALL_STAFF = "All staff"
# (lowest years, highest years or None, label). Early-career teachers first: the split a
# professional-learning plan most often needs.
EXPERIENCE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 3, "0-3 yrs"),
    (4, 10, "4-10 yrs"),
    (11, None, "11+ yrs"),
)


@dataclass(frozen=True)
class Facts:
    """What a group label may say about one teacher (nothing that identifies them alone)."""

    grade: str | None
    department: str | None
    band: str | None


def experience_band(years: int | None) -> str | None:
    """`experience_band(2)` -> `"0-3 yrs"`; None when Years is empty."""
    if years is None or pd.isna(years):
        return None
    number = int(years)
    for low, high, label in EXPERIENCE_BANDS:
        if number >= low and (high is None or number <= high):
            return label
    return None


def grade_label(grade: str) -> str:
    """`7` -> `Gr 7`; a grade already written with a word (`Grade 7`) is kept."""
    return grade if grade[:1].isalpha() and len(grade) > 2 else f"Gr {grade}"


def _fine(f: Facts) -> str | None:
    if f.grade and f.department and f.band:
        return f"{grade_label(f.grade)} {f.department}, {f.band}"
    return None


def _grade_department(f: Facts) -> str | None:
    return f"{grade_label(f.grade)} {f.department}" if f.grade and f.department else None


def _department(f: Facts) -> str | None:
    return f"{f.department}, all grades" if f.department else None


def _grade(f: Facts) -> str | None:
    return f"{grade_label(f.grade)}, all depts" if f.grade else None


def _everyone(_: Facts) -> str:
    return ALL_STAFF


LADDER: tuple[Callable[[Facts], str | None], ...] = (
    _fine,
    _grade_department,
    _department,
    _grade,
    _everyone,
)


@dataclass(frozen=True)
class Grouping:
    """Each teacher's group label; teachers in no label are suppressed."""

    labels: dict[str, str]  # teacher_id -> label
    suppressed: frozenset[str]  # teacher ids left out: too few teachers to hide among
    min_group: int

    def sizes(self) -> Counter[str]:
        """Distinct teachers per label."""
        return Counter(self.labels.values())


def facts_from_roster(roster: pd.DataFrame) -> dict[str, Facts]:
    """Grade, department and band of every Roster teacher, by Teacher ID."""
    facts = {}
    for row in roster.itertuples(index=False):
        if pd.isna(row.teacher_id):
            continue
        facts[str(row.teacher_id)] = Facts(
            grade=_text(row.grade),
            department=_text(row.department),
            band=experience_band(row.years),
        )
    return facts


def group_teachers(facts: dict[str, Facts], teacher_ids: Iterable[str], min_group: int) -> Grouping:
    """Label each teacher with the finest group of at least `min_group` teachers."""
    waiting = sorted(set(teacher_ids))
    labels: dict[str, str] = {}
    for step in LADDER:
        candidates = {t: step(facts.get(t, Facts(None, None, None))) for t in waiting}
        sizes = Counter(label for label in candidates.values() if label)
        for teacher, label in candidates.items():
            if label and sizes[label] >= min_group:
                labels[teacher] = label
        waiting = [t for t in waiting if t not in labels]
    if waiting:
        # The All staff remainder is too small: fold the smallest groups into it.
        remainder = waiting + [t for t, label in labels.items() if label == ALL_STAFF]
        by_size = sorted(Counter(labels.values()).items(), key=lambda item: (item[1], item[0]))
        for label, _size in by_size:
            if len(remainder) >= min_group:
                break
            if label != ALL_STAFF:
                remainder += [t for t, own in labels.items() if own == label]
        if len(remainder) >= min_group:
            labels.update(dict.fromkeys(remainder, ALL_STAFF))
            waiting = []
        else:  # fewer than min_group teachers in all: nobody can be shown
            waiting, labels = sorted(labels.keys() | set(waiting)), {}
    return Grouping(labels, frozenset(waiting), min_group)


def rows_in_scope(book: Book, key: str = COACHING.key) -> pd.DataFrame:
    """Valid rows of a log tab (`Book` frame `key`) dated up to as-of, with a Roster teacher:
    the rows a shared output may draw on."""
    frame: pd.DataFrame = getattr(book, key)
    keep = frame["valid"] & frame["teacher_id"].notna() & frame["date"].notna()
    keep &= frame["date"] <= pd.Timestamp(book.as_of)
    return frame[keep]


def log_groups(book: Book, min_group: int) -> Grouping:
    """Group labels for every Roster teacher: the same all year, whoever is coached."""
    facts = facts_from_roster(book.roster)
    return group_teachers(facts, facts.keys(), min_group)


def _text(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    text = " ".join(str(value).split())
    return text or None
