"""Checking the regular expressions rule packs are made of, before anything uses them.

Rule patterns run on the text of untrusted reports with Python's backtracking engine (the
bundled packs need lookarounds, which linear engines such as RE2 do not have). So every
pattern is analysed at load time over Python's own parse tree, and constructs whose
backtracking grows faster than the text are refused with a hint on how to rewrite them:

- a repeat with an unbounded (or more than LIMITS.regex_small_repeat) maximum whose body
  can itself match different lengths — `(a+)+`, `(?:x*y?)*`, `(?:\\d{1,3},?)+` — unless the
  body holds a required character that none of its variable parts can match, which fixes
  where each round ends (`(?:\\d+、)+` is fine) — but not when, inside a round, two parts
  of variable length may match the same characters (`(?:ba*a?)*`: every round splits its a's
  two ways, so k rounds split 2^k ways);
- such a repeat over an alternation whose branches can start with the same character
  (`(a|ab)+`, `(\\d|\\d\\d)+`), by the same test;
- two unbounded repeats with only optional items between them whose characters overlap
  (`\\d+\\d+`, `.*.*`, `\\s*万?\\s*`): not exponential, but every extra one multiplies the work
  by the text length. One unbounded repeat between fixed parts (`\\d+\\s*件`) is allowed;
- nested bounded repeats whose maxima multiply past LIMITS.regex_repeat_product
  (`(?:a{0,100}){0,100}`).

Possessive repeats (`a++`) and atomic groups (`(?>…)`) never backtrack into what they
matched and are accepted. The analysis over-approximates character classes (\\w, \\d, \\s
as the characters they may match), so it may refuse a pattern that is in fact safe, never
the other way round for the constructs above; matching still runs under the per-file time
limit for anything it does not model (back-references, lookbehind interplay).

A pattern that can never match anything (`(?!)`, `$x`, `[^\\s\\S]`) is refused too: the rule
it belongs to would never fire.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.limits import LIMITS

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

MAXCODE = 0x10FFFF
INF = 1 << 62

Ranges = tuple[tuple[int, int], ...]


class RegexProblem(ValueError):
    """A pattern refused at load time; `pattern` lets the loader point at its line and column."""

    def __init__(self, message: str, pattern: str) -> None:
        super().__init__(message)
        self.pattern = pattern


# --- character sets, as sorted disjoint code-point ranges -------------------------------------------


def _norm(ranges: list[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _union(a: Ranges, b: Ranges) -> Ranges:
    return _norm([*a, *b]) if a and b else (a or b)


def _complement(a: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in a:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAXCODE:
        out.append((start, MAXCODE))
    return tuple(out)


def _meet(a: Ranges, b: Ranges) -> bool:
    """Whether the two sets share a character."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def _within(a: Ranges, b: Ranges) -> bool:
    """Whether every character of `a` is in `b`."""
    return not _meet(a, _complement(b))


ALL: Ranges = ((0, MAXCODE),)
NEWLINE: Ranges = ((10, 10),)
_DIGIT = _norm([(0x30, 0x39), (0x660, 0x669), (0x6F0, 0x6F9), (0x966, 0x96F), (0xFF10, 0xFF19)])
_SPACE = _norm(
    [(9, 13), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A)]
    + [(0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000)]
)
# \w as everything but spaces, controls and punctuation (ASCII, general, CJK, full-width)
_NOT_WORD = _union(
    _SPACE,
    _norm(
        [(0, 0x2F), (0x3A, 0x40), (0x5B, 0x5E), (0x60, 0x60), (0x7B, 0xA0), (0x2010, 0x205E)]
        + [(0x3000, 0x3003), (0x3008, 0x3020), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40)]
        + [(0xFF5B, 0xFF65)]
    ),
)
# A category and its negation are exact complements of one approximation, so that
# [^\s\S] is empty and \d, \D never both miss a character.
_CATEGORIES: dict[str, Ranges] = {
    "CATEGORY_DIGIT": _DIGIT,
    "CATEGORY_NOT_DIGIT": _complement(_DIGIT),
    "CATEGORY_SPACE": _SPACE,
    "CATEGORY_NOT_SPACE": _complement(_SPACE),
    "CATEGORY_WORD": _complement(_NOT_WORD),
    "CATEGORY_NOT_WORD": _NOT_WORD,
}


def _char(code: int, ignore_case: bool) -> Ranges:
    if not ignore_case:
        return ((code, code),)
    ch = chr(code)
    return _norm([(ord(c), ord(c)) for c in {ch, ch.lower(), ch.upper()} if len(c) == 1])


