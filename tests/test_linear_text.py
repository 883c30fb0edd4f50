"""Linear-time text work in the text reader and the structure finder.

Each hostile input below took the old code from 10 s to minutes (quadratic backtracking or
copying); here each must finish far inside a small time limit. The limit is the guard
(`time_limit` interrupts a regex while it backtracks), not a measurement: the inputs are
sized so that the old code overran it many times over while the new code needs a fraction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.limits import LIMITS, TimeLimitExceeded, time_limit
from checker.readers.text import _columns_row, _is_separator, find_tables, read_text
from checker.structure import analyse

from .helpers import EXAMPLES, pack

T = TypeVar("T")
GUARD_S = 5.0  # the old code needed 10 s to minutes on each input

TITLE = "某县人民政府2023年政府信息公开工作年度报告\n"


def settles(fn: Callable[[], T]) -> T:
    try:
        with time_limit(GUARD_S):
            return fn()
    except TimeLimitExceeded:
        pytest.fail(f"did not settle within {GUARD_S} s: super-linear on this input")


def _read(text: str) -> object:
    return settles(lambda: read_text(text.encode("utf-8"), "hostile.txt"))


def test_a_100_kb_line_of_digits_after_a_label() -> None:
    # the columns-row regex split the digit run three ways: 60 s for this line
    doc = _read(TITLE + "行政许可 " + "1" * 100_000 + "x\n")
    assert doc.tables == []  # type: ignore[attr-defined]


def test_a_run_of_blank_lines() -> None:
    # `^\s*\|` ran from every line start over all the blank lines after it
    doc = _read(TITLE + "\n" * 100_000 + "正文\n")
    assert doc.format == "text"  # type: ignore[attr-defined]


def test_unclosed_bookmark_artefacts() -> None:
    doc = _read(TITLE + "[bookmark: " * 30_000 + "正文\n")
    assert "正文" in doc.text  # type: ignore[attr-defined]


def test_a_tika_cell_continued_over_many_lines() -> None:
    # each continuation line was appended to the cell's text: a copy per line
    doc = _read(TITLE + "\t行政许可\n" + "一二三四五六七八九十\n" * 100_000)
    cell = doc.tables[0].rows[0][0]  # type: ignore[attr-defined]
    assert cell.text == "行政许可" + "一二三四五六七八九十" * 100_000


def test_a_pipe_row_of_dashes_then_spaces() -> None:
    line = "|" + "-" * 40_000 + " " * 40_000 + "x|"
    tables = settles(lambda: find_tables(line + "\n"))
    assert tables[0].rows[0][0].text == "-" * 40_000 + " " * 40_000 + "x"


def _analyse(text: str) -> object:
    doc = read_text(text.encode("utf-8"), "hostile.txt")
    return settles(lambda: analyse(doc, pack().pack))


def test_spaces_after_a_part_ordinal() -> None:
    # 第一部分 \s* [、：]? \s*: two runs split quadratically, minutes for 200 KB
    _analyse(TITLE + "第一部分" + " " * 200_000 + "\n")


def test_a_long_line_of_spaces_after_an_ordinal() -> None:
    # every split of the run tried the lead and every wording: 60 s for a 10 MB line
    _analyse(TITLE + "一、" + " " * 3_000_000 + "x\n")


def test_headings_are_still_found_after_the_rewrite() -> None:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    st_ = _analyse(text.replace("一、总体情况", "第一部分   ：  总体情况", 1))
    assert set(st_.sections) == set("一二三四五六")  # type: ignore[attr-defined]
    assert st_.sections["一"].heading.shown.startswith("第一部分")  # type: ignore[attr-defined]


def test_structure_candidate_caps_come_from_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    text = TITLE + "一、总体情况\n" * 50
    doc = read_text(text.encode("utf-8"), "x.txt")
    monkeypatch.setattr("checker.structure.LIMITS", replace(LIMITS, structure_max_candidates=3))
    from checker import structure

    found = structure._candidates(doc, pack().pack)
    assert 0 < sum(c.section == "一" for c in found) <= 3
    monkeypatch.setattr("checker.structure.LIMITS", replace(LIMITS, structure_max_scanned=7))
    assert len(structure._candidates(doc, pack().pack)) <= 7


# The regexes the linear code replaced, as the specification of what it must accept.
OLD_COLUMNS_ROW = re.compile(
    r"^\s*(?P<label>[^\d\s|#][^|，。；：]{0,60}?)\s+(?P<nums>(?:[\d.,\-/]+\s+)*[\d.,\-/]*\d[\d.,]*)\s*$"
)
OLD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _old_columns(line: str) -> list[str] | None:
    m = OLD_COLUMNS_ROW.match(line)
    return [m.group("label").strip(), *m.group("nums").split()] if m else None


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=list("12０３ \t\u3000.,-/|#a行政许可，：x"), max_size=80),
    st.sampled_from(["", "行政许可", "规章 ", "1 "]),
)
def test_columns_row_reads_what_the_old_regex_read(line: str, prefix: str) -> None:
    line = prefix + line
    assert _columns_row(line) == _old_columns(line)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("-|: \tx"), max_size=40))
def test_separator_rows_are_what_the_old_regex_took(line: str) -> None:
    stripped = line.strip()
    assert _is_separator(stripped) == bool(OLD_SEPARATOR.match(stripped))
