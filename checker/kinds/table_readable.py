"""`table_readable`: cells whose text is there but does not settle a value (a reading problem).

Blank cells (the report's defect) and rows that are not there (a template defect) are
other rules' business; this says only what the text really leaves undecided."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["table_readable"]
    tables: list[str]
    problems_separator: str = Field(min_length=1)
    max_chars: int = 300


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for name in rule.tables:
        table = ctx.tables.get(name)
        if table is None or not table.found:
            continue
        # the problems are written out on each access (the readings of every run): once
        found_problems = table.problems
        if not found_problems:
            continue
        read, total = table.count()
        unreadable = [c for c in table.cells.values() if c.status == "unreadable"]
        first = unreadable[0] if unreadable else None
        offsets = [c.offset for c in unreadable if c.offset is not None]
        problems = rule.problems_separator.join(dict.fromkeys(found_problems))
        yield ctx.finding(
            rule,
            {"table": name, "read": read, "total": total, "problems": problems[: rule.max_chars]},
            line=first.line if first else None,
            span=(min(offsets), max(offsets)) if offsets else None,
            section=table.template.section,
            table=name,
            observed=f"{read}/{total}",
            expected=f"{total}/{total}",
            certain=False,
        )
