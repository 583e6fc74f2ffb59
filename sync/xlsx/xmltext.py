"""Small, careful edits of OOXML text, leaving every byte we do not mean to change alone.

Re-serialising a part with a parser renames namespace prefixes and drops declarations that
`mc:Ignorable` still names, which Excel reports as a corrupt file. So the few parts a refresh
must change (workbook.xml, its relationships, the content types, styles.xml) are edited as
text: find an element by its local name, read its attributes, splice new text in.

Positions are found by a pattern, but what an element *is* comes from an XML parser:
`find_all` can keep only the elements of one namespace, and each element carries the prefixes
in scope where it stands (declared on it or on any ancestor), as expat resolves them. A part
that is not well-formed XML is a `ValueError`. The pattern assumes what every spreadsheet
program writes (no comments or CDATA around the elements we look for, and no element nested in
one of the same name), which holds for the elements used here.
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from xml.sax.saxutils import escape, quoteattr

_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")
_REFERENCE = re.compile(r"&(?:#(\d+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Element:
    """Where one element sits in a text, and its attributes (values unescaped)."""

    prefix: str  # "x:" when written `<x:sheet ...>`, "" otherwise
    start: int  # index of "<"
    end: int  # index just after the element's last ">"
    start_tag_end: int  # index just after the start tag's ">"
    inner_end: int  # index of the end tag's "<" (== start_tag_end for `<a/>`)
    attributes: dict[str, str]
    # The prefixes in scope at this element ("" for the default namespace) and their URIs.
    namespaces: Mapping[str, str] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        """The namespace URI of the element's own name ("" when none is declared)."""
        return self.namespaces.get(self.prefix.rstrip(":"), "")

    def prefix_for(self, namespaces: Collection[str]) -> str | None:
        """The prefix (with its colon) bound here to one of `namespaces`, "" if it is the
        default namespace, None if none is in scope."""
        for prefix, uri in self.namespaces.items():
            if uri in namespaces and prefix:
                return f"{prefix}:"
        return "" if self.namespaces.get("") in namespaces else None

    def attribute_in(self, namespaces: Collection[str], local_name: str) -> str | None:
        """The value of the attribute `local_name` whose prefix is bound to one of
        `namespaces` (`r:id` however the file spells `r`)."""
        for key, value in self.attributes.items():
            prefix, _, name = key.rpartition(":")
            if prefix and name == local_name and self.namespaces.get(prefix) in namespaces:
                return value
        return None

    @property
    def self_closing(self) -> bool:
        return self.inner_end == self.start_tag_end == self.end


@cache
def _start_tag(local_name: str) -> re.Pattern[str]:
    return re.compile(
        rf"<([\w.-]+:)?{re.escape(local_name)}(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>"
    )


def find_all(
    text: str,
    local_name: str,
    start: int = 0,
    end: int | None = None,
    prefix: str | None = None,
    namespace: Collection[str] | None = None,
) -> list[Element]:
    """Every `local_name` element between `start` and `end`, in order.

    Any prefix matches unless `prefix` is given ("" for none, "x:" for `<x:name>`); any
    namespace unless `namespace` names the URIs allowed. Raises `ValueError` when `text` is
    not well-formed XML.
    """
    end = len(text) if end is None else end
    scopes = _scopes(text)
    found: list[Element] = []
    position = start
    pattern = _start_tag(local_name)
    while match := pattern.search(text, position, end):
        found_prefix = match.group(1) or ""
        namespaces = scopes.get(match.start())
        if namespaces is None:  # inside a comment or CDATA: not an element
            position = match.end()
            continue
        uri = namespaces.get(found_prefix.rstrip(":"), "")
        if (prefix is not None and found_prefix != prefix) or (
            namespace is not None and uri not in namespace
        ):
            position = match.end()
            continue
        attributes = {
            name: unescape_text(value[1:-1]) for name, value in _ATTRIBUTE.findall(match[2])
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
            Element(
                found_prefix,
                match.start(),
                element_end,
                match.end(),
                close_at,
                attributes,
                namespaces,
            )
        )
        position = element_end
    return found


def find(
    text: str,
    local_name: str,
    start: int = 0,
    end: int | None = None,
    prefix: str | None = None,
    namespace: Collection[str] | None = None,
) -> Element | None:
    """The first `local_name` element, or None."""
    found = find_all(text, local_name, start, end, prefix, namespace)
    return found[0] if found else None


def root(text: str) -> Element:
    """The document element. Raises `ValueError` when `text` is not well-formed XML."""
    first = min(_scopes(text), default=-1)
    match = re.compile(r"<([\w.-]+:)?([\w.-]+)").match(text, first) if first >= 0 else None
    if match is None:
        raise ValueError("no root element")
    element = find(text, match[2], first, prefix=match[1] or "")
    assert element is not None
    return element


def check_well_formed(data: bytes) -> None:
    """Raise `ValueError` unless `data` is one well-formed XML document."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from exc


@lru_cache(maxsize=32)
def _scopes(text: str) -> dict[int, dict[str, str]]:
    """For each element of `text`, by the index of its "<": the namespace prefixes in scope.

    expat reads the text; its byte offsets (of the UTF-8 text) are mapped back to indexes.
    """
    parser = xml.parsers.expat.ParserCreate()
    stack: list[dict[str, str]] = [{"xml": XML_NAMESPACE}]
    by_byte: dict[int, dict[str, str]] = {}

    def opened(name: str, attributes: dict[str, str]) -> None:
        scope = stack[-1]
        declared = {key[6:]: value for key, value in attributes.items() if key.startswith("xmlns:")}
        if "xmlns" in attributes:
            declared[""] = attributes["xmlns"]
        if declared:
            scope = scope | declared
        stack.append(scope)
        by_byte[parser.CurrentByteIndex] = scope

    parser.StartElementHandler = opened
    parser.EndElementHandler = lambda name: stack.pop()
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from exc
    if text.isascii():
        return by_byte
    by_index: dict[int, dict[str, str]] = {}
    byte, last = 0, 0
    for match in re.finditer("<", text):
        byte += len(text[last : match.start()].encode("utf-8"))
        last = match.start()
        if byte in by_byte:
            by_index[match.start()] = by_byte[byte]
    return by_index


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
    """Text or an attribute value as written in XML -> what it means: `&amp;`, `&#233;` and
    `&#xE9;` alike."""
    if "&" not in value:
        return value
    return _REFERENCE.sub(_referenced, value)


def _referenced(match: re.Match[str]) -> str:
    decimal, hexadecimal, named = match.groups()
    if named:
        return _NAMED[named]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


# The byte order marks an XML part may begin with (XML 1.0, appendix F), longest first.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def encoding_of(data: bytes) -> str:
    """How a part's bytes are encoded: by its byte order mark, else UTF-8 (what OOXML allows:
    UTF-8 or UTF-16)."""
    for mark, encoding in _MARKS:
        if data.startswith(mark):
            return encoding
    if data[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a mark
        return "utf-16-le" if data[0] == ord("<") else "utf-16-be"
    return "utf-8"


def decode(data: bytes) -> str:
    """A part's text, whatever encoding it was written in. Raises `UnicodeDecodeError`."""
    return data.decode(encoding_of(data))


def encode_like(original: bytes, text: str) -> bytes:
    """`text` in the encoding (and byte order mark) of `original`, so the XML declaration
    still tells the truth."""
    return text.encode(encoding_of(original))


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
