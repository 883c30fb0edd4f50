"""`numbering_sequence`: sub-headings of one style numbered without a gap or a repeat.

Each style counts on its own: a heading is 1 (a list starts, e.g. under a new parent),
the previous heading of its style + 1, or — the first of its style — the next number
after the heading just before it (two styles mixed: `numbering_styles` reports that).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.kinds.ordinals import Style, SubHeading, subheadings
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]


class Params(RuleBase):
    kind: Literal["numbering_sequence"]
    scopes: list[SectionId] = ["一", "五", "六"]
    styles: list[Style] = Field(min_length=1)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for sid in rule.scopes:
        gap = _first_gap(subheadings(ctx, sid, rule.styles))
        if gap is None:
            continue
        head, want = gap
        yield ctx.finding(
            rule,
            {"section": sid, "ordinal": head.ordinal, "expected": want},
            offset=head.offset,
            section=sid,
            observed=head.ordinal,
            expected=str(want),
        )


def _first_gap(heads: list[SubHeading]) -> tuple[SubHeading, int] | None:
    last: dict[str, int] = {}
    prev: SubHeading | None = None
    for head in heads:
        name = head.style.name
        if name in last:
            ok = head.value in (1, last[name] + 1)
            want = last[name] + 1
        else:
            ok = head.value == 1 or (prev is not None and head.value == prev.value + 1)
            want = 1
        if not ok:
            return head, want
        last[name] = head.value
        prev = head
    return None
