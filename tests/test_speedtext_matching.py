"""matching.finditer for a pattern that opens with a one-character lookbehind (DATE-02's
sentence starts): searched as that character followed by the rest, with exactly finditer's
matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import matching
from checker.matching import compiled, finditer, scan
from checker.rules import bundled_packs, load_pack

from .test_speed_regex import _texts

PATTERNS = [
    r"(?<![^。！？；\n])[ \t\u3000]*(?P<match>(?P<year>\d{4})\s*年度?)(?![\d月日]|以来)",
    r"(?<=[。\n])\d+年",
    r"(?<![^。\]])a*",  # may match nothing: finditer's empty matches
    r"(?<![^。])(?:年|\d)+",
]
ALPHABET = list("。！？；\n] \t\u3000202319年度月日以来a")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_after_a_class_character_finds_what_finditer_finds(text: str, a: int, b: int) -> None:
    for pattern in PATTERNS:
        assert matching._after(pattern) is not None
        plain = [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, a, b)]
        assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, a, b)] == plain


def test_only_a_lookbehind_that_opens_the_whole_pattern_is_rewritten() -> None:
    assert matching._after(r"(?<![^。])a|b") is None  # it opens one branch only
    assert matching._after(r"(?<![。])a") is None  # after anything but 。: no small class
    assert matching._after(r"x(?<![^。])a") is None
    scan, at_start = matching._after(r"(?<![^。；])\d")  # type: ignore[misc]
    assert at_start and scan.pattern == r"[。；]\d"
    scan, at_start = matching._after(r"(?<=[。])\d")  # type: ignore[misc]
    assert not at_start and scan.pattern == r"[。]\d"


def _claim_and_year_regexes() -> list[str]:
    """The regexes the claim and year_mention kinds now scan with matching.finditer/scan."""
    out: list[str] = []
    for root in bundled_packs():
        for rule in load_pack(root).rules:
            if rule.kind == "claim":
                for claim in rule.claims:  # type: ignore[attr-defined]
                    out += claim.patterns + claim.contradicted_by
            elif rule.kind == "year_mention":
                out += [m.regex for m in rule.mentions]  # type: ignore[attr-defined]
    return sorted(set(out))


def test_claim_and_year_regexes_find_what_finditer_finds_in_the_reports() -> None:
    regexes = _claim_and_year_regexes()
    assert any(p.startswith("(?<") for p in regexes)  # some are scanned by matching.finditer
    for pattern in regexes:
        for text in _texts():
            for a, b in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
                plain = [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, a, b)]
                assert [(m.span(), m.groupdict()) for m in scan(pattern, text, a, b)] == plain
                assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, a, b)] == plain


BRANCHES = [r"＿{2,}|_{3,}", r"(?<![A-Za-z])(?:XX|xx|Xx|ＸＸ)(?![A-Za-z])", r"(?:a+|_)b?"]


def test_a_choice_the_engine_cannot_scan_for_is_found_by_its_first_characters() -> None:
    assert matching._anchor(BRANCHES[0]) == (("_", "＿"), 0, 0)
    assert matching._anchor(BRANCHES[1]) == (("X", "x", "Ｘ"), 0, 0)
    assert matching._anchor(r"此处填写|在此填写|单位名称") is None  # the engine scans for 此在单 itself


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("＿_XxＸAab 。"), max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_a_choice_found_by_its_first_characters_is_what_finditer_finds(text: str, a: int, b: int) -> None:
    for pattern in BRANCHES:
        plain = [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, a, b)]
        assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, a, b)] == plain


def _markers() -> list[str]:
    return sorted(
        {
            rule.marker  # type: ignore[attr-defined]
            for root in bundled_packs()
            for rule in load_pack(root).rules
            if rule.kind == "enumeration"
        }
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=list("一二三四五六七八九十是统唯第 。\n"), max_size=40),
    st.integers(0, 45),
    st.integers(0, 45),
)
def test_enumeration_markers_find_what_finditer_finds(text: str, a: int, b: int) -> None:
    markers = _markers()
    assert markers
    for pattern in markers:
        plain = [(m.span(), m.groupdict()) for m in compiled(pattern).finditer(text, a, b)]
        assert [(m.span(), m.groupdict()) for m in finditer(pattern, text, a, b)] == plain
        if not matching.may_match(pattern, text, a, b):
            assert plain == []
