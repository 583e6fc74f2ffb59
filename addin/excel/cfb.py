"""A small writer of Compound File Binary files ([MS-CFB] version 3): a VBA project's container.

    compound_file({"PROJECT": b"...", "VBA/dir": b"...", "VBA/Module1": b"..."})

Paths use "/" between storage and stream names; every storage on a path is created. The
layout is the simplest the spec allows: 512-byte sectors; streams under 4096 bytes packed in
the mini stream (64-byte mini sectors); then the MiniFAT, the directory, the regular streams and
last the FAT, whose sectors the header lists directly (no DIFAT sectors: files up to ~7 MB).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sheets_templates.errors import WorkbookError

SECTOR = 512  # version 3: sector shift 9 (MS-CFB 2.2)
MINI_SECTOR = 64  # mini sector shift 6
MINI_STREAM_CUTOFF = 4096
ENTRY_SIZE = 128  # one directory entry (2.6)
_IDS_PER_SECTOR = SECTOR // 4
_HEADER_FAT_SLOTS = 109  # the DIFAT array inside the header (2.2)

# Special sector numbers (2.1)
FATSECT = 0xFFFFFFFD
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF

# Object types (2.6.1)
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_BLACK = 1


@dataclass
class _Entry:
    """One directory entry, as it will be written."""

    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    number: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN


def compound_file(streams: dict[str, bytes]) -> bytes:
    """The bytes of a compound file holding `streams` ("Storage/Stream" -> data).

    Raises `WorkbookError` for a name over 31 characters, two names that differ only by case,
    or a file too large for a header-only FAT.
    """
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        *storages, stream = path.split("/")
        parent = root
        for name in storages:
            found = [child for child in parent.children if child.name == name]
            parent = found[0] if found else _add(parent, _Entry(name, _STORAGE))
        _add(parent, _Entry(stream, _STREAM, data))
    entries = _number(root)

    small = [
        entry for entry in entries if entry.kind == _STREAM and len(entry.data) < MINI_STREAM_CUTOFF
    ]
    large = [
        entry
        for entry in entries
        if entry.kind == _STREAM and len(entry.data) >= MINI_STREAM_CUTOFF
    ]
    mini_stream, mini_fat = _pack_mini_stream(small)
    root.data = mini_stream

    # Regular sectors in order: mini stream, MiniFAT, directory, large streams, FAT.
    chains: list[bytes] = [mini_stream, _ids(mini_fat), b"".join(_entry_bytes(e) for e in entries)]
    chains += [entry.data for entry in large]
    fat: list[int] = []
    starts = []
    for data in chains:
        starts.append(_append_chain(fat, _sectors(len(data))) if data else ENDOFCHAIN)
    fat_count = 0
    while fat_count * _IDS_PER_SECTOR < len(fat) + fat_count:
        fat_count += 1
    if fat_count > _HEADER_FAT_SLOTS:
        raise WorkbookError(
            "The VBA project is over 7 MB, too large to write; remove some of its modules."
        )
    fat_sectors = list(range(len(fat), len(fat) + fat_count))
    fat += [FATSECT] * fat_count

    root.start = starts[0]
    for entry, start in zip(large, starts[3:], strict=True):
        entry.start = start
    directory = b"".join(_entry_bytes(entry) for entry in entries)  # again, with the starts
    directory += _empty_entry() * (
        (_sectors(len(directory)) * SECTOR - len(directory)) // ENTRY_SIZE
    )

    header = _header(
        fat_sectors=fat_sectors,
        directory_start=starts[2],
        mini_fat_start=starts[1],
        mini_fat_sectors=_sectors(len(mini_fat) * 4),
    )
    body = [_pad(mini_stream), _pad(_ids(mini_fat, fill=FREESECT)), directory]
    body += [_pad(entry.data) for entry in large]
    body.append(_ids(fat, fill=FREESECT, length=fat_count * SECTOR))
    return header + b"".join(body)


def _add(parent: _Entry, entry: _Entry) -> _Entry:
    if len(entry.name) > 31:
        raise WorkbookError(f"The VBA name '{entry.name}' is too long; use at most 31 characters.")
    if any(child.name.upper() == entry.name.upper() for child in parent.children):
        raise WorkbookError(f"The VBA name '{entry.name}' is used twice; names ignore case.")
    parent.children.append(entry)
    return entry


def _number(root: _Entry) -> list[_Entry]:
    """Every entry in directory order (root first), each storage's children as a tree."""
    entries = [root]
    pending = [root]
    while pending:
        storage = pending.pop(0)
        ordered = sorted(storage.children, key=_cfb_order)
        for entry in ordered:
            entry.number = len(entries)
            entries.append(entry)
            if entry.kind == _STORAGE:
                pending.append(entry)
        storage.child = _balanced_tree(ordered)
    return entries


