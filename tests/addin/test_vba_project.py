"""The VBA project writer, read back by independent readers: oletools, olefile, real Excel files."""

from __future__ import annotations

import io
import os
import struct
import warnings
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.excel.cfb import compound_file
from addin.excel.ovba import CHUNK_SIZE, compress, decrypt, encrypt
from addin.excel.vba_project import (
    PROJECT_ID,
    Module,
    ModuleKind,
    template_modules,
    vba_project_bin,
)
from sheets_templates.errors import WorkbookError

with warnings.catch_warnings():
    # oletools still calls pyparsing's old spellings; not ours to fix.
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

ENTRY_POINT = "import addin.excel.refresh as r; r.refresh_from_excel()"
QUICKSTART = Path(xlwings.__file__).parent / "quickstart.xlsm"  # a project Excel itself saved


def decompress(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


# --- Compression (MS-OVBA 2.4.1) ----------------------------------------------------------------


def test_the_specs_own_example_compresses_to_the_same_size_and_back():
    # MS-OVBA 3.2.3: this text compresses to 51 bytes (ties between equal copies may differ).
    text = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    container = compress(text)

    assert container[:4] == bytes.fromhex("012FB000")  # signature, header: 50 bytes, compressed
    assert len(container) == 51
    assert decompress(container) == text


def test_an_empty_text_is_the_signature_alone():
    assert compress(b"") == b"\x01"
    assert decompress(b"\x01") == b""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="cp1252"), max_size=12_000))
def test_any_source_text_comes_back_exactly(text):
    source = text.encode("cp1252")
    container = compress(source)

    assert decompress(container) == _expected_after_round_trip(source)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=10_000))
def test_any_bytes_come_back_exactly(data):
    assert decompress(compress(data)) == _expected_after_round_trip(data)


def _expected_after_round_trip(data: bytes) -> bytes:
    """The data, or (2.4.1.3.10) padded with zeros when its last chunk could not compress."""
    tail = len(data) % CHUNK_SIZE
    last = compress(data[len(data) - tail :]) if tail else b""
    raw_tail = tail and not last[2] & 0x80  # the chunk header's flag bit: 0 is a RawChunk
    return data.ljust(len(data) + CHUNK_SIZE - tail, b"\x00") if raw_tail else data


@settings(max_examples=30, deadline=None)
@given(
    line=st.text(alphabet="abcdefghij ()=\"'", min_size=1, max_size=80),
    repeats=st.integers(min_value=1, max_value=2_000),
)
def test_long_repetitive_text_comes_back_exactly_and_small(line, repeats):
    source = (line + "\r\n").encode() * repeats
    container = compress(source)

    assert decompress(container) == source
    chunks = -(-len(source) // CHUNK_SIZE)
    assert len(container) < len(source) // 4 + 200 * chunks


def test_a_run_of_one_letter_uses_the_longest_copies():
    source = b"a" * 100_000

    container = compress(source)

    assert decompress(container) == source
    assert len(container) < 200  # 25 chunks of a literal and a few 4,098-byte copies


def test_incompressible_bytes_are_stored_as_raw_chunks():
    data = os.urandom(CHUNK_SIZE * 2)

    container = compress(data)

    header = struct.unpack_from("<H", container, 1)[0]
    assert header & 0x8000 == 0  # a RawChunk,
    assert header & 0x0FFF == CHUNK_SIZE - 1  # of 4,098 bytes with its header
    assert decompress(container) == data


def test_xlwings_own_module_comes_back_exactly():
    source = (Path(xlwings.__file__).parent / "xlwings.bas").read_bytes()

    container = compress(source)

    assert decompress(container) == source
    assert len(container) < len(source) // 2


# --- Data encryption (MS-OVBA 2.4.3) ------------------------------------------------------------


def quickstart_project_text() -> str:
    with zipfile.ZipFile(QUICKSTART) as package:
        project = olefile.OleFileIO(package.read("xl/vbaProject.bin"))
    return project.openstream("PROJECT").read().decode("cp1252")


def test_decryption_reads_the_protection_values_excel_wrote():
    values = dict(
        line.split("=", 1) for line in quickstart_project_text().splitlines() if "=" in line
    )

    assert decrypt(values["CMG"].strip('"')) == bytes(4)  # not locked
    assert decrypt(values["DPB"].strip('"')) == b"\x00"  # no password
    assert decrypt(values["GC"].strip('"')) == b"\xff"  # visible


def test_encryption_uses_the_project_key_excel_uses():
    text = quickstart_project_text()
    project_id = text.split('"')[1]
    cmg = bytes.fromhex(text.split('CMG="')[1].split('"')[0])

    ours = bytes.fromhex(encrypt(bytes(4), project_id, seed=cmg[0]))

    assert ours[:3] == cmg[:3]  # seed, version and project key agree with Excel's


@given(st.binary(max_size=64), st.integers(min_value=0, max_value=255))
def test_encryption_round_trips(data, seed):
    assert decrypt(encrypt(data, PROJECT_ID, seed=seed)) == data


# --- The compound file (MS-CFB) -----------------------------------------------------------------


def read_back(data: bytes) -> olefile.OleFileIO:
    """Open with olefile, failing on any defect it would otherwise only log."""
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def test_streams_of_every_size_come_back_exactly():
    streams = {
        f"VBA/S{size}": os.urandom(size) for size in (0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000)
    }
    streams["PROJECT"] = b"ID=..."
    streams["A/B/Deep"] = b"nested storages"

    compound = read_back(compound_file(streams))

    for path, data in streams.items():
        assert compound.openstream(path).read() == data, path
    assert {"/".join(entry) for entry in compound.listdir()} == set(streams)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ABCabc_019xyzé", min_size=1, max_size=31), st.binary(max_size=6_000)
        ),
        max_size=40,
        unique_by=lambda stream: stream[0].upper(),  # CFB names ignore case
    )
)
def test_any_names_and_sizes_come_back_exactly(streams):
    compound = read_back(compound_file({f"VBA/{name}": data for name, data in streams}))

    for name, data in streams:
        assert compound.openstream(f"VBA/{name}").read() == data


