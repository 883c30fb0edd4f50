"""Issue 8, PDF reader: flate streams measured before pdfminer inflates them (with their
caps in checker/limits.py), third-party logs kept off stderr, linear space tidying."""

from __future__ import annotations

import logging

import pytest

from checker.errors import InputError
from checker.limits import LIMITS, time_limit
from checker.readers.pdf import _tidy, read_pdf

from . import hostile_docx as h


def test_a_pdf_with_a_huge_flate_stream_is_refused_before_it_is_inflated() -> None:
    with time_limit(10), pytest.raises(InputError, match="疑似压缩炸弹"):
        read_pdf(h.flate_pdf(), "bomb.pdf")


def test_pdf_stream_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    data = h.flate_pdf(3 * 1024 * 1024, b" ")
    monkeypatch.setattr(LIMITS, "pdf_max_stream_bytes", 2 * 1024 * 1024)
    with pytest.raises(InputError, match="有一个数据流解压后超过 2 MB"):
        read_pdf(data, "one.pdf")
    monkeypatch.setattr(LIMITS, "pdf_max_stream_bytes", 8 * 1024 * 1024)
    monkeypatch.setattr(LIMITS, "pdf_max_total_stream_bytes", 2 * 1024 * 1024)
    with pytest.raises(InputError, match="合计超过 2 MB"):
        read_pdf(data, "total.pdf")
    monkeypatch.setattr(LIMITS, "pdf_max_total_stream_bytes", 8 * 1024 * 1024)
    with pytest.raises(InputError, match="没有可读取的文字层"):  # under the caps: read, and it has no text
        read_pdf(data, "fine.pdf")


def test_a_truncated_flate_stream_is_left_to_pdfminer() -> None:
    data = h.flate_pdf(1024 * 1024, b" ")
    start = data.index(b"stream\n") + len(b"stream\n")
    cut = data[: start + 20] + b"\xff" * 20 + data[start + 40 :]  # the deflate data broken
    with pytest.raises(InputError):
        read_pdf(cut, "cut.pdf")


def test_pdf_libraries_do_not_log_to_stderr() -> None:
    for name in ("pdfminer", "pdfplumber", "pypdf"):
        logger = logging.getLogger(name)
        assert not logger.propagate
        assert any(isinstance(x, logging.NullHandler) for x in logger.handlers)


def test_pdf_space_tidying_is_linear_on_long_blank_runs() -> None:
    line = "a" + " " * 200_000 + "b"
    with time_limit(5):  # the old lookahead pattern rescanned the run from every position
        assert _tidy(line) == line
        assert _tidy("数据" + " " * 200_000 + "12") == "数据12"
    assert _tidy("共 12 件 ，其中 abc  def") == "共12件，其中abc  def"
