"""`enumeration`: 「一是…二是…三是」 counts on without a gap or a repeat.

Within a paragraph, a marker with value 1 opens a list (nested inside the open one, if
any); any other value must continue the innermost open list, or an outer one (the
inner list has ended). A value that continues none is a gap or a repeat. Markers
before the first 1 of a paragraph continue a list from an earlier paragraph and are
not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds.ordinals import numeral_value
from checker.matching import finditer, may_match
from checker.rule import RuleBase, check_regex, fmt

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]
_SHOWN = 12  # markers shown in a message


class Params(RuleBase):
    kind: Literal["enumeration"]
    scopes: list[SectionId] = ["一", "五", "六"]
    marker: str  # one list marker, with a group `ord` (the numeral)
    show: str = Field(min_length=1)  # how one marker is shown in {sequence}: {ord}
    separator: str = "…"  # between markers in {sequence}

    @field_validator("marker")
    @classmethod
    def _valid(cls, v: str) -> str:
        check_regex(v)
        if "ord" not in re.compile(v).groupindex:
            raise ValueError(f"列举序号格式“{v}”必须有命名组 (?P<ord>...)")
        return v


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    numerals = ctx.pack.structure.numerals
    text = ctx.doc.text
    for sid in rule.scopes:
        for start, end in ctx.prose_segments(sid):
            if not may_match(rule.marker, text, start, end):
                continue  # no paragraph of the segment can hold a marker (一是: no 是 at all)
            pos = start
            while pos < end:
                para_end = text.find("\n", pos, end)
                para_end = end if para_end < 0 else para_end
                markers = [
                    (m, v)
                    for m in finditer(rule.marker, text, pos, para_end)
                    if (v := numeral_value(m.group("ord"), numerals)) is not None
                ]
                broken = _broken(markers)
                if broken is not None:
                    # Shown from the last list opened before the break.
                    opened = max(i for i, (_, v) in enumerate(markers[:broken]) if v == 1)
                    opened = max(opened, broken + 1 - _SHOWN)
                    sequence = rule.separator.join(
                        fmt(rule.show, {"ord": m.group("ord")}) for m, _ in markers[opened : broken + 1]
                    )
                    bad = markers[broken][0]
                    yield ctx.finding(
                        rule,
                        {"section": sid, "sequence": sequence, "ordinal": bad.group(0)},
                        span=(bad.start(), bad.end()),
                        section=sid,
                        observed=sequence,
                    )
                pos = para_end + 1


def _broken(markers: list[tuple[re.Match[str], int]]) -> int | None:
    """Index of the first marker that continues no open list."""
    stack: list[int] = []  # the last value of each open list, innermost last
    for i, (_, value) in enumerate(markers):
        if value == 1:
            stack.append(1)
            continue
        if not stack:
            continue  # continues a list begun in an earlier paragraph
        for depth in range(len(stack) - 1, -1, -1):
            if value == stack[depth] + 1:
                del stack[depth + 1 :]
                stack[depth] = value
                break
        else:
            return i
    return None
