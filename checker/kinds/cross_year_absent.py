"""`cross_year_absent`: last year's report was not found among the files, or two files
could be it: the cross-year rules could not be run, said once per report (info, no
points), so that they never pass silently. See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.findings import Finding
from checker.kinds._pairs import PairContext, make_finding
from checker.rule import RuleBase, fmt


class Params(RuleBase):
    kind: Literal["cross_year_absent"]
    # two files or more could be last year's report: {files} names the first, {count} counts them
    ambiguous_message: str = Field(min_length=2)
    separator: str = Field(min_length=1)  # between the files named
    more_files: str = Field(min_length=1)  # after them, when not all are named: {count}
    unknown_year: str = Field(min_length=1)  # {year} when the report's own year is not known


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    if ctx.last is not None:
        return
    year = ctx.looked_for if ctx.looked_for is not None else rule.unknown_year
    files = rule.separator.join(ctx.candidates)
    if ctx.count > len(ctx.candidates):
        files += fmt(rule.more_files, {"count": ctx.count})
    values = {"year": year, "files": files, "count": ctx.count}
    template = rule.ambiguous_message if ctx.count > 1 else rule.message
    yield make_finding(rule, fmt(template, values), observed=str(year))
