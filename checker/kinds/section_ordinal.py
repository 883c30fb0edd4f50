"""`section_ordinal`: each statutory section is numbered with its own ordinal (一 … 六).

Certain only for a heading at a heading position with the template wording (or a
statutory equivalent): a differently worded line with a wrong ordinal may be a
sub-heading the finder took for the section. A heading written without an ordinal
(lost auto-numbering) is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]


class Params(RuleBase):
    kind: Literal["section_ordinal"]
    sections: list[SectionId] = ["一", "二", "三", "四", "五", "六"]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    titles = {s.id: s.title for s in ctx.pack.sections}
    for sid in rule.sections:
        sec = ctx.st.sections.get(sid)
        if sec is None or sec.ordinal_ok or not sec.heading.ordinal:
            continue
        heading = sec.heading.shown[:30]
        yield ctx.finding(
            rule,
            {"section": sid, "ordinal": sec.heading.ordinal, "heading": heading, "title": titles[sid]},
            span=(sec.start, sec.heading.end),
            section=sid,
            observed=heading,
            expected=titles[sid],
            certain=sec.heading.strong and sec.heading.standard,
        )
