"""Shared by the numbering kinds: numeral values and the sub-headings of a section.

Not a kind. The numerals and the sub-heading styles come from the pack and the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import field_validator

from checker.rule import Strict, check_regex

if TYPE_CHECKING:
    from checker.context import Context


def numeral_value(text: str, numerals: str) -> int | None:
    """1 … 99 from ASCII digits or Chinese numerals (`numerals` = the ten numerals 1 … 10,
    so 十二 = 12, 二十 = 20, 二十三 = 23); None when it is neither."""
    if text.isdigit():
        return int(text)
    ten = numerals[9]
    digits = {ch: i + 1 for i, ch in enumerate(numerals[:9])}
    if ten not in text:
        return digits.get(text) if len(text) == 1 else None
    tens, _, units = text.partition(ten)
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in digits) or (units and units not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


class Style(Strict):
    """One way of numbering sub-headings, e.g. （一） or （1）."""

    name: str  # how the style is named in messages
    pattern: str  # the ordinal at a line start, with a group `ord`
    show: str  # how one heading of this style is shown in messages: {ord}

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        check_regex(v)
        if "ord" not in re.compile(v).groupindex:
            raise ValueError(f"序号格式“{v}”必须有命名组 (?P<ord>...)")
        return v


@dataclass(frozen=True, slots=True)
class SubHeading:
    style: Style
    ordinal: str  # as written
    value: int
    offset: int


def subheadings(ctx: Context, sid: str, styles: list[Style]) -> list[SubHeading]:
    """The sub-headings at line starts of a section (outside tables), in order; a line is
    matched against the styles in their order, the first one that fits wins. Found once per
    report for a section and a list of styles (TXT-08 and TXT-12 ask for the same ones)."""
    key = "subheadings:" + sid + "".join(f"\x00{s.name}\x01{s.pattern}\x01{s.show}" for s in styles)
    found: list[SubHeading] | None = ctx.extra.get(key)
    if found is None:
        found = ctx.extra[key] = _subheadings(ctx, sid, styles)
    return found


def _subheadings(ctx: Context, sid: str, styles: list[Style]) -> list[SubHeading]:
    span = ctx.scope_span(sid)
    if span is None:
        return []
    text = ctx.doc.text
    numerals = ctx.pack.structure.numerals
    compiled = [(style, re.compile(rf"[ \t#*>]*(?:{style.pattern})")) for style in styles]
    out: list[SubHeading] = []
    pos = span[0]
    while pos < span[1]:
        line_end = text.find("\n", pos, span[1])
        line_end = span[1] if line_end < 0 else line_end
        if not ctx.doc.in_table(pos):
            for style, rx in compiled:
                m = rx.match(text, pos, line_end)
                if m:
                    value = numeral_value(m.group("ord"), numerals)
                    if value is not None:
                        out.append(SubHeading(style, m.group("ord"), value, m.start("ord")))
                    break
        pos = line_end + 1
    return out
