"""The text edits' view of XML: namespaces as a parser resolves them, references, encodings."""

from __future__ import annotations

import codecs

import pytest

from sync.xlsx import xmltext

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_prefix_is_resolved_where_the_element_stands() -> None:
    text = (
        f'<x:workbook xmlns:x="{MAIN}"><x:sheets>'
        f'<x:sheet name="A" xmlns:r="{R}" r:id="rId1"/><x:sheet name="B" r:id="rId2"/>'
        "</x:sheets></x:workbook>"
    )
    first, second = xmltext.find_all(text, "sheet", namespace=[MAIN])
    assert first.attribute_in([R], "id") == "rId1"
    assert second.attribute_in([R], "id") is None  # `r` is not bound there
    sheets = xmltext.find(text, "sheets")
    assert sheets is not None
    assert sheets.prefix_for([R]) is None
    assert sheets.namespace == MAIN


def test_elements_of_another_namespace_or_in_a_comment_are_not_found() -> None:
    text = (
        f'<workbook xmlns="{MAIN}" xmlns:y="urn:other"><!-- <sheet name="old"/> -->'
        '<y:sheet name="theirs"/><sheets><sheet name="A"/></sheets></workbook>'
    )
    assert [e.attributes["name"] for e in xmltext.find_all(text, "sheet", namespace=[MAIN])] == [
        "A"
    ]


def test_positions_hold_after_characters_of_several_bytes() -> None:
    text = f'<workbook xmlns="{MAIN}"><sheets><sheet name="Réunion 📋"/></sheets><x/></workbook>'
    element = xmltext.find(text, "x")
    assert element is not None
    assert text[element.start : element.end] == "<x/>"


def test_references_are_read_as_the_characters_they_stand_for() -> None:
    assert xmltext.unescape_text("Caf&#233; &#x4E;otes &amp; &lt;more&gt;") == "Café Notes & <more>"


def test_a_part_keeps_its_encoding() -> None:
    utf16 = codecs.BOM_UTF16_LE + "<Types/>".encode("utf-16-le")
    assert xmltext.decode(utf16) == "<Types/>"
    assert xmltext.encode_like(utf16, "<Types></Types>").startswith(codecs.BOM_UTF16_LE)
    assert xmltext.encode_like(b"<Types/>", "<Types></Types>") == b"<Types></Types>"


def test_text_that_is_not_well_formed_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not well-formed"):
        xmltext.find_all("<workbook><sheets></workbook>", "sheet")
