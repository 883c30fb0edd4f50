"""`cross_year_numbers`: every number of the tables identical to last year's report (the
tables copied). Not when nearly all are 0 (a township with no applications has the same
all-zero tables every year: `min_nonzero`), nor when a cell is unsettled or blank in one
report only (not known to be identical). See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.kinds._pairs import PairContext, ReferenceProblem, last_cell, make_finding
from checker.rule import RuleBase, fmt

if TYPE_CHECKING:
    from checker.pack import Pack


class Params(RuleBase):
    kind: Literal["cross_year_numbers"]
    compare: list[str] = Field(min_length=1)  # the tables compared
    min_nonzero: int = Field(default=5, ge=0)  # fewer cells above 0: identical by nature

    def check_references(self, pack: Pack) -> None:
        for name in self.compare:
            if name not in pack.tables:
                raise ReferenceProblem("compare", f"未知的表“{name}”（可用：{'、'.join(pack.tables)}）")


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    last = ctx.last
    if last is None:
        return
    compared = nonzero = 0
    for table in rule.compare:
        tpl = ctx.pack.tables.get(table)
        if tpl is None:
            continue
        for row in tpl.rows:
            for column in tpl.columns_of(row):
                mine = ctx.this.cell(table, row.id, column)
                theirs = last_cell(ctx, last, table, row.id, column)
                if mine is None or theirs is None:
                    continue  # not a cell of both formats
                if mine[0] is None or theirs[0] is None:
                    if mine[1] or theirs[1] or (mine[0] is None) != (theirs[0] is None):
                        return  # unsettled, or blank in one report only
                    continue  # blank in both
                if float(mine[0]) != float(theirs[0]):
                    return
                compared += 1
                nonzero += mine[0] != 0
    if compared == 0 or nonzero < rule.min_nonzero:
        return
    values = {"count": compared, "nonzero": nonzero, "year": ctx.this.year, "last_year": last.year}
    yield make_finding(rule, fmt(rule.message, values), observed=compared)
