"""`cross_year_absent`: last year's report was not found among the files, or two files
could be it, or the report given with --previous is not of the year before: the cross-year
rules could not be run, said once per report (info, no points), so that they never pass
silently. A --previous report of the year before whose issuer is another name is compared
(an office renamed or merged keeps its history) and said so once, at `other_issuer_severity`.
See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.findings import Finding
from checker.kinds._pairs import PairContext, make_finding
from checker.paths import shown
from checker.rule import RuleBase, fmt


class Params(RuleBase):
    kind: Literal["cross_year_absent"]
    # two files or more could be last year's report: {files} names the first, {count} counts them
    ambiguous_message: str = Field(min_length=2)
    separator: str = Field(min_length=1)  # between the files named
    more_files: str = Field(min_length=1)  # after them, when not all are named: {count}
    unknown_year: str = Field(min_length=1)  # {year} when the report's own year is not known
    # --previous FILE of another year: {file} {given_year} {this_year} {year} (the year looked for)
    wrong_year_message: str | None = None
    # --previous FILE of the year before, another issuer: {file} {issuer} {last_issuer}
    other_issuer_message: str | None = None
    other_issuer_severity: Literal["error", "warning", "info"] = "info"


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    if ctx.last is not None:
        if ctx.other_issuer and rule.other_issuer_message:
            values = {
                "file": shown(ctx.last.path),
                "issuer": ctx.this.issuer,
                "last_issuer": ctx.last.issuer,
                "year": ctx.this.year,
                "last_year": ctx.last.year,
            }
            yield make_finding(
                rule,
                fmt(rule.other_issuer_message, values),
                severity=rule.other_issuer_severity,
                observed=ctx.last.issuer,
                expected=ctx.this.issuer,
            )
        return
    year = ctx.looked_for if ctx.looked_for is not None else rule.unknown_year
    if ctx.refused is not None and rule.wrong_year_message:
        values = {
            "file": shown(ctx.refused.path),
            "given_year": ctx.refused.year,
            "this_year": ctx.this.year,
            "year": year,
        }
        yield make_finding(
            rule, fmt(rule.wrong_year_message, values), observed=str(ctx.refused.year), expected=str(year)
        )
        return
    files = rule.separator.join(ctx.candidates)
    if ctx.count > len(ctx.candidates):
        files += fmt(rule.more_files, {"count": ctx.count})
    values = {"year": year, "files": files, "count": ctx.count}
    template = rule.ambiguous_message if ctx.count > 1 else rule.message
    yield make_finding(rule, fmt(template, values), observed=str(year))
