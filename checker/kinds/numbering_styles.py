"""`numbering_styles`: sub-headings of one level numbered in two styles, （1）（2）（三）.

Styles are mixed when a style takes over another's count: its first heading in the
section is not the first of a list, and continues the number of the heading just
before it, of another style. A lower level nested under a heading starts again at 1
（（一）… 1. …（1）（2）…（二）） and is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from checker.findings import Finding
from checker.kinds.ordinals import Style, SubHeading, subheadings
from checker.rule import RuleBase, fmt

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]
_SHOWN = 12  # sub-headings shown in a message


class Params(RuleBase):
    kind: Literal["numbering_styles"]
    scopes: list[SectionId] = ["一", "五", "六"]
    styles: list[Style] = Field(min_length=2)
    separator: str = "、"  # between style names in {styles}
    expected: str = Field(min_length=1)  # what the fix is, shown as the expected value


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for sid in rule.scopes:
        heads = subheadings(ctx, sid, rule.styles)
        takeover = _takeover(heads)
        if takeover is None:
            continue
        names = list(dict.fromkeys(h.style.name for h in heads))
        shown = "".join(fmt(h.style.show, {"ord": h.ordinal}) for h in heads[:_SHOWN])
        shown += "…" if len(heads) > _SHOWN else ""
        yield ctx.finding(
            rule,
            {"section": sid, "styles": rule.separator.join(names), "sequence": shown},
            offset=takeover.offset,
            section=sid,
            observed=shown,
            expected=rule.expected,
        )


def _takeover(heads: list[SubHeading]) -> SubHeading | None:
    """The first heading whose style continues the count of another style."""
    seen: set[str] = set()
    for prev, head in zip([None, *heads], heads, strict=False):
        first_of_style = head.style.name not in seen
        seen.add(head.style.name)
        if (
            first_of_style
            and prev is not None
            and prev.style.name != head.style.name
            and head.value > 1
            and head.value == prev.value + 1
        ):
            return head
    return None
