"""`consistency`: a number the narrative states (pack.yaml `statements:`) equals the table.

Judged over every reading of the cells: certain when the number differs however digits
that ran together are cut; doubtful when it differs under some cuts only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.rule import RuleBase, Scope, Strict, check_regexes
from checker.tables import CellValue
from checker.tables.outcome import evaluate

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
    statement: str  # the id of a pack.yaml statement: what the narrative says, about which cells
    near_misses: list[NearMiss] = []
    partial_scope: PartialScope | None = None
    max_findings: int = 1


def _cells(ctx: Context, refs: list[str]) -> list[CellValue] | None:
    cells = [ctx.cell(ref) for ref in refs]
    return None if any(c is None for c in cells) else [c for c in cells if c is not None]


def _shown(cells: list[CellValue], alternatives: str) -> str:
    if all(c.value is not None for c in cells):
        return str(sum((c.value for c in cells if c.value is not None), Decimal(0)))
    if len(cells) == 1 and cells[0].candidates:
        return alternatives.join(str(v) for v in cells[0].candidates)
    return "?"


def _may_equal(cells: list[CellValue], number: Decimal) -> bool:
    """Whether the cells add up to the number under some reading (a near miss is the kinder
    explanation, so one reading that allows it is enough)."""
    outcome = evaluate([(c, 1) for c in cells], target=number)
    return outcome is not None and not outcome.fails_all


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    statement = ctx.pack.statement(rule.statement)
    if statement is None:
        return
    cells = _cells(ctx, statement.cells)
    if cells is None:
        return
    segments = ctx.prose_segments(rule.scope)
    count = 0
    for match in ctx.statements.get(rule.statement, []):
        if not any(a <= match.start < b for a, b in segments):
            continue
        outcome = evaluate([(c, 1) for c in cells], target=match.number)
        if outcome is None or outcome.holds_all:
            continue
        count += 1
        if count > rule.max_findings:
            return
        said = str(match.number)
        values = {
            "said": said,
            "table_value": _shown(cells, ctx.pack.reading_notes.alternatives),
            "cells": "＋".join(statement.cells),
            "match": match.text,
        }
        message, severity = None, None
        for miss in rule.near_misses:
            other = _cells(ctx, miss.cells)
            if other is not None and _may_equal(other, match.number):
                message, severity = miss.message, miss.severity
                break
        scope = rule.partial_scope
        if message is None and scope is not None:
            before = ctx.doc.text[max(0, match.start - scope.window) : match.start]
            before = re.split(r"[。；]", before)[-1]
            if any(re.search(p, before) for p in scope.patterns):
                message, severity = scope.message, scope.severity
        yield ctx.finding(
            rule,
            values,
            message=message,
            severity=severity,
            span=(match.start, match.end),
            observed=said,
            expected=values["table_value"],
            certain=outcome.certain,
        )
