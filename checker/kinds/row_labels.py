"""`row_labels`: the tables' rows are the format's rows, worded as the format words them.

Two ways a template is changed by hand: a row label reworded or mistyped (each is its own
finding), and rows deleted (one finding per table, naming them) — said only when the rest
of the table was read without doubt, so that a row lost in extraction is never called absent.
Rows of a group written as one row are the `collapsed_group` rule's business."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["row_labels"]
    tables: list[str]
    # Said for rows a table read without doubt does not have: {table}, {rows}, {count}.
    absent_message: str = Field(min_length=2)
    separator: str = Field(min_length=1)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for name in rule.tables:
        table = ctx.tables.get(name)
        if table is None or not table.found:
            continue
        tpl = table.template
        for row_id, match in table.rows_seen.items():
            row = tpl.row(row_id)
            if row is None or match.quality in ("exact", "flat"):
                continue
            yield ctx.finding(
                rule,
                {"table": name, "seen": match.label_seen, "label": row.label},
                line=match.line,
                span=(match.offset, match.offset) if match.offset is not None else None,
                section=tpl.section,
                table=name,
                row=row.label,
                observed=match.label_seen,
                expected=row.label,
            )
        if not table.read_cleanly:
            continue
        collapsed = {r.id for g in table.collapsed for r in tpl.rows_of_group(g)}
        absent = [r for r in table.absent_rows() if r.id not in collapsed]
        if absent:
            labels = rule.separator.join(r.label for r in absent)
            yield ctx.finding(
                rule,
                {"table": name, "rows": labels, "count": len(absent)},
                message=rule.absent_message,
                section=tpl.section,
                table=name,
                observed=labels,
            )
