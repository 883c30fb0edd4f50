r"""Rule regexes compiled once per process, and a cheap test that a regex cannot match.

`re`'s own cache holds 512 patterns and every lookup in it costs a hash of the pattern and
its flags; the packs' kinds match hundreds of patterns per report, so they keep their own
memo here, keyed by pattern string. The memo lives outside the pack models (which stay plain
data) and is filled on first use, so a worker pool that warms it before forking shares it.

`necessary(pattern)` derives from a regex a simpler one that matches somewhere in every text
the regex matches in: the regex's last run of consecutive parts, with zero-width assertions
left out and leading repeats dropped. A regex such as LEG-07's
`(?:按照|根据|…){0,3}(?P<issuer>(?:(?!按照|…)[\u4e00-\u9fff]){1,12})\s*[\[【…]\s*\d{4}…号`
is tried at every Han character of a report; its necessary part `[\[【…]\s*\d{4}…号` starts
with a character class, which the engine scans for at C speed and which most reports never
contain. When the necessary part finds nothing, the regex is not run; otherwise it is run
exactly as before, so what is found never changes.

Used by the rule kinds and the table reader alike.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from checker.limits import LIMITS

# The parser `re.compile` itself uses (re._parser in 3.11+): its tree is what the engine runs.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")
_compiler: Any = importlib.import_module("re._compiler")

_T = TypeVar("_T")

_COMPILED: dict[str, re.Pattern[str]] = {}
_NECESSARY: dict[str, re.Pattern[str] | None] = {}
_REQUIRED: dict[str, tuple[str, ...] | None] = {}
_ANCHORS: dict[str, tuple[tuple[str, ...], int, int] | None] = {}
_REACH: dict[str, tuple[int, re.Pattern[str] | None] | None] = {}
# A character set worth testing with str.find one character at a time.
_MAX_REQUIRED = 8


def _memoised(memo: dict[str, _T], pattern: str, derive: Callable[[str], _T]) -> _T:
    """`derive(pattern)`, remembered in `memo` for the life of the process. Patterns come
    from rule data only; the memo is capped all the same (emptied when full)."""
    if pattern in memo:
        return memo[pattern]
    if len(memo) >= LIMITS.regex_memo_entries:
        memo.clear()
    found = memo[pattern] = derive(pattern)
    return found


def _case_sensitive_items(pattern: str) -> list[tuple[Any, Any]] | None:
    """The parse tree's top items, or None when the pattern ignores case (the character
    sets below are case-sensitive) or cannot be parsed here."""
    try:
        tree = _parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    return None if tree.state.flags & re.IGNORECASE else list(tree)


def compiled(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, memoised for the life of the process."""
    return _memoised(_COMPILED, pattern, re.compile)


def necessary(pattern: str) -> re.Pattern[str] | None:
    """A regex that finds a match in every text `pattern` finds one in (within the same
    pos/endpos), or None when there is none cheaper than the pattern itself."""
    return _memoised(_NECESSARY, pattern, _necessary_uncached)


def _necessary_uncached(pattern: str) -> re.Pattern[str] | None:
    try:
        return _derive(pattern)
    except (re.error, RecursionError, _Unsupported):
        return None


def required_chars(pattern: str) -> tuple[str, ...] | None:
    """Characters one of which every match of `pattern` contains (`＿{2,}|_{3,}`: ＿ or _),
    or None when no small such set is known."""
    return _memoised(_REQUIRED, pattern, _required_uncached)


def _required_uncached(pattern: str) -> tuple[str, ...] | None:
    items = _case_sensitive_items(pattern)
    try:
        found = None if items is None else _required(items)
    except (re.error, RecursionError):
        found = None
    return tuple(sorted(found)) if found else None


def may_match(pattern: str, text: str, start: int, end: int) -> bool:
    """False only when `pattern` certainly has no match in text[start:end]. A few str.find
    calls first (the words every match contains; a rule's placeholder or garbling marks are
    absent from most reports), then the necessary part."""
    plan = _plan(pattern)
    if plan.literals is not None and not _contains(text, plan.literals, start, end):
        return False
    chars = plan.chars
    if chars is not None and not _contains(text, chars, start, end):
        return False
    pre = plan.pre
    return pre is None or pre.search(text, start, end) is not None


