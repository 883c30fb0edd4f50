"""`consistency`: a number written in the narrative equals the table cell(s)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase, Scope, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["consistency"]
    scope: Scope = "body"
    patterns: list[str]  # each with a named group (?P<n>…) holding the number
    cells: list[str]  # table.row.column refs; their sum is compared
    max_findings: int = 1

    @field_validator("patterns")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        check_regexes(v)
        for p in v:
            if "(?P<n>" not in p:
                raise ValueError(f"模式“{p}”缺少命名分组 (?P<n>…) 来捕获数字")
        return v


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    cells = [ctx.cell(ref) for ref in rule.cells]
    if any(c is None or c.value is None for c in cells):
        return
    total = sum((c.value for c in cells if c is not None and c.value is not None), Decimal(0))
    certain = all(c is not None and c.certain for c in cells)
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
                cell_names = "＋".join(rule.cells)
                yield ctx.finding(
                    rule,
                    {"said": str(said), "table_value": str(total), "cells": cell_names, "match": m.group(0)},
                    offset=a + m.start(),
                    observed=str(said),
                    expected=str(total),
                    certain=certain,
                )
