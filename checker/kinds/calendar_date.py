"""`calendar_date`: every date the report writes exists in the calendar (no 2月30日).

The date formats are the rule's: regexes with named groups y, m, d, matched on the text
with whitespace removed (「2024 年 2 月 30 日」 is a date too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds._views import squeezed
from checker.matching import finditer
from checker.rule import RuleBase, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["calendar_date"]
    formats: list[str] = Field(min_length=1)
    max_findings: int = 5

    @field_validator("formats")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        for pattern in check_regexes(v):
            if not {"y", "m", "d"} <= set(re.compile(pattern).groupindex):
                raise ValueError(f"日期写法“{pattern}”须有命名分组 y、m、d")
        return v


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    view = squeezed(ctx)
    reported: set[int] = set()
    for pattern in rule.formats:
        for m in finditer(pattern, view.text, 0, len(view.text)):
            try:
                date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                continue
            except ValueError:
                pass
            start, end = view.span(m.start(), m.end())
            if start in reported:
                continue
            reported.add(start)
            if len(reported) > rule.max_findings:
                return
            yield ctx.finding(rule, {"match": m.group(0)}, span=(start, end), observed=m.group(0))