def _contains(text: str, words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether one of `words` lies within text[start:end], the offsets read as the regex
    engine reads pos and endpos (a negative one is 0, not counted from the end)."""
    # max() is a call per bound, and this runs per pattern and segment
    start = start if start > 0 else 0
    end = end if end > 0 else 0
    find = text.find
    for word in words:  # noqa: SIM110 - a loop, not any() over a generator: called per pattern and segment
        if find(word, start, end) >= 0:
            return True
    return False


class _Plan:
    """What finditer, scan and may_match want to know about one pattern, derived once: a
    report asks about each pattern a dozen times, and one memo lookup per analysis per call
    (compiled, required, necessary, anchor, reach, …) cost more than the str.find calls."""

    __slots__ = ("rx", "literals", "chars", "pre", "lookaround", "anchor", "reach", "after", "stripped")

    def __init__(self, pattern: str) -> None:
        self.rx = compiled(pattern)
        self.literals = _literals_of(pattern)
        self.chars = required_chars(pattern)
        self.pre = necessary(pattern)
        self.lookaround = pattern.startswith(("(?<", "(?=", "(?!"))
        self.anchor = _anchor(pattern)
        self.reach = _reach(pattern) if self.anchor is None else None
        self.after = _after(pattern) if self.anchor is None and self.reach is None else None
        self.stripped = _stripped(pattern) if self.lookaround else None


_PLANS: dict[str, _Plan] = {}


def _plan(pattern: str) -> _Plan:
    plan = _PLANS.get(pattern)
    if plan is None:
        if len(_PLANS) >= LIMITS.regex_memo_entries:  # rule patterns only; capped all the same
            _PLANS.clear()
        plan = _PLANS[pattern] = _Plan(pattern)
    return plan


# Words worth testing with str.find: at most this many, each at least this long.
_MAX_LITERALS = 8
_MIN_LITERAL = 2


def _literals_of(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` contains as written (`(?:未|没有)…规范性文件`:
    规范性文件), or None when no short list of words of two or more characters is known."""
    items = _case_sensitive_items(pattern)
    try:
        found = None if items is None else _seq_literals(_flatten(items))
    except (re.error, RecursionError):
        found = None
    if not found or min(map(len, found)) < _MIN_LITERAL:
        return None
    return tuple(sorted(found))


def _seq_literals(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best set of words one of which every match of the sequence contains: a run of
    literals is one word; a repeat taken at least once, or a choice whose every branch has a
    set, contributes its set. Best: the longest shortest word, then the fewest words."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if op is _c.BRANCH:
            sets = [_seq_literals(_flatten(list(branch))) for branch in av[1]]
            if all(x is not None for x in sets):
                union = frozenset().union(*[x for x in sets if x is not None])
                if len(union) <= _MAX_LITERALS:
                    candidates.append(union)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            inner = _seq_literals(_flatten(list(av[2])))
            if inner is not None:
                candidates.append(inner)
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))


def _stripped(pattern: str) -> re.Pattern[str] | None:
    """The pattern without its leading lookarounds, when they hold no group and what is left
    matches at least one character: a match of the pattern at s is a match of this at s
    (the lookarounds consume nothing, and the engine never backtracks into one), which the
    engine scans for by its own first characters, where the lookaround made it try the
    whole pattern at every character (TXT-10's doubled words)."""
    try:
        tree = _parser.parse(pattern)
        items = list(tree)
        k = 0
        while k < len(items) and items[k][0] in (_c.ASSERT, _c.ASSERT_NOT):
            if _has_group(items[k][1]):
                return None
            k += 1
        rest = items[k:]
        if k == 0 or not rest or sum(_min_width(item) for item in rest) < 1:
            return None
        compiled_rest: re.Pattern[str] = _compiler.compile(_parser.SubPattern(tree.state, rest), 0)
        return compiled_rest
    except (re.error, RecursionError):
        return None