def _class(items: list[tuple[Any, Any]], ignore_case: bool) -> Ranges:
    negate = False
    ranges: list[tuple[int, int]] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            ranges += _char(av, ignore_case)
        elif name == "RANGE":
            ranges.append((av[0], av[1]))
            if ignore_case:  # ASCII letters' other case; enough for rule packs
                for lo, hi, shift in ((65, 90, 32), (97, 122, -32)):
                    a, b = max(av[0], lo), min(av[1], hi)
                    if a <= b:
                        ranges.append((a + shift, b + shift))
        elif name == "CATEGORY":
            ranges += _CATEGORIES.get(str(av), ALL)
        else:  # anything unforeseen: assume it may match any character
            ranges += ALL
    found = _norm(ranges)
    return _complement(found) if negate else found


# --- the analysis ------------------------------------------------------------------------------------


@dataclass
class _Info:
    """What a piece of a pattern can match, as far as the checks need it."""

    minlen: int = 0
    maxlen: int = 0
    first: Ranges = ()  # characters a non-empty match may start with
    chars: Ranges = ()  # characters it may consume anywhere
    vary: Ranges = ()  # characters consumed by parts that can match different lengths
    vary_alt: bool = False  # …some of them by an alternation whose branches start alike
    seps: list[Ranges] = field(default_factory=list)  # required single characters
    # unbounded repeats it may start with, each with the required parts before it (a few at
    # most): (L, [P…]) — an earlier repeat E is adjacent to L when E may match L's characters
    # and every P (aa* after a*: a* can be where the a is)
    lead: list[tuple[Ranges, tuple[Ranges, ...]]] = field(default_factory=list)
    trail: list[Ranges] = field(default_factory=list)  # …and end with
    product: int = 1  # the product of the maxima of nested bounded repeats
    spread: int = 1  # a bounded repeat: how many lengths it can match (a{2,5}: 4)
    conditional: bool = False  # holds anchors, lookarounds or back-references
    never: str | None = None  # why it can never match
    ambiguous: bool = False  # some text is matched by it in two ways ((?:b|[bc]), (?:|))


_LEAD_PREFIX = 4  # required parts looked through before an unbounded repeat (see _Info.lead)

_HINT_NESTED = (
    "嵌套的重复：外层重复的内容本身长度可变，同一段文字有指数多种切分，回溯会随文本长度爆炸；"
    "请去掉一层重复（如把 (a+)+ 写成 a+），或在每轮中加入一个可变部分不会匹配的分隔字符"
    "（如 (?:\\d+、)+），或改用占有量词/原子组（a++、(?>…)）"
)
_HINT_ALT = (
    "被重复的分支可以匹配相同的开头（如 (a|ab)+、(\\d|\\d\\d)+），同一段文字有多种切分，回溯会爆炸；"
    "请让各分支以不同的字符开头（如 (?:ab?)+），或改用原子组 (?>…)"
)
_HINT_ADJACENT = (
    "相邻的两个无上限重复可以匹配相同的字符（如 \\d+\\d+、.*.*、\\s*万?\\s*），匹配代价随文本长度成倍增长；"
    "请合并为一个重复，或把中间的可选部分写成 (?:万\\s*)? 的形式"
)


