"""An .xlsx/.xlsm file as what it is: a zip of parts joined by relationships.

Part names here have no leading slash (`xl/workbook.xml`), as zip entries do; relationship
targets are resolved against the folder of the part that points at them.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sheets_templates.errors import NotAWorkbook
from sync.xlsx import xmltext

RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = f"{RELATIONSHIPS_NS}/officeDocument"
WORKSHEET = f"{RELATIONSHIPS_NS}/worksheet"
STYLES = f"{RELATIONSHIPS_NS}/styles"
CALC_CHAIN = f"{RELATIONSHIPS_NS}/calcChain"
CONTENT_TYPES = "[Content_Types].xml"
# An encrypted OOXML file (password to open) and an old .xls are both OLE compound files.
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # resolved part name, or the raw target when external
    external: bool


class Parts(MutableMapping[str, bytes]):
    """A package's parts by name, in zip order.

    The parts of a file are inflated when first asked for: a refresh reads the workbook's
    relationships, its list of tabs and its styles, and copies the person's large sheets
    without ever inflating them (`stored`).
    """

    def __init__(self, data: Mapping[str, bytes | None], source: Path | None = None) -> None:
        self._data = dict(data)  # None: not read yet from `source`
        self.source = source

    def __getitem__(self, name: str) -> bytes:
        data = self._data[name]
        if data is None:
            assert self.source is not None
            data = self._data[name] = _inflate(self.source, name)
        return data

    def __setitem__(self, name: str, data: bytes) -> None:
        self._data[name] = data

    def __delitem__(self, name: str) -> None:
        del self._data[name]

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
        if CONTENT_TYPES not in entries or package.workbook_part() not in entries:
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

    def text(self, part: str) -> str:
        return self.parts[part].decode("utf-8")

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships from `part` ("" for the package itself)."""
        rels = rels_part(part)
        if rels not in self.parts:
            return []
        found = []
        for element in xmltext.find_all(self.text(rels), "Relationship"):
            attributes = element.attributes
            external = attributes.get("TargetMode") == "External"
            target = attributes["Target"]
            found.append(
                Relationship(
                    attributes["Id"],
                    attributes["Type"],
                    target if external else resolve(part, target),
                    external,
                )
            )
        return found

    def workbook_part(self) -> str:
        for relationship in self.relationships(""):
            if relationship.type == OFFICE_DOCUMENT:
                return relationship.target
        return "xl/workbook.xml"

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
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target in `source` points at."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative_target(source: str, part: str) -> str:
    """The relationship target that points from `source` at `part`."""
    return quote(posixpath.relpath(part, posixpath.dirname(source) or "."))


def free_part_name(taken: set[str], folder: str, stem: str, extension: str) -> str:
    """`xl/worksheets/sheet7.xml`: the first numbered name not in `taken`."""
    number = 1
    while (name := f"{folder}/{stem}{number}.{extension}") in taken:
        number += 1
    return name
