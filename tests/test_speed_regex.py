"""The compiled-regex memo and the necessary-part prefilter of checker/kinds/_regex.py.

The prefilter may only ever skip a regex that would have found nothing: every match of a
pack regex, in every real report and every rule fixture, contains a match of its necessary
part within the same bounds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.kinds import _regex
from checker.kinds._regex import compiled, may_match, necessary
from checker.limits import LIMITS
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
    assert may_match(r"填写说明", "没有", 0, 2) is True  # no prefilter: always run


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
    if pre is None:
        return
    for text in _texts():
        for m in rx.finditer(text):
            assert pre.search(text, m.start(), m.end()) is not None, (regex, m.group(0))


def test_the_pack_has_regexes_the_prefilter_speeds_up() -> None:
    assert any(necessary(r) is not None for r in _pattern_regexes())


def test_the_memos_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "regex_memo_entries", 3)
    monkeypatch.setattr(_regex, "_COMPILED", {})
    monkeypatch.setattr(_regex, "_NECESSARY", {})
    for i in range(10):
        assert compiled(f"a{i}b").search(f"xa{i}b") is not None
        necessary(f"x+a{i}b")
    assert len(_regex._COMPILED) <= 3
    assert len(_regex._NECESSARY) <= 3
    assert compiled("a1b") is compiled("a1b")
