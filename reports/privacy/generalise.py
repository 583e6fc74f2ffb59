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

from reports.privacy.folding import fold
from reports.privacy.groups import ALL_STAFF
from reports.privacy.names import TOKEN, Kind
from reports.privacy.scrub import Scrubbed

SUBJECT = "[subject]"
GRADE = "[grade]"


class Generaliser:
    """Replaces subject words and grade numbers that a row's label does not show."""

    def __init__(self, subjects: Iterable[str], grades: Iterable[str]) -> None:
        self._subjects = {fold(w) for s in subjects for w in TOKEN.findall(s) if len(w) > 1}
        numbers = sorted({g.strip() for g in grades if g.strip().isdigit()}, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, numbers)) or r"(?!)"
        subject_words = "|".join(map(re.escape, sorted(self._subjects, key=len, reverse=True)))
        subject = rf"\b(?:{subject_words})" if subject_words else r"(?!)"
        self._grade = re.compile(
            rf"(?<![\w])(?:(?:gr|grade|yr|year|g)\.?[ \u00a0]?(?:{alternatives})"
            rf"|(?:{alternatives})(?:st|nd|rd|th)(?:[ \u00a0]grade(?:rs)?)?)(?![\w])",
            re.IGNORECASE,
        )
        self._number_after_subject = re.compile(
            rf"({subject}[ \u00a0])(?:{alternatives})(?![\w])", re.IGNORECASE
        )

    def generalise(self, text: str, label: str) -> Scrubbed:
        """`text` with what `label` hides replaced; the same string when nothing is."""
        kinds: Counter[Kind] = Counter()
        if _merges_grades(label):
            text, n = self._grade.subn(GRADE, text)
            kinds[Kind.GRADE] += n
            text, n = self._number_after_subject.subn(rf"\g<1>{GRADE}", text)
            kinds[Kind.GRADE] += n
        if _merges_departments(label) and self._subjects:
            pieces, at = [], 0
            for token in TOKEN.finditer(text):
                if fold(token[0]) in self._subjects:
                    pieces += [text[at : token.start()], SUBJECT]
                    at = token.end()
                    kinds[Kind.SUBJECT] += 1
            if at:
                text = "".join([*pieces, text[at:]])
        return Scrubbed(text, +kinds)


def _merges_departments(label: str) -> bool:
    return label == ALL_STAFF or label.endswith("all depts")


def _merges_grades(label: str) -> bool:
    return label == ALL_STAFF or label.endswith("all grades")
