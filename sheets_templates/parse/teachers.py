"""Matching what people type in a Teacher cell to a Roster row.

A teacher may be written by Teacher ID, email or name. An exact ID, email or name is a match;
a name that differs only in case, spacing, accents or `Last, First` order is a *loose* match:
it still counts as that teacher's visit (an info finding says so). Anything else is unknown,
and the finding suggests the close Roster names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from sheets_templates.parse.values import normalise_name


class MatchedBy(StrEnum):
    ID = "id"
    EMAIL = "email"
    NAME = "name"
    LOOSE = "loose name"


@dataclass(frozen=True)
class Match:
    teacher_id: str | None
    by: MatchedBy | None = None
    suggestions: tuple[str, ...] = ()


class TeacherMatcher:
    """Looks up teachers on the valid rows of a parsed Roster frame."""

    def __init__(self, roster: pd.DataFrame) -> None:
        valid = roster[roster["valid"]]
        self._by_id = {str(i).casefold(): str(i) for i in valid["teacher_id"]}
        self._by_email = {
            str(e).casefold(): str(i)
            for e, i in zip(valid["email"], valid["teacher_id"], strict=True)
            if not pd.isna(e)
        }
        self._by_name = {
            str(n).strip(): str(i) for n, i in zip(valid["name"], valid["teacher_id"], strict=True)
        }
        loose: dict[str, set[str]] = {}
        for name, teacher_id in self._by_name.items():
            loose.setdefault(normalise_name(name), set()).add(teacher_id)
        # A folded name shared by two teachers identifies neither.
        self._by_loose = {key: next(iter(ids)) for key, ids in loose.items() if len(ids) == 1}
        self._names_by_loose = {normalise_name(n): n for n in self._by_name}

    def match(self, typed: str) -> Match:
        text = typed.strip()
        key = text.casefold()
        if key in self._by_id:
            return Match(self._by_id[key], MatchedBy.ID)
        if key in self._by_email:
            return Match(self._by_email[key], MatchedBy.EMAIL)
        if text in self._by_name:
            return Match(self._by_name[text], MatchedBy.NAME)
        loose = normalise_name(text)
        if loose in self._by_loose:
            return Match(self._by_loose[loose], MatchedBy.LOOSE)
        close = difflib.get_close_matches(loose, list(self._names_by_loose), n=3, cutoff=0.6)
        return Match(None, None, tuple(self._names_by_loose[c] for c in close))

    def match_column(self, typed: pd.Series) -> pd.DataFrame:
        """Match a column of typed teachers: columns teacher_id, by, suggestions.

        Each distinct spelling is matched once, so a 50,000-row log costs a few hundred
        look-ups.
        """
        distinct = {text: self.match(text) for text in typed.dropna().unique()}
        return pd.DataFrame(
            {
                "teacher_id": typed.map({t: m.teacher_id for t, m in distinct.items()}),
                "by": typed.map({t: m.by for t, m in distinct.items()}).astype(object),
                "suggestions": typed.map({t: m.suggestions for t, m in distinct.items()}),
            },
            index=typed.index,
        ).astype({"teacher_id": "string"})
