"""`consistency`: a number written in the narrative equals the table cell(s)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase, Scope, Strict, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class NearMiss(Strict):
    """The number said equals another quantity (e.g. new + carried over): say so, at its own severity."""

    cells: list[str]
    severity: Literal["error", "warning", "info"]
    message: str


class PartialScope(Strict):
    """Words just before the number that say it covers only part of the body (区政府办代表区政府…)."""

    patterns: list[str]
    severity: Literal["error", "warning", "info"]
    message: str
    window: int = 30

    @field_validator("patterns")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Params(RuleBase):
    kind: Literal["consistency"]
    scope: Scope = "body"
    patterns: list[str]  # each with a named group (?P<n>…) holding the number
    cells: list[str]  # table.row.column refs; their sum is compared
    near_misses: list[NearMiss] = []
    partial_scope: PartialScope | None = None
    max_findings: int = 1

    @field_validator("patterns")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        check_regexes(v)
        for p in v:
            if "(?P<n>" not in p:
                raise ValueError(f"模式“{p}”缺少命名分组 (?P<n>…) 来捕获数字")
        return v


def _total(ctx: Context, refs: list[str]) -> tuple[Decimal, bool] | None:
    cells = [ctx.cell(ref) for ref in refs]
    values = [c for c in cells if c is not None and c.value is not None]
    if len(values) != len(refs):
        return None
    return sum((c.value for c in values if c.value is not None), Decimal(0)), all(c.certain for c in values)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    got = _total(ctx, rule.cells)
    if got is None:
        return
    total, certain = got
    count = 0
    for a, b in ctx.prose_segments(rule.scope):
        for pattern in rule.patterns:
            for m in re.finditer(pattern, ctx.doc.text[a:b]):
                try:
                    said = Decimal(m.group("n"))
                except Exception:  # noqa: BLE001 - a non-number capture is simply not a claim
                    continue
                if said == total:
                    continue
                count += 1
                if count > rule.max_findings:
                    return
                values = {
                    "said": str(said),
                    "table_value": str(total),
                    "cells": "＋".join(rule.cells),
                    "match": m.group(0),
                }
                message, severity = None, None
                for miss in rule.near_misses:
                    other = _total(ctx, miss.cells)
                    if other is not None and other[0] == said:
                        message, severity = miss.message, miss.severity
                        break
                scope = rule.partial_scope
                if message is None and scope is not None:
                    before = ctx.doc.text[max(a, a + m.start() - scope.window) : a + m.start()]
                    before = re.split(r"[。；]", before)[-1]
                    if any(re.search(p, before) for p in scope.patterns):
                        message, severity = scope.message, scope.severity
                yield ctx.finding(
                    rule,
                    values,
                    message=message,
                    severity=severity,
                    offset=a + m.start(),
                    observed=str(said),
                    expected=str(total),
                    certain=certain,
                )
