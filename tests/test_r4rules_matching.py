"""Fourth speed round, matching: the words every match contains (a str.find prefilter),
patterns tried after their leading lookarounds only, and one plan per pattern. Each must
find exactly what the plain engine finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import matching
from checker.limits import LIMITS
from checker.matching import compiled, finditer, may_match, scan

# TXT-10's doubled words: two lookaheads, then a back-reference the engine scans for by its
# first character only once the lookaheads are out of the way.
DOUBLED = r"(?!(?:结果|总计|合计)(?:结果|总计|合计))(?!一)(?P<w>[\u4e00-\u9fff]{2,4})(?P=w)"

PATTERNS = [
    DOUBLED,
    r"(?=[甲乙])(?P<x>[甲乙丙]+)丁",
    r"(?!甲)(?<![乙])[甲乙丙]{1,2}",
    r"(?=(?:甲|乙)丙)甲丙|乙",
    r"(?:未|没有)(?:制发|出台)(?:任何)?规范性文件",
    r"(?:全部|均|都)(?:已经?)?(?:予以)?办结",
    r"甲乙(?:丙|丁戊)+",
    r"(?:甲乙|丙)丁",
    r"甲?乙丙",
    r"(?i)abc",
    r"(?i:ab)cd",
    r"(?=(甲))\1乙",
]

ALPHABET = list("甲乙丙丁戊结果总计合一二未没有制发出台任何规范性文件全部均都已经予以办结abcABC \n")


def _plain(pattern: str, text: str, a: int, b: int) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, a, b)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.integers(-3, 65), st.integers(-3, 65))
def test_finditer_scan_and_may_match_agree_with_the_engine(text: str, a: int, b: int) -> None:
    for pattern in PATTERNS:
        plain = _plain(pattern, text, a, b)
        assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, a, b)] == plain, pattern
        assert [(m.span(), m.groupdict()) for m in scan(pattern, text, a, b)] == plain, pattern
        if not may_match(pattern, text, a, b):
            assert plain == [], pattern


def test_the_words_every_match_contains() -> None:
    assert matching._literals_of(r"(?:未|没有)(?:制发|出台)(?:任何)?规范性文件") == ("规范性文件",)
    assert matching._literals_of(r"国务院令\s*(?P<number>\d+)\s*号") == ("国务院令",)
    assert matching._literals_of(r"(?:甲乙|丙丁戊)己") == ("丙丁戊", "甲乙")  # shortest word 2, not 己
    assert matching._literals_of(r"甲(?:丙丁)+") == ("丙丁",)
    assert matching._literals_of(r"甲乙(?:丙丁)*") == ("甲乙",)
    assert matching._literals_of(r"甲?乙丙") == ("乙丙",)
    assert matching._literals_of(r"(?:甲乙|)丙") is None  # an empty branch needs no word
    assert matching._literals_of(r"[甲乙]丙") is None  # no word of two characters
    assert matching._literals_of(r"(?i)abc") is None  # case folding: not these words alone
    assert matching._literals_of(r"(?i:ab)cd") == ("cd",)  # the flagged group is left out


def test_a_report_without_the_words_is_not_searched() -> None:
    text = "本机关依法公开政府信息。" * 200
    assert may_match(r"(?:未|没有)(?:制发|出台)(?:任何)?规范性文件", text, 0, len(text)) is False
    assert list(scan(r"(?:未|没有)(?:制发|出台)(?:任何)?规范性文件", text, 0, len(text))) == []
    assert may_match(r"(?:未|没有)(?:制发|出台)(?:任何)?规范性文件", "未出台规范性文件", 0, 8) is True


def test_doubled_words_are_tried_only_where_the_rest_of_the_pattern_matches() -> None:
    text = "本机关依法公开政府信息，" * 300 + "公开公开" + "维持维持"
    rx = compiled(DOUBLED)
    calls = 0

    class Counting:
        def match(self, *args: object) -> re.Match[str] | None:
            nonlocal calls
            calls += 1
            return rx.match(*args)  # type: ignore[arg-type]

        def finditer(self, *args: object) -> object:
            raise AssertionError("the plain scan is not needed here")

    rest = matching._stripped(DOUBLED)
    assert rest is not None
    found = list(matching._after_lookaround(Counting(), rest, text, 0, len(text)))  # type: ignore[arg-type]
    assert [m.group(0) for m in found] == [m.group(0) for m in rx.finditer(text)] == ["公开公开", "维持维持"]
    assert calls == 2  # not once per character


def test_no_stripping_where_a_lookaround_holds_a_group_or_nothing_is_left() -> None:
    assert matching._stripped(r"(?=(甲))\1乙") is None  # the back-reference needs the group
    assert matching._stripped(r"(?=甲)") is None  # nothing consumed after it
    assert matching._stripped(r"(?=甲)(?:乙)?") is None  # may consume nothing
    assert matching._stripped(r"甲(?=乙)") is None  # no leading lookaround
    rest = matching._stripped(r"(?<!甲)(?=乙)乙丙")
    assert rest is not None and rest.match("乙丙") is not None


def test_frequent_failed_tries_hand_over_to_the_engine() -> None:
    # rest matches everywhere, the lookahead fails everywhere but at the end: the budget runs
    # out and finditer takes over, with the same matches
    pattern = r"(?!甲)[甲乙]"
    text = "甲" * 5000 + "乙"
    assert [m.span() for m in finditer(pattern, text, 0, len(text))] == [(5000, 5001)]


def test_the_plan_memo_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "regex_memo_entries", 3)
    monkeypatch.setattr(matching, "_PLANS", {})
    for i in range(10):
        assert may_match(f"甲{i}乙", f"x甲{i}乙", 0, 10) is True
    assert len(matching._PLANS) <= 3
