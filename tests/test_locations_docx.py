"""Pages of a DOCX from the page marks Word recorded (w:lastRenderedPageBreak, with page-break
runs and w:pageBreakBefore), and no page at all where Word recorded none (issue 10 part 2)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from checker.engine import check_document
from checker.readers import read_document
from checker.readers.builder import PAGE_MARK, DocumentBuilder
from checker.results import ReportResult

from .helpers import EXAMPLES, pack
from .renderings import render_docx

docx = pytest.importorskip("docx")
from docx.oxml import OxmlElement  # noqa: E402

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def _rendered_break() -> Any:
    return OxmlElement("w:lastRenderedPageBreak")


def _mark_paragraph(paragraph: Any) -> None:
    """Word's record that a page began with this paragraph: in its first run, before the text."""
    runs = paragraph.runs
    run = runs[0]._r if runs else paragraph.add_run()._r
    children = list(run)
    at = 1 if children and children[0].tag.endswith("}rPr") else 0
    run.insert(at, _rendered_break())


def _starting(document: Any, words: str) -> Any:
    return next(p for p in document.paragraphs if p.text.startswith(words))


def _save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def _defects_docx() -> Any:
    return docx.Document(io.BytesIO(render_docx(DEFECTS)))


def _pages(result: ReportResult) -> dict[str, set[int | None]]:
    out: dict[str, set[int | None]] = {}
    for f in result.findings:
        out.setdefault(f.rule, set()).add(f.location.page)
    return out


def test_rendered_page_breaks_give_every_finding_its_page(tmp_path: Path) -> None:
    document = _defects_docx()
    _mark_paragraph(_starting(document, "三、"))  # page 2
    # page 3 begins inside 表四's last row (a row that Word carried over to the next page)
    table4 = document.tables[-1]
    cell_run = table4.rows[-1].cells[0].paragraphs[0].runs[0]._r
    cell_run.insert(0, _rendered_break())
    _mark_paragraph(_starting(document, "五、"))  # page 4
    result = check_document(_save(document, tmp_path / "marked.docx"), pack())
    pages = _pages(result)
    assert pages["DATE-01"] == {1} and pages["TXT-04"] == {1} and pages["TBL-08"] == {1}  # 一、二 and 表二
    assert pages["TBL-01"] == {2}  # 表三
    assert pages["TBL-04"] == {3}  # 表四's row on the third page
    assert pages["LEG-07"] == {4} and pages["TXT-05"] == {4}  # 五
    assert pages["SEC-01"] == {4}  # the missing 六 belongs after 五, on its page
    # the table finding is located by table, row label and column label, never a row index
    fee = next(f for f in result.findings if f.rule == "TBL-08").location
    assert (fee.table, fee.row, fee.column) == ("表二", "行政事业性收费", "本年收费金额（单位：万元）")
    assert fee.scope == "二、主动公开政府信息情况"


def test_a_docx_without_page_marks_has_no_pages(tmp_path: Path) -> None:
    result = check_document(_save(_defects_docx(), tmp_path / "plain.docx"), pack())
    assert result.findings and all(f.location.page is None for f in result.findings)
    assert read_document(tmp_path / "plain.docx").page_starts == []


def test_forced_breaks_alone_are_no_pagination(tmp_path: Path) -> None:
    """A page-break run or "page break before" without Word's record of its own pagination does
    not say where the other pages begin: no page rather than a guess."""
    document = _defects_docx()
    _starting(document, "三、").paragraph_format.page_break_before = True
    _starting(document, "五、").runs[0].add_break(docx.enum.text.WD_BREAK.PAGE)
    doc = read_document(_save(document, tmp_path / "forced.docx"))
    assert doc.page_starts == []


def test_forced_breaks_count_where_word_paginated(tmp_path: Path) -> None:
    document = _defects_docx()
    _mark_paragraph(_starting(document, "二、"))
    heading3 = _starting(document, "三、")
    heading3.paragraph_format.page_break_before = True
    _mark_paragraph(heading3)  # Word records the forced break too: one page, not two
    doc = read_document(_save(document, tmp_path / "both.docx"))
    assert len(doc.page_starts) == 3
    assert doc.raw[doc.page_starts[1] :].startswith("二、")
    assert doc.raw[doc.page_starts[2] :].startswith("三、")
    assert PAGE_MARK not in doc.raw and all(
        PAGE_MARK not in c.text for t in doc.tables for r in t.rows for c in r
    )


def test_a_mark_inside_a_paragraph_starts_the_page_there(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("第一页的文字")
    paragraph = document.add_paragraph()
    run = paragraph.add_run("前半")
    run._r.append(_rendered_break())
    text = OxmlElement("w:t")
    text.text = "后半在第二页"
    run._r.append(text)
    doc = read_document(_save(document, tmp_path / "inside.docx"))
    assert doc.raw == "第一页的文字\n前半后半在第二页\n"
    assert doc.page_starts == [0, doc.raw.index("后半")]
    assert doc.page_of(doc.raw.index("前半")) == 1 and doc.page_of(doc.raw.index("后半")) == 2


def test_the_builder_places_marks_by_offset() -> None:
    builder = DocumentBuilder("x.docx", "docx")
    builder.page_marks = True
    builder.paragraph(PAGE_MARK + "开头不算新页")
    builder.paragraph("甲乙" + PAGE_MARK + "丙丁")
    builder.paragraph("末尾" + PAGE_MARK)  # a page that begins after the line: with the next one
    builder.paragraph(PAGE_MARK)  # a mark in an empty paragraph: the same place, one page
    builder.table([["行", "1"], [PAGE_MARK + "行二", "2"]])
    doc = builder.build()
    assert PAGE_MARK not in doc.raw
    starts = doc.page_starts
    assert starts[0] == 0 and doc.raw[starts[1] :].startswith("丙丁")
    assert doc.raw[starts[2] :].startswith("| 行 |")
    assert doc.raw[starts[3] :].startswith("| 行二 |") and len(starts) == 4
    assert [row[0].page for row in doc.tables[0].rows] == [3, 4]
    # without page marks the same text is only text: the mark is not looked for
    plain = DocumentBuilder("x.html", "html")
    plain.paragraph("甲乙丙丁")
    assert plain.build().page_starts == []


def test_page_marks_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of page marks: past LIMITS.docx_max_page_marks, no page rather than a list the
    size of the file."""
    from checker.limits import LIMITS

    monkeypatch.setattr(LIMITS, "docx_max_page_marks", 5)
    builder = DocumentBuilder("x.docx", "docx")
    builder.page_marks = True
    for n in range(5):
        builder.paragraph(f"第{n}段" + PAGE_MARK + "后半")
    assert len(builder.build().page_starts) == 6  # at the cap: still pages
    builder.paragraph("再一段" + PAGE_MARK + "后半")
    doc = builder.build()
    assert doc.page_starts == [] and all(doc.page_of(i) is None for i in (0, len(doc.text) - 1))
    assert len(builder._marked) == 6  # noqa: SLF001 - what is kept stops at the cap