def test_a_name_longer_than_31_characters_is_refused():
    with pytest.raises(WorkbookError, match="at most 31 characters"):
        compound_file({"x" * 32: b""})


def test_names_that_differ_only_by_case_are_refused():
    with pytest.raises(WorkbookError, match="names ignore case"):
        compound_file({"VBA/Sheet1": b"", "VBA/SHEET1": b""})


# --- The VBA project ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    return template_modules(sheet_count=3)


@pytest.fixture(scope="module")
def project(modules) -> bytes:
    return vba_project_bin(modules)


def extracted(project: bytes) -> dict[str, str]:
    """Module name -> source, as oletools' VBA_Parser reads the project (dir stream and all)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        parser = VBA_Parser("vbaProject.bin", data=project)
        try:
            return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()


def test_every_module_source_comes_back_exactly(modules, project):
    assert extracted(project) == {module.name: module.source for module in modules}


def test_the_project_holds_our_macro_and_xlwings_runpython(project):
    sources = extracted(project)

    assert "Public Sub RefreshILR()" in sources["ILRSheets"]
    assert ENTRY_POINT in sources["ILRSheets"]
    assert "Function RunPython(" in sources["xlwings"]
    assert sources["Dictionary"].startswith('Attribute VB_Name = "Dictionary"\r\n')
    assert "VERSION 1.0 CLASS" not in sources["Dictionary"]  # the export header is not source


def test_document_modules_carry_the_attributes_excel_writes(modules):
    excel = extracted(zipfile.ZipFile(QUICKSTART).read("xl/vbaProject.bin"))
    ours = {module.name: module.source for module in modules}

    assert ours["ThisWorkbook"] == excel["ThisWorkbook"]
    assert ours["Sheet1"] == ours["Sheet2"].replace("Sheet2", "Sheet1") == excel["Sheet1"]


def test_the_project_is_source_only(project, modules):
    compound = read_back(project)

    assert compound.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")
    directory = decompress(compound.openstream("VBA/dir").read())
    offsets = [
        struct.unpack_from("<I", directory, at + 6)[0]
        for at in range(len(directory) - 10)
        if directory[at : at + 6] == b"\x31\x00\x04\x00\x00\x00"  # MODULEOFFSET, size 4
    ]
    assert offsets == [0] * len(modules)


def test_the_project_stream_lists_every_module_and_is_unprotected(project):
    text = read_back(project).openstream("PROJECT").read().decode("cp1252")
    lines = text.split("\r\n")

    assert lines[0] == f'ID="{PROJECT_ID}"'
    assert lines[1:8] == [
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Document=Sheet2/&H00000000",
        "Document=Sheet3/&H00000000",
        "Module=ILRSheets",
        "Module=xlwings",
        "Class=Dictionary",
    ]
    values = dict(line.split("=", 1) for line in lines if line.startswith(("CMG", "DPB", "GC")))
    assert [decrypt(value.strip('"')) for value in values.values()] == [
        bytes(4),
        b"\x00",
        b"\xff",
    ]


def test_a_module_kind_names_its_project_line():
    assert [kind.value for kind in ModuleKind] == ["Module", "Document", "Class"]
