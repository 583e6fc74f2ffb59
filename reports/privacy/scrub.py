"""Scrubbing teachers out of free text, in every way people write a name.

A `Scrubber` is built once from the Roster and replaces each mention of a teacher in a note
with a label (`[teacher]`, or the teacher's keyed pseudonym). What counts as a mention:

- the full name, `Last, First`, first name alone, surname alone (every part of a hyphenated or
  several-word name: `Brennan-Walsh`, `Walsh`, `Van Houten`, `Mei Ling`, `MeiLing`);
- a title before a surname (`Ms.`, `Mr.`, `Mrs.`, `Mx.`, `Dr.`, `Miss`, ...), and a title
  before any other capitalised word or initial, which becomes `[person]`;
- initials: `J. Smith`, `Ingrid S.`, `J.S.`, and bare capitals `JS` (unless a school acronym);
- possessives (`Smith's`, and `O'Neil's` typed with curly apostrophes: the name is replaced,
  the `'s` stays);
- any case, with or without accents (`nunez` is `Núñez`), straight or curly apostrophes;
- any email address (a Roster email becomes the teacher's label, others `[email]`), an email's
  local part written alone, staff IDs, and rooms written as `room 204` / `Rm. 204`.

Name parts that are ordinary English words (`Will`, `Grace`, `Joy`, `Mark`, `Young`) and parts
of one or two letters are scrubbed only when written as a name: capitalised, or in capitals
among lower-case words, or with a title or initial. At the start of a sentence, such a word
followed by a pronoun or article (`Will you`, `Mark the`, `Hope this`) is read as the word.
Text with no mention comes back unchanged, the very same string.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

TEACHER = "[teacher]"
PERSON = "[person]"
EMAIL = "[email]"
ROOM = "[room]"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = frozenset(
    {"ms", "mr", "mrs", "mx", "dr", "miss", "mister", "prof", "sr", "sra", "srta", "mme", "mlle"}
)
# Everyday words that are also first names or surnames. Such a name part is scrubbed only
# when it is written as a name, so "students will", "with grace" and "young readers" stay.
ORDINARY_WORDS = _words(
    """
    will grace joy mark hope may june april august rose faith dawn summer autumn ruby amber
    iris lily ivy olive pearl hazel holly heather daisy violet sky river rain storm sunny star
    bill bob pat sue rob art jack max drew frank guy ray gene chase hunter grant dale glen
    cliff wade reed jay robin penny sandy rusty chip skip buck duke earl king prince major
    miles chance destiny honor patience charity harmony melody ginger sage ash rich norm lance
    don dean carol eve nick sterling young long brown white green black gray grey hill wood
    woods bell page hall price little park lane love strong best cash fox hunt rice cook baker
    mason carter cole law wise small short noble bright swift field fields stone brook brooks
    bush march case ward clay wolf lead rowan bay moss banks bond booth cross dye flowers
    gentle good hart hope lamb mills moody oakes pike pool rich shepherd snow street waters
    west north south east wells winter spring day knight bishop page
    """
)
# After a sentence-initial ordinary-word name, these words show it is the word, not the name.
ORDINARY_NEXT = _words(
    """
    you we they i he she it the a an this that these those our your their my his her its all
    each every some any students kids everyone
    """
)
# Capitals a school writes that are not anyone's initials.
ACRONYMS = _words(
    """
    ap ela ell esl esol pe it pd iep sel pbl stem math sped ib ilt plc dok udl mtss rti ok
    tv am pm id ii iii iv us uk eu ai
    """
)

APOSTROPHES = "'\u2019\u2018\u02bc`"
_LETTER = r"[^\W\d_]"
_MARKS = "\u0300-\u036f"
# A token: letters (with combining accents), apostrophes only between letters.
_TOKEN = re.compile(rf"{_LETTER}(?:{_LETTER}|[{_MARKS}]|[{APOSTROPHES}](?={_LETTER}))*")
# What may separate the tokens of one name: a space, a hyphen, `J. Smith`, `Smith, J`.
_JOIN = re.compile(r"[ \t\u00a0]{1,2}|[-_\u2010\u2011\u2013]|\.[ \t\u00a0]{0,2}|,[ \t\u00a0]{1,2}")
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s?$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_ROOM = re.compile(
    r"(?<![\w])(?:class)?(?:room|rm)\.?[ \t]*(?:#|no\.?|number)?[ \t]*"
    r"[A-Za-z]?-?\d+[A-Za-z]?(?![\w])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:\n\u2022*]|[.!?][\"'\u201d)])[\s\"'\u201c(]*$")


def fold(text: str) -> str:
    """Fold one token for matching: no accents, no apostrophes, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c) and c not in APOSTROPHES)
    return "".join(kept).casefold()


