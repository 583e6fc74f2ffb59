"""The two byte-level algorithms of [MS-OVBA] that a VBA project writer needs.

    compress(b"Attribute VB_Name = ...")    # 2.4.1: the CompressedContainer of dir and modules
    encrypt(b"\\x00\\x00\\x00\\x00", project_id)   # 2.4.3: the CMG, DPB and GC values of PROJECT

Both are deterministic: the same input gives the same bytes, so a template is reproducible.
"""

from __future__ import annotations

from sheets_templates.errors import WorkbookError

CHUNK_SIZE = 4096  # decompressed bytes per CompressedChunk (2.4.1.1.4)
_MIN_MATCH = 3  # a CopyToken's shortest copy (2.4.1.1.8)
_MAX_CANDIDATES = 32  # earlier positions tried per match: enough for source text, bounded time


def compress(data: bytes) -> bytes:
    """The CompressedContainer (MS-OVBA 2.4.1.3.1) holding `data`."""
    container = bytearray(b"\x01")  # SignatureByte
    for start in range(0, len(data), CHUNK_SIZE):
        container += _compress_chunk(data[start : start + CHUNK_SIZE])
    return bytes(container)


def _compress_chunk(chunk: bytes) -> bytes:
    """One CompressedChunk (2.4.1.3.7): a header, then TokenSequences or 4096 raw bytes."""
    body = _token_sequences(chunk)
    if len(body) <= CHUNK_SIZE:
        # CompressedChunkHeader (2.4.1.1.5): size - 3 in 12 bits, signature 0b011, flag 1.
        header = (len(body) + 2 - 3) | 0b011 << 12 | 1 << 15
        return header.to_bytes(2, "little") + body
    # Compressing a RawChunk (2.4.1.3.10): exactly 4096 bytes, padded with 0x00 when the
    # data ends inside this chunk. Only an incompressible tail of 3,641+ bytes gets here.
    header = (CHUNK_SIZE + 2 - 3) | 0b011 << 12
    return header.to_bytes(2, "little") + chunk.ljust(CHUNK_SIZE, b"\x00")


def _token_sequences(chunk: bytes) -> bytes:
    """TokenSequences (2.4.1.3.8): a FlagByte, then up to eight LiteralTokens or CopyTokens."""
    out = bytearray()
    earlier: dict[bytes, list[int]] = {}  # 3-byte prefix -> where it began, oldest first
    position = 0
    while position < len(chunk):
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if position >= len(chunk):
                break
            offset, length = _longest_match(chunk, position, earlier)
            if length >= _MIN_MATCH:
                out += _copy_token(position, offset, length).to_bytes(2, "little")
                out[flag_at] |= 1 << bit
            else:
                length = 1
                out.append(chunk[position])
            for covered in range(position, position + length):
                earlier.setdefault(chunk[covered : covered + _MIN_MATCH], []).append(covered)
            position += length
    return bytes(out)


def _copy_token_help(position: int) -> tuple[int, int]:
    """CopyToken Help (2.4.1.3.19.1): the bits for the offset, and the longest copy allowed."""
    bit_count = max((position - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + _MIN_MATCH


def _longest_match(chunk: bytes, position: int, earlier: dict[bytes, list[int]]) -> tuple[int, int]:
    """Matching (2.4.1.3.19.4): the (offset, length) of the best earlier copy, or (0, 0)."""
    if position == 0:
        return 0, 0
    # As the spec does: the nearest of the longest matches, measured uncapped, then capped.
    limit = len(chunk) - position
    best_offset, best_length = 0, 0
    candidates = earlier.get(chunk[position : position + _MIN_MATCH], [])[-_MAX_CANDIDATES:]
    for candidate in reversed(candidates):
        length = 0
        # A copy may overlap the bytes it produces, as the decompressor copies byte by byte.
        while length < limit and chunk[candidate + length] == chunk[position + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = position - candidate, length
            if length == limit:
                break
    _, maximum = _copy_token_help(position)
    return best_offset, min(best_length, maximum)


def _copy_token(position: int, offset: int, length: int) -> int:
    """Pack a CopyToken (2.4.1.3.19.3): offset - 1 in the high bits, length - 3 in the low."""
    bit_count, _ = _copy_token_help(position)
    return (offset - 1) << (16 - bit_count) | (length - _MIN_MATCH)


def encrypt(data: bytes, project_id: str, seed: int = 0x0A) -> str:
    """Data Encryption (MS-OVBA 2.4.3.2) of `data`, as the hex text PROJECT stores (2.3.1.15).

    `seed` picks the encryption; its bits 1-2 also set how many filler bytes follow, which
    are written as zeros here (any value is valid, and fixed ones keep the file reproducible).
    """
    version = 2
    project_key = sum(project_id.encode("latin-1")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted_byte_1 = project_key
    encrypted_byte_1, encrypted_byte_2 = out[2], out[1]
    ignored = bytes((seed & 6) // 2)
    for byte in ignored + len(data).to_bytes(4, "little") + data:
        byte_enc = byte ^ ((encrypted_byte_2 + unencrypted_byte_1) & 0xFF)
        out.append(byte_enc)
        encrypted_byte_2, encrypted_byte_1, unencrypted_byte_1 = encrypted_byte_1, byte_enc, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    """Data Decryption (MS-OVBA 2.4.3.3): the bytes a CMG, DPB or GC value holds.

    Raises `WorkbookError` when the text is not data encrypted this way.
    """
    raw = bytes.fromhex(text)
    seed, version_enc, project_key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise WorkbookError("A VBA project's protection value is not in the expected form.")
    unencrypted_byte_1 = seed ^ project_key_enc
    encrypted_byte_1, encrypted_byte_2 = project_key_enc, version_enc
    plain = bytearray()
    for byte_enc in raw[3:]:
        byte = byte_enc ^ ((encrypted_byte_2 + unencrypted_byte_1) & 0xFF)
        plain.append(byte)
        encrypted_byte_2, encrypted_byte_1, unencrypted_byte_1 = encrypted_byte_1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = int.from_bytes(plain[ignored : ignored + 4], "little")
    return bytes(plain[ignored + 4 : ignored + 4 + length])
