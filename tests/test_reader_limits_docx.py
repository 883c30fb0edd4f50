"""Issue 8, DOCX reader: every cap in checker/limits.py of the reader (numbering values and
labels, XML part size, paragraphs, tables, cells, nesting), fields counted rather than
rescanned, and template definitions shared only between identical parts.

Slow old behaviour is caught by running the code under a time limit and asserting that
the limit was not hit (never by timing it)."""

from __future__ import annotations

import pytest

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS, time_limit
from checker.readers.docx import read_docx

from . import hostile_docx as h

LETTER_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
    '<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
    '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
NUMBERED = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'


def _numbered_doc(start: int, fmt: str, text: str = "%1.", paragraphs: int = 2) -> Document:
    numbering = LETTER_NUMBERING.format(start=start, fmt=fmt, text=text)
    return read_docx(h.docx(h.p("报告") + h.p("列项", NUMBERED) * paragraphs, numbering), "n.docx")


# ---------------------------------------------------------------- numbering caps


def test_a_huge_lower_letter_start_is_clamped_not_rendered() -> None:
    with time_limit(10):  # the old reader built "a" x 77 million for each paragraph
        doc = read_docx(h.lower_letter(), "letters.docx")
    labels = [line for line in doc.raw.split("\n") if line.endswith("列项")]
    assert len(labels) == 50
    assert all(len(line) <= LIMITS.docx_max_label_chars + len("列项") for line in labels)
    # clamped to 32767 (26 x 1260 + 7: the letter g, 1261 times), cut to the label cap
    assert labels[0] == "g" * LIMITS.docx_max_label_chars + "列项"


def test_numbering_value_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _numbered_doc(40000, "decimal")
    assert f"{LIMITS.docx_max_number}.列项" in doc.raw  # Word's maximum, not 40000
    monkeypatch.setattr(LIMITS, "docx_max_number", 100)
    doc = _numbered_doc(99, "decimal", paragraphs=3)
    assert [line for line in doc.raw.split("\n") if "列项" in line] == ["99.列项", "100.列项", "100.列项"]
    doc = _numbered_doc(-5, "decimal")
    assert "0.列项" in doc.raw


def test_numbering_label_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "docx_max_label_chars", 6)
    doc = _numbered_doc(1, "decimal", text="%1." * 50)  # lvlText cut to "%1.%1."
    assert "\n1.1.列项\n" in doc.raw
    doc = _numbered_doc(27 * 26, "upperLetter")  # 702 is Z 27 times
    assert "\nZZZZZZ列项\n" in doc.raw


# ---------------------------------------------------------------- structure caps


def _report_with(extra: str) -> bytes:
    return h.docx(h.report_body() + extra)


def test_paragraph_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    read_docx(_report_with(h.p("正文") * 10), "ok.docx")
    monkeypatch.setattr(LIMITS, "docx_max_paragraphs", 10)
    with pytest.raises(InputError, match="段落过多"):
        read_docx(_report_with(h.p("正文") * 10), "many.docx")


def test_table_and_cell_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    small = h.tbl([["项目", "数量"]])
    read_docx(_report_with(small * 3), "ok.docx")
    monkeypatch.setattr(LIMITS, "docx_max_tables", 2)
    with pytest.raises(InputError, match="表格过多"):
        read_docx(_report_with(small * 3), "tables.docx")
    monkeypatch.setattr(LIMITS, "docx_max_tables", 100)
    monkeypatch.setattr(LIMITS, "docx_max_cells", 5)
    with pytest.raises(InputError, match="单元格过多"):
        read_docx(_report_with(small * 3), "cells.docx")


def test_cell_cap_counts_grid_padding(monkeypatch: pytest.MonkeyPatch) -> None:
    # one row 60 columns wide pads 99 one-cell rows to 60: 6,000 grid positions from 159 cells
    wide = "<w:tr>" + "".join(f"<w:tc>{h.p(str(i))}</w:tc>" for i in range(60)) + "</w:tr>"
    narrow = f"<w:tr><w:tc>{h.p('项目')}</w:tc><w:tc>{h.p('1')}</w:tc></w:tr>"
    data = _report_with(f"<w:tbl>{wide}{narrow * 99}</w:tbl>")
    read_docx(data, "ok.docx")
    monkeypatch.setattr(LIMITS, "docx_max_cells", 1000)
    with pytest.raises(InputError, match="单元格过多"):
        read_docx(data, "padded.docx")


def test_nesting_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="嵌套过深"):
        read_docx(h.nested_tables(50), "deep.docx")
    monkeypatch.setattr(LIMITS, "docx_max_depth", 4)
    read_docx(h.nested_tables(2), "two.docx")
    with pytest.raises(InputError, match="嵌套过深"):
        read_docx(h.nested_tables(4), "four.docx")


def test_xml_part_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _report_with(h.p("正文") * 100)
    read_docx(data, "ok.docx")
    monkeypatch.setattr(LIMITS, "docx_max_xml_bytes", 2000)
    with pytest.raises(InputError, match="word/document.xml 过大"):
        read_docx(data, "big.docx")


def test_xml_error_detail_stays_on_one_line() -> None:
    broken = h.docx("<w:p>")  # a paragraph never closed
    with pytest.raises(InputError) as info:
        read_docx(broken, "broken.docx")
    assert "\n" not in info.value.one_line()


def test_open_fields_are_counted_not_rescanned() -> None:
    # 20,000 fields open at once, each showing its result, then a run per field: the old
    # reader looked at every open field for each run (quadratic)
    n = 20000
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
    separate = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    body = "<w:p>" + (begin + separate) * n + "<w:r><w:t>页</w:t></w:r>" * n + "</w:p>"
    with time_limit(10):
        doc = read_docx(h.docx(h.report_body() + body, stored=True), "fields.docx")
    assert "页" * n in doc.raw


def test_templates_share_definitions_only_when_the_bytes_match() -> None:
    a = _numbered_doc(1, "decimal")
    b = _numbered_doc(2, "decimal")  # same size, one byte different: not the cached definitions
    c = _numbered_doc(1, "decimal")
    assert "1.列项" in a.raw and "2.列项" in b.raw and a.raw == c.raw