def name_key(text: str) -> str:
    """The folded tokens of a name, space-joined: `"Núñez-O'Neil"` -> `"nunez oneil"`."""
    return " ".join(fold(token) for token in _TOKEN.findall(text))


@dataclass(frozen=True)
class Person:
    """Someone to scrub: the label their mentions become, and how they are written."""

    label: str
    name: str
    email: str = ""
    staff_id: str = ""
    full_name_only: bool = False  # coaches: only the full name and email are scrubbed


@dataclass(frozen=True)
class Term:
    label: str
    ordinary: bool  # an everyday word too: scrubbed only when written as a name
    initials: bool = False  # `J.S.` or `JS`: only in capitals


@dataclass(frozen=True)
class Scrubbed:
    text: str
    mentions: int


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str


class Scrubber:
    """Replaces every mention of the given people in a text with their label."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._terms: dict[str, Term] = {}
        self._emails: dict[str, str] = {}
        ids: dict[str, str] = {}
        for person in people:
            for key, term in _terms_for(person):
                self._add(key, term)
            if person.email:
                self._emails[person.email.casefold()] = person.label
            if _scrubbable_id(person.staff_id):
                ids.setdefault(person.staff_id.casefold(), person.label)
        self._longest = max((key.count(" ") + 1 for key in self._terms), default=1)
        self._ids = ids
        alternatives = sorted(ids, key=len, reverse=True)
        self._id_pattern = (
            re.compile(
                r"(?<![\w-])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])",
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
        # Two people share this word: it names neither alone, and it is a name if either
        # reading says so.
        label = known.label if known.label == term.label else TEACHER
        self._terms[key] = Term(
            label, known.ordinary and term.ordinary, known.initials and term.initials
        )

    def scrub(self, text: str) -> Scrubbed:
        """`text` with every mention replaced; the same string when nothing was found."""
        spans = [*self._pattern_spans(text)]
        spans += self._name_spans(text, spans)
        if not spans:
            return Scrubbed(text, 0)
        pieces, at = [], 0
        for span in sorted(spans, key=lambda s: s.start):
            pieces += [text[at : span.start], span.label]
            at = span.end
        pieces.append(text[at:])
        return Scrubbed("".join(pieces), len(spans))

    def _pattern_spans(self, text: str) -> Iterable[_Span]:
        taken: list[_Span] = []
        for match in _EMAIL.finditer(text):
            label = self._emails.get(match[0].casefold(), EMAIL)
            taken.append(_Span(match.start(), match.end(), label))
        for pattern, label_of in (
            (self._id_pattern, lambda m: self._ids[m[0].casefold()]),
            (_ROOM, lambda m: ROOM),
        ):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if not _overlaps(match.start(), match.end(), taken):
                    taken.append(_Span(match.start(), match.end(), label_of(match)))
        return taken

    def _name_spans(self, text: str, taken: list[_Span]) -> list[_Span]:
        tokens = [t for t in _TOKEN.finditer(text) if not _overlaps(t.start(), t.end(), taken)]
        found: list[_Span] = []
        i = 0
        while i < len(tokens):
            span, used = self._mention_at(text, tokens, i)
            if span is None:
                i += 1
                continue
            if found and span.start < found[-1].end:  # a title or initial already taken
                span = _Span(found[-1].start, max(span.end, found[-1].end), span.label)
                found.pop()
            found.append(span)
            i += used
        return found

    def _mention_at(
        self, text: str, tokens: list[re.Match[str]], i: int
    ) -> tuple[_Span | None, int]:
        """The mention starting at token `i` (with a title or initial before it), if any."""
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            if not all(_joined(text, tokens[j], tokens[j + 1]) for j in range(i, i + n - 1)):
                continue
            words = tokens[i : i + n]
            key = " ".join(fold(w[0]) for w in words)
            end, possessive = words[-1].end(), False
            term = self._terms.get(key)
            if term is None and _POSSESSIVE.search(words[-1][0]):
                bare = _POSSESSIVE.sub("", words[-1][0])
                term = self._terms.get(" ".join([*key.split()[:-1], fold(bare)]))
                end, possessive = words[-1].start() + len(bare), True
            if term is None:
                continue
            start, prefixed = _prefix_start(text, tokens, i)
            end, suffixed = _suffix_end(text, tokens, i + n - 1, end)
            if term.initials and not text[words[0].start() : words[-1].end()].isupper():
                continue
            plainly = term.ordinary and not (prefixed or suffixed)
            if plainly and n > 1 and not _written_as_full_name(text, words):
                continue  # `grace rose`: words; `Grace Rose` and `grace.rose`: the name
            as_typed = text[words[0].start() : end]
            if plainly and n == 1 and not _written_as_name(text, tokens, i, as_typed, possessive):
                continue
            return _Span(start, end, term.label), n + (1 if suffixed else 0)
        return self._titled_stranger(text, tokens, i), 1

    def _titled_stranger(self, text: str, tokens: list[re.Match[str]], i: int) -> _Span | None:
        """`Mrs. Lee` for someone not on the Roster: still a person, so `[person]`."""
        word = tokens[i]
        if i == 0 or not _is_title(text, tokens[i - 1], word) or not word[0][0].isupper():
            return None
        end = word.end()
        if len(word[0]) == 1:
            if i + 1 < len(tokens) and self._mention_at(text, tokens, i + 1)[0] is not None:
                return None  # `Ms. J. Smith`: the whole is one Roster mention, found next
            if text[end : end + 1] == ".":
                end += 1
        return _Span(tokens[i - 1].start(), end, PERSON)


def _terms_for(person: Person) -> Iterable[tuple[str, Term]]:
    """Every written form of one person's name, as folded keys."""
    words = _name_words(person.name)
    if not words:
        return

    def term(key: str) -> tuple[str, Term]:
        return key, Term(person.label, _ordinary(key))

    yield term(" ".join(words))
    if len(words) > 1:
        yield term(f"{words[0]} {words[-1]}")
        yield term(f"{words[-1]} {words[0]}")  # Smith, Jane
    if person.full_name_only:
        return
    for part in (part for word in words for part in word.split()):
        yield term(part)
    for start in range(1, len(words)):  # `Van Houten`, `Houten`
        yield term(" ".join(words[start:]))
    for word in words:
        if " " in word:  # `Brennan-Walsh` written as `BrennanWalsh`, `Mei-Ling` as `MeiLing`
            yield term(word)
            yield term(word.replace(" ", ""))
    # Initials of the whole name, and of the first name with each surname word: `J.V.H.`,
    # `JVH`, `JV`, `JH`.
    initials = [word[0] for word in words]
    forms = {"".join(initials)} | {initials[0] + later for later in initials[1:]}
    for form in (f for f in forms if len(f) > 1):
        yield " ".join(form), Term(person.label, ordinary=True, initials=True)
        if form not in ACRONYMS:
            yield form, Term(person.label, ordinary=True, initials=True)
    local = person.email.partition("@")[0]
    if local:
        yield term(name_key(local))


