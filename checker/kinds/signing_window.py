"""`signing_window`: the signing date (落款) falls in the year after the report year, and
not after the publication date when one is known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.rule import RuleBase, fmt

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["signing_window"]
    expected: str  # the window as findings show it: {start} and {end}


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    signed = ctx.st.signed
    if not (year and signed):
        return
    lower = date(year + 1, 1, 1)
    upper = ctx.published or date(year + 1, 12, 31)
    if not (lower <= signed <= upper):
        yield ctx.finding(
            rule,
            {"signed": signed.isoformat(), "year": year},
            offset=ctx.st.signed_offset,
            observed=signed.isoformat(),
            expected=fmt(rule.expected, {"start": lower.isoformat(), "end": upper.isoformat()}),
        )
