"""Words in a note that would say what a coarse group label hides.

A label that merges departments (`Gr 7, all depts`, `All staff`) hides which subject a
teacher teaches; a note that says `Band:` or `Spanish 8` names the one teacher of it. So in
the rows of such a label, the school's subject words (the Roster's departments and the
Walkthroughs tab's subjects) become `[subject]`; in a label that merges grades (`Math, all
grades`, `All staff`), the Roster's grade numbers written as grades (`Gr 7`, `grade 7`, `7th`,
`Spanish 8`) become `[grade]`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from reports.privacy.groups import ALL_STAFF
from reports.privacy.names import Kind
from reports.privacy.release import ALL_TEACHERS
from reports.privacy.scrub import Scrubbed

SUBJECT = "[subject]"
GRADE = "[grade]"


class Generaliser:
    """Replaces subject words and grade numbers that a row's label does not show."""

    def __init__(self, subjects: Iterable[str], grades: Iterable[str]) -> None:
        # A subject is its whole phrase, grade numbers taken off: `Social Studies 7` is
        # `Social Studies`, `Co-taught` stays one word (its `taught` is no subject).
        phrases = {" ".join(re.sub(r"\d+", " ", s).split()) for s in subjects}
        phrases = {p for p in phrases if sum(c.isalpha() for c in p) > 1}
        numbers = sorted({g.strip() for g in grades if g.strip().isdigit()}, key=len, reverse=True)
        grade = "|".join(map(re.escape, numbers)) or r"(?!)"
        subject = (
            "|".join(
                re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)
            )
            or r"(?!)"
        )
        self._subject = re.compile(rf"(?<![\w-])(?:{subject})(?![\w-])", re.IGNORECASE)
        self._grade = re.compile(
            rf"(?<![\w])(?:(?:gr|grade|yr|year|g)\.?[ \u00a0]?(?:{grade})"
            rf"|(?:{grade})(?:st|nd|rd|th)(?:[ \u00a0]grade(?:rs)?)?)(?![\w])",
            re.IGNORECASE,
        )
        self._number_after_subject = re.compile(
            rf"((?<![\w-])(?:{subject})[ \u00a0])(?:{grade})(?![\w])", re.IGNORECASE
        )

    def generalise(self, text: str, label: str) -> Scrubbed:
        """`text` with what `label` hides replaced; the same string when nothing is."""
        kinds: Counter[Kind] = Counter()
        if _merges_grades(label):
            text, n = self._grade.subn(GRADE, text)
            kinds[Kind.GRADE] += n
            text, n = self._number_after_subject.subn(rf"\g<1>{GRADE}", text)
            kinds[Kind.GRADE] += n
        if _merges_departments(label):
            text, n = self._subject.subn(SUBJECT, text)
            kinds[Kind.SUBJECT] += n
        return Scrubbed(text, +kinds)


def _merges_departments(label: str) -> bool:
    return label in (ALL_STAFF, ALL_TEACHERS) or label.endswith("all depts")


def _merges_grades(label: str) -> bool:
    return label in (ALL_STAFF, ALL_TEACHERS) or label.endswith("all grades")
