"""The readers' faster passes (third speed round) give exactly what the plain versions gave.

Each test keeps the plain version it replaced as a reference and compares the two on
generated input."""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import checker.readers.docx as docx_reader
from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.docx import body as docx_body
from checker.readers.docx import read_docx
from checker.readers.docx.names import W_NS, W
from checker.readers.docx.package import Package
from checker.readers.html import read_html
from checker.readers.html.body import drop_always
from checker.readers.html.metadata import _PUB_TEXT, _page_text
from checker.readers.html.tree import parse
from checker.readers.html.walk import _NOT_PLAIN, _only_plain_below

from . import hostile_docx as hd

_WS_RUN = re.compile(r"\s+")

# Pieces of pages: tags the readers treat in each of their ways, and texts around a date label.
_TAGS = st.sampled_from(
    ["div", "p", "span", "b", "td", "tr", "table", "br", "font", "o:p", "script", "ul", "li"]
)
_TEXTS = st.sampled_from(
    ["", "", " ", "发布", "日期", "：", "2021", "-", "01", "\n", "a b", "&amp;", "年", "\u3000"]
)


@st.composite
def _fragments(draw: Any, depth: int = 0) -> str:
    out = draw(_TEXTS)
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(_TAGS)
        close = f"</{tag}>" if draw(st.booleans()) else ""
        out += f"<{tag}>" + draw(_fragments(depth + 1)) + close + draw(_TEXTS)
    return out


def _page_text_by_visit(root: Any) -> str:
    """The page text as a recursive visit of every element built it before (the reference)."""
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag
        if isinstance(tag, str) and tag.lower() in ("script", "style", "noscript", "template"):
            if el.tail:
                parts.append(el.tail)
            return
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                parts.append(" ")
                visit(child)
                parts.append(" ")
        if el.tail:
            parts.append(el.tail)

    visit(root)
    return _WS_RUN.sub(" ", "".join(parts))