def _cfb_order(entry: _Entry) -> tuple[int, str]:
    """Directory order (2.6.4): shorter names first, then by upper-cased characters."""
    return len(entry.name.encode("utf-16-le")), entry.name.upper()


def _balanced_tree(ordered: list[_Entry]) -> int:
    """Link siblings as a balanced binary search tree; its root's number.

    Every node is black, which 2.6.4 names as the simplest valid red-black tree.
    """
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    top = ordered[middle]
    top.left = _balanced_tree(ordered[:middle])
    top.right = _balanced_tree(ordered[middle + 1 :])
    return top.number


def _pack_mini_stream(small: list[_Entry]) -> tuple[bytes, list[int]]:
    """The mini stream and its MiniFAT (2.5): each small stream on whole 64-byte mini sectors."""
    mini_stream = bytearray()
    mini_fat: list[int] = []
    for entry in small:
        count = -(-len(entry.data) // MINI_SECTOR)
        entry.start = _append_chain(mini_fat, count) if count else ENDOFCHAIN
        mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\x00")
    return bytes(mini_stream), mini_fat


def _append_chain(table: list[int], count: int) -> int:
    """Add a chain of `count` consecutive sectors to a FAT or MiniFAT; its first sector."""
    start = len(table)
    table += [*range(start + 1, start + count), ENDOFCHAIN]
    return start


def _sectors(size: int) -> int:
    return -(-size // SECTOR)


def _pad(data: bytes) -> bytes:
    return data.ljust(_sectors(len(data)) * SECTOR, b"\x00")


def _ids(numbers: list[int], fill: int = FREESECT, length: int | None = None) -> bytes:
    """Sector numbers as little-endian 32-bit values, filled to whole sectors."""
    data = b"".join(number.to_bytes(4, "little") for number in numbers)
    size = _sectors(len(data)) * SECTOR if length is None else length
    return data + fill.to_bytes(4, "little") * ((size - len(data)) // 4)


def _entry_bytes(entry: _Entry) -> bytes:
    """A Compound File Directory Entry (2.6.1); times are left zero, as 2.6.1 allows."""
    name = (entry.name + "\x00").encode("utf-16-le")
    size = len(entry.data) if entry.kind in (_STREAM, _ROOT) else 0
    start = entry.start if entry.kind in (_STREAM, _ROOT) and size else ENDOFCHAIN
    if entry.kind == _STORAGE:
        start = 0
    return b"".join(
        (
            name.ljust(64, b"\x00"),
            len(name).to_bytes(2, "little"),
            bytes([entry.kind, _BLACK]),
            entry.left.to_bytes(4, "little"),
            entry.right.to_bytes(4, "little"),
            entry.child.to_bytes(4, "little"),
            bytes(16),  # CLSID
            bytes(4),  # state bits
            bytes(16),  # creation and modified time
            start.to_bytes(4, "little"),
            size.to_bytes(8, "little"),
        )
    )


def _empty_entry() -> bytes:
    """An unused directory entry (2.6.3): no name, no siblings, no child."""
    return bytes(66) + bytes([0, 0]) + NOSTREAM.to_bytes(4, "little") * 3 + bytes(48)


def _header(
    fat_sectors: list[int], directory_start: int, mini_fat_start: int, mini_fat_sectors: int
) -> bytes:
    """The Compound File Header (2.2), its DIFAT array listing every FAT sector."""
    difat = fat_sectors + [FREESECT] * (_HEADER_FAT_SLOTS - len(fat_sectors))
    return b"".join(
        (
            bytes.fromhex("D0CF11E0A1B11AE1"),
            bytes(16),  # header CLSID
            (0x003E).to_bytes(2, "little"),  # minor version
            (0x0003).to_bytes(2, "little"),  # major version 3
            (0xFFFE).to_bytes(2, "little"),  # byte order: little-endian
            (9).to_bytes(2, "little"),  # sector shift: 512 bytes
            (6).to_bytes(2, "little"),  # mini sector shift: 64 bytes
            bytes(6),  # reserved
            (0).to_bytes(4, "little"),  # directory sectors: always 0 in version 3
            len(fat_sectors).to_bytes(4, "little"),
            directory_start.to_bytes(4, "little"),
            (0).to_bytes(4, "little"),  # transaction signature
            MINI_STREAM_CUTOFF.to_bytes(4, "little"),
            (mini_fat_start if mini_fat_sectors else ENDOFCHAIN).to_bytes(4, "little"),
            mini_fat_sectors.to_bytes(4, "little"),
            ENDOFCHAIN.to_bytes(4, "little"),  # first DIFAT sector: none
            (0).to_bytes(4, "little"),  # DIFAT sectors
            b"".join(number.to_bytes(4, "little") for number in difat),
        )
    )
