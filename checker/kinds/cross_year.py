"""`cross_year`: a relation between this year's cells and last year's, per column or row.

上年结转 = last year's 结转下年度继续办理 (per column of 表三); 现行有效件数 = last year's
现行有效件数 + 本年制发件数 − 本年废止件数 (per row of 表二). An unsettled cell takes each of
its candidate values (cells judged independently, which only adds readings): the finding
is certain when the relation fails whatever they are, doubtful (待核实) when it fails under
some only, and nothing is said when a cell is blank or missing in either report.
See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from checker.findings import Finding
from checker.kinds._pairs import (
    PairContext,
    ReferenceProblem,
    last_cell,
    make_finding,
    number,
    show,
    sums_of,
    values_of,
)
from checker.rule import RuleBase, Strict, fmt

if TYPE_CHECKING:
    from checker.facts import ReportFacts
    from checker.pack import Pack


class Term(Strict):
    """One cell of the relation: this year's or last year's, at this row (for_each column)
    or column (for_each row) of the one iterated over, added or subtracted."""

    of: Literal["this", "last"]
    at: str = Field(min_length=1)
    sign: Literal[1, -1] = 1


class Params(RuleBase):
    kind: Literal["cross_year"]
    table: str
    for_each: Literal["column", "row"] = "column"
    keys: list[str] = []  # the columns (or rows) checked; empty: every one the table has
    left: list[Term] = Field(min_length=1)
    right: list[Term] = Field(min_length=1)
    # when a cell is unsettled: {verdict} {readings} besides the message's fields
    undecided_message: str = Field(min_length=2)
    fails_every_reading: str = Field(min_length=2)
    fails_some_readings: str = Field(min_length=2)

    @model_validator(mode="after")
    def _both_years(self) -> Params:
        if not any(t.of == "last" for t in [*self.left, *self.right]):
            raise ValueError("cross_year 至少要有一项 of: last（上年报告的单元格）")
        if not any(t.of == "this" for t in [*self.left, *self.right]):
            raise ValueError("cross_year 至少要有一项 of: this（本年报告的单元格）")
        return self

    def check_references(self, pack: Pack) -> None:
        tpl = pack.tables.get(self.table)
        if tpl is None:
            raise ReferenceProblem("table", f"未知的表“{self.table}”（可用：{'、'.join(pack.tables)}）")
        columns = {c for r in tpl.rows for c in tpl.columns_of(r)}
        rows = {r.id for r in tpl.rows}
        by_column = self.for_each == "column"
        iterated, fixed = (columns, rows) if by_column else (rows, columns)
        for key in self.keys:
            if key not in iterated:
                raise ReferenceProblem("keys", f"表“{self.table}”没有{'列' if by_column else '行'}“{key}”")
        for side in ("left", "right"):
            for term in getattr(self, side):
                if term.at not in fixed:
                    raise ReferenceProblem(
                        side, f"表“{self.table}”没有{'行' if by_column else '列'}“{term.at}”"
                    )


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    last = ctx.last
    tpl = ctx.pack.tables.get(rule.table)
    if last is None or tpl is None:
        return
    if rule.for_each == "column":
        keys = rule.keys or list(tpl.columns)
    else:
        keys = rule.keys or [r.id for r in tpl.rows]
    for key in keys:
        finding = _judge(ctx, last, rule, key)
        if finding is not None:
            yield finding


def _side(
    ctx: PairContext, last: ReportFacts, rule: Params, key: str, terms: list[Term]
) -> list[tuple[list[float], int]] | None:
    out: list[tuple[list[float], int]] = []
    for term in terms:
        row, column = (term.at, key) if rule.for_each == "column" else (key, term.at)
        if term.of == "this":
            cell = ctx.this.cell(rule.table, row, column)
        else:
            cell = last_cell(ctx, last, rule.table, row, column)
        values = values_of(cell)
        if values is None:
            return None  # blank, absent or not a number in one report: nothing to judge
        out.append((values, term.sign))
    return out


def _written(terms: list[tuple[list[float], int]]) -> str:
    return "".join(
        ("－" if sign < 0 else ("＋" if i else "")) + show(values) for i, (values, sign) in enumerate(terms)
    )


def _judge(ctx: PairContext, last: ReportFacts, rule: Params, key: str) -> Finding | None:
    left_terms = _side(ctx, last, rule, key, rule.left)
    right_terms = _side(ctx, last, rule, key, rule.right)
    if left_terms is None or right_terms is None:
        return None
    left, right = sums_of(left_terms), sums_of(right_terms)
    if left is None or right is None:
        return None  # too many readings to judge
    settled = len(left) == 1 and len(right) == 1
    agreeing = left & right
    if settled and agreeing:
        return None
    tpl = ctx.pack.tables[rule.table]
    if rule.for_each == "column":
        label, row_label, column = key, None, key
    else:
        row = tpl.row(key)
        label = row.label if row is not None else key
        row_label, column = label, None
    values: dict[str, object] = {
        "key": label,
        "left": _written(left_terms),
        "right": _written(right_terms),
        "year": ctx.this.year,
        "last_year": last.year,
    }
    if settled:
        (a,), (b,) = left, right
        values |= {"left_sum": number(a), "right_sum": number(b), "diff": number(abs(a - b))}
        return make_finding(
            rule,
            fmt(rule.message, values),
            table=rule.table,
            row=row_label,
            column=column,
            observed=number(a),
            expected=number(b),
        )
    certain = not agreeing
    values |= {
        "verdict": rule.fails_some_readings if agreeing else rule.fails_every_reading,
        "readings": f"{show(sorted(left))} / {show(sorted(right))}",
    }
    return make_finding(
        rule,
        fmt(rule.undecided_message, values),
        certain=certain,
        table=rule.table,
        row=row_label,
        column=column,
    )