@given(_fragments(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_page_text_has_the_visits_spaces(fragment: str, wrapped: bool) -> None:
    root = parse(f"<html><body>{fragment}</body></html>" if wrapped else f"<div>{fragment}</div>")
    drop_always(root)
    fast = _page_text(root)
    # Whitespace runs are kept as they are (the date pattern reads any run as one): the same
    # text once they are collapsed, up to the spaces at the ends.
    assert _WS_RUN.sub(" ", fast).strip() == _page_text_by_visit(root).strip()
    assert [m.groups() for m in _PUB_TEXT.finditer(fast)] == [
        m.groups() for m in _PUB_TEXT.finditer(_page_text_by_visit(root))
    ]


def test_publication_date_across_elements() -> None:
    def published(inner: str) -> str | None:
        page = f"<html><body><div class='TRS_Editor'><p>2023年政府信息公开工作年度报告</p>{inner}</div></body></html>"
        return read_html(page.encode("utf-8"), "p.html").metadata.get("published")

    # an element's text runs on into its tail when it has no child elements
    assert published("<p>发布日期：<b>2024</b>-01-17</p>") == "2024-01-17"
    assert published("<p>发布日期：<b>2024</b>-01-1<i>7</i></p>") == "2024-01-01"
    # the start of an element is a space: a year split by a tag is no year
    assert published("<p>发布日期：20<b>24</b>-01-17</p>") is None
    # after the tail of an element with child elements comes a space
    assert published("<p><span>发布<b>x</b></span>日期：2024-01-17</p>") is None
    assert published(f"<p>公开时间：{html.escape('2024 年 2 月 3 日')}</p>") == "2024-02-03"


# ---------------------------------------------------------------- DOCX template definitions

_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
_NUMBERED = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'


def _numbered(start: int = 1, stored: bool = False) -> bytes:
    numbering = _NUMBERING.format(start=start)
    return hd.docx(hd.p("报告") + hd.p("列项", _NUMBERED) * 2, numbering, stored=stored)


def _bad_numbering_crc(data: bytes) -> bytes:
    """The package with the directory's CRC of word/numbering.xml changed (its bytes intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/numbering.xml")
    at = data.find(b"word/numbering.xml", data.find(b"PK\x01\x02")) - 46  # its central directory entry
    assert data[at : at + 4] == b"PK\x01\x02"
    crc = struct.pack("<I", info.CRC ^ 1)
    return data[: at + 16] + crc + data[at + 20 :]


def test_template_definitions_are_kept_by_their_stored_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    read_parts: list[str] = []
    plain_read = Package.read

    def counting_read(self: Package, name: str) -> bytes | None:
        read_parts.append(name)
        return plain_read(self, name)

    monkeypatch.setattr(Package, "read", counting_read)
    first = read_docx(_numbered(7), "a.docx")
    assert "7.列项" in first.raw and "word/numbering.xml" in read_parts
    read_parts.clear()
    again = read_docx(_numbered(7), "b.docx")
    assert again.raw == first.raw and "word/numbering.xml" not in read_parts  # not inflated again
    # other bytes, or the same bytes stored instead of deflated: read, and read right
    assert "8.列项" in read_docx(_numbered(8), "c.docx").raw
    assert "7.列项" in read_docx(_numbered(7, stored=True), "d.docx").raw


def test_kept_definitions_do_not_hide_a_broken_or_oversized_part(monkeypatch: pytest.MonkeyPatch) -> None:
    good = _numbered(9)
    assert "9.列项" in read_docx(good, "good.docx").raw
    with pytest.raises(InputError, match="已损坏"):
        read_docx(_bad_numbering_crc(good), "crc.docx")  # same stored bytes, another CRC
    # a part over the XML limit has no stored key: it is read (and refused) as before
    pkg = Package(good)
    size = pkg.by_name["word/numbering.xml"].file_size
    assert pkg.stored_key("word/numbering.xml") and pkg.stored_key("word/styles.xml") == b""
    monkeypatch.setattr(LIMITS, "docx_max_xml_bytes", size - 1)
    assert pkg.stored_key("word/numbering.xml") is None


# ---------------------------------------------------------------- DOCX plain paragraphs

_RUN_PARTS = st.sampled_from(
    [
        "<w:t>公开</w:t>",
        '<w:t xml:space="preserve"> 12 </w:t>',
        "<w:t/>",
        "<w:t>a<w:x/>b</w:t>",
        "<w:tab/>",
        "<w:br/>",
        "<w:cr/>",
        "<w:ptab/>",
        "<w:noBreakHyphen/>",
        "<w:sym/>",
        "<w:lastRenderedPageBreak/>",
        "<w:rPr><w:b/></w:rPr>",
        "<w:rPr><w:vanish/></w:rPr>",
        '<w:rPr><w:vanish w:val="0"/></w:rPr>',
        "<w:delText>删</w:delText>",
        '<w:fldChar w:fldCharType="begin"/>',
        "<w:instrText>PAGE</w:instrText>",
        '<w:fldChar w:fldCharType="separate"/>',
        '<w:fldChar w:fldCharType="end"/>',
    ]
)


@st.composite
def _paragraph_xml(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        run = "<w:r>" + "".join(draw(st.lists(_RUN_PARTS, max_size=4))) + "</w:r>"
        wrapper = draw(
            st.sampled_from(["", "", "", "w:del", "w:ins", "w:hyperlink", "w:smartTag", "w:bookmarkStart"])
        )
        parts.append(f"<{wrapper}>{run}</{wrapper}>" if wrapper else run)
        if draw(st.booleans()):
            parts.append(
                draw(st.sampled_from(["<w:proofErr/>", "<w:t>直接</w:t>", '<w:bookmarkEnd w:id="0"/>']))
            )
    ppr = draw(st.sampled_from(["", '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>']))
    return "<w:p>" + ppr + "".join(parts) + "</w:p>"


@given(st.lists(_paragraph_xml(), min_size=1, max_size=6), st.booleans())
@settings(max_examples=300, deadline=None)
def test_plain_paragraphs_read_as_inline_reads_them(paragraphs: list[str], in_table: bool) -> None:
    body = "".join(paragraphs)
    if in_table:
        body = (
            f"<w:tbl><w:tr><w:tc>{body}</w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        )
    data = hd.docx(hd.p("报告") + body)

    def read(plain: bool) -> tuple[str, list[list[str]]] | str:
        try:
            if not plain:
                docx_reader.plain_runs = lambda root, w: False  # _inline and _run, as before
            doc = read_docx(data, "p.docx")
        except InputError as exc:
            return exc.one_line()
        finally:
            docx_reader.plain_runs = docx_body.plain_runs
        return doc.raw, [[c.text for c in row] for t in doc.tables for row in t.rows]

    assert read(True) == read(False)


def test_plain_documents_are_found() -> None:
    w = W(W_NS[0])

    root = etree.fromstring(
        f'<w:document xmlns:w="{W_NS[0]}"><w:body>{hd.p("年度报告")}</w:body></w:document>'
    )
    assert docx_body.plain_runs(root, w)
    for extra in (
        "<w:hyperlink/>",
        "<w:fldSimple/>",
        "<w:rPr><w:vanish/></w:rPr>",
        "<w:sdt/>",
        "<w:drawing/>",
    ):
        root = etree.fromstring(
            f'<w:document xmlns:w="{W_NS[0]}"><w:body><w:p>{extra}</w:p></w:body></w:document>'
        )
        assert not docx_body.plain_runs(root, w), extra


# ---------------------------------------------------------------- HTML blocks of inline text

_BLOCK_PIECES = st.sampled_from(
    [
        "<span>",
        "</span>",
        "<font>",
        "<b>",
        "<p>",
        "<div>",
        "</div>",
        "<br>",
        "<table>",
        "<td>",
        "<pre>",
        "<lin\u212a>",
        "<x-y>",
        "<!-- c -->",
        "<?pi x?>",
        "<script>s</script>",
        "<o:p>",
        "&amp;",
        "文",
        " ",
    ]
)


@given(st.lists(_BLOCK_PIECES, max_size=12))
@settings(max_examples=400, deadline=None)
def test_blocks_of_inline_text_are_found_as_the_tag_matcher_found_them(pieces: list[str]) -> None:
    root = parse("<html><body><div>" + "".join(pieces) + "</div></body></html>")
    for el in root.iter():
        assert _only_plain_below(el) == (next(el.iterdescendants(*_NOT_PLAIN), None) is None)
