"""Rule patterns are analysed when the pack loads: super-linear constructs and patterns that can
never match are refused with file:line:col and a Chinese hint; everything the bundled packs use
passes; and what the analyser accepts does not blow up on adversarial text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import ConfigError
from checker.limits import LIMITS, TimeLimitExceeded, time_limit
from checker.regexes import RegexProblem, analyse, check_regex
from checker.rules import load_pack

from .helpers import ROOT, copy_pack, edit

PACK = ROOT / "rules" / "gov-info-disclosure-2021"


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        (r"(a+)+$", "嵌套的重复"),
        (r"([^。]+)+X", "嵌套的重复"),
        (r"(?:x*y?)*", "嵌套的重复"),
        (r"(?:\d{1,3},?)+", "嵌套的重复"),
        (r"(?:[^。]+，)+$", "嵌套的重复"),
        (r"(?=(a+)+b)", "嵌套的重复"),  # inside a lookaround too
        (r"(?:ba*a?)*", "嵌套的重复"),  # each round delimited, but split two ways (found by hypothesis)
        (r"(?:b\d+[0-9]?)+$", "嵌套的重复"),
        # each round of a variable body picks its own split: 52 ways a round, 52³ in all
        (r"a(?:(?:a{1,12}a{0,3}|aaa{0,3})){0,3}", "组合过多"),  # found by hypothesis
        (r"(?:a{1,9}a{0,9}){0,4}", "组合过多"),
        (r"(\d|\d\d)+", "分支"),
        (r"(?:ab|[ab]b)+", "分支"),
        (r"(?:(?:a|aa)y?)+", "分支"),
        (r"\d+\d+", "相邻"),
        (r".*.*", "相邻"),
        (r".*b.*", "相邻"),
        (r"[^。]*，[^。]*", "相邻"),
        (r"\s*万?\s*", "相邻"),
        (r"(?:\d+)\d*", "相邻"),
        (r"(?:a*){0,3}", "相邻"),
        (r"(?:b[ab]*){2}", "相邻"),
        (r"(?:a{0,100}){0,100}", "有界重复"),
        (r"(?:(?:a{0,5}b){0,5}c){0,50}", "有界重复"),
        (r"a{0,30}a{0,30}a{0,30}", "有界重复"),
    ],
)
def test_super_linear_constructs_are_refused(pattern: str, says: str) -> None:
    with pytest.raises(RegexProblem) as info:
        check_regex(pattern)
    assert says in str(info.value) and info.value.pattern == pattern


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:\d+、)+",  # each round ends with a character the repeat cannot match
        r"(?:ab+)+",
        r"(?:第[一二三]+条)+",
        r"(a|ab)+",  # Python reads it as a(?:b)?: each round starts with an a the b? cannot match
        r"(?:a|bc)+",
        r"\d+\s*件",
        r"a++a+",  # possessive: never gives back
        r"(?>a+)+",
        r"\s*(?:万\s*)?(?:(?:余|多)\s*)?(?:条|篇)",
        r"[^。；\n]{0,8}?\d[\d,，.]*",  # a bounded repeat beside an unbounded one costs a constant factor
        r"(?:a{0,9}){0,3}",  # a small outer repeat: polynomial, and 27 at most
        r"(?:a++)+",
        r"$\n",
        r"^x",
    ],
)
def test_linear_constructs_are_accepted(pattern: str) -> None:
    assert check_regex(pattern) == pattern


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        (r"(?!)", "否定环视"),
        (r"x(?!y?)", "否定环视"),
        (r"$x", "结尾锚点"),
        (r"a\Zb", "结尾锚点"),
        (r"a\A", "开头锚点"),
        (r"a^b", "开头锚点"),
        (r"[^\s\S]", "字符类"),
        (r"[^\d\D]+", "字符类"),
        (r"(?:[^\w\W]|$a)", "永远不会匹配"),
        (r"(?=[^\s\S])", "字符类"),
    ],
)
def test_patterns_that_can_never_match_are_refused(pattern: str, says: str) -> None:
    with pytest.raises(RegexProblem) as info:
        check_regex(pattern)
    assert "永远不会匹配" in str(info.value) and says in str(info.value)


@pytest.mark.parametrize("pattern", [r"(?m)a^b|c", r"(?m)a$\nb", r"[^\s\S]?x", r"(?:$x)?y", r"(?!\b)"])
def test_patterns_with_a_dead_part_but_a_live_whole_are_accepted(pattern: str) -> None:
    check_regex(pattern)


def test_every_bundled_pattern_passes() -> None:
    for name in ("gov-info-disclosure-2021", "gov-info-disclosure-2019"):
        assert load_pack(ROOT / "rules" / name, use_cache=False).rules


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    return copy_pack(PACK, tmp_path / "pack")


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "column"),
    [
        # a list item of a rule: the item's own line and column
        ("text/TXT-04.yaml", '  - "某某"', '  - "([^。]+)+X"', 11, 5),
        ("text/TXT-04.yaml", '  - "某某"', '  - "(?!)"', 11, 5),
        # a pattern inside pack.yaml's data (a statement)
        ("pack.yaml", "(?:收到|受理|接收|新收|办理)(?:各类|各种)?", "(?:收到|受理)+(?:收到|受理)+", 0, 0),
    ],
)
def test_a_refused_pattern_is_named_by_file_line_and_column(
    pack_copy: Path, file: str, old: str, new: str, line: int, column: int
) -> None:
    edit(pack_copy / file, old, new)
    with pytest.raises(ConfigError) as info:
        load_pack(pack_copy, use_cache=False)
    err = info.value
    assert err.file.endswith(Path(file).name) and err.line > 0 and err.column > 0, err.one_line()
    if line:
        assert (err.line, err.column) == (line, column)
    else:
        text = (pack_copy / file).read_text(encoding="utf-8").splitlines()
        assert new in text[err.line - 1][err.column - 1 :]
    assert "正则表达式" in err.message and "（提示：" in err.one_line()


# --- what the analyser accepts runs in bounded time --------------------------------------------------

_ATOMS = ["a", "b", "[ab]", ".", r"\d", "x", "(?:a|b)", "(?:a|ab)", "(?:ab)"]
_QUANTIFIERS = ["", "", "*", "+", "?", "{0,3}", "{1,12}", "*?", "+?"]


@st.composite
def _patterns(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.booleans()):
            inner = draw(_patterns(depth + 1))
            if draw(st.booleans()):
                inner = inner + "|" + draw(_patterns(depth + 1))
            atom = f"(?:{inner})"
        else:
            atom = draw(st.sampled_from(_ATOMS))
        parts.append(atom + draw(st.sampled_from(_QUANTIFIERS)))
    return "".join(parts)


_TEXTS = ["a" * 300 + "!", "ab" * 150 + "!", "1" * 300 + "!", "aab" * 100 + "!", "x" + "a" * 300]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_patterns())
def test_accepted_patterns_do_not_blow_up_on_adversarial_text(pattern: str) -> None:
    """An accepted pattern searched (and matched to the end) over 300 characters built to
    make backtracking explode finishes far inside the limit: an exponential or cubic one
    would not. (The assertion is that the limit is never hit, not a timing.)"""
    try:
        analyse(pattern)
    except RegexProblem:
        return
    rx = re.compile(pattern + "$")
    try:
        with time_limit(5.0):
            for text in _TEXTS:
                rx.search(text)
    except TimeLimitExceeded:
        pytest.fail(f"accepted pattern {pattern!r} hit the time limit")


@pytest.mark.parametrize("body", ["a+", "a*", "(?:a|aa)", "a?a?", "(?:a+b?)", "[ab]*"])
def test_the_classic_exponential_families_are_refused(body: str) -> None:
    with pytest.raises(RegexProblem):
        analyse(f"(?:{body})+$")


def test_the_limits_of_the_analysis_are_in_limits_py(monkeypatch: pytest.MonkeyPatch) -> None:
    check_regex(r"(?:\d{1,3},?){0,4}")  # a small outer repeat: polynomial and small
    with monkeypatch.context() as patch:
        patch.setattr(LIMITS, "regex_small_repeat", 2)
        with pytest.raises(RegexProblem, match="嵌套的重复"):
            analyse(r"(?:\d{1,3},?){0,4}")
    check_regex(r"(?:a{0,4}){0,4}")  # each round picks its length: 5⁴ = 625 splits
    with pytest.raises(RegexProblem, match="有界重复"):
        analyse(r"(?:a{0,100}){0,4}")  # 101⁴ splits: over a minute on 300 characters
    monkeypatch.setattr(LIMITS, "regex_repeat_product", 100)
    with pytest.raises(RegexProblem, match="有界重复"):
        analyse(r"(?:a{0,4}){0,4}")


def test_a_group_of_bounded_repeats_counts_in_the_run_it_joins() -> None:
    # found by the hypothesis test below: 12 × 12 splits before a group that splits the same
    # characters 12 × 4 ways more (its a+ aside), accepted before and minutes on 300 a's
    with pytest.raises(RegexProblem) as info:
        analyse("a{1,12}a{1,12}(?:a|a+a{1,12}a{0,3})")
    assert "6912" in str(info.value)
    analyse(r"\d{1,3}(?:[万亿]\d{1,4})?")  # a group over other characters starts a new run
