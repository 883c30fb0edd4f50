"""PDF reader: real corpus PDFs, scans without a text layer, encrypted and broken files; legacy .doc."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.errors import InputError
from checker.readers import read_document

from .helpers import CORPUS, pack

HZQ_2023 = CORPUS / "2023_huaian-hongzequ.pdf"
HZQ_2024 = CORPUS / "2024_huaian-hongzequ.pdf"
needs_pdfs = pytest.mark.skipif(not HZQ_2023.exists(), reason="shared corpus not available")


def _blank_pdf(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@needs_pdfs
def test_hongzequ_2023_tables_and_the_two_broken_totals() -> None:
    result = check_document(HZQ_2023, pack())
    t3, t4 = result.tables["表三"], result.tables["表四"]
    # every 表三 row present in this (2019-style) table is read; only the three 其他处理 sub-rows do not exist
    missing = {row for (row, _c), cell in t3.cells.items() if cell.status == "missing"}
    assert missing == {"逾期不补正", "逾期未缴费", "其他处理其他"}
    assert t3.cells[("新收", "自然人")].value == 21 and t3.cells[("不掌握", "总计")].value == 10
    assert all(cell.status == "ok" for cell in t4.cells.values())
    assert [
        t4.cells[("行政复议", c)].value for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    ] == [Decimal(10), Decimal(1), Decimal(0), Decimal(0), Decimal(0)]
    errors = {f.location.row: f for f in result.findings if f.rule == "TBL-04"}
    assert set(errors) == {"行政复议", "复议后起诉"}
    assert "10＋1＋0＋0＝11" in errors["行政复议"].message and "总计填报为0" in errors["行政复议"].message
    assert "5＋0＋0＋0＝5" in errors["复议后起诉"].message
    assert all(f.severity == "error" and f.certain for f in errors.values())
    # the old single-row 其他处理 and the mistyped label are noticed too
    assert {"TBL-20", "TBL-16"} <= {f.rule for f in result.findings}


@needs_pdfs
def test_hongzequ_2024_has_no_table_error() -> None:
    result = check_document(HZQ_2024, pack())
    table_errors = [
        f
        for f in result.findings
        if f.category == "tables"
        and f.severity == "error"
        and f.certain
        and f.rule in ("TBL-01", "TBL-02", "TBL-03", "TBL-04", "TBL-05", "TBL-17")
    ]
    assert table_errors == []
    assert result.tables["表四"].cells[("行政复议", "总计")].value == 2


@needs_pdfs
def test_pdf_text_is_joined_into_paragraphs_and_page_numbers_dropped() -> None:
    doc = read_document(HZQ_2023)
    assert "《中华人民共和国政府信息公开条例》" in doc.text  # broken over two visual lines in the PDF
    assert "2023年1月1日" in doc.text  # "2023 年 1 月 1 日" in the layout
    assert "- 1 -" not in doc.text and "- 3 -" not in doc.text
    assert len(doc.page_starts) == 5
    heading = doc.text.index("四、政府信息公开行政复议")
    assert doc.page_of(heading) == 4


def test_pdf_without_text_layer_is_a_clear_document_finding(tmp_path: Path) -> None:
    path = tmp_path / "扫描件 2023.pdf"
    path.write_bytes(_blank_pdf())
    with pytest.raises(InputError, match="没有可读取的文字层"):
        read_document(path)
    result = check_document(path, pack())
    assert result.unreadable and result.score is None
    assert "OCR" in result.findings[0].message


def test_encrypted_pdf_is_a_clear_document_finding(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_blank_pdf(1))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "locked.pdf"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError, match="加密"):
        read_document(path)


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.95])
def test_truncated_or_damaged_pdf_never_crashes(tmp_path: Path, cut: float) -> None:
    source = HZQ_2023.read_bytes() if HZQ_2023.exists() else _blank_pdf(3)
    path = tmp_path / "broken.pdf"
    path.write_bytes(source[: int(len(source) * cut)])
    result = check_document(path, pack())
    if result.score is None:
        assert result.findings[0].category == "document" and "\n" not in result.findings[0].message


def test_legacy_doc_without_libreoffice_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.readers.legacy as legacy

    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    path = tmp_path / "年报.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    with pytest.raises(InputError, match="LibreOffice") as info:
        read_document(path)
    assert "apt-get install libreoffice-writer" in info.value.one_line()
