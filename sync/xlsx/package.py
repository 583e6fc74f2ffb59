"""An .xlsx/.xlsm file as what it is: a zip of parts joined by relationships.

Part names here have no leading slash (`xl/workbook.xml`), as zip entries do; relationship
targets are resolved against the folder of the part that points at them. Two names are the
same part when they match ignoring ASCII case, once percent-decoded (ECMA-376 Part 2, 9.1.1):
`Sheet1.xml`, `sheet1.xml` and `sheet%31.xml` are one part, found under the name its zip entry
has. `Package.read` opens a file; `write_package` zips one back, copying the parts it did not
change.

Transitional files (what Excel saves by default) and Strict ones ("Strict Open XML
Spreadsheet") differ in their namespaces and relationship types; a relationship's `kind`
(`worksheet`, `styles`...) is the same in both.
"""

from __future__ import annotations

import contextlib
import posixpath
import struct
import time
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sheets_templates.errors import NotAWorkbook
from sync.xlsx import xmltext

RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_RELATIONSHIPS_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
RELATIONSHIP_NAMESPACES = (RELATIONSHIPS_NS, STRICT_RELATIONSHIPS_NS)
PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MAIN_NAMESPACES = (MAIN_NS, STRICT_MAIN_NS)
# Relationship kinds: the last segment of the type, in either conformance class.
OFFICE_DOCUMENT, WORKSHEET, STYLES, CALC_CHAIN = (
    "officeDocument",
    "worksheet",
    "styles",
    "calcChain",
)
CONTENT_TYPES = "[Content_Types].xml"
# An encrypted OOXML file (password to open) and an old .xls are both OLE compound files.
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # resolved part name (as the zip entry spells it), or the raw target if external
    external: bool

    @property
    def kind(self) -> str:
        """`worksheet` for both `.../2006/relationships/worksheet` and its Strict twin; the
        whole type for any other namespace."""
        namespace, _, kind = self.type.rpartition("/")
        return kind if namespace in RELATIONSHIP_NAMESPACES else self.type


