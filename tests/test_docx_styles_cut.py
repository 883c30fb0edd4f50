"""styles.xml cut down to its paragraph and numbering styles (checker/readers/docx/styles.py):
the styles read from the cut are those read from the whole part, and any form the cut
cannot be sure of is left to the whole-part parse."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from checker.readers.docx.names import W_NS, W
from checker.readers.docx.numbering import Definitions
from checker.readers.docx.package import _PARSER
from checker.readers.docx.styles import paragraph_styles

NS = W_NS[0]


def _template_styles() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return zf.read("word/styles.xml")


TEMPLATE = _template_styles()
PARA = (
    b'<w:style w:type="paragraph" w:styleId="H1x"><w:name w:val="heading x"/>'
    b'<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr>'
    b"</w:style>"
)


def _defs(data: bytes, ns: str = NS) -> Definitions:
    return Definitions(W(ns), etree.fromstring(data, _PARSER), None)


def _same(data: bytes, ns: str = NS) -> bytes | None:
    """The cut (or None), after checking it reads as the whole part does."""
    cut = paragraph_styles(data, ns)
    whole = _defs(data, ns)
    if cut is not None:
        part = _defs(cut, ns)
        assert part.styles == whole.styles
        assert part.default_pstyle == whole.default_pstyle
    return cut


def _add(styles: bytes, extra: bytes) -> bytes:
    return styles.replace(b"</w:styles>", extra + b"</w:styles>")


def test_template_is_cut_to_a_small_part_with_the_same_styles() -> None:
    cut = _same(TEMPLATE)
    assert cut is not None
    assert len(cut) * 10 < len(TEMPLATE)
    defs = _defs(cut)
    assert defs.default_pstyle == "Normal"
    assert "Heading1" in defs.styles and defs.styles["Heading1"].name == "heading 1"
    assert b'w:type="table"' in TEMPLATE and b'w:type="table"' not in cut


@pytest.mark.parametrize(
    "extra",
    [
        PARA,
        # w:type not the first attribute, single quotes, a '>' inside a value
        b"<w:style w:styleId='A1' w:type='paragraph'><w:name w:val='a &gt; b>c'/></w:style>",
        # a table style's type written second: kept by the cut, dropped by Definitions
        b'<w:style w:styleId="T9" w:type="table"><w:name w:val="t"/></w:style>',
        # "w:type" inside another attribute's value must not hide a paragraph style
        b'<w:style w:styleId="Q1" w:type="paragraph" w:x=\'w:type="table"\'><w:name w:val="q"/></w:style>',
        # an empty element, a numbering style, a style without a type, a duplicate id
        b'<w:style w:type="paragraph" w:styleId="E1"/>',
        b'<w:style w:type="numbering" w:styleId="N1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>',
        b'<w:style w:styleId="U1"><w:name w:val="untyped"/></w:style>',
        b'<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="second normal"/></w:style>',
        # a later default paragraph style wins
        b'<w:style w:type="paragraph" w:default="1" w:styleId="D2"><w:name w:val="d2"/></w:style>',
        # a paragraph style inside a table style is still a style of the tree
        b'<w:style w:type="table" w:styleId="T2">' + PARA + b"</w:style>",
        # names that only start like w:style
        b'<w:styleX w:type="paragraph" w:styleId="no"/><w:stylePaneFormatFilter w:val="1"/>',
    ],
)
def test_cut_reads_as_the_whole_part(extra: bytes) -> None:
    assert _same(_add(TEMPLATE, extra)) is not None


@pytest.mark.parametrize(
    "data",
    [
        _add(TEMPLATE, b"<!-- " + PARA + b" -->"),  # a comment
        _add(TEMPLATE, b"<w:x><![CDATA[" + PARA + b"]]></w:x>"),  # CDATA
        _add(TEMPLATE, b"<?pi " + PARA + b"?>"),  # a processing instruction
        # the namespace bound again below the root, or to a second prefix
        _add(TEMPLATE, b'<x:style xmlns:x="' + NS.encode() + b'" x:type="paragraph" x:styleId="X"/>'),
        _add(TEMPLATE, b'<w:x xmlns:w="urn:other"><w:style w:styleId="O"/></w:x>'),
        TEMPLATE.replace(b"encoding='UTF-8'", b"encoding='GB18030'"),
        # a style inside a paragraph style, an unterminated style, a root that is a style
        _add(TEMPLATE, PARA.replace(b"</w:style>", b'<w:style w:styleId="in"/></w:style>')),
        TEMPLATE.replace(b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="cut">'),
        b'<w:style xmlns:w="'
        + NS.encode()
        + b'" w:type="paragraph" w:styleId="R"><w:name w:val="r"/></w:style>',
        b'<w:styles xmlns:w="' + NS.encode() + b'"/>',
    ],
)
def test_forms_the_cut_is_not_sure_of_are_left_to_the_tree(data: bytes) -> None:
    try:
        etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        pass  # the whole-part parse refuses it, as before
    else:
        _same(data)
    assert paragraph_styles(data, NS) is None


def test_strict_namespace_is_cut_under_its_own_prefix() -> None:
    strict = TEMPLATE.replace(NS.encode(), W_NS[1].encode())
    assert _same(strict, W_NS[1]) is not None
    assert paragraph_styles(strict, NS) is None  # the transitional namespace is absent


def test_malformed_kept_style_is_still_refused() -> None:
    bad = _add(TEMPLATE, b'<w:style w:type="paragraph" w:styleId="B"><w:name></w:style>')
    cut = paragraph_styles(bad, NS)
    assert cut is not None
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(cut, _PARSER)
