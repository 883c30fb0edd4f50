"""The structure finder's heading scans, tried only where a heading can begin, find exactly
what the plain finditer scans find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import structure
from checker.matching import finditer_first, first_chars
from checker.rules import bundled_packs, load_pack

# Ordinals, their punctuation, heading words of every section, line starts and marks.
ALPHABET = list(
    "一二三四五六七八九十第、.．部分：:。；，总体情况基本概述主动公开政府信息收到和处理申请复议诉讼问题改进其他需要报告的事项 \t\n#*>"
)


def _scans() -> list[structure._Scans]:
    found = []
    for root in bundled_packs():
        pack = load_pack(root).pack
        syntax = pack.structure.headings
        found.append(
            structure._regexes(
                tuple(syntax.ordinals), syntax.lead, tuple(tuple(s.headings) for s in pack.sections)
            )
        )
    return found


SCANS = _scans()


def _plain(rx: re.Pattern[str], text: str) -> list[tuple[int, tuple[int, int], dict[str, str | None]]]:
    return [(m.start(), m.span("text"), m.groupdict()) for m in rx.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_heading_scans_find_what_finditer_finds(text: str) -> None:
    for scans in SCANS:
        numbered = [(at, m.span("text"), m.groupdict()) for at, m in structure._numbered_hits(scans, text)]
        assert numbered == _plain(scans.numbered, text)
        bare = [(at, m.span("text"), m.groupdict()) for at, m in structure._bare_hits(scans, text)]
        assert bare == _plain(scans.bare, text)


def test_numbered_headings_are_tried_at_ordinals_only() -> None:
    for scans in SCANS:
        first = scans.numbered_first
        assert first is not None
        assert first.match("三") and first.match("第") and not first.match("、") and not first.match("情")


def test_the_first_characters_of_a_regex() -> None:
    first = first_chars(r"(?<!x)(?:(?>[ab]c)|d+)e")
    assert first is not None
    assert [ch for ch in "abcde" if first.match(ch)] == ["a", "b", "d"]
    assert first_chars(r"a?b") is None  # the first character may be b or a
    assert first_chars(r"(?i)ab") is None  # case folded: more than the letters written
    assert first_chars(r"[^a]b") is None  # a negated class is no small set
    assert first_chars(r"(?=a)") is None  # nothing consumed: an empty match


def test_frequent_first_characters_hand_over_to_finditer() -> None:
    # 一 everywhere: past its budget of tries, finditer takes over from where the scan got to
    text = "一" * 5000 + "。一、总体情况\n" + "一" * 5000 + "。二、主动公开政府信息情况"
    for scans in SCANS:
        assert scans.numbered_first is not None
        found = [m.span() for m in finditer_first(scans.numbered, scans.numbered_first, text)]
        assert found == [m.span() for m in scans.numbered.finditer(text)]
        assert len(found) == 2


def test_a_wording_that_may_match_nothing_keeps_finditers_empty_matches() -> None:
    # A bare heading line whose wording may be empty matches every blank line, as finditer does.
    scans = structure._Scans(
        re.compile("x"),
        None,
        structure._bare("", ("(?:情况)?",)),
        structure._bare("", ("(?:情况)?",), "\\n"),
        [],
    )
    for text in ("", "\n", "\n\n情况\n\n", "情况\n", "a\n\n", "\n情况"):
        found = [(at, m.span("text"), m.end()) for at, m in structure._bare_hits(scans, text)]
        assert found == [(m.start(), m.span("text"), m.end()) for m in scans.bare.finditer(text)]
