"""The hostile files of tests/hostile_docx.py (DOCX and PDF readers, issue 8), each checked
in-process: it settles (checked, or refused with one DOC-00 line) within the batch's 15 s."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.limits import time_limit

from . import hostile_docx as h
from .helpers import pack


@pytest.mark.parametrize("name", sorted(h.EXPECT))
def test_hostile_file_settles(name: str, tmp_path: Path) -> None:
    path = h.make(tmp_path)[name]
    with time_limit(15):
        result = check_document(path, pack())
    if h.EXPECT[name] == "refused":
        assert result.unreadable
        assert [f.rule for f in result.findings] == ["DOC-00"]
        assert "\n" not in result.findings[0].message
    else:
        assert not result.unreadable
