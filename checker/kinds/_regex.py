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

Not a rule kind: a helper of the kinds that match rule regexes.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from checker.limits import LIMITS

# The parser `re.compile` itself uses (re._parser in 3.11+): its tree is what the engine runs.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_COMPILED: dict[str, re.Pattern[str]] = {}
_NECESSARY: dict[str, re.Pattern[str] | None] = {}


def compiled(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, memoised for the life of the process."""
    rx = _COMPILED.get(pattern)
    if rx is None:
        if len(_COMPILED) >= LIMITS.regex_memo_entries:
            _COMPILED.clear()  # patterns built from rule data only; a cap all the same
        rx = _COMPILED[pattern] = re.compile(pattern)
    return rx


def necessary(pattern: str) -> re.Pattern[str] | None:
    """A regex that finds a match in every text `pattern` finds one in (within the same
    pos/endpos), or None when there is none cheaper than the pattern itself."""
    if pattern in _NECESSARY:
        return _NECESSARY[pattern]
    if len(_NECESSARY) >= LIMITS.regex_memo_entries:
        _NECESSARY.clear()
    try:
        found = _derive(pattern)
    except (re.error, RecursionError, _Unsupported):
        found = None
    _NECESSARY[pattern] = found
    return found


def may_match(pattern: str, text: str, start: int, end: int) -> bool:
    """False only when `pattern` certainly has no match in text[start:end]."""
    pre = necessary(pattern)
    return pre is None or pre.search(text, start, end) is not None


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
