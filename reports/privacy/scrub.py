"""Scrubbing people out of free text, in every way people write a name.

A `Scrubber` is built once from everyone the workbook knows (`reports.privacy.people`) and
replaces each mention in a note with a label (`[teacher]`, `[coach]`, `[observer]`, or the
teacher's keyed pseudonym). The forms of each name are `reports.privacy.names`; text and forms
are compared folded (`reports.privacy.folding`: accents, letters NFKD keeps, look-alikes from
other scripts, invisible characters). What counts as a mention:

- any form of a name, its words joined by spaces, hyphens, underscores, apostrophe stand-ins
  or nothing at all (`O Neil-Smith`, `O´Neil`, `DeLaCruz`, `T_Okafor`), a possessive
  (`Smith's`: the name goes, the `'s` stays) or a plural (`the Smiths' rooms`, `Tanakas`);
- a title before a surname (`Ms.`, `Coach`, `Dr.`, ...), and a title before any other
  capitalised word or initial, which becomes `[person]`; an initial before or after a name;
- any email address (a known one becomes the person's label, others `[email]`), a link that
  has a known name anywhere inside it (`[link]`), staff IDs and rooms next to any punctuation
  (`T104-notes.pdf`, `Room 204` with a non-breaking space).

Everyday words that are also names are kept when used as words (`Scrubber._written_as_name`,
docs/design.md "Scrubbing free text"). Text with no mention comes back unchanged, the very same
string (less any invisible characters).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from reports.privacy.folding import APOSTROPHES, fold, strip_invisible
from reports.privacy.names import (
    COACH,
    OBSERVER,
    PERSON,
    TEACHER,
    TITLES,
    TOKEN,
    Kind,
    Person,
    Reading,
    Term,
    name_forms,
)

__all__ = ["COACH", "EMAIL", "LINK", "OBSERVER", "PERSON", "ROOM", "TEACHER", "Person"]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


EMAIL = "[email]"
ROOM = "[room]"
LINK = "[link]"
# After a sentence-initial everyday-word name, these words show it is the word, not the name.
ORDINARY_NEXT = _word_set(
    """
    you we they i he she it the a an this that these those our your their my his her its all
    each every some any students kids everyone me us them both
    """
)
# Everyday names that are also verbs asking a question or a plan (`Will swap?`, `May I`).
MODALS = frozenset({"will", "may", "can", "must", "shall", "might"})
# Finite verbs after a name at the start of a sentence ("Will taught"): never after a modal.
FINITE = _word_set(
    """
    is was has had did does said made led taught went came saw took gave got wrote told felt
    kept left began brought thought found ran sat met set tried used shared asked
    says asks wants needs thinks agrees plans uses tries would could should
    """
)
MONTHS = frozenset({"april", "may", "june", "august"})
_SPACE = r"[^\S\n]"
# What may separate the words of one name: a space, a hyphen, an underscore, `J. Smith`,
# `Smith, J`, or nothing at all (a camel-case join: `DeLaCruz`).
_JOIN = re.compile(
    rf"|{_SPACE}{{1,2}}|[-_\u2010\u2011\u2013]|\.{_SPACE}{{0,2}}|,{_SPACE}{{1,2}}"
    rf"|[{APOSTROPHES}]{_SPACE}?"
)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|us|uk|ca|au|nz|ie|co|info|me|ly|site|app"
    r"|page|blog|school|k12)\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_LINK_NAME = 4  # the fewest letters of a name looked for inside a link
_ROOM = re.compile(
    r"(?<![^\W_])(?:class)?(?:room|rm)\.?\s*(?:#|no\.?|number)?\s*"
    r"[A-Za-z]?-?\d+[A-Za-z]?(?![^\W_])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n\u2022*]|[.!?][\"'\u201d)])[\s\"'\u201c(]*$")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Scrubbed:
    """A scrubbed text and what was replaced in it, by kind."""

    text: str
    kinds: Counter[Kind] = field(default_factory=Counter)

    @property
    def mentions(self) -> int:
        return sum(self.kinds.values())


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str
    kind: Kind


@dataclass(frozen=True)
class _Word:
    """A word of the text (a camel-case hump counts as one), and where it is."""

    start: int
    end: int
    text: str

    def __getitem__(self, _: int) -> str:
        return self.text


class Scrubber:
    """Replaces every mention of the given people in a text with their label."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._terms: dict[str, Term] = {}
        self._emails: dict[str, tuple[str, Kind]] = {}
        ids: dict[str, tuple[str, Kind]] = {}
        for person in people:
            for key, term in name_forms(person):
                self._add(key, term)
            if person.email:
                self._emails[person.email.strip().casefold()] = (person.label, person.kind)
            if _scrubbable_id(person.staff_id):
                ids.setdefault(person.staff_id.strip().casefold(), (person.label, Kind.STAFF_ID))
            if _scrubbable_room(person.room):
                ids.setdefault(person.room.strip().casefold(), (ROOM, Kind.ROOM))
        self._longest = max((term.words for term in self._terms.values()), default=1) + 2
        self._ids = ids
        self._in_links = sorted(
            (key for key, t in self._terms.items() if len(key) >= _LINK_NAME and t.words < 9),
            key=len,
            reverse=True,
        )
        alternatives = sorted(ids, key=len, reverse=True)
        self._id_pattern = (
            re.compile(
                r"(?<![^\W_])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![^\W_])",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def _add(self, key: str, term: Term) -> None:
        if not key:
            return
        known = self._terms.get(key)
        if known is None:
            self._terms[key] = term
            return
        # Two people share this form: it names neither alone, and it is a name if either
        # reading says so.
        if known.label == term.label:
            label, kind = term.label, term.kind
        elif known.kind == term.kind == Kind.TEACHER:
            label, kind = TEACHER, Kind.TEACHER
        else:
            label, kind = PERSON, Kind.OTHER
        reading = min(known.reading, term.reading)
        self._terms[key] = Term(label, reading, kind, max(known.words, term.words))

    def scrub(self, text: str) -> Scrubbed:
        """`text` with every mention replaced; the same string when nothing was found."""
        clean = strip_invisible(text)
        spans = [*self._pattern_spans(clean)]
        spans += self._name_spans(clean, spans)
        if not spans:
            return Scrubbed(clean)
        pieces, at = [], 0
        for span in sorted(spans, key=lambda s: s.start):
            pieces += [clean[at : span.start], span.label]
            at = span.end
        pieces.append(clean[at:])
        return Scrubbed("".join(pieces), Counter(span.kind for span in spans))

    def _pattern_spans(self, text: str) -> list[_Span]:
        taken: list[_Span] = []
        for match in _EMAIL.finditer(text):
            label, kind = self._emails.get(match[0].casefold(), (EMAIL, Kind.EMAIL))
            taken.append(_Span(match.start(), match.end(), label, kind))
        for match in _LINK.finditer(text):
            if not _overlaps(match.start(), match.end(), taken) and self._names_inside(match[0]):
                taken.append(_Span(match.start(), match.end(), LINK, Kind.LINK))
        if self._id_pattern is not None:
            for match in self._id_pattern.finditer(text):
                if not _overlaps(match.start(), match.end(), taken):
                    label, kind = self._ids[match[0].casefold()]
                    taken.append(_Span(match.start(), match.end(), label, kind))
        for match in _ROOM.finditer(text):
            if not _overlaps(match.start(), match.end(), taken):
                taken.append(_Span(match.start(), match.end(), ROOM, Kind.ROOM))
        return taken

    def _names_inside(self, link: str) -> bool:
        """Whether a known name is anywhere in a link (`mrsoneilsmath.weebly.com`)."""
        letters = fold(link)
        return any(key in letters for key in self._in_links)

    def _name_spans(self, text: str, taken: list[_Span]) -> list[_Span]:
        words = [w for w in _words(text) if not _overlaps(w.start, w.end, taken)]
        found: list[_Span] = []
        i = 0
        while i < len(words):
            span, used = self._mention_at(text, words, i)
            if span is None:
                i += 1
                continue
            if found and span.start < found[-1].end:  # a title or initial already taken
                span = _Span(found[-1].start, max(span.end, found[-1].end), span.label, span.kind)
                found.pop()
            found.append(span)
            i += used
        return found

    def _lookup(self, words: list[_Word]) -> tuple[Term, int, bool] | None:
        """The term these words spell, where its mention ends, and whether it is possessive:
        as written, with `'s` taken off, or (a name that is no word) with a plural `s`."""
        key = "".join(fold(w.text) for w in words)
        last = words[-1]
        if (term := self._terms.get(key)) is not None:
            return term, last.end, False
        possessive = len(last.text) > 2 and last.text[-2] in APOSTROPHES
        if possessive and last.text[-1] in "sS" and (term := self._terms.get(key[:-1])):
            return term, last.end - 2, True
        for plural in ("s", "es"):
            stem = key[: -len(plural)]
            if len(last.text) <= len(plural) + 1 or not last.text.casefold().endswith(plural):
                continue
            term = self._terms.get(stem)
            if term is not None and term.reading <= Reading.CAPITALISED and len(stem) > 2:
                return term, last.end - len(plural), True
        return None

    def _mention_at(self, text: str, words: list[_Word], i: int) -> tuple[_Span | None, int]:
        """The mention starting at word `i` (with a title or initial before it), if any."""
        for n in range(min(self._longest, len(words) - i), 0, -1):
            if not all(_joined(text, words[j], words[j + 1]) for j in range(i, i + n - 1)):
                continue
            found = self._lookup(words[i : i + n])
            if found is None:
                continue
            term, end, possessive = found
            start, prefixed = _prefix_start(text, words, i)
            end, suffixed = _suffix_end(text, words, i + n - 1, end)
            as_typed = text[words[i].start : end]
            marked = prefixed or suffixed
            if not _reads_as(term.reading, text, words, i, n, as_typed, possessive, marked):
                continue
            return _Span(start, end, term.label, term.kind), n + (1 if suffixed else 0)
        return self._titled_stranger(text, words, i), 1

    def _titled_stranger(self, text: str, words: list[_Word], i: int) -> _Span | None:
        """`Mrs. Lee` for someone the workbook does not know: still a person, `[person]`."""
        word = words[i]
        if i == 0 or not _is_title(text, words[i - 1], word) or not word.text[0].isupper():
            return None
        end = word.end
        if len(word.text) == 1:
            if i + 1 < len(words) and self._mention_at(text, words, i + 1)[0] is not None:
                return None  # `Ms. J. Smith`: the whole is one known mention, found next
            if text[end : end + 1] == ".":
                end += 1
        return _Span(words[i - 1].start, end, PERSON, Kind.OTHER)


def _words(text: str) -> list[_Word]:
    """The words of a text, camel-case humps apart (`DeLaCruz` -> `De`, `La`, `Cruz`)."""
    found = []
    for token in TOKEN.finditer(text):
        at = token.start()
        for piece in _CAMEL.split(token[0]):
            found.append(_Word(at, at + len(piece), piece))
            at += len(piece)
    return found


def _reads_as(
    reading: Reading,
    text: str,
    words: list[_Word],
    i: int,
    n: int,
    as_typed: str,
    possessive: bool,
    marked: bool,
) -> bool:
    """Whether the words at `i` are written the way a term of this reading must be; `marked`:
    with a title or an initial next to them."""
    if reading in (Reading.INITIALS, Reading.ACRONYM):
        capitals = as_typed.isupper()
        if reading == Reading.INITIALS or not capitals:
            return capitals
        return possessive or n > 1 or _acts(words, i + n)
    if reading == Reading.ANY_CASE or marked:
        return True
    if reading == Reading.CAPITALISED:
        return possessive or any(c.isupper() for c in as_typed)
    if n > 1:
        return _written_as_full_name(text, words[i : i + n])
    return _written_as_name(text, words, i, as_typed, possessive)


def _acts(words: list[_Word], after: int) -> bool:
    """Whether the word at `after` is a finite verb (`said`, `modelled`, `asks`): the word
    before it is then someone who does something."""
    if after >= len(words) or not words[after].text.islower():
        return False
    verb = words[after].text
    return verb in FINITE or verb in MODALS or verb.endswith("ed")


def _scrubbable_room(room: str) -> bool:
    """A Roster room scrubbed as a whole token wherever it is written (`B12`, `B12-plan`):
    one with a letter and a digit. A bare number is left to the `Room 204` pattern, since a
    number alone is most often a number; a word alone (`Gym`) is a shared space."""
    room = room.strip()
    return any(c.isdigit() for c in room) and any(c.isalpha() for c in room) and len(room) >= 2


def _scrubbable_id(staff_id: str) -> bool:
    # A one- or two-character ID ("7") would take every such number out of the notes.
    staff_id = staff_id.strip()
    return len(staff_id) >= 3 or (len(staff_id) == 2 and not staff_id.isdigit())


def _overlaps(start: int, end: int, spans: Iterable[_Span]) -> bool:
    return any(start < span.end and span.start < end for span in spans)


def _joined(text: str, left: _Word, right: _Word) -> bool:
    return _JOIN.fullmatch(text, left.end, right.start) is not None


def _is_title(text: str, title: _Word, word: _Word) -> bool:
    gap = text[title.end : word.start]
    return fold(title.text) in TITLES and re.fullmatch(rf"\.?{_SPACE}{{1,2}}", gap) is not None


def _is_initial(text: str, word: _Word, followed_by: _Word) -> bool:
    """`J. Smith` or `J Smith`: one capital letter just before a name."""
    letter = word.text
    if len(letter) != 1 or not letter.isupper():
        return False
    gap = text[word.end : followed_by.start]
    if gap.startswith("."):
        return re.fullmatch(rf"\.{_SPACE}{{0,2}}", gap) is not None
    return letter not in "AI" and re.fullmatch(rf"{_SPACE}{{1,2}}", gap) is not None


def _prefix_start(text: str, words: list[_Word], i: int) -> tuple[int, bool]:
    """Where a mention starting at word `i` really starts: before `Ms.` and `J.` in front."""
    start, prefixed = words[i].start, False
    if i > 0 and _is_initial(text, words[i - 1], words[i]):
        i, start, prefixed = i - 1, words[i - 1].start, True
    if i > 0 and _is_title(text, words[i - 1], words[i]):
        start, prefixed = words[i - 1].start, True
    return start, prefixed


def _suffix_end(text: str, words: list[_Word], last: int, end: int) -> tuple[int, bool]:
    """`Ingrid S.`: a capital initial right after the name belongs to it."""
    if last + 1 >= len(words) or end != words[last].end:
        return end, False
    after = words[last + 1]
    letter = after.text
    if len(letter) != 1 or not letter.isupper():
        return end, False
    if re.fullmatch(rf"{_SPACE}{{1,2}}", text[end : after.start]) is None:
        return end, False
    if text[after.end : after.end + 1] == ".":
        return after.end + 1, True
    if letter in "AI" or re.match(r"\w", text[after.end : after.end + 1]):
        return end, False
    return after.end, True


def _written_as_full_name(text: str, words: list[_Word]) -> bool:
    """`Grace Rose`, or `grace.rose` as in an email address: not `grace rose` in a sentence."""
    gaps = {text[a.end : b.start] for a, b in itertools.pairwise(words)}
    return gaps <= {".", "_"} or all(w.text[:1].isupper() for w in words)


def _written_as_name(text: str, words: list[_Word], i: int, word: str, possessive: bool) -> bool:
    """Whether an everyday word that is also a name (`Will`, `Grace`) is the name here.

    Written in capitals among lower-case words, or capitalised inside a sentence, it is the
    name (`WILL said`, `asked Grace`), unless it is a month before a day (`May 5`). At the start
    of a sentence a capital says nothing, so the word that follows decides: a pronoun, article
    or number (`Hope this helps`, `Mark the date`, `Day 2`) shows the word; so does a bare verb
    after a modal (`Will swap the thumbs check?`, but `Will modelled it` is the name). A
    possessive or a colon or comma after it (`Grace's`, `Will:`) is the name.
    """
    before = [words[j].text for j in (i - 1,) if j >= 0]
    after = words[i + 1].text if i + 1 < len(words) else ""
    gap = text[words[i].end : words[i + 1].start] if after else ""
    if word.isupper() and len(word) > 1:
        # `WILL` among lower-case words is the name; `WE WILL TRY` is shouting.
        return not any(n.isupper() and len(n) > 1 for n in [*before, after])
    if not word[:1].isupper() or word[1:] != word[1:].lower():
        return False
    if possessive:
        return True
    if fold(word) in MONTHS and re.match(r"\s*\d", text[words[i].end :]):
        return False  # `May 5`: the month
    if _SENTENCE_END.search(text, 0, words[i].start) is None:
        return True  # capitalised inside a sentence: a name
    if not after or not gap.isspace():
        return not re.match(r"\s*\d", text[words[i].end :])  # `Will:` the name, `Day 2` not
    following = after.casefold()
    if following in ORDINARY_NEXT:
        return False
    if fold(word) in MODALS and after.islower():
        return following in FINITE or (
            following.endswith(("ed", "s")) and not following.endswith("ss")
        )
    return True
