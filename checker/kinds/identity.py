"""`identity`: 勾稽关系 — a sum of named cells equals another, per column or per row.

Computed in Decimal over every reading of the cells (checker.tables.outcome): a finding
is certain when the identity fails however digits that ran together are cut, doubtful
(待核实) when it fails under some cuts only, and absent when it holds under all. A blank,
absent or unreadable cell makes the identity undecidable for that column/row: the
template and readability rules report the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase
from checker.tables import CellValue, ExtractedTable, describe_readings
from checker.tables.grid import say
from checker.tables.outcome import Outcome, evaluate

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
    # Said when digits that ran together leave cells open: {key}, {readings} (the runs and
    # their cuts) and {verdict} (fails however they are cut / under some cuts only).
    undecided_message: str = Field(min_length=2)

    @model_validator(mode="after")
    def _sides(self) -> Params:
        if not self.left or not self.right:
            raise ValueError("identity 规则的 left 和 right 都不能为空")
        return self


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else str(d)


def _cells(table: ExtractedTable, rule: Params, key: str) -> tuple[list[CellValue], list[CellValue]] | None:
    if rule.for_each == "column":
        left = table.group_terms(rule.left, key)
        right = table.group_terms(rule.right, key)
    else:
        left = [table.cell(key, c) for c in rule.left]
        right = [table.cell(key, c) for c in rule.right]
    if any(c is None for c in left + right):
        return None
    return [c for c in left if c is not None], [c for c in right if c is not None]


def _terms(cells: list[CellValue], sign: int, blank_as_zero: bool) -> list[tuple[CellValue, int]] | None:
    out = []
    for cv in cells:
        if cv.value is None and cv.source is None:
            if blank_as_zero and cv.status in ("blank", "dash"):
                continue
            return None
        out.append((cv, sign))
    return out


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
    doubtful: list[tuple[str, Outcome, CellValue]] = []
    for key in outer:
        sides = _cells(table, rule, key)
        if sides is None:
            continue
        lcells, rcells = sides
        left = _terms(lcells, 1, rule.blank_as_zero)
        right = _terms(rcells, -1, rule.blank_as_zero)
        if left is None or right is None:
            continue
        outcome = evaluate(left + right, tolerance=Decimal(str(rule.tolerance)))
        if outcome is None or outcome.holds_all:
            continue
        label = key
        if rule.for_each == "row":
            template_row = tpl.row(key)
            label = template_row.label if template_row else key
        anchor = rcells[0] if len(rcells) == 1 else lcells[0]
        row_label = label if rule.for_each == "row" else None
        column = key if rule.for_each == "column" else None
        if outcome.undecided:
            if not outcome.certain:
                doubtful.append((label, outcome, anchor))
                continue
            yield ctx.finding(
                rule,
                _undecided_values(ctx, label, outcome, True),
                message=rule.undecided_message,
                line=anchor.line,
                section=tpl.section,
                table=rule.table,
                row=row_label,
                column=column,
            )
            continue
        lsum = sum((c.value for c in lcells if c.value is not None), Decimal(0))
        rsum = sum((c.value for c in rcells if c.value is not None), Decimal(0))
        values = {
            "key": label,
            "left": "＋".join(_fmt(c.value) for c in lcells if c.value is not None),
            "right": "＋".join(_fmt(c.value) for c in rcells if c.value is not None),
            "left_sum": _fmt(lsum),
            "right_sum": _fmt(rsum),
            "diff": _fmt(abs(lsum - rsum)),
        }
        yield ctx.finding(
            rule,
            values,
            line=anchor.line,
            section=tpl.section,
            table=rule.table,
            row=row_label,
            column=column,
            observed=_fmt(rsum if len(rcells) == 1 else lsum),
            expected=_fmt(lsum if len(rcells) == 1 else rsum),
            certain=outcome.certain,
        )
    if doubtful:
        # One doubtful finding per rule and table: the cause is the runs, not each column.
        labels = [label for label, _, _ in doubtful]
        keys = "、".join(labels[:4]) + ("…" if len(labels) > 4 else "")
        merged = Outcome(False, False, False, undecided=[s for _, o, _ in doubtful for s in o.undecided])
        yield ctx.finding(
            rule,
            _undecided_values(ctx, keys, merged, False),
            message=rule.undecided_message,
            line=doubtful[0][2].line,
            section=tpl.section,
            table=rule.table,
            observed=labels,
            certain=False,
        )


def _undecided_values(ctx: Context, key: str, outcome: Outcome, certain: bool) -> dict[str, object]:
    notes = ctx.pack.reading_notes
    runs: list[str] = []
    seen: set[int] = set()
    for src in outcome.undecided:
        if id(src) in seen:
            continue
        seen.add(id(src))
        runs.append(
            say(
                notes.run_readings,
                row=src.label,
                run=src.text,
                readings=describe_readings(src.structural, notes),
            )
        )
    return {
        "key": key,
        "readings": notes.run_separator.join(runs),
        "verdict": notes.fails_every_reading if certain else notes.fails_some_readings,
    }
