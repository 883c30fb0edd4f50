"""`claim`: a "none" or "all" the narrative claims, which the table or the narrative itself contradicts.

「全部办结」 while applications are carried over, 「未发生行政复议」 while 表四 counts one,
「未收取信息处理费」 while another sentence says what was collected. Each claim says which
cells it makes zero (their sum) and which narrative numbers it rules out; a table
contradiction is judged over every reading of the cells (certain when the cells are above
zero however digits that ran together are cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator, model_validator

from checker.findings import Finding
from checker.matching import scan
from checker.rule import RuleBase, Scope, Strict, check_regexes
from checker.tables.evidence import sentence_span
from checker.tables.outcome import evaluate

if TYPE_CHECKING:
    from checker.context import Context


class Claim(Strict):
    patterns: list[str]  # the claim as offices write it
    zero: list[str] = []  # table.row.column cells the claim says add up to 0
    # narrative numbers the claim rules out: regexes with (?P<n>…); a number above 0 contradicts it
    contradicted_by: list[str] = []
    unless: list[str] = []  # words in the claim's own sentence that limit it (then it is no claim)

    @field_validator("patterns", "unless")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @field_validator("contradicted_by")
    @classmethod
    def _numbers(cls, v: list[str]) -> list[str]:
        for p in check_regexes(v):
            if "(?P<n>" not in p:
                raise ValueError(f"模式“{p}”缺少命名分组 (?P<n>…) 来捕获数字")
        return v

    @model_validator(mode="after")
    def _something(self) -> Claim:
        if not self.zero and not self.contradicted_by:
            raise ValueError("claim 至少要有 zero（表格单元格）或 contradicted_by（正文数字）之一")
        return self


class Params(RuleBase):
    kind: Literal["claim"]
    scope: Scope = "body"
    claims: list[Claim]
    # how the contradiction is said, inside {evidence}: {cells} {value} / {match}
    table_evidence: str = Field(min_length=2)
    text_evidence: str = Field(min_length=2)
    max_findings: int = 3


def _table_contradiction(ctx: Context, rule: Params, claim: Claim) -> tuple[str, bool] | None:
    """(how the table contradicts the claim, certain?), or None when no cell it says is 0 is above 0.

    Each cell is judged alone: a blank or unreadable cell says nothing either way."""
    found: tuple[str, bool] | None = None
    notes = ctx.pack.reading_notes
    for ref in claim.zero:
        cell = ctx.cell(ref)
        if cell is None:
            continue
        outcome = evaluate([(cell, 1)])
        if outcome is None or outcome.holds_all:
            continue
        value = (
            str(cell.value)
            if cell.value is not None
            else notes.alternatives.join(str(v) for v in cell.candidates)
        )
        said = rule.table_evidence.replace("{cells}", _cell_name(ctx, ref)).replace("{value}", value or "?")
        if outcome.certain:
            return said, True
        found = found or (said, False)
    return found


def _cell_name(ctx: Context, ref: str) -> str:
    """表三.结转下年.总计 as a clerk reads it: 表三“四、结转下年度继续办理”行“总计”列."""
    table, _, rest = ref.partition(".")
    row_ref, _, column = rest.rpartition(".")
    cell = ctx.cell(ref)
    row = cell.row if cell is not None else row_ref
    return table + ctx.pack.reading_notes.cell_ref.replace("{row}", row).replace("{column}", column)


def _text_contradiction(
    ctx: Context, rule: Params, claim: Claim, segments: list[tuple[int, int]]
) -> str | None:
    text = ctx.doc.text
    for pattern in claim.contradicted_by:
        for a, b in segments:
            for m in scan(pattern, text, a, b):
                try:
                    number = Decimal(m.group("n"))
                except InvalidOperation:
                    continue
                if number > 0:
                    return rule.text_evidence.replace("{match}", m.group(0))
    return None


def _first_claim(text: str, claim: Claim, segments: list[tuple[int, int]]) -> re.Match[str] | None:
    """Where the report first makes the claim, in a sentence that does not limit it."""
    for pattern in claim.patterns:
        for a, b in segments:
            for m in scan(pattern, text, a, b):
                s, e = sentence_span(text, m.start(), m.end())
                if not any(re.search(u, text[s:e]) for u in claim.unless):
                    return m
    return None


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    segments = ctx.prose_segments(rule.scope)
    text = ctx.doc.text
    count = 0
    for claim in rule.claims:
        said = _first_claim(text, claim, segments)
        if said is None:
            continue
        evidence: str | None
        evidence, certain = _table_contradiction(ctx, rule, claim) or (None, True)
        if evidence is None:
            evidence = _text_contradiction(ctx, rule, claim, segments)
        if evidence is None:
            continue
        count += 1
        if count > rule.max_findings:
            return
        yield ctx.finding(
            rule,
            {"claim": said.group(0), "evidence": evidence},
            span=(said.start(), said.end()),
            observed=said.group(0),
            certain=certain,
        )
