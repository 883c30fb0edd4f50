"""Acceptance (issue 10 part 2): every finding on every corpus file has a quote of the
report's words or an explicit scope (全文 or a section), and every finding on a PDF a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.readers import read_document

from .helpers import CORPUS, pack

FILES = (
    sorted(p for p in CORPUS.glob("*") if p.suffix in {".txt", ".md", ".html", ".pdf", ".docx"})
    if CORPUS.exists()
    else []
)


@pytest.mark.skipif(not FILES, reason="the corpus (/work/shared/corpus/real) is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_finding_can_be_found(path: Path) -> None:
    result = check_document(path, pack())
    assert result.findings, "a corpus report with no finding proves nothing here"
    sections = {s.title for s in pack().pack.sections}
    raw = " ".join(read_document(path).raw.split())
    for f in result.findings:
        loc = f.location
        assert (loc.quote and loc.quote.strip()) or loc.scope, f"{f.rule}: neither quote nor scope"
        if loc.quote is None:
            # 全文, or a section: the report's own heading or, when it is missing, the template's
            assert loc.scope == "全文" or loc.scope in raw or loc.scope in sections, (f.rule, loc.scope)
        elif not loc.table:
            assert loc.quote in raw, (f.rule, loc.quote)  # Ctrl+F finds it
        if result.format == "pdf":
            assert loc.page is not None and loc.page >= 1, f"{f.rule}: no page on a PDF"
