"""`old_template`: the statistical tables follow an earlier format — one finding, listing the markers.

A report on the old template shows it in many places (old column headers, an old row,
a group left as one row); they are one cause, so they make one finding whose span
runs from the first marker to the last (rules it `supersedes` are silent inside it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.rule import RuleBase, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["old_template"]
    markers: list[str]  # regexes of the earlier format's labels, looked for in the tables' sections
    # groups of rows that the earlier format had as one row (e.g. 其他处理), by table
    collapsed_groups: dict[str, list[str]] = {}
    collapsed_marker: str = Field(default="{label}", min_length=2)  # how such a group is named
    separator: str = Field(min_length=1)
    max_markers: int = 8

    @field_validator("markers")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    found: dict[str, tuple[int, int]] = {}  # marker as shown → its span
    spans = [ctx.st.span(t.template.section) for t in ctx.tables.values()]
    for pattern in rule.markers:
        rx = re.compile(pattern)
        for span in spans:
            if span is None:
                continue
            for m in rx.finditer(ctx.doc.text, *span):
                found.setdefault(m.group(0), (m.start(), m.end()))
    if not found:
        return  # a group written as one row, alone, is the collapsed_group rule's finding
    for table_name, groups in rule.collapsed_groups.items():
        table = ctx.tables.get(table_name)
        if table is None:
            continue
        for group_id in groups:
            cells = table.collapsed.get(group_id)
            group = table.template.group(group_id)
            if not cells or group is None:
                continue
            offset = next((c.offset for c in cells.values() if c.offset is not None), 0)
            found.setdefault(rule.collapsed_marker.replace("{label}", group.label), (offset, offset))
    ordered = sorted(found.items(), key=lambda kv: kv[1])
    shown = rule.separator.join(m for m, _ in ordered[: rule.max_markers])
    span = (ordered[0][1][0], max(e for _, (_, e) in ordered))
    yield ctx.finding(rule, {"markers": shown, "count": len(found)}, span=span, observed=shown)
