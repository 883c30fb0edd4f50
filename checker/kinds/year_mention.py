"""`year_mention`: a year the report mentions in a given wording, compared with the report year.

Each mention is a regex with a named group `year` (and optionally `match`, the part shown),
looked for in some sections; a finding when `year <compare> report year` (`previous`: the
year before the report year). A sentence
matching one of `unless` speaks of that year in context (与2022年相比, 结转); when
`if_sentence` is given, the sentence must also match one of it (a count: 共收到13件). In
`unless` and `if_sentence`, `{report_year}` stands for the report year. Years inside the
spans of `ignore_within` (a cited document's title 《…2022年…要点》) are not mentions.
Used for the previous year's text left in a new report, and for last year's work plan cited
as this year's basis.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds._views import sentence_around
from checker.matching import compiled, finditer
from checker.rule import RuleBase, Scope, Strict, check_regex, check_regexes, fmt

if TYPE_CHECKING:
    from checker.context import Context

# mentioned year, report year -> whether the mention is a finding
_COMPARE = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "!=": lambda a, b: a != b,
    "previous": lambda a, b: a == b - 1,
}


class Mention(Strict):
    regex: str
    scopes: list[Scope] = Field(default_factory=lambda: ["body"])  # type: ignore[arg-type]
    compare: Literal["<", ">", "!=", "previous"] = "!="
    certain: bool = True
    unless: list[str] = []
    if_sentence: list[str] = []
    expected: str | None = None  # template: {report_year}, the regex's named groups
    excerpt: int = Field(default=40, ge=0, le=200)  # sentence characters shown from the mention on

    @field_validator("regex")
    @classmethod
    def _has_year(cls, v: str) -> str:
        check_regex(v)
        if "year" not in re.compile(v).groupindex:
            raise ValueError(f"年份写法“{v}”缺少命名分组 (?P<year>…)")
        return v

    @field_validator("unless", "if_sentence")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Params(RuleBase):
    kind: Literal["year_mention"]
    mentions: list[Mention] = Field(min_length=1)
    ignore_within: list[str] = []  # regexes: spans whose years are not the narrative's
    max_findings: int = 5

    @field_validator("ignore_within")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


_CLAUSE_END = re.compile(r"[，,；;、：:]")


def _excerpt(text: str, start: int, end: int, sentence_end: int, length: int) -> str:
    """The mention and what follows in its sentence, up to a clause end near `length`
    characters (the match alone when `length` is 0)."""
    if length <= end - start:
        return re.sub(r"\s+", "", text[start:end])
    stop = min(sentence_end, start + length)
    clause = _CLAUSE_END.search(text, start + length // 2, stop)
    cut = clause.start() if clause else stop
    more = "…" if cut < sentence_end and not clause else ""
    return re.sub(r"\s+", "", text[start:cut]) + more


class _Spans:
    """The `ignore_within` spans, merged and sorted, so that a look-up costs a bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]


def _ignored_spans(ctx: Context, rule: Params) -> _Spans:
    return _Spans([m.span() for p in rule.ignore_within for m in re.finditer(p, ctx.doc.text)])


def _mentions(ctx: Context, regex: str, a: int, b: int) -> list[re.Match[str]]:
    """The regex's matches in text[a:b], found once per report: mentions with the same regex
    and other comparisons (DATE-02's narrative years) read the same sections."""
    key = f"year_mention:{a}:{b}:{regex}"
    found: list[re.Match[str]] | None = ctx.extra.get(key)
    if found is None:
        found = ctx.extra[key] = list(finditer(regex, ctx.doc.text, a, b))
    return found


def _with_year(patterns: list[str], year: int) -> list[str]:
    return [fmt(p, {"report_year": year}) for p in patterns]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    if not year:
        return
    text = ctx.doc.text
    ignored = _ignored_spans(ctx, rule)
    seen: set[int] = set()
    count = 0
    for mention in rule.mentions:
        rx = compiled(mention.regex)
        unless = _with_year(mention.unless, year)
        needed = _with_year(mention.if_sentence, year)
        segments = [seg for scope in mention.scopes for seg in ctx.prose_segments(scope)]
        for a, b in sorted(set(segments)):
            for m in _mentions(ctx, mention.regex, a, b):
                cited = int(m.group("year"))
                start, end = m.span("match") if "match" in rx.groupindex else m.span()
                if start in seen or not _COMPARE[mention.compare](cited, year):
                    continue
                if m.start("year") in ignored:
                    continue
                lo, hi = sentence_around(text, m.start(), m.end())
                sentence = text[lo:hi]
                if any(re.search(p, sentence) for p in unless):
                    continue
                if needed and not any(re.search(p, sentence) for p in needed):
                    continue
                seen.add(start)
                if count >= rule.max_findings:
                    return
                count += 1
                shown = text[start:end]
                excerpt = _excerpt(text, start, end, hi, mention.excerpt)
                values = {
                    **m.groupdict(default=""),
                    "match": shown,
                    "excerpt": excerpt,
                    "year": cited,
                    "report_year": year,
                }
                expected = fmt(mention.expected, values) if mention.expected else None
                yield ctx.finding(
                    rule,
                    values,
                    span=(start, end),
                    observed=shown,
                    expected=expected,
                    certain=mention.certain,
                )