def _has_group(value: Any) -> bool:
    """Whether a parse-tree value holds a capturing group anywhere inside it."""
    if isinstance(value, _parser.SubPattern):
        return any(_has_group(item) for item in value.data)
    if isinstance(value, (tuple, list)):
        if len(value) == 2 and value[0] is _c.SUBPATTERN and value[1][0] is not None:
            return True
        return any(_has_group(x) for x in value)
    return False


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The smallest character set some part of this sequence needs one of."""
    best: frozenset[str] | None = None
    for op, av in items:
        found: frozenset[str] | None = None
        if op is _c.LITERAL:
            found = frozenset(chr(av))
        elif op is _c.IN:
            found = _literal_set(av)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            found = _required(list(av[2]))
        elif op is _c.SUBPATTERN and not av[1] and not av[2]:
            found = _required(list(av[3]))
        elif op is _c.BRANCH:
            sets = [_required(list(branch)) for branch in av[1]]
            if all(x is not None for x in sets):
                found = frozenset().union(*[x for x in sets if x is not None])
        if found is not None and len(found) <= _MAX_REQUIRED and (best is None or len(found) < len(best)):
            best = found
    return best


def _literal_set(items: list[tuple[Any, Any]], widest: int = _MAX_REQUIRED) -> frozenset[str] | None:
    """A character class of literals and ranges narrower than `widest` as the set of its
    characters."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < widest:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # a negated set, a category, a wide range
            return None
    return frozenset(chars)


_FIRST: dict[str, re.Pattern[str] | None] = {}
# A first-character set worth scanning for: beyond this, the engine's own scan is as good.
_MAX_FIRST = 32


def first_chars(pattern: str) -> re.Pattern[str] | None:
    """A one-character regex matching the first character of every match of `pattern` (every
    match consumes one, so none is empty), or None when no small such set is known. The
    structure finder's heading scan starts with a lookbehind and a choice of ordinal forms,
    which leaves the engine nothing to scan for: it runs the whole pattern at every character."""
    return _memoised(_FIRST, pattern, _first_uncached)


def _first_uncached(pattern: str) -> re.Pattern[str] | None:
    items = _case_sensitive_items(pattern)
    try:
        found = None if items is None else _seq_first(items)
    except (re.error, RecursionError):
        found = None
    if found and len(found) <= _MAX_FIRST:
        return re.compile("[" + "".join(_char(ord(ch)) for ch in sorted(found)) + "]")
    return None


