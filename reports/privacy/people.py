"""Everyone the workbook knows, as the scrubber needs them: one list for every shared output.

The de-identified copy and the ILT packet scrub the same people (docs/design.md, "Scrubbing
free text"): every Roster teacher, every name typed in a log for no Roster teacher, every
coach of the Coaching tab and every observer of the Walkthroughs and Shared Ratings tabs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from reports.privacy.names import COACH, OBSERVER, TEACHER, Kind, Person
from reports.privacy.scrub import Scrubber
from sheets_templates.book import Book
from sheets_templates.schema import COACHING, SHARED_RATINGS, WALKTHROUGHS

# (Book frame, its leader column, their label, their kind)
LEADERS = (
    (COACHING.key, "coach", COACH, Kind.COACH),
    (WALKTHROUGHS.key, "observer", OBSERVER, Kind.OBSERVER),
    (SHARED_RATINGS.key, "observer", OBSERVER, Kind.OBSERVER),  # a visiting rater too
)


def known_people(
    book: Book, labels: Mapping[str, str] | None = None, keep: Iterable[Kind] = ()
) -> list[Person]:
    """Everyone to scrub. `labels` maps a Teacher ID to what their mentions become (a
    pseudonym; `[teacher]` otherwise); leaders of a kind in `keep` are left in the text."""
    labels = labels or {}
    kept = frozenset(keep)
    people = [*_teachers(book, labels)]
    for key, column, label, kind in LEADERS:
        frame: pd.DataFrame = getattr(book, key)
        if "teacher_text" in frame:
            people += _typed_teachers(frame)
        if kind not in kept:
            people += _leaders(frame[column], label, kind)
    return people


def scrubber_for(book: Book) -> Scrubber:
    """The scrubber every shared output without pseudonyms uses."""
    return Scrubber(known_people(book))


def _teachers(book: Book, labels: Mapping[str, str]) -> Iterable[Person]:
    for row in book.roster.itertuples(index=False):
        if pd.isna(row.name) and pd.isna(row.email):
            continue
        staff_id = _text(row.teacher_id)
        label = labels.get(staff_id, TEACHER)
        yield Person(label, _text(row.name), _text(row.email), staff_id, room=_text(row.room))


def _typed_teachers(frame: pd.DataFrame) -> Iterable[Person]:
    """A teacher typed in a log but not (yet) on the Roster is still a person, one word
    (`Okonkwo`) or several; an ID or an email typed there is no name to look for."""
    for typed in frame.loc[frame["teacher_id"].isna(), "teacher_text"].dropna().unique():
        text = str(typed).strip()
        if len(text) >= 2 and not any(c.isdigit() or c == "@" for c in text):
            yield Person(TEACHER, text)


def _leaders(values: pd.Series, label: str, kind: Kind) -> Iterable[Person]:
    for value in values.dropna().unique():
        text = str(value).strip()
        if "@" in text:
            yield Person(label, "", email=text, kind=kind)
        elif text:
            yield Person(label, text, kind=kind)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()