class _Analyser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.memo: dict[tuple[str, int, int], _Info] = {}

    def refuse(self, what: str) -> RegexProblem:
        excerpt = self.pattern if len(self.pattern) <= 60 else self.pattern[:60] + "…"
        return RegexProblem(f"正则表达式“{excerpt}”不被接受：{what}", self.pattern)

    def seq(self, items: Any, flags: int) -> _Info:
        info = _Info()
        pending: list[Ranges] = []  # unbounded repeats reachable from here past optional items only
        # parts of variable length reachable the same way: one more that may start with their
        # characters splits the same text two ways (a*a?), harmless once, exponential when
        # the whole is repeated ((?:ba*a?)*)
        pending_vary: list[Ranges] = []
        at_end = ""  # "$" or "Z" once an end anchor has been passed with nothing consumed after it
        nullable_so_far = True
        prefix: tuple[Ranges, ...] = ()  # the required parts so far (for lead)
        chain, chain_sets = 1, list[Ranges]()  # bounded repeats in a row over shared characters: a{0,9}a{0,9}
        for op, av in _flatten(items):
            part = self.node(str(op), av, flags)
            # a bounded repeat splits its characters `spread` ways; a group holding a run of
            # them (a|a+a{1,12}) splits them `product` ways, and joins a run the same way
            spread = part.spread if part.spread > 1 else part.product
            if spread > 1:
                if not any(_meet(part.chars, cs) for cs in chain_sets):
                    chain, chain_sets = 1, []
                chain *= spread
                chain_sets.append(part.chars)
                if chain > LIMITS.regex_repeat_product:
                    raise self.refuse(
                        f"相邻的有界重复可匹配相同的字符，切分方式过多（{chain} 种，上限 "
                        f"{LIMITS.regex_repeat_product}）；请合并为一个重复或减小上限"
                    )
            elif part.minlen > 0 and (part.maxlen < INF or not any(_meet(part.chars, c) for c in chain_sets)):
                chain, chain_sets = 1, []  # a fixed part ends the run; an unbounded one over it does not
            # anchors that no character can follow or precede
            name = str(op)
            if name == "AT":
                where = str(av)
                if where == "AT_END_STRING":
                    at_end = "Z"
                elif where == "AT_END":
                    at_end = at_end or "$"
                elif (
                    where in ("AT_BEGINNING_STRING", "AT_BEGINNING")
                    and info.minlen > 0
                    and (where == "AT_BEGINNING_STRING" or not flags & re.MULTILINE)
                ):
                    info.never = info.never or "开头锚点（^、\\A）前面还要求有字符"
            elif part.minlen > 0 and at_end:
                if at_end == "Z" or not _meet(part.first, NEWLINE):
                    info.never = info.never or "结尾锚点（$、\\Z）后面还要求有字符"
                at_end = "" if flags & re.MULTILINE else "Z"
            for earlier in pending:
                for loop, before in part.lead:
                    if _meet(earlier, loop) and all(_meet(earlier, p) for p in before):
                        raise self.refuse(_HINT_ADJACENT)
            if part.vary and any(_meet(e, part.first) for e in pending_vary):
                info.ambiguous = True
            # an earlier repeat stays "adjacent" past optional parts, and past required ones
            # that may be one of its characters (.*b.* is as ambiguous as .*.*)
            pending = [*part.trail, *(e for e in pending if part.minlen == 0 or _meet(part.chars, e))]
            kept = [e for e in pending_vary if part.minlen == 0 or _meet(part.chars, e)]
            pending_vary = [part.vary, *kept] if part.vary else kept
            if len(prefix) <= _LEAD_PREFIX:
                info.lead += [(loop, (*prefix, *before)) for loop, before in part.lead]
                if part.minlen > 0:
                    prefix = (*prefix, part.chars)
            if nullable_so_far:
                info.first = _union(info.first, part.first)
            nullable_so_far = nullable_so_far and part.minlen == 0
            info.minlen += part.minlen
            info.maxlen = min(INF, info.maxlen + part.maxlen)
            info.chars = _union(info.chars, part.chars)
            info.vary = _union(info.vary, part.vary)
            info.vary_alt = info.vary_alt or part.vary_alt
            info.seps += part.seps
            # a run of adjacent bounded repeats over shared characters splits a text in
            # `chain` ways, as nested repeats do in `product` ways
            info.product = max(info.product, part.product, chain)
            info.conditional = info.conditional or part.conditional
            info.never = info.never or part.never
            info.ambiguous = info.ambiguous or part.ambiguous
        info.trail = pending
        return info

    def node(self, op: str, av: Any, flags: int) -> _Info:
        # remembered per node: a repeat's body is walked again as two rounds (see repeat)
        key = (op, id(av), flags)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self.compute(op, av, flags)
        return found

    def compute(self, op: str, av: Any, flags: int) -> _Info:
        ic = bool(flags & re.IGNORECASE)
        if op in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            if op == "LITERAL":
                cs = _char(av, ic)
            elif op == "NOT_LITERAL":
                cs = _complement(_char(av, ic))
            elif op == "ANY":
                cs = ALL if flags & re.DOTALL else _complement(NEWLINE)
            else:
                cs = _class(av, ic)
            if not cs:
                return _Info(1, 1, never="字符类不含任何字符（如 [^\\s\\S]）")
            return _Info(1, 1, first=cs, chars=cs, seps=[cs])
        if op == "SUBPATTERN":
            _group, add, drop, sub = av
            return self.seq(sub, (flags | add) & ~drop)
        if op == "ATOMIC_GROUP":
            inner = self.seq(av, flags)
            # what it matched is never given back: from a given start it matches one way
            inner.trail, inner.vary, inner.vary_alt, inner.ambiguous = [], (), False, False
            return inner
        if op == "BRANCH":
            return self.branch(av[1], flags)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self.repeat(op, av, flags)
        if op in ("ASSERT", "ASSERT_NOT"):
            _direction, sub = av
            inner = self.seq(sub, flags)
            if op == "ASSERT":
                return _Info(conditional=True, never=inner.never)
            if inner.minlen == 0 and not inner.conditional and inner.never is None:
                return _Info(conditional=True, never="否定环视 (?!…)/(?<!…) 的内容总能匹配空串")
            return _Info(conditional=True)
        if op == "GROUPREF_EXISTS":
            _group, yes, no = av
            parts = [self.seq(yes, flags), self.seq(no, flags) if no is not None else _Info()]
            merged = self.alternatives(parts)
            merged.conditional = True
            return merged
        if op == "AT":
            return _Info(conditional=True)
        # back-references and anything else: any text, conditionally
        return _Info(0, INF, first=ALL, chars=ALL, conditional=True)

    def alternatives(self, parts: list[_Info]) -> _Info:
        live = [p for p in parts if p.never is None]
        if not live:
            return _Info(never=parts[0].never if parts else "没有可匹配的分支")
        info = _Info(
            minlen=min(p.minlen for p in live),
            maxlen=max(p.maxlen for p in live),
            conditional=any(p.conditional for p in live),
            product=max(p.product for p in live),
        )
        overlap = any(_meet(a.first, b.first) for i, a in enumerate(live) for b in live[i + 1 :])
        if overlap:  # a text both branches can split is tried each way: their splits add up
            info.product = max(info.product, sum(p.product for p in live if p.product > 1))
        for p in live:
            info.first = _union(info.first, p.first)
            info.chars = _union(info.chars, p.chars)
            info.vary = _union(info.vary, p.vary)
            info.vary_alt = info.vary_alt or p.vary_alt
            info.lead += p.lead
            info.trail += p.trail
        # Branches that can start with the same character can share text, and an empty branch
        # beside a non-empty one is an optional part (Python writes (\d|\d\d) as \d(?:|\d)):
        # either way, in a repeat, the same input splits into rounds in many ways.
        optional = len({p.minlen == 0 for p in live}) > 1
        if overlap or optional:
            info.vary = _union(info.vary, info.chars)
            info.vary_alt = True
        # two branches that can both match nothing, or start alike, may match one text twice
        info.ambiguous = overlap or sum(p.minlen == 0 for p in live) > 1 or any(p.ambiguous for p in live)
        # the required characters common to every branch are not known: none
        return info

    def branch(self, branches: list[Any], flags: int) -> _Info:
        return self.alternatives([self.seq(b, flags) for b in branches])

    def repeat(self, op: str, av: Any, flags: int) -> _Info:
        low, high, sub = av
        body = self.seq(sub, flags)
        unbounded = high == _c.MAXREPEAT
        top = INF if unbounded else high
        counting = unbounded or high > LIMITS.regex_small_repeat  # for nesting
        endless = unbounded or high > LIMITS.regex_repeat_product  # for adjacency
        if body.never is not None:
            if low > 0:
                return _Info(never=body.never)
            return _Info()  # only the empty match is left
        # Each round of a body of variable length picks its own split: the rounds' splits
        # multiply ((?:a{1,12}a{0,3}){0,3} is 48³ ways); a fixed-length body's only add up.
        combined = high * body.product
        if not unbounded and body.product > 1 and body.minlen != body.maxlen:
            # bounded by the budget first: the power of a large repeat would be a huge number
            budget = LIMITS.regex_repeat_product
            combined = budget + 1 if high > budget else min(body.product**high, budget + 1)
        if not unbounded and body.product > 1 and combined > LIMITS.regex_repeat_product:
            raise self.refuse(
                f"嵌套的有界重复组合过多（超过 "
                f"{LIMITS.regex_repeat_product} 种切分），回溯可能极慢；请减小上限或去掉一层重复"
            )
        possessive = op == "POSSESSIVE_REPEAT"
        if counting and not possessive and body.ambiguous:
            raise self.refuse(_HINT_ALT if body.vary_alt else _HINT_NESTED)
        if counting and not possessive and body.maxlen > 0 and body.vary:
            delimited = any(not _meet(sep, body.vary) for sep in body.seps)
            if not delimited:
                raise self.refuse(_HINT_ALT if body.vary_alt else _HINT_NESTED)
        # one round's last unbounded repeat meets the next round's: (?:a*){0,3} is a*a*a*, and
        # (?:aa*){2} is aa*aa*: two rounds in a row are checked as one sequence
        if high >= 2 and not possessive and body.trail:
            self.seq([*sub, *sub], flags)
        info = _Info(
            minlen=min(INF, low * body.minlen),
            maxlen=0 if body.maxlen == 0 or high == 0 else min(INF, top * body.maxlen),
            first=body.first if high > 0 else (),
            chars=body.chars if high > 0 else (),
            conditional=body.conditional,
            product=body.product * (1 if unbounded else max(high, 1)),
            ambiguous=body.ambiguous and high > 0 and not possessive,
        )
        if not unbounded and not possessive and info.maxlen < INF:
            info.spread = info.maxlen - info.minlen + 1
        variable = low != high or body.minlen != body.maxlen
        if possessive:
            pass  # from a given start it matches one way
        elif variable and high > 0:
            info.vary = _union(body.vary, body.chars)
        else:
            info.vary, info.vary_alt = body.vary, body.vary_alt
        if low == high and low >= 1:  # a fixed count keeps its required characters
            info.seps = body.seps
        if high > 0:
            if endless and body.maxlen > 0:
                # what comes before a possessive repeat may still give back into it; what it
                # matched itself is never given back
                info.lead = [(body.chars, ())]
                info.trail = [] if possessive else [body.chars]
            else:
                info.lead, info.trail = body.lead, body.trail
        return info