def _seq_first(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters a sequence's first consumed character is one of: zero-width assertions
    before it consume nothing, and the first other item must consume one."""
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue
        if op is _c.LITERAL:
            return frozenset(chr(av))
        if op is _c.IN:
            return _literal_set(av, _MAX_FIRST)
        if op is _c.SUBPATTERN:
            return None if av[1] or av[2] else _seq_first(list(av[3]))
        if op is _c.ATOMIC_GROUP:
            return _seq_first(list(av))
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            return _seq_first(list(av[2])) if av[0] >= 1 else None
        if op is _c.BRANCH:
            sets = [_seq_first(list(branch)) for branch in av[1]]
            if any(x is None for x in sets):
                return None
            return frozenset().union(*[x for x in sets if x is not None])
        return None
    return None  # nothing consumed: an empty match is possible


def finditer_first(rx: re.Pattern[str], first: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Exactly `rx.finditer(text)` for a regex whose every match begins with a character
    `first` matches (see first_chars): rx is tried only where such a character is, which the
    engine finds at C speed. Each match is non-empty, so the next one is looked for from its
    end, as finditer does. Where the characters turn out frequent, finditer itself takes over
    from where it got to, so the Python steps stay a fraction of the text's length."""
    budget = 64 + len(text) // 16  # tries before the plain scan is the cheaper one
    pos = 0
    for c in first.finditer(text):
        s = c.start()
        budget -= 1
        if budget < 0:
            yield from rx.finditer(text, max(s, pos))
            return
        if s < pos:
            continue
        m = rx.match(text, s)
        if m is not None:
            yield m
            pos = m.end()


def match_starts(pattern: str, text: str) -> list[int] | None:
    """Every offset where `pattern` matches (overlapping ones too), found by trying it only at
    the characters its matches begin with; None when those are not known or frequent in the
    text (more tries than finditer_first allows), when a plain scan is the cheaper one."""
    first = first_chars(pattern)
    if first is None:
        return None
    rx = compiled(pattern)
    budget = 64 + len(text) // 16
    starts: list[int] = []
    for c in first.finditer(text):
        budget -= 1
        if budget < 0:
            return None
        if rx.match(text, c.start()) is not None:
            starts.append(c.start())
    return starts


def finditer_at(rx: re.Pattern[str], starts: list[int], text: str) -> Iterator[re.Match[str]]:
    """Exactly `rx.finditer(text)` for a regex whose every match is non-empty and begins at one
    of `starts` (ascending): e.g. `(?:names)…`, with `starts` the match_starts of `names`. Each
    start at or after the end of the last match is tried, in order, as finditer's search would."""
    pos = 0
    for s in starts:
        if s < pos:
            continue
        m = rx.match(text, s)
        if m is not None:
            yield m
            pos = m.end()


def scan(pattern: str, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Exactly `compiled(pattern).finditer(text, start, end)`: by `finditer` below where the
    pattern opens with a lookaround (which leaves the engine nothing to scan for, so it runs
    the pattern at every character), by the engine itself otherwise (a pattern that opens
    with words is scanned for their first characters at C speed)."""
    plan = _plan(pattern)
    if plan.literals is not None and not _contains(text, plan.literals, start, end):
        return iter(())  # every match contains one of these words: none is there
    if plan.lookaround:
        return _planned(plan, pattern, text, max(start, 0), max(end, 0))
    return plan.rx.finditer(text, start, end)


def finditer(pattern: str, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Exactly `compiled(pattern).finditer(text, start, end)`, but where every match has one
    of a few characters at a bounded distance from its start (`(?<![〔\\d])\\d{4}〕…`: 〕 four
    characters in), only the starts near those characters are tried. A lookbehind at the
    start keeps the engine from scanning for a literal; this finds the literal with str.find.
    Each start is tried at most once, as finditer would; where the characters turn out to be
    frequent, finditer itself takes over from where it got to."""
    plan = _plan(pattern)
    if plan.literals is not None and not _contains(text, plan.literals, start, end):
        return iter(())  # every match contains one of these words: none is there
    # as the engine reads pos and endpos (str.find and range() would count a negative one
    # from the end)
    return _planned(plan, pattern, text, max(start, 0), max(end, 0))


def _planned(plan: _Plan, pattern: str, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    rx = plan.rx
    anchor = plan.anchor
    if anchor is None:
        if plan.reach is not None:
            return _near_necessary(rx, plan.reach, pattern, text, start, end)
        if plan.after is not None:
            return _after_class(rx, plan.after, text, start, end)
        if plan.stripped is not None:
            return _after_lookaround(rx, plan.stripped, text, start, end)
        return rx.finditer(text, start, end)
    return _near_anchor(rx, anchor, text, start, end)


def _after_lookaround(
    rx: re.Pattern[str], rest: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """Exactly `rx.finditer(text, start, end)` for a pattern whose leading lookarounds
    `_stripped` left out of `rest`: no start where rest does not match can match, so rx is
    tried only where the engine's search for rest lands. Every match is non-empty (rest
    consumes a character), so the next search starts at its end, as finditer's does. Where
    rest matches often but rx does not, finditer itself takes over from where it got to."""
    budget = 64 + max(end - start, 0) // 16  # failed tries before the plain scan is the cheaper one
    pos = start
    while True:
        found = rest.search(text, pos, end)
        if found is None:
            return
        s = found.start()
        m = rx.match(text, s, end)
        if m is not None:
            yield m
            pos = m.end()
            continue
        budget -= 1
        if budget < 0:
            yield from rx.finditer(text, s + 1, end)
            return
        pos = s + 1


def _near_anchor(
    rx: re.Pattern[str], anchor: tuple[tuple[str, ...], int, int], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    chars, lo, hi = anchor
    budget = 64 + (end - start) // 16  # tries before the plain scan is the cheaper one
    nexts = dict.fromkeys(chars, -2)  # next occurrence of each character (-1: none left)
    pos = start
    while pos <= end:
        at = -1
        for ch, found in nexts.items():
            if -1 < found < pos + lo or found == -2:
                found = nexts[ch] = text.find(ch, pos + lo, end)
            if found >= 0 and (at < 0 or found < at):
                at = found
        if at < 0:
            return  # no start at or after pos has its character in reach
        m = None
        for s in range(max(pos, at - hi), at - lo + 1):
            budget -= 1
            m = rx.match(text, s, end)
            if m is not None:
                break
        if budget < 0 and m is None:
            yield from rx.finditer(text, at - lo + 1, end)
            return
        if m is None:
            pos = at - lo + 1
            continue
        yield m
        pos = m.end()  # never empty: the anchor character is part of the match
        if budget < 0:
            yield from rx.finditer(text, pos, end)
            return


def _near_necessary(
    rx: re.Pattern[str],
    reach: tuple[int, re.Pattern[str] | None],
    pattern: str,
    text: str,
    start: int,
    end: int,
) -> Iterator[re.Match[str]]:
    """Exactly `rx.finditer(text, start, end)` for a pattern whose necessary part is preceded
    by at most `width` characters plus a run of characters of `tail` (LEG-07: up to 18 Han
    characters and whitespace before `[2023]`). A match starting at s contains a match of
    the necessary part starting at some q >= s, so s lies within that reach before q: with
    q0 the first necessary match at or after pos, no start in [pos, q0 - reach) can match,
    and the starts from there to q0 are tried in order with rx.match, which is what
    finditer's search does at each of them. Every match is non-empty (it contains the
    necessary part), so the next search starts at its end, as finditer's does. Each start is
    tried at most once, and where the necessary part turns out frequent, finditer itself
    takes over from where it got to; where it is rare (a bracketed 文号 in a long report)
    the costly prefix is tried at a few dozen starts instead of at every character."""
    pre = necessary(pattern)
    assert pre is not None  # _reach is only known where the necessary part is
    width, tail = reach
    budget = 64 + (end - start) // 16  # tries before the plain scan is the cheaper one
    pos = start
    while pos <= end:
        if budget < 0:  # the necessary part is frequent here: the engine's scan from pos
            yield from rx.finditer(text, pos, end)
            return
        found = pre.search(text, pos, end)
        if found is None:
            return
        q = found.start()
        lo = q
        if tail is not None:
            while lo > pos and tail.match(text, lo - 1) is not None:
                lo -= 1
        lo = max(pos, lo - width)
        budget -= q + 1 - lo
        for s in range(lo, q + 1):
            m = rx.match(text, s, end)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = q + 1


_AFTER: dict[str, tuple[re.Pattern[str], bool] | None] = {}
# A pattern that opens with a lookbehind at one character of a class: (?<![^X]) or (?<=[X]).
_OPENING_LOOKBEHIND = re.compile(r"\(\?<([!=])\[(\^?)((?:\\.|[^\\\]])+)\]\)")


def _after(pattern: str) -> tuple[re.Pattern[str], bool] | None:
    """(scan, at_text_start) for a pattern `(?<![^X])R` (after a character of X or at the
    start of the text: DATE-02's sentence starts) or `(?<=[X])R` (after one only): scan is
    `[X]R`, which the engine searches for with a character-class scan, where the lookbehind
    made it try R at every character. None for any other pattern."""
    if pattern in _AFTER:
        return _AFTER[pattern]
    if len(_AFTER) >= LIMITS.regex_memo_entries:
        _AFTER.clear()
    found = None
    m = _OPENING_LOOKBEHIND.match(pattern)
    if m is not None and (m.group(1), m.group(2)) in (("!", "^"), ("=", "")):
        try:
            found = _derive_after(pattern, m)
        except (re.error, RecursionError):
            found = None
    _AFTER[pattern] = found
    return found


def _derive_after(pattern: str, m: re.Match[str]) -> tuple[re.Pattern[str], bool] | None:
    tree = list(_parser.parse(pattern))
    if len(tree) < 2 or tree[0][0] not in (_c.ASSERT, _c.ASSERT_NOT):
        return None  # e.g. a top-level alternation: the lookbehind opens one branch only
    direction, inside = tree[0][1]
    items = list(inside)
    chars = list(_parser.parse(f"[{m.group(3)}]"))
    if direction != -1 or len(items) != 1 or len(chars) != 1:
        return None
    negated = m.group(1) == "!"
    look, written = _class_of(items[0]), _class_of(chars[0])
    if look is None or written is None or written[0] or look != (negated, written[1]):
        return None  # not the class the text says: leave the pattern to the engine
    return re.compile(f"[{m.group(3)}]{pattern[m.end() :]}"), negated


def _class_of(item: tuple[Any, Any]) -> tuple[bool, list[Any]] | None:
    """(negated, members) of a one-character class as the parser writes it: a set, or a single
    (negated) literal."""
    op, av = item
    if op is _c.IN:
        members = list(av)
        negated = bool(members) and members[0][0] is _c.NEGATE
        return negated, members[1:] if negated else members
    if op is _c.LITERAL:
        return False, [(_c.LITERAL, av)]
    if op is _c.NOT_LITERAL:
        return True, [(_c.LITERAL, av)]
    return None


def _after_class(
    rx: re.Pattern[str], after: tuple[re.Pattern[str], bool], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """Exactly `rx.finditer(text, start, end)` for a pattern `_after` rewrote: a match of rx at
    s > 0 is a match of the scan at s - 1 (its class character, then the rest at s), so the
    scan from pos - 1 finds the first start at or after pos; the match itself is rx's at s.
    Position 0 (no character before it) is tried on its own when the pattern allows it."""
    scan, at_text_start = after
    n = len(text)
    start, end = min(max(start, 0), n), min(max(end, 0), n)  # as the engine clamps them
    if start > end:
        return
    pos = start
    if start == 0 and at_text_start:
        m = rx.match(text, 0, end)
        if m is not None:
            yield m
            if m.end() == 0:
                yield from _rest_after_empty(rx, text, 0, end)
                return
            pos = m.end()
    while True:
        found = scan.search(text, max(pos - 1, 0), end)
        if found is None:
            return
        s = found.start() + 1
        m = rx.match(text, s, end)
        if m is None:  # cannot be: the scan matched the same rest at s; search on all the same
            pos = s + 1
            continue
        yield m
        if m.end() == s:
            yield from _rest_after_empty(rx, text, s, end)
            return
        pos = m.end()


def _rest_after_empty(rx: re.Pattern[str], text: str, at: int, end: int) -> Iterator[re.Match[str]]:
    """What finditer finds after its empty match at `at` (which it finds first again)."""
    rest = rx.finditer(text, at, end)
    next(rest)
    yield from rest


def _reach(pattern: str) -> tuple[int, re.Pattern[str] | None] | None:
    """(width, tail): every match of `pattern` has its necessary part preceded, within the
    match, by at most `width` characters after a run of characters `tail` matches (one
    character each; None: no such run). None when the prefix is unbounded otherwise."""
    return _memoised(_REACH, pattern, _reach_uncached)


def _reach_uncached(pattern: str) -> tuple[int, re.Pattern[str] | None] | None:
    try:
        return _derive_reach(pattern) if necessary(pattern) is not None else None
    except (re.error, RecursionError, _Unsupported):
        return None


def _derive_reach(pattern: str) -> tuple[int, re.Pattern[str] | None] | None:
    tree = _parser.parse(pattern)
    flags = tree.state.flags & ~(re.VERBOSE | re.DEBUG)
    items = _flatten(list(tree))
    kept = _kept(items)
    if not kept:
        return None  # nothing before the necessary part: the engine's own scan is as good
    prefix = items[:kept]
    # trailing repeats of one character (`\s*`) may be any long: walked back over instead
    tails: list[str] = []
    while prefix:
        op, av = prefix[-1]
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            return None  # an assertion between the tail and the necessary part: keep it simple
        if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT) or av[1] is not _c.MAXREPEAT:
            break
        sub = list(av[2])
        if len(sub) != 1 or sub[0][0] not in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            break
        tails.append(_unparse(sub))
        prefix = prefix[:-1]
    width = _seq_width(prefix)
    if width is None:
        return None
    tail = re.compile("|".join(tails), flags) if tails else None
    return width[1], tail


def _kept(items: list[tuple[Any, Any]]) -> int | None:
    """Index in `items` (a flattened pattern) where the part `_derive` keeps begins; None
    when the derivation keeps nothing or rewrites none of it."""
    runs: list[list[int]] = [[]]
    complete = True
    for i, (op, av) in enumerate(items):
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            complete = False
            continue
        try:
            _unparse([(op, av)])
        except _Unsupported:
            complete = False
            runs.append([])
            continue
        runs[-1].append(i)
    run = runs[-1] if runs[-1] else next((r for r in reversed(runs) if r), [])
    if not run:
        return None
    first = 0
    while first < len(run) - 1 and items[run[first]][0] in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        first += 1
    while first < len(run) - 1 and _min_width(items[run[first]]) == 0:
        first += 1
    if complete and first == 0:
        return None
    if sum(_min_width(items[i]) for i in run[first:]) == 0:
        return None
    return run[first]


def _anchor(pattern: str) -> tuple[tuple[str, ...], int, int] | None:
    """(characters, min, max): every match has one of the characters at an offset between
    min and max from its start; None when no such small set and narrow window is known."""
    return _memoised(_ANCHORS, pattern, _anchor_uncached)


def _anchor_uncached(pattern: str) -> tuple[tuple[str, ...], int, int] | None:
    top = _case_sensitive_items(pattern)
    try:
        items = [] if top is None else _flatten(top)
        # a pattern that starts with a literal is already scanned for at C speed
        return _find_anchor(items) if items and not _scanned_by_engine(items[0]) else None
    except (re.error, RecursionError):
        return None


_MAX_WINDOW = 8  # starts tried per anchor character found


def _scanned_by_engine(item: tuple[Any, Any]) -> bool:
    """Whether the engine itself scans for a pattern's first item at C speed: a literal, or a
    choice whose every branch opens with one (此处填写|在此填写|…)."""
    op, av = item
    if op is _c.LITERAL:
        return True
    return op is _c.BRANCH and all(branch and list(branch)[0][0] is _c.LITERAL for branch in av[1])


def _find_anchor(items: list[tuple[Any, Any]]) -> tuple[tuple[str, ...], int, int] | None:
    best: tuple[tuple[str, ...], int, int] | None = None
    lo = hi = 0  # width of what comes before the current item
    for op, av in items:
        chars = _first_chars(op, av)
        if (
            chars is not None
            and len(chars) <= _MAX_REQUIRED
            and hi - lo < _MAX_WINDOW
            and (best is None or (len(chars), hi - lo) < (len(best[0]), best[2] - best[1]))
        ):
            best = (tuple(sorted(chars)), lo, hi)
        width = _width(op, av)
        if width is None:
            break
        lo, hi = lo + width[0], hi + width[1]
    return best


def _first_chars(op: Any, av: Any) -> frozenset[str] | None:
    """The characters an item's match must begin with, for a literal, a set of literals or
    a repeat of at least one of them."""
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _literal_set(av)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        inner_op, inner_av = list(av[2])[0]
        if inner_op in (_c.LITERAL, _c.IN):
            return _first_chars(inner_op, inner_av)
    if op is _c.BRANCH:
        # a choice of words (＿{2,}|_{3,}, XX|xx|ＸＸ): what the engine cannot scan for when
        # a branch opens with a repeat, or when a lookbehind comes first
        return _seq_first([(op, av)])
    return None


def _width(op: Any, av: Any) -> tuple[int, int] | None:
    """(min, max) characters an item matches; None when unbounded or unknown."""
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
        return 1, 1
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return 0, 0
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, sub = av
        inner = _seq_width(list(sub))
        if inner is None or hi is _c.MAXREPEAT:
            return None
        return lo * inner[0], hi * inner[1]
    if op is _c.SUBPATTERN:
        return _seq_width(list(av[3]))
    if op is _c.BRANCH:
        widths = [_seq_width(list(b)) for b in av[1]]
        if any(w is None for w in widths):
            return None
        known = [w for w in widths if w is not None]
        return min(w[0] for w in known), max(w[1] for w in known)
    return None


def _seq_width(items: list[tuple[Any, Any]]) -> tuple[int, int] | None:
    lo = hi = 0
    for op, av in items:
        width = _width(op, av)
        if width is None:
            return None
        lo, hi = lo + width[0], hi + width[1]
    return lo, hi


class _Unsupported(Exception):
    """A construct the derivation does not rewrite (back-references, local flags, …)."""


def _derive(pattern: str) -> re.Pattern[str] | None:
    tree = _parser.parse(pattern)
    flags = tree.state.flags & ~(re.VERBOSE | re.DEBUG)
    runs: list[list[tuple[Any, Any]]] = [[]]
    complete = True  # nothing of the pattern left out so far
    for op, av in _flatten(list(tree)):
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            complete = False  # zero-width: leaving it out only lets more texts match
            continue
        try:
            _unparse([(op, av)])
        except _Unsupported:
            complete = False
            runs.append([])  # a cut: the parts on either side need not be adjacent
            continue
        runs[-1].append((op, av))
    run = runs[-1] if runs[-1] else next((r for r in reversed(runs) if r), [])
    if not run:
        return None
    # Leading repeats (an optional prefix, a run of Han characters) make every position a
    # candidate start; a match of the rest is part of every match of the whole.
    first = 0
    while first < len(run) - 1 and run[first][0] in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        first += 1
    while first < len(run) - 1 and _min_width(run[first]) == 0:
        first += 1
    kept = run[first:]
    if complete and first == 0:
        return None  # the pattern itself: no cheaper test
    if sum(_min_width(item) for item in kept) == 0:
        return None  # would match anywhere: no test at all
    return re.compile(_unparse(kept), flags)


def _flatten(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A group without flags is its contents in sequence (concatenation is associative)."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is _c.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_flatten(list(av[3])))
        else:
            out.append((op, av))
    return out


def _min_width(item: tuple[Any, Any]) -> int:
    op, av = item
    if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
        return 1
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return int(av[0]) * sum(_min_width(x) for x in av[2])
    if op is _c.SUBPATTERN:
        return sum(_min_width(x) for x in av[3])
    if op is _c.BRANCH:
        return min(sum(_min_width(x) for x in branch) for branch in av[1])
    return 0


def _char(code: int) -> str:
    # \uXXXX means the same character inside and outside a class, whatever it is.
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _unparse(items: list[tuple[Any, Any]]) -> str:
    """The parsed items back as a regex with the same meaning; zero-width assertions inside
    are left out (the result matches at least what the items match)."""
    out: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(_char(av))
        elif op is _c.NOT_LITERAL:
            out.append(f"[^{_char(av)}]")
        elif op is _c.ANY:
            out.append(".")
        elif op is _c.IN:
            out.append(_charset(av))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, sub = av
            bound = f"{{{lo},}}" if hi is _c.MAXREPEAT else f"{{{lo},{hi}}}"
            lazy = "?" if op is _c.MIN_REPEAT else ""
            out.append(f"(?:{_unparse(list(sub))}){bound}{lazy}")
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unsupported
            out.append(f"(?:{_unparse(list(av[3]))})")
        elif op is _c.BRANCH:
            out.append("(?:" + "|".join(_unparse(list(b)) for b in av[1]) + ")")
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue
        else:  # back-references, conditionals, atomic groups, possessive repeats
            raise _Unsupported
    return "".join(out)


def _charset(items: list[tuple[Any, Any]]) -> str:
    parts: list[str] = []
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            parts.append(_char(av))
        elif op is _c.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.CATEGORY and str(av) in _CATEGORIES:
            parts.append(_CATEGORIES[str(av)])
        else:
            raise _Unsupported
    return "[" + ("^" if negate else "") + "".join(parts) + "]"
