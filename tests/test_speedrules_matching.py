"""checker.matching.finditer near the necessary part: a regex whose costly prefix (LEG-07's
optional words and run of Han characters before `[2023]`) is tried only at the few starts
within its reach of a necessary match, with exactly finditer's matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import matching
from checker.matching import compiled, finditer
from checker.rules import bundled_packs, load_pack

from .test_speed_regex import LEG07, _pattern_regexes, _texts

# The prefix of LEG07 before its bracket: 3 words of 2 characters, 12 Han characters,
# then any whitespace.
LEG07_REACH = 18

# Characters that make the prefixes, the brackets and the tails of the packs' regexes meet.
ALPHABET = list("按照根据云政办发函的和与已件年度月日报告[]【】［］{}﹝﹞（）()〔〕20235第号 \n\t　a.")


def _same(pattern: str, text: str, start: int, end: int) -> None:
    plain = [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, start, end)]
    near = [(m.span(), m.groupdict()) for m in finditer(pattern, text, start, end)]
    assert near == plain


def test_the_reach_of_a_docnumber_regex_is_its_bounded_prefix_and_the_whitespace() -> None:
    reach = matching._reach(LEG07)
    assert reach is not None
    width, tail = reach
    assert width == LEG07_REACH
    assert tail is not None and tail.match(" ") and tail.match("\u3000") and not tail.match("办")


def test_no_reach_without_a_prefix_or_with_an_unbounded_one() -> None:
    assert matching._reach(r"〔\d{4}〕\d+号") is None  # starts with what is necessary
    assert matching._reach(r"(?:政府)+〔\d{4}〕") is None  # any many words before
    assert matching._reach(r"(\w)\1〔\d{4}〕") is None  # a back-reference before


def test_a_docnumber_far_into_a_long_text_is_tried_near_its_bracket_only() -> None:
    text = "按照国家有关规定依法公开政府信息。" * 2000 + "根据云政办发  [2023]5号文件要求"
    calls = 0
    rx = compiled(LEG07)

    class Counting:
        groupindex = rx.groupindex

        def match(self, *args: object) -> re.Match[str] | None:
            nonlocal calls
            calls += 1
            return rx.match(*args)  # type: ignore[arg-type]

    reach = matching._reach(LEG07)
    assert reach is not None
    found = list(matching._near_necessary(Counting(), reach, LEG07, text, 0, len(text)))  # type: ignore[arg-type]
    assert [m.group("match") for m in found] == ["云政办发  [2023]5号"]
    assert calls <= LEG07_REACH + 3  # the prefix, the two spaces, the bracket
    _same(LEG07, text, 0, len(text))


def test_every_pack_regex_finds_what_finditer_finds_in_the_reports() -> None:
    texts = _texts()
    for pattern in _pattern_regexes():
        for text in texts:
            _same(pattern, text, 0, len(text))
            _same(pattern, text, len(text) // 3, 2 * len(text) // 3)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=80),
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=0, max_value=80),
)
def test_every_pack_regex_with_a_reach_agrees_with_finditer_on_any_text(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    for pattern in [LEG07, *_pattern_regexes()]:
        if matching._anchor(pattern) is None and matching._reach(pattern) is not None:
            _same(pattern, text, start, end)


def _kind_regexes() -> list[str]:
    """The regexes the document_number, names and calendar_date kinds scan whole texts with."""
    out: list[str] = []
    for root in bundled_packs():
        for rule in load_pack(root).rules:
            if rule.kind == "document_number":
                out.append(rule.number)  # type: ignore[attr-defined]
            elif rule.kind == "calendar_date":
                out += rule.formats  # type: ignore[attr-defined]
            elif rule.kind == "names":
                out += [rf"([\u4e00-\u9fff]{{2,4}}){re.escape(s)}" for s in rule.suffixes if s]  # type: ignore[attr-defined]
    return sorted(set(out))


def test_the_kinds_that_scan_whole_texts_find_what_finditer_finds() -> None:
    regexes = _kind_regexes()
    assert any(matching._reach(r) is not None for r in regexes)  # LEG-11's 文号 has a reach
    texts = _texts()
    for view in (True, False):
        for pattern in regexes:
            for text in texts:
                t = re.sub(r"[\s《》〈〉<>“”\"]+", "", text) if view else text
                _same(pattern, t, 0, len(t))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=[*ALPHABET, "局", "委", "处"], max_size=80))
def test_the_kinds_regexes_agree_with_finditer_on_any_text(text: str) -> None:
    for pattern in _kind_regexes():
        _same(pattern, text, 0, len(text))