def _flatten(items: Any) -> list[tuple[Any, Any]]:
    """The items of a sequence with plain (flag-free) groups opened, so that anchors and
    adjacent repeats are seen across group boundaries."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if str(op) == "SUBPATTERN" and not av[1] and not av[2]:
            out += _flatten(av[3])
        else:
            out.append((op, av))
    return out


def analyse(pattern: str) -> None:
    """Refuse (RegexProblem) a pattern with super-linear backtracking or no possible match."""
    try:
        tree = _parser.parse(pattern)
    except RecursionError:
        raise RegexProblem(f"正则表达式“{pattern[:60]}”嵌套过深", pattern) from None
    analyser = _Analyser(pattern)
    try:
        info = analyser.seq(tree, tree.state.flags)
    except RecursionError:
        raise RegexProblem(f"正则表达式“{pattern[:60]}”嵌套过深", pattern) from None
    if info.never is not None:
        raise RegexProblem(
            f"正则表达式“{pattern[:60]}”永远不会匹配任何文本：{info.never}；这条规则永远不会触发", pattern
        )


@functools.lru_cache(maxsize=4096)
def _problem(value: str) -> RegexProblem | None:
    """What is wrong with one pattern, if anything. Remembered: a pack states many patterns
    twice (a 2019 pack inherits most of the 2021 one's) and both are loaded in one run."""
    if not value:
        return RegexProblem("正则表达式不能为空（空模式会匹配任何文本）", value)
    try:
        re.compile(value)
    except re.error as exc:
        return RegexProblem(f"正则表达式“{value}”无效：{exc}", value)
    except RecursionError:
        return RegexProblem(f"正则表达式“{value[:60]}”嵌套过深", value)
    try:
        analyse(value)
    except RegexProblem as exc:
        return exc
    return None


_CHECKED_BEFORE: contextvars.ContextVar[bool] = contextvars.ContextVar("checked_before", default=False)


@contextlib.contextmanager
def checked_before() -> Iterator[None]:
    """Inside: patterns are taken as already checked. Only for reading a private cached pack
    whose key covers this module, the limits and every YAML file: the same code passed the
    same patterns when the cache was written, and analysing 300 patterns again would cost
    more than the rest of a cached start-up."""
    token = _CHECKED_BEFORE.set(True)
    try:
        yield
    finally:
        _CHECKED_BEFORE.reset(token)


def check_regexes(values: list[str]) -> list[str]:
    """Every regex compiles, is not empty (an empty one matches everything), can match
    something and has no super-linear construct; the values themselves, for use in pydantic
    validators. Errors are said for rule authors."""
    if _CHECKED_BEFORE.get():
        return values
    for value in values:
        problem = _problem(value)
        if problem is not None:
            raise RegexProblem(str(problem), value)
    return values


def check_regex(value: str) -> str:
    return check_regexes([value])[0]
