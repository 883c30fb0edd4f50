"""`collapsed_group`: a group of rows written as one row with its own numbers (the 2019 layout)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["collapsed_group"]
    table: str
    groups: list[str]  # group ids of the table template


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    table = ctx.tables.get(rule.table)
    if table is None:
        return
    for group_id in rule.groups:
        cells = table.collapsed.get(group_id)
        group = table.template.group(group_id)
        if not cells or group is None:
            continue
        line = next((c.line for c in cells.values() if c.line), None)
        offset = next((c.offset for c in cells.values() if c.offset is not None), None)
        rows = table.template.rows_of_group(group_id)
        yield ctx.finding(
            rule,
            {"group": group.label, "rows": "、".join(r.label for r in rows), "count": len(rows)},
            line=line,
            span=(offset, offset) if offset is not None else None,
            section=table.template.section,
            table=rule.table,
            row=group.label,
            observed=group.label,
        )