def part_key(name: str) -> str:
    """What two names of the same part share: percent-decoded, no leading slash, ASCII case
    folded (ECMA-376 Part 2, 9.1.1.1), and `\\` read as `/` (some Windows tools write zip
    entries as `xl\\workbook.xml`, which Excel and calamine open)."""
    decoded = unquote(name).replace("\\", "/").lstrip("/")
    return decoded.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Parts(MutableMapping[str, bytes]):
    """A package's parts by name, in zip order.

    The parts of a file are inflated when first asked for: a refresh reads the workbook's
    relationships, its list of tabs and its styles, and copies the person's large sheets
    without ever inflating them (`stored`).
    """

    def __init__(self, data: Mapping[str, bytes | None], source: Path | None = None) -> None:
        self._data = dict(data)  # None: not read yet from `source`
        self._names = {part_key(name): name for name in self._data}
        self.source = source

    def name_of(self, name: str) -> str | None:
        """The name this package spells the part `name` with (any case, any percent-encoding),
        or None when there is no such part."""
        return self._names.get(part_key(name))

    def __getitem__(self, name: str) -> bytes:
        data = self._data[name]
        if data is None:
            assert self.source is not None
            data = self._data[name] = _inflate(self.source, name)
        return data

    def __setitem__(self, name: str, data: bytes) -> None:
        existing = self.name_of(name)
        if existing is not None and existing != name:
            raise KeyError(f"{name} is the part {existing}: one part, one name")
        self._data[name] = data
        self._names[part_key(name)] = name

    def __delitem__(self, name: str) -> None:
        del self._data[name]
        del self._names[part_key(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, name: object) -> bool:  # without inflating it, as Mapping's would
        return name in self._data

    def stored(self, name: str) -> bool:
        """Whether `name` is still as the source file holds it: never read, never replaced."""
        return self._data[name] is None

    def copy(self) -> Parts:
        return Parts(self._data, self.source)


def _inflate(path: Path, name: str) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise NotAWorkbook(_unreadable(path)) from exc


def _unreadable(path: Path) -> str:
    return (
        f"'{path.name}' is not a readable Excel workbook (.xlsx or .xlsm): "
        f"open it in Excel and save it as .xlsx, then try again."
    )


@dataclass
class Package:
    """Every part of a workbook file, in zip order, with the zip entry each came from."""

    entries: dict[str, zipfile.ZipInfo]
    parts: Parts

    @classmethod
    def read(cls, path: Path) -> Package:
        """The parts of `path`, each read when first asked for.

        Raises `NotAWorkbook` when it is not an OOXML zip.
        """
        with path.open("rb") as file:
            signature = file.read(8)
        if signature == OLE_SIGNATURE:
            raise NotAWorkbook(
                f"'{path.name}' is password-protected or an old .xls file: open it in Excel, "
                f"remove the password or save it as .xlsx, and try again."
            )
        try:
            with zipfile.ZipFile(path) as archive:
                entries = {info.filename: info for info in archive.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise NotAWorkbook(_unreadable(path)) from exc
        package = cls(entries, Parts(dict.fromkeys(entries), source=path))
        if package.parts.name_of(CONTENT_TYPES) is None or (
            package.workbook_part() not in package.parts
        ):
            raise NotAWorkbook(
                f"'{path.name}' is a zip file but not an Excel workbook: choose the .xlsx "
                f"or .xlsm file that holds the walkthrough log."
            )
        return package

    @classmethod
    def from_bytes(cls, data: bytes) -> Package:
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = {info.filename: info for info in archive.infolist()}
            return cls(entries, Parts({name: archive.read(name) for name in entries}))

    @property
    def content_types(self) -> str:
        """The name of `[Content_Types].xml` as this package spells it."""
        return self.parts.name_of(CONTENT_TYPES) or CONTENT_TYPES

    def text(self, part: str) -> str:
        """A part's text, UTF-8 or UTF-16. Raises `UnicodeDecodeError`."""
        return xmltext.decode(self.parts[part])

    def encoded(self, part: str, text: str) -> bytes:
        """`text` encoded as the existing `part` is (UTF-8 for a new part)."""
        return xmltext.encode_like(self.parts[part], text) if part in self.parts else text.encode()

    def rels_of(self, part: str) -> str | None:
        """The name of `part`'s relationships part, as this package spells it, or None."""
        return self.parts.name_of(rels_part(part))

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships from `part` ("" for the package itself).

        One without an Id, a Type or a Target points at nothing and is left out.
        """
        rels = self.rels_of(part)
        if rels is None:
            return []
        found = []
        for element in xmltext.find_all(self.text(rels), "Relationship"):
            attributes = element.attributes
            if not {"Id", "Type", "Target"} <= attributes.keys():
                continue
            external = attributes.get("TargetMode") == "External"
            target = attributes["Target"]
            if not external:
                target = resolve(part, target)
                target = self.parts.name_of(target) or target
            found.append(Relationship(attributes["Id"], attributes["Type"], target, external))
        return found

    def workbook_part(self) -> str:
        for relationship in self.relationships(""):
            if relationship.kind == OFFICE_DOCUMENT:
                return relationship.target
        return self.parts.name_of("xl/workbook.xml") or "xl/workbook.xml"

    def is_strict(self) -> bool:
        """Whether the workbook is Strict Open XML (its main namespace says so)."""
        workbook = self.workbook_part()
        return workbook in self.parts and xmltext.root(self.text(workbook)).namespace == (
            STRICT_MAIN_NS
        )

    def reachable(self, roots: Iterable[str], skip: Collection[str] = ()) -> set[str]:
        """Parts reachable from `roots` by internal relationships, not passing through `skip`."""
        seen: set[str] = set()
        stack = [root for root in roots if root not in skip]
        while stack:
            part = stack.pop()
            if part in seen:
                continue
            seen.add(part)
            for relationship in self.relationships(part):
                if not relationship.external and relationship.target not in skip:
                    stack.append(relationship.target)
        return seen

    def closure(self, part: str) -> Iterator[str]:
        """`part` and every part reachable from it, each once, parents first."""
        order: list[str] = []
        stack = [part]
        while stack:
            current = stack.pop(0)
            if current in order or current not in self.parts:
                continue
            order.append(current)
            stack += [r.target for r in self.relationships(current) if not r.external]
        yield from order


def rels_part(part: str) -> str:
    """`xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`; "" -> `_rels/.rels`."""
    folder, name = posixpath.split(part.replace("\\", "/"))
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target in `source` points at."""
    target = unquote(target.split("#", 1)[0]).replace("\\", "/")
    if target.startswith("/"):
        return target.lstrip("/")
    folder = posixpath.dirname(source.replace("\\", "/"))
    return posixpath.normpath(posixpath.join(folder, target))


def relative_target(source: str, part: str) -> str:
    """The relationship target that points from `source` at `part`."""
    source, part = source.replace("\\", "/"), part.replace("\\", "/")
    return quote(posixpath.relpath(part, posixpath.dirname(source) or "."))


def free_part_name(taken: Parts, folder: str, stem: str, extension: str) -> str:
    """`xl/worksheets/sheet7.xml`: the first numbered name that is no part of `taken` in any
    spelling (`Sheet7.xml` takes it too), nor the name of a relationships part left behind."""
    number = 1
    while True:
        name = posixpath.join(folder, f"{stem}{number}.{extension}")
        if taken.name_of(name) is None and taken.name_of(rels_part(name)) is None:
            return name
        number += 1


# Deflate level 3 compresses a 25 MB sheet three times faster than the default 6, ~15% larger.
COMPRESS_LEVEL = 3


def write_package(package: Package, destination: Path) -> None:
    """Zip `package`'s parts in order, [Content_Types].xml first, each entry as it was.

    A part its source file holds unchanged is copied as its compressed bytes, never inflated
    and deflated again: the person's 50,000-row log costs a copy, not a re-zip.
    """
    now = time.localtime(time.time())[:6]
    parts = package.parts
    first = package.content_types
    names = [first, *(name for name in parts if name != first)]
    with contextlib.ExitStack() as stack:
        original = stack.enter_context(zipfile.ZipFile(parts.source)) if parts.source else None
        archive = stack.enter_context(zipfile.ZipFile(destination, "w"))
        for name in names:
            if original is not None and _holds_unchanged(original, name, parts):
                _copy_compressed(original, name, archive)
                continue
            old = package.entries.get(name)
            entry = zipfile.ZipInfo(name, old.date_time if old else now)
            entry.compress_type = old.compress_type if old else zipfile.ZIP_DEFLATED
            entry.external_attr = old.external_attr if old else 0o600 << 16
            archive.writestr(entry, parts[name], compresslevel=COMPRESS_LEVEL)


def _holds_unchanged(archive: zipfile.ZipFile, name: str, parts: Parts) -> bool:
    """Whether `archive` holds the part as `parts` has it, in an entry that can be copied."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return False
    if info.file_size >= zipfile.ZIP64_LIMIT or info.flag_bits & ENCRYPTED:
        return False
    if parts.stored(name):
        return True
    data = parts[name]
    return info.file_size == len(data) and zlib.crc32(data) == info.CRC


ENCRYPTED = 0x01
DATA_DESCRIPTOR = 0x08
# A local file header is 30 fixed bytes, then the name and the extra field, whose lengths sit
# at offset 26 (PKWARE APPNOTE 4.3.7).
LOCAL_HEADER_SIZE = 30
LOCAL_HEADER_NAME_LENGTHS = struct.Struct("<2H")


def _copy_compressed(source: zipfile.ZipFile, name: str, target: zipfile.ZipFile) -> None:
    """Append one entry of `source` to `target` as its stored bytes.

    zipfile has no public call for this; it is what `ZipFile.write` does after compressing
    (a local header, the data, then the entry in the central directory on close).
    """
    info = source.getinfo(name)
    assert source.fp is not None
    assert target.fp is not None
    source.fp.seek(info.header_offset + 26)
    name_length, extra_length = LOCAL_HEADER_NAME_LENGTHS.unpack(source.fp.read(4))
    source.fp.seek(info.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length)
    data = source.fp.read(info.compress_size)

    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type, entry.CRC = info.compress_type, info.CRC
    entry.compress_size, entry.file_size = info.compress_size, info.file_size
    entry.external_attr, entry.create_system = info.external_attr, info.create_system
    entry.flag_bits = info.flag_bits & ~DATA_DESCRIPTOR  # sizes go in the local header
    entry.header_offset = target.fp.tell()
    target.fp.write(entry.FileHeader(zip64=False))
    target.fp.write(data)
    target.filelist.append(entry)
    target.NameToInfo[entry.filename] = entry
    target.start_dir = target.fp.tell()
    target._didModify = True  # type: ignore[attr-defined]