def _name_words(name: str) -> list[str]:
    """A name's words as folded keys; `Last, First` reordered. Hyphen parts stay together."""
    text = name.strip()
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    return [key for key in (name_key(word) for word in text.split()) if key]


def _ordinary(key: str) -> bool:
    """Every word of the key is also an everyday word, or too short to be sure of."""
    return all(part in ORDINARY_WORDS or len(part) <= 2 for part in key.split())


def _scrubbable_id(staff_id: str) -> bool:
    # A one- or two-character ID ("7") would take every such number out of the notes.
    return len(staff_id) >= 3 or (len(staff_id) == 2 and not staff_id.isdigit())


def _overlaps(start: int, end: int, spans: Iterable[_Span]) -> bool:
    return any(start < span.end and span.start < end for span in spans)


def _joined(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return _JOIN.fullmatch(text, left.end(), right.start()) is not None


def _is_title(text: str, title: re.Match[str], word: re.Match[str]) -> bool:
    gap = text[title.end() : word.start()]
    return fold(title[0]) in TITLES and re.fullmatch(r"\.?[ \t\u00a0]{1,2}", gap) is not None


def _is_initial(text: str, token: re.Match[str], followed_by: re.Match[str]) -> bool:
    """`J. Smith` or `J Smith`: one capital letter just before a name."""
    letter = token[0]
    if len(letter) != 1 or not letter.isupper():
        return False
    gap = text[token.end() : followed_by.start()]
    if gap.startswith("."):
        return re.fullmatch(r"\.[ \t\u00a0]{0,2}", gap) is not None
    return letter not in "AI" and re.fullmatch(r"[ \t\u00a0]{1,2}", gap) is not None


def _prefix_start(text: str, tokens: list[re.Match[str]], i: int) -> tuple[int, bool]:
    """Where a mention starting at token `i` really starts: before `Ms.` and `J.` in front."""
    start, prefixed = tokens[i].start(), False
    if i > 0 and _is_initial(text, tokens[i - 1], tokens[i]):
        i, start, prefixed = i - 1, tokens[i - 1].start(), True
    if i > 0 and _is_title(text, tokens[i - 1], tokens[i]):
        start, prefixed = tokens[i - 1].start(), True
    return start, prefixed


def _suffix_end(text: str, tokens: list[re.Match[str]], last: int, end: int) -> tuple[int, bool]:
    """`Ingrid S.`: a capital initial right after the name belongs to it."""
    if last + 1 >= len(tokens) or end != tokens[last].end():
        return end, False
    after = tokens[last + 1]
    letter = after[0]
    if len(letter) != 1 or not letter.isupper():
        return end, False
    if re.fullmatch(r"[ \t\u00a0]{1,2}", text[end : after.start()]) is None:
        return end, False
    if text[after.end() : after.end() + 1] == ".":
        return after.end() + 1, True
    if letter in "AI" or re.match(r"\w", text[after.end() : after.end() + 1]):
        return end, False
    return after.end(), True


def _written_as_full_name(text: str, words: list[re.Match[str]]) -> bool:
    """`Grace Rose`, or `grace.rose` as in an email address: not `grace rose` in a sentence."""
    gaps = {text[a.end() : b.start()] for a, b in itertools.pairwise(words)}
    return gaps <= {".", "_"} or all(w[0][:1].isupper() for w in words)


def _written_as_name(
    text: str, tokens: list[re.Match[str]], i: int, word: str, possessive: bool
) -> bool:
    """Whether an everyday word that is also a name (`Will`, `Grace`) is the name here."""
    if word.isupper() and len(word) > 1:
        # `WILL` among lower-case words is the name; `WE WILL TRY` is shouting.
        neighbours = [tokens[j][0] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
        return not any(n.isupper() and len(n) > 1 for n in neighbours)
    if not word[:1].isupper() or word[1:] != word[1:].lower():
        return False
    if possessive or _SENTENCE_END.search(text, 0, tokens[i].start()) is None:
        return True  # `Grace's`, or capitalised inside a sentence: a name
    if i + 1 >= len(tokens) or not text[tokens[i].end() : tokens[i + 1].start()].isspace():
        return True  # `Will:` or `Grace,` opening a sentence: a name
    return tokens[i + 1][0].casefold() not in ORDINARY_NEXT
