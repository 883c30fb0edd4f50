"""`period_stated`: the report says which period its figures cover.

A statistics-period sentence is any of the pack's (pack.yaml `statistics_period:`), the
same that `statistics_period` checks. The finding is about the report as a whole (no
place of its own), shown at the preamble.
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
    kind: Literal["period_stated"]
    expected: str  # a sentence that would do, as the finding shows it; {year} is the report year
    unknown_year: str  # what stands for the year when the report's year is unknown


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    if periods(ctx):
        return
    year = ctx.st.year or rule.unknown_year
    start, end = ctx.st.preamble
    at = start if end > start else 0
    finding = ctx.finding(rule, {"year": year}, offset=at, expected=fmt(rule.expected, {"year": year}))
    finding.span = None  # about the report as a whole: shown at the preamble, not about it
    yield finding
