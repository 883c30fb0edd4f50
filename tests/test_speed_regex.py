"""The compiled-regex memo and the necessary-part prefilter of checker/kinds/_regex.py.

The prefilter may only ever skip a regex that would have found nothing: every match of a
pack regex, in every real report and every rule fixture, contains a match of its necessary
part within the same bounds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import matching as _regex
from checker.limits import LIMITS
from checker.matching import compiled, finditer, may_match, necessary, required_chars
from checker.readers import read_document
from checker.rules import bundled_packs, load_pack

from .helpers import CORPUS, EXAMPLES, pack

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"

LEG07 = (
    r"(?:按照|根据|已|的){0,3}(?P<match>(?P<issuer>(?:(?!按照|根据|已|的)[\u4e00-\u9fff]){1,12})"
    r"\s*[\[【［{﹝]\s*(?P<year>\d{4})\s*[\]】］}）)﹞]\s*第?(?P<serial>\d+)\s*号)"
)


def _pattern_regexes() -> list[str]:
    out: list[str] = []
    for root in bundled_packs():
        for rule in load_pack(root).rules:
            if rule.kind != "pattern":
                continue
            out += [x if isinstance(x, str) else x.regex for x in rule.forbid]  # type: ignore[attr-defined]
            out += list(rule.require)  # type: ignore[attr-defined]
    return sorted(set(out))


def _texts() -> list[str]:
    texts = [read_document(p).text for p in sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))]
    for path in sorted(FIXTURES.rglob("*.yaml")):
        texts += re.findall(r'with: "([^"]*)"', path.read_text(encoding="utf-8"))
    for rule in pack().rules:
        texts += [rule.examples.pass_, rule.examples.fail]
    return texts


def test_the_necessary_part_of_a_docnumber_regex_starts_at_its_bracket() -> None:
    pre = necessary(LEG07)
    assert pre is not None
    assert pre.search("云政办发[2023]5号") is not None
    assert may_match(LEG07, "按照云政办发〔2023〕5号文件要求，依法公开。", 0, 20) is False
    assert may_match(LEG07, "按照云政办发【2023】5号文件要求", 0, 16) is True


def test_a_pattern_with_nothing_to_leave_out_has_no_prefilter() -> None:
    assert necessary(r"＿{2,}|_{3,}") is None
    assert necessary(r"填写说明") is None
    # no necessary part: only its words (str.find) stand between the text and the regex
    assert may_match(r"[填写]说明", "写说明", 0, 3) is True
    assert may_match(r"填写说明", "填写", 0, 2) is False


def test_back_references_and_local_flags_cut_the_pattern() -> None:
    # (?P<a>\d)…(?P=a) cannot be rewritten: only the part after it is kept
    pre = necessary(r"(?P<a>\d)x(?P=a)年[（(]\d{4}[)）]号")
    assert pre is not None
    assert pre.search("年（2023）号") is not None
    assert pre.search("1x1年") is None
    assert necessary(r"(?i:abc)") is None


def test_assertions_are_left_out_and_leading_repeats_dropped() -> None:
    pre = necessary(r"(?<![〔\d])\d{4}〕\d+号")
    assert pre is not None
    assert pre.pattern == r"\u3015(?:[\d]){1,}\u53f7"


@pytest.mark.parametrize("regex", _pattern_regexes())
def test_every_match_of_a_pack_regex_contains_a_match_of_its_necessary_part(regex: str) -> None:
    rx = re.compile(regex)
    pre = necessary(regex)
    chars = required_chars(regex)
    for text in _texts():
        assert [m.span() for m in finditer(regex, text, 0, len(text))] == [
            m.span() for m in rx.finditer(text)
        ]
        for m in rx.finditer(text):
            if pre is not None:
                assert pre.search(text, m.start(), m.end()) is not None, (regex, m.group(0))
            if chars is not None:
                assert any(ch in m.group(0) for ch in chars), (regex, m.group(0), chars)
            assert may_match(regex, text, m.start(), m.end())


def test_the_pack_has_regexes_the_prefilter_speeds_up() -> None:
    assert any(necessary(r) is not None for r in _pattern_regexes())
    assert any(required_chars(r) is not None for r in _pattern_regexes())


def test_the_characters_a_match_needs() -> None:
    assert required_chars(r"＿{2,}|_{3,}") == ("_", "＿")
    assert required_chars(r"(?<![A-Za-z])(?:XX|xx|Xx|ＸＸ)(?![A-Za-z])") == ("X", "x", "Ｘ")
    assert required_chars(r"(?<![〔\d])\d{4}〕\d+号") == ("〕",)
    assert required_chars(r"a?b") == ("b",)
    assert required_chars(r"[a-z]+") is None  # too many to test one by one
    assert required_chars(r"(?i)abc") is None  # case folding: not these characters alone
    assert required_chars(r"a|[^b]") is None  # a negated set needs no particular character
    assert may_match(r"＿{2,}|_{3,}", "请填写：____", 0, 8) is True
    assert may_match(r"＿{2,}|_{3,}", "请填写：____", 0, 4) is False


def test_the_memos_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "regex_memo_entries", 3)
    monkeypatch.setattr(_regex, "_COMPILED", {})
    monkeypatch.setattr(_regex, "_NECESSARY", {})
    monkeypatch.setattr(_regex, "_REQUIRED", {})
    monkeypatch.setattr(_regex, "_ANCHORS", {})
    for i in range(10):
        assert compiled(f"a{i}b").search(f"xa{i}b") is not None
        necessary(f"x+a{i}b")
        required_chars(f"x+a{i}b")
        _regex._anchor(f"(?<=x)a{i}b")
    assert len(_regex._COMPILED) <= 3
    assert len(_regex._NECESSARY) <= 3
    assert len(_regex._REQUIRED) <= 3
    assert len(_regex._ANCHORS) <= 3
    assert compiled("a1b") is compiled("a1b")


ANCHORED = [
    r"(?<![〔\d])\d{4}〕\d+号",
    r"(?<=[a-c]):(?=[a-c])",
    r"(?<![A-Za-z])(?:XX|xx)(?![A-Za-z])",
    r"a?b",
    r"x{0,3}b+",
    r"(?<!a)[b:]{1,2}c",
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ANCHORED),
    st.text(alphabet="ab:cX〔〕123号x", max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_windowed_finditer_finds_what_finditer_finds(pattern: str, text: str, i: int, j: int) -> None:
    start, end = sorted((min(i, len(text)), min(j, len(text))))
    expected = [(m.span(), m.groupdict()) for m in re.compile(pattern).finditer(text, start, end)]
    assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, start, end)] == expected


def test_windowed_finditer_hands_over_when_the_anchor_is_everywhere() -> None:
    text = "〕" * 5000 + "2023〕5号" + ":" * 3000 + "1999〕12号"
    pattern = r"(?<![〔\d])\d{4}〕\d+号"
    assert _regex._anchor(pattern) == (("〕",), 4, 4)
    got = [m.group(0) for m in finditer(pattern, text, 0, len(text))]
    assert got == ["2023〕5号", "1999〕12号"]


def test_a_pattern_that_starts_with_a_literal_is_left_to_the_engine() -> None:
    assert _regex._anchor(r"条例》?\s*第三十[一二]条") is None
    assert _regex._anchor(r"(?<=[\u4e00-\u9fff]):(?=[\u4e00-\u9fff])") == ((":",), 0, 0)
