"""Every real report in the shared corpus: a graded result or a clear document finding, never a crash."""

from __future__ import annotations

import pytest

from checker.engine import check_document

from .helpers import CORPUS, pack

FILES = sorted(p for p in CORPUS.glob("*") if p.is_file()) if CORPUS.exists() else []


@pytest.mark.skipif(not FILES, reason="shared corpus not available")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_never_crashes(path) -> None:  # type: ignore[no-untyped-def]
    result = check_document(path, pack())
    if result.score is None:
        docs = [f for f in result.findings if f.category == "document"]
        assert docs, "an ungraded result must say why"
        assert all("\n" not in f.message and "Traceback" not in f.message for f in docs)
    else:
        assert 0 <= result.score <= 100 and result.grade
        assert result.title, "a graded report has a title"
