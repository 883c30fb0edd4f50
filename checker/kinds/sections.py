"""`sections`: the six statutory sections — present, in order, numbered, worded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]


class Params(RuleBase):
    kind: Literal["sections"]
    check: Literal["present", "order", "ordinal", "wording"]
    sections: list[SectionId] = ["一", "二", "三", "四", "五", "六"]


def _plain(text: str) -> str:
    return re.sub(r"[\s、，,。：:]", "", text)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    titles = {s.id: s.title for s in ctx.pack.sections}
    found = ctx.st.sections
    if rule.check == "present":
        for sid in rule.sections:
            if sid not in found:
                yield ctx.finding(
                    rule, {"section": sid, "title": titles[sid]}, expected=titles[sid], section=sid
                )
    elif rule.check == "order":
        present = [sid for sid in rule.sections if sid in found]
        actual = sorted(present, key=lambda sid: found[sid].start)
        if actual != present:
            observed = "、".join(actual)
            yield ctx.finding(
                rule,
                {"observed": observed, "expected": "、".join(present)},
                offset=found[actual[0]].start,
                observed=observed,
                expected="、".join(present),
            )
    elif rule.check == "ordinal":
        for sid in rule.sections:
            sec = found.get(sid)
            if sec and not sec.ordinal_ok:
                heading = f"{sec.heading.ordinal}、{sec.heading.text.strip()}"[:30]
                yield ctx.finding(
                    rule,
                    {
                        "section": sid,
                        "ordinal": sec.heading.ordinal,
                        "heading": heading,
                        "title": titles[sid],
                    },
                    offset=sec.start,
                    section=sid,
                    observed=heading,
                    expected=titles[sid],
                )
    elif rule.check == "wording":
        for sid in rule.sections:
            sec = found.get(sid)
            if not sec:
                continue
            want = _plain(titles[sid][2:])
            line_end = ctx.doc.text.find("\n", sec.start)
            head = ctx.doc.text[sec.start : line_end if line_end >= 0 else len(ctx.doc.text)]
            if len(head) > 40:  # heading runs into the paragraph (flattened text)
                continue
            got = _plain(re.sub(r"^[#\s]*[一二三四五六七八九十]+\s*[、.．]", "", head))
            if got != want:
                yield ctx.finding(
                    rule,
                    {"section": sid, "heading": head.strip(" #"), "title": titles[sid]},
                    offset=sec.start,
                    section=sid,
                    observed=head.strip(" #"),
                    expected=titles[sid],
                )
