"""`statistics_period`: the statistics period the report states is its report year.

The period sentences are the pack's (pack.yaml `statistics_period:`), the same that
`period_stated` looks for. A period is right when it runs from 1 January to 31 December
of the report year; one written without any year cannot be compared and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds._periods import periods
from checker.rule import RuleBase, fmt

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["statistics_period"]
    expected: str  # the right period, as the message shows it; {year} is the report year
    max_findings: int = 3


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    if not year:
        return
    want = fmt(rule.expected, {"year": year})
    count = 0
    for period in periods(ctx):
        if period.first[0] is None:
            continue
        if period.first == (year, 1, 1) and period.last == (year, 12, 31):
            continue
        if count >= rule.max_findings:
            return
        count += 1
        yield ctx.finding(
            rule,
            {"observed": period.written, "expected": want, "year": year},
            span=(period.start, period.end),
            observed=period.written,
            expected=want,
        )
