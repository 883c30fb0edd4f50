"""`content`: what a section must talk about (topics, length, not just 「无」)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase, Scope, Strict, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Topic(Strict):
    name: str
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Params(RuleBase):
    kind: Literal["content"]
    scope: Scope
    topics: list[Topic] = []
    min_topics: int | None = None  # default: every topic
    min_chars: int = 0
    max_chars: int | None = None
    only_none: list[str] = []  # the whole body is one of these (e.g. 无, 暂无)


def _body(ctx: Context, scope: str) -> tuple[str, int] | None:
    segs = ctx.prose_segments(scope)
    if not segs:
        return None
    text = "".join(ctx.doc.text[a:b] for a, b in segs)
    return text, segs[0][0]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    got = _body(ctx, rule.scope)
    if got is None:
        section = ctx.st.sections.get(rule.scope)
        if section is not None:
            got = ("", section.body_start)  # the heading is there, its body is empty
        elif rule.scope == "preamble":
            got = ("", ctx.st.preamble[0])  # no preamble at all: every topic is missing
        else:
            return  # a missing section is reported by the sections rules
    text, start = got
    compact = re.sub(r"\s+", "", text)
    values = {"scope": rule.scope, "chars": len(compact)}
    if rule.topics:
        missing = [t.name for t in rule.topics if not any(re.search(p, text) for p in t.patterns)]
        need = rule.min_topics if rule.min_topics is not None else len(rule.topics)
        if len(rule.topics) - len(missing) < need:
            yield ctx.finding(
                rule,
                {**values, "missing": "、".join(missing)},
                offset=start,
                observed="缺少：" + "、".join(missing),
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
            expected=f">= {rule.min_chars} 字" if rule.min_chars else None,
        )
    if rule.max_chars is not None and len(compact) > rule.max_chars:
        yield ctx.finding(rule, values, offset=start, observed=len(compact), expected=f"<= {rule.max_chars}")
