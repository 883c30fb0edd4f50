"""`section_ordinal`: each statutory section is numbered with its own ordinal (一 … 六).

Certain only for a heading at a heading position with the template wording (or a
statutory equivalent): a differently worded line with a wrong ordinal may be a
sub-heading the finder took for the section. A heading written without an ordinal
(lost auto-numbering) is not reported.
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
    kind: Literal["section_ordinal"]
    sections: list[SectionId] = ["一", "二", "三", "四", "五", "六"]
    # Several sections numbered wrong are one cause (a second numbering restarted the sections):
    # one finding, {headings} listing them (each as {heading} → {section}、), joined by separator.
    several_message: str = Field(min_length=2)
    each: str = Field(min_length=2)
    separator: str = Field(min_length=1)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    titles: dict[str, str] = {s.id: s.title for s in ctx.pack.sections}
    wrong: dict[bool, list[tuple[str, str, int, int]]] = {True: [], False: []}
    for section_id in rule.sections:
        sec = ctx.st.sections.get(section_id)
        if sec is None or sec.ordinal_ok or not sec.heading.ordinal:
            continue
        certain = sec.heading.strong and sec.heading.standard
        wrong[certain].append((section_id, sec.heading.shown[:30], sec.start, sec.heading.end))
    for certain, items in wrong.items():
        if len(items) == 1:
            sid, heading, start, end = items[0]
            sec = ctx.st.sections[sid]
            yield ctx.finding(
                rule,
                {"section": sid, "ordinal": sec.heading.ordinal, "heading": heading, "title": titles[sid]},
                span=(start, end),
                section=sid,
                observed=heading,
                expected=titles[sid],
                certain=certain,
            )
        elif items:
            shown = rule.separator.join(
                rule.each.replace("{heading}", heading).replace("{section}", sid)
                for sid, heading, _, _ in items
            )
            yield ctx.finding(
                rule,
                {"headings": shown, "count": len(items)},
                message=rule.several_message,
                span=(items[0][2], items[-1][3]),
                section=items[0][0],
                observed=[heading for _, heading, _, _ in items],
                expected=[titles[sid] for sid, _, _, _ in items],
                certain=certain,
            )
