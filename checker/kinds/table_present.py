"""`table_present`: each statistical table of the format is there at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["table_present"]
    tables: list[str]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for name in rule.tables:
        table = ctx.tables.get(name)
        if table is not None and not table.found:
            sec = ctx.st.sections.get(table.template.section)
            yield ctx.finding(
                rule,
                {"table": name, "section": table.template.section},
                offset=sec.start if sec else None,
                section=table.template.section,
                table=name,
            )
