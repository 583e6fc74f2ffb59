"""Small, careful edits of OOXML text, leaving every byte we do not mean to change alone.

Re-serialising a part with a parser renames namespace prefixes and drops declarations that
`mc:Ignorable` still names, which Excel reports as a corrupt file. So the few parts a refresh
must change (workbook.xml, its relationships, the content types, styles.xml) are edited as
text: find an element by its local name, read its attributes, splice new text in.

This is not a general XML parser: it assumes what every spreadsheet program writes (no
comments or CDATA around the elements we look for, and no element nested in one of the same
name), which holds for the elements used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape, quoteattr, unescape

_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")
_QUOTES = {"&quot;": '"', "&apos;": "'"}


@dataclass(frozen=True)
class Element:
    """Where one element sits in a text, and its attributes (values unescaped)."""

    prefix: str  # "x:" when written `<x:sheet ...>`, "" otherwise
    start: int  # index of "<"
    end: int  # index just after the element's last ">"
    start_tag_end: int  # index just after the start tag's ">"
    inner_end: int  # index of the end tag's "<" (== start_tag_end for `<a/>`)
    attributes: dict[str, str]

    @property
    def self_closing(self) -> bool:
        return self.inner_end == self.start_tag_end == self.end


@cache
def _start_tag(local_name: str) -> re.Pattern[str]:
    return re.compile(
        rf"<([\w.-]+:)?{re.escape(local_name)}(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>"
    )


def find_all(
    text: str, local_name: str, start: int = 0, end: int | None = None, prefix: str | None = None
) -> list[Element]:
    """Every `local_name` element between `start` and `end`, in order.

    Any prefix matches unless `prefix` is given ("" for none, "x:" for `<x:name>`).
    """
    end = len(text) if end is None else end
    found: list[Element] = []
    position = start
    pattern = _start_tag(local_name)
    while match := pattern.search(text, position, end):
        found_prefix = match.group(1) or ""
        if prefix is not None and found_prefix != prefix:
            position = match.end()
            continue
        attributes = {
            name: unescape(value[1:-1], _QUOTES) for name, value in _ATTRIBUTE.findall(match[2])
        }
        if match.group(3):
            close_at = element_end = match.end()
        else:
            closing = f"</{found_prefix}{local_name}>"
            close_at = text.find(closing, match.end(), end)
            if close_at < 0:
                raise ValueError(f"<{found_prefix}{local_name}> is not closed")
            element_end = close_at + len(closing)
        found.append(
            Element(found_prefix, match.start(), element_end, match.end(), close_at, attributes)
        )
        position = element_end
    return found


def find(
    text: str, local_name: str, start: int = 0, end: int | None = None, prefix: str | None = None
) -> Element | None:
    """The first `local_name` element, or None."""
    found = find_all(text, local_name, start, end, prefix)
    return found[0] if found else None


def set_attribute(start_tag: str, name: str, value: str) -> str:
    """A start tag with `name` set to `value` (replaced in place, or added at the end)."""
    quoted = quoteattr(value)
    pattern = re.compile(rf"(\s){re.escape(name)}\s*=\s*(\"[^\"]*\"|'[^']*')")
    if pattern.search(start_tag):
        return pattern.sub(lambda m: f"{m[1]}{name}={quoted}", start_tag, count=1)
    closing = "/>" if start_tag.endswith("/>") else ">"
    return f"{start_tag[: -len(closing)].rstrip()} {name}={quoted}{closing}"


def start_tag(text: str, element: Element) -> str:
    return text[element.start : element.start_tag_end]


def tag(prefix: str, name: str, attributes: dict[str, str], inner: str | None = None) -> str:
    """`<prefix:name a="1"/>`, or with `inner` text between start and end tags."""
    written = "".join(f" {key}={quoteattr(value)}" for key, value in attributes.items())
    if inner is None:
        return f"<{prefix}{name}{written}/>"
    return f"<{prefix}{name}{written}>{inner}</{prefix}{name}>"


def text_of(value: str) -> str:
    """`value` escaped for element text."""
    return escape(value)


def unescape_text(value: str) -> str:
    """Element text as written in XML -> the text it means."""
    return unescape(value, _QUOTES)


def namespace_prefix(text: str, namespace: str) -> str | None:
    """The prefix (with its colon) bound to `namespace` in the root, "" if default, or None."""
    match = re.search(rf"xmlns(:[\w.-]+)?\s*=\s*[\"']{re.escape(namespace)}[\"']", text)
    if match is None:
        return None
    return match.group(1)[1:] + ":" if match.group(1) else ""


@dataclass
class Edits:
    """Non-overlapping replacements of spans of one text, applied together."""

    text: str
    _spans: list[tuple[int, int, str]] | None = None

    def replace(self, start: int, end: int, new: str) -> None:
        if self._spans is None:
            self._spans = []
        self._spans.append((start, end, new))

    def insert(self, at: int, new: str) -> None:
        self.replace(at, at, new)

    def result(self) -> str:
        spans = sorted(self._spans or [], key=lambda span: (span[0], span[1]))
        pieces, position = [], 0
        for start, end, new in spans:
            if start < position:
                raise ValueError("overlapping edits")
            pieces += [self.text[position:start], new]
            position = end
        pieces.append(self.text[position:])
        return "".join(pieces)
