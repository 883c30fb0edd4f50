"""`content`: what a section must talk about (topics, length, not just 「无」).

A topic is covered by a class of phrases: a match of `min_matches` of its `patterns`
covers it, except a match that lies inside a match of one of its `unless` phrases
(「依申请公开信息13件」 is no count of proactively published items).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.matching import may_match, scan
from checker.rule import RuleBase, Scope, Strict, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Topic(Strict):
    name: str
    patterns: list[str] = Field(min_length=1)  # phrases that cover the topic
    min_matches: int = Field(default=1, ge=1)  # how many different patterns must match
    unless: list[str] = []  # a pattern match inside a match of one of these does not count

    @field_validator("patterns", "unless")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Params(RuleBase):
    kind: Literal["content"]
    scope: Scope | list[Scope]  # several scopes are read as one text
    topics: list[Topic] = []
    min_topics: int | None = None  # default: every topic
    min_chars: int = 0
    max_chars: int | None = None
    only_none: list[str] = []  # the whole body is one of these (e.g. 无, 暂无)

    @property
    def scopes(self) -> list[str]:
        return list(self.scope) if isinstance(self.scope, list) else [self.scope]


def _body(ctx: Context, scopes: list[str]) -> tuple[str, int, str] | None:
    """(the scopes' prose, where it starts, the same without whitespace), once per report
    for each set of scopes: several rules read the same sections (body, 五, 六)."""
    key = "content:" + "|".join(scopes)
    if key in ctx.extra:
        cached: tuple[str, int, str] | None = ctx.extra[key]
        return cached
    segs = sorted(seg for scope in scopes for seg in ctx.prose_segments(scope))
    found = None
    if segs:
        # Scopes are joined with a line break so that no phrase is matched across two of them.
        text = "\n".join(ctx.doc.text[a:b] for a, b in segs)
        compact = "".join(text.split())  # str.split's whitespace is re's \s (tests/test_speed_views.py)
        found = (text, segs[0][0], compact)
    ctx.extra[key] = found
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def covered(topic: Topic, text: str) -> bool:
    """Whether `text` covers the topic; linear in the text for each pattern. The `unless`
    phrases are looked for once a pattern matches: most topics' patterns find nothing."""
    excluded: list[tuple[int, int]] = []
    starts: list[int] | None = None

    def counts(m: re.Match[str]) -> bool:
        nonlocal starts
        if starts is None:
            excluded.extend(
                _merged([(u.start(), u.end()) for p in topic.unless for u in scan(p, text, 0, len(text))])
            )
            starts = [s for s, _ in excluded]
        i = bisect.bisect_right(starts, m.start()) - 1
        return i < 0 or m.end() > excluded[i][1]

    hits = 0
    for pattern in topic.patterns:
        if not may_match(pattern, text, 0, len(text)):
            continue
        if any(counts(m) for m in scan(pattern, text, 0, len(text))):
            hits += 1
            if hits >= topic.min_matches:
                return True
    return False


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    scopes = rule.scopes
    got = _body(ctx, scopes)
    if got is None:
        section = next((ctx.st.sections[s] for s in scopes if s in ctx.st.sections), None)
        if section is not None:
            got = ("", section.body_start, "")  # the heading is there, its body is empty
        elif "preamble" in scopes:
            got = ("", ctx.st.preamble[0], "")  # no preamble at all: every topic is missing
        else:
            return  # a missing section is reported by the sections rules
    text, start, compact = got
    values = {"scope": "、".join(scopes), "chars": len(compact)}
    if rule.topics:
        missing = [t.name for t in rule.topics if not covered(t, text)]
        need = rule.min_topics if rule.min_topics is not None else len(rule.topics)
        if len(rule.topics) - len(missing) < need:
            yield ctx.finding(
                rule,
                {**values, "missing": "、".join(missing)},
                offset=start,
                observed="、".join(missing),
                expected="、".join(t.name for t in rule.topics),
            )
    too_short = bool(rule.min_chars) and len(compact) < rule.min_chars
    only_none = bool(rule.only_none) and compact.strip("。.；;") in rule.only_none
    if too_short or only_none:
        yield ctx.finding(
            rule,
            {**values, "text": compact},
            offset=start,
            observed=compact or len(compact),
            expected=f">= {rule.min_chars}" if rule.min_chars else None,
        )
    if rule.max_chars is not None and len(compact) > rule.max_chars:
        yield ctx.finding(rule, values, offset=start, observed=len(compact), expected=f"<= {rule.max_chars}")
