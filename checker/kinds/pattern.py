"""`pattern`: text that must not (or must) appear — placeholders, leftovers, garbling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator, model_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase, Scope, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["pattern"]
    scope: Scope = "body"
    forbid: list[str] = []
    require: list[str] = []  # at least one must match somewhere in the scope
    raw: bool = False  # match the text as written (before bracket/digit normalisation)
    include_tables: bool = False
    max_findings: int = 5

    @field_validator("forbid", "require")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @model_validator(mode="after")
    def _one_of(self) -> Params:
        if not self.forbid and not self.require:
            raise ValueError("pattern 规则至少要有 forbid 或 require 之一")
        return self


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    source = ctx.doc.raw if rule.raw else ctx.doc.text
    if rule.include_tables:
        span = ctx.scope_span(rule.scope)
        segments = [span] if span else []
    else:
        segments = ctx.prose_segments(rule.scope)
    if not segments:
        return
    count = 0
    for pattern in rule.forbid:
        rx = re.compile(pattern)
        for a, b in segments:
            for m in rx.finditer(source, a, b):
                if count >= rule.max_findings:
                    return
                count += 1
                snippet = source[max(a, m.start() - 12) : min(b, m.end() + 12)].replace("\n", " ")
                # Named groups of the pattern are message values too: (?P<number>\d+) → {number}.
                values = {**m.groupdict(default=""), "match": m.group(0), "context": snippet}
                yield ctx.finding(rule, values, span=(m.start(), m.end()), observed=m.group(0))
    if rule.require:
        hit = any(re.search(p, source[a:b]) for p in rule.require for a, b in segments)
        if not hit:
            yield ctx.finding(
                rule, {"scope": rule.scope}, offset=segments[0][0], expected=" 或 ".join(rule.require)
            )
