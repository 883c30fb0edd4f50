"""`cell`: what each cell may hold — non-negative, whole, filled, in 万元, within bounds."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase
from checker.tables import ExtractedTable

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["cell"]
    tables: list[str]
    rows: list[str] = []  # default: every row
    columns: list[str] = []  # default: every column of the row
    check: Literal["non_negative", "integer", "filled", "unit", "max"]
    max: float | None = None
    unit: str | None = None  # for check: unit — the unit the column is in (e.g. 万元)
    max_findings: int = 10
    # One finding per table naming the cells ({count}, {cells}) instead of one per cell:
    # a table left blank column by column is one habit, not a hundred problems.
    per_table: bool = False


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    count = 0
    for name in rule.tables:
        table = ctx.tables.get(name)
        if table is None:
            continue
        found = list(_check_table(ctx, rule, table))
        if rule.per_table and found:
            found = [_summary(ctx, rule, table, found)]
        for finding in found:
            count += 1
            if count > rule.max_findings:
                return
            yield finding


def _summary(ctx: Context, rule: Params, table: ExtractedTable, found: list[Finding]) -> Finding:
    shown = "、".join(f"“{f.location.row}”行“{f.location.column}”列" for f in found[:4])
    more = f"等 {len(found)} 个单元格" if len(found) > 4 else ""
    first = found[0]
    return ctx.finding(
        rule,
        {"table": table.name, "count": len(found), "cells": shown + more, "value": first.observed},
        line=first.location.line,
        section=table.template.section,
        table=table.name,
        observed=f"{len(found)} 个单元格",
        expected=rule.unit or rule.max,
        certain=all(f.certain for f in found),
    )


def _check_table(ctx: Context, rule: Params, table: ExtractedTable) -> Iterator[Finding]:
    tpl = table.template
    rows = [tpl.row(r) for r in rule.rows] if rule.rows else list(tpl.rows)
    for row in rows:
        if row is None:
            continue
        for col in rule.columns or tpl.columns_of(row):
            cv = table.cells.get((row.id, col))
            if cv is None or cv.status in ("missing", "unreadable"):
                continue
            bad = False
            observed: object = cv.raw
            if rule.check == "non_negative":
                bad = cv.value is not None and cv.value < 0
            elif rule.check == "integer":
                bad = cv.value is not None and not row.decimal and cv.value != cv.value.to_integral_value()
            elif rule.check == "filled":
                bad = cv.status in ("blank", "dash")
                observed = "空白" if cv.status == "blank" else cv.raw
            elif rule.check == "unit":
                bad = cv.unit is not None and cv.unit != rule.unit
            elif rule.check == "max":
                bad = cv.value is not None and rule.max is not None and cv.value > Decimal(str(rule.max))
            if not bad:
                continue
            yield ctx.finding(
                rule,
                {
                    "table": table.name,
                    "row": row.label,
                    "column": col,
                    "value": cv.raw or "空白",
                    "max": rule.max,
                },
                line=cv.line,
                section=tpl.section,
                table=table.name,
                row=row.label,
                column=col,
                observed=observed,
                expected=rule.unit or rule.max,
                certain=cv.certain,
            )
