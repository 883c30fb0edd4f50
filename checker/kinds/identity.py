"""`identity`: 勾稽关系 — a sum of named cells equals another, per column or per row.

Computed in Decimal. A blank or unreadable cell makes the identity undecidable for
that column/row (no finding: the template/readability rules report the cell);
a cell read only doubtfully makes the finding uncertain.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import model_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase
from checker.tables import CellValue

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["identity"]
    table: str
    for_each: Literal["column", "row"]
    left: list[str]  # rows (for_each column) or columns (for_each row)
    right: list[str]
    only: list[str] = []  # restrict to these columns/rows
    tolerance: float = 0
    blank_as_zero: bool = False  # a blank cell counts as 0 (else: undecidable)

    @model_validator(mode="after")
    def _sides(self) -> Params:
        if not self.left or not self.right:
            raise ValueError("identity 规则的 left 和 right 都不能为空")
        return self


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else str(d)


def _sum(cells: list[CellValue], blank_as_zero: bool) -> Decimal | None:
    total = Decimal(0)
    for cv in cells:
        if cv.value is None:
            if blank_as_zero and cv.status in ("blank", "dash"):
                continue
            return None
        total += cv.value
    return total


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    table = ctx.tables.get(rule.table)
    if table is None:
        return
    tpl = table.template
    if rule.for_each == "column":
        first = tpl.row(rule.left[0])
        assert first is not None  # validated at load time
        outer = rule.only or tpl.columns_of(first)
    else:
        outer = rule.only or [r.id for r in tpl.rows]
    for key in outer:
        if rule.for_each == "column":
            left = [table.cell(r, key) for r in rule.left]
            right = [table.cell(r, key) for r in rule.right]
        else:
            left = [table.cell(key, c) for c in rule.left]
            right = [table.cell(key, c) for c in rule.right]
        if any(c is None for c in left + right):
            continue
        lcells = [c for c in left if c is not None]
        rcells = [c for c in right if c is not None]
        lsum = _sum(lcells, rule.blank_as_zero)
        rsum = _sum(rcells, rule.blank_as_zero)
        if lsum is None or rsum is None:
            continue
        if abs(lsum - rsum) <= Decimal(str(rule.tolerance)):
            continue
        certain = all(c.certain for c in lcells + rcells)
        label = key
        if rule.for_each == "row":
            row = tpl.row(key)
            label = row.label if row else key
        values = {
            "key": label,
            "left": "＋".join(_fmt(c.value) if c.value is not None else "空" for c in lcells),
            "right": "＋".join(_fmt(c.value) if c.value is not None else "空" for c in rcells),
            "left_sum": _fmt(lsum),
            "right_sum": _fmt(rsum),
            "diff": _fmt(abs(lsum - rsum)),
        }
        anchor = rcells[0] if len(rcells) == 1 else lcells[0]
        doubt = next((c.note for c in lcells + rcells if not c.certain and c.note), "")
        yield ctx.finding(
            rule,
            values,
            message=rule.message + (f"（数值读取存疑，待核实：{doubt}）" if not certain else ""),
            line=anchor.line,
            section=tpl.section,
            table=rule.table,
            row=label if rule.for_each == "row" else None,
            column=key if rule.for_each == "column" else None,
            observed=_fmt(rsum if len(rcells) == 1 else lsum),
            expected=_fmt(lsum if len(rcells) == 1 else rsum),
            certain=certain,
        )
