"""`deadline`: the report was published by its issuer type's deadline (pack.yaml `deadlines:`).

The publication date is, in this order, the one given on the command line, the page's own
publication date, the signing date. What each source is called in the message is the
rule's data, as is whom each deadline binds (the deadline's `name`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.rule import RuleBase, Strict

if TYPE_CHECKING:
    from checker.context import Context


class Sources(Strict):
    option: str  # the date given with --published
    page: str  # the date the page itself shows
    signed: str  # the signing date (落款)


class Params(RuleBase):
    kind: Literal["deadline"]
    sources: Sources


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    kind = ctx.st.issuer_type
    if not year or kind not in ctx.pack.deadlines:
        return
    when, source, offset = ctx.published, rule.sources.option, None
    if when is None and ctx.st.published is not None:
        when, source = ctx.st.published, rule.sources.page
    if when is None and ctx.st.signed is not None:
        when, source, offset = ctx.st.signed, rule.sources.signed, ctx.st.signed_offset
    if when is None:
        return
    deadline_def = ctx.pack.deadlines[kind]
    month, day = (int(x) for x in deadline_def.date.split("-"))
    deadline = date(year + 1, month, day)
    if when > deadline:
        yield ctx.finding(
            rule,
            {
                "date": when.isoformat(),
                "source": source,
                "deadline": deadline.isoformat(),
                "issuer_type": deadline_def.name,
                "basis": deadline_def.basis,
                "days": (when - deadline).days,
            },
            offset=offset,
            observed=when.isoformat(),
            expected=f"<= {deadline.isoformat()}",
        )
