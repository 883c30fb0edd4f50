"""`sections_order`: the statutory sections come in their fixed order.

The structure finder takes the sections in statutory order wherever it can; a section
is out of order only when no heading of it fits that order and it has a confident
heading elsewhere (at a heading position, with its own ordinal). The finding is
certain when every such heading also has the template wording (or a statutory
equivalent); otherwise it may be a sub-heading that happens to share the words, and
the finding is doubtful.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]


class Params(RuleBase):
    kind: Literal["sections_order"]
    sections: list[SectionId] = ["一", "二", "三", "四", "五", "六"]
    separator: str = Field(default="、", min_length=1)  # between section ids in {observed} / {expected}


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    found = ctx.st.sections
    present = [sid for sid in rule.sections if sid in found]
    actual = sorted(present, key=lambda sid: found[sid].start)
    if actual == present:
        return
    misplaced = [found[sid] for sid in present if not found[sid].in_order]
    certain = all(s.heading.standard for s in misplaced)
    first = min(misplaced, key=lambda s: s.start) if misplaced else found[actual[0]]
    observed = rule.separator.join(actual)
    expected = rule.separator.join(present)
    yield ctx.finding(
        rule,
        {"observed": observed, "expected": expected},
        span=(first.start, first.heading.end),
        section=first.id,
        observed=observed,
        expected=expected,
        certain=certain,
    )
