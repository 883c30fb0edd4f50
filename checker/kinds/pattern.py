"""`pattern`: text that must not (or must) appear — placeholders, leftovers, garbling,
citation forms.

A `forbid` entry is a regex, or a mapping with the regex and what its findings say:
`values` (more message values, e.g. {why}) and `expected` (a template). The regex's named
groups are message values too; a group named `match` is the part reported (the rest is
context the regex needs, such as the words before a 文号). `ignore_whitespace` matches on
the text with whitespace removed (wordings broken over lines by PDF extraction). A missing
`require` is a finding about the report as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator, model_validator

from checker.findings import Finding
from checker.kinds._views import squeezed
from checker.matching import compiled, finditer, may_match
from checker.rule import RuleBase, Scope, Strict, check_regex, check_regexes, fmt

if TYPE_CHECKING:
    from checker.context import Context


class Forbidden(Strict):
    regex: str
    values: dict[str, str] = {}
    expected: str | None = None  # template: the regex's named groups and `values`

    @field_validator("regex")
    @classmethod
    def _valid(cls, v: str) -> str:
        return check_regex(v)


class Params(RuleBase):
    kind: Literal["pattern"]
    scope: Scope = "body"
    forbid: list[str | Forbidden] = []
    require: list[str] = []  # at least one must match somewhere in the scope
    expected: str | None = None  # what a missing `require` asks for (default: the regexes)
    raw: bool = False  # match the text as written (before bracket/digit normalisation)
    ignore_whitespace: bool = False
    include_tables: bool = False
    max_findings: int = 5

    @field_validator("forbid")
    @classmethod
    def _valid_forbid(cls, v: list[str | Forbidden]) -> list[str | Forbidden]:
        check_regexes([x for x in v if isinstance(x, str)])
        return v

    @field_validator("require")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @model_validator(mode="after")
    def _one_of(self) -> Params:
        if not self.forbid and not self.require:
            raise ValueError("pattern 规则至少要有 forbid 或 require 之一")
        return self


def _entry(item: str | Forbidden) -> tuple[str, dict[str, str], str | None]:
    """(regex, values, expected) of a forbid item; a plain regex is not made into a model
    (pydantic validation for every rule of every report)."""
    if isinstance(item, Forbidden):
        return item.regex, item.values, item.expected
    return item, {}, None


def _segments(ctx: Context, rule: Params) -> list[tuple[int, int]]:
    if rule.include_tables:
        span = ctx.scope_span(rule.scope)
        return [span] if span else []
    return ctx.prose_segments(rule.scope)


def _matches(
    ctx: Context, rule: Params, regex: str, segments: list[tuple[int, int]]
) -> Iterator[tuple[re.Match[str], int, int, int, int]]:
    """Matches within each segment text[a:b] in turn, each with the text span of what it
    reports and its segment."""
    rx = compiled(regex)
    group = "match" if "match" in rx.groupindex else 0
    if not rule.ignore_whitespace:
        source = ctx.doc.raw if rule.raw else ctx.doc.text
        # Segments lie in order within their hull: no match in the hull, none in a segment
        # (the prefilter's words and necessary part consume what they match).
        if len(segments) > 1 and not may_match(regex, source, segments[0][0], segments[-1][1]):
            return
        for a, b in segments:
            if not may_match(regex, source, a, b):
                continue
            for m in finditer(regex, source, a, b):
                yield m, m.start(group), m.end(group), a, b
        return
    view = squeezed(ctx, rule.raw)
    for a, b in segments:
        start, end = view.index(a), view.index(b)
        if not may_match(regex, view.text, start, end):
            continue
        for m in finditer(regex, view.text, start, end):
            start, end = view.span(m.start(group), m.end(group))
            yield m, start, end, a, b


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    source = ctx.doc.raw if rule.raw else ctx.doc.text
    segments = _segments(ctx, rule)
    if not segments:
        return
    count = 0
    for item in rule.forbid:
        regex, entry_values, entry_expected = _entry(item)
        for m, start, end, a, b in _matches(ctx, rule, regex, segments):
            if count >= rule.max_findings:
                return
            count += 1
            shown = source[start:end]
            snippet = source[max(a, start - 12) : min(b, end + 12)].replace("\n", " ")
            values = {**m.groupdict(default=""), **entry_values, "match": shown, "context": snippet}
            expected = fmt(entry_expected, values) if entry_expected else None
            values["expected"] = expected or ""
            yield ctx.finding(rule, values, span=(start, end), observed=shown, expected=expected)
    if rule.require:
        found = any(next(_matches(ctx, rule, p, segments), None) is not None for p in rule.require)
        if not found:
            finding = ctx.finding(
                rule,
                {"scope": rule.scope},
                offset=segments[0][0],
                expected=rule.expected or " | ".join(rule.require),
            )
            finding.span = None  # nothing was found anywhere: about the report as a whole
            yield finding
