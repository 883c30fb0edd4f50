"""The same report as text, DOCX and HTML gives the same tables, cell for cell, and the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.render.json import table_dict
from checker.results import ReportResult

from .helpers import CORPUS, EXAMPLES, pack
from .renderings import render_docx, render_html

CASES = [
    EXAMPLES / "qingshi-2023.txt",
    EXAMPLES / "qingshi-2023-defects.txt",
    CORPUS / "2023_acheng-songfengshan.txt",  # the seed: all zeros, Tika layout
    CORPUS / "2025_suqian-shuyangxian.txt",  # non-zero tables, Markdown layout
]
CASES = [c for c in CASES if c.exists()]


def _findings(result: ReportResult) -> set[tuple[str, str, str, bool]]:
    # Lines differ between renderings (tables are one line per row in DOCX/HTML); what was found must not.
    return {(f.rule, f.severity, f.message, f.certain) for f in result.findings}


def _tables(result: ReportResult) -> dict[str, object]:
    return {name: table_dict(t) for name, t in result.tables.items()}


@pytest.mark.parametrize("source", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_rendering_gives_same_cells_and_findings(source: Path, fmt: str, tmp_path: Path) -> None:
    text_result = check_document(source, pack())
    rendered = tmp_path / f"{source.stem}.{fmt}"
    rendered.write_bytes(render_docx(source) if fmt == "docx" else render_html(source))
    other = check_document(rendered, pack())
    assert other.format == fmt
    assert _tables(other) == _tables(text_result)
    assert other.title == text_result.title and other.year == text_result.year
    missing = _findings(text_result) - _findings(other)
    extra = _findings(other) - _findings(text_result)
    assert not missing and not extra, f"only in text: {missing}\nonly in {fmt}: {extra}"
    assert other.score == text_result.score


def _soffice() -> str | None:
    from checker.readers.legacy import soffice_path

    return soffice_path()


def _convert(source: Path, target_format: str, outdir: Path) -> None:
    import subprocess

    profile = f"-env:UserInstallation=file://{outdir}/profile"
    subprocess.run(
        [
            str(_soffice()),
            "--headless",
            profile,
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("source", CASES[:3], ids=[c.name for c in CASES[:3]])
def test_pdf_rendering_through_libreoffice_gives_same_cells(source: Path, tmp_path: Path) -> None:
    docx_path = tmp_path / f"{source.stem}.docx"
    docx_path.write_bytes(render_docx(source))
    _convert(docx_path, "pdf", tmp_path)
    pdf = check_document(tmp_path / f"{source.stem}.pdf", pack())
    text_result = check_document(source, pack())
    assert pdf.format == "pdf"
    assert _tables(pdf) == _tables(text_result)
    assert {f.rule for f in pdf.findings if f.certain} == {f.rule for f in text_result.findings if f.certain}


def test_legacy_doc_is_converted_when_libreoffice_is_installed(tmp_path: Path) -> None:
    if _soffice() is None:
        pytest.skip("LibreOffice is not installed")
    source = EXAMPLES / "qingshi-2023.txt"
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(render_docx(source))
    _convert(docx_path, "doc:MS Word 97", tmp_path)
    result = check_document(tmp_path / "report.doc", pack())
    assert result.format == "doc"
    assert _tables(result) == _tables(check_document(source, pack()))
