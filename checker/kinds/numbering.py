"""`numbering`: 结构层次序数 — one style per level, no repeated or skipped ordinals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

CN = "一二三四五六七八九十"

_STYLES = {
    "（一）": re.compile(rf"^[ \t#]*（([{CN}]{{1,3}})）"),
    "（1）": re.compile(r"^[ \t#]*（(\d{1,2})）"),
}
_SHI = re.compile(rf"([{CN}]{{1,3}})是")


def _cn_value(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN.index(s[1]) + 1
    if len(s) == 2 and s.endswith("十"):
        return (CN.index(s[0]) + 1) * 10
    if len(s) == 3:
        return (CN.index(s[0]) + 1) * 10 + CN.index(s[2]) + 1
    return CN.index(s[0]) + 1


class Params(RuleBase):
    kind: Literal["numbering"]
    check: Literal["mixed_styles", "sequence", "enumeration", "punctuation"]
    scopes: list[Literal["一", "二", "三", "四", "五", "六"]] = ["一", "五", "六"]


def _subheadings(ctx: Context, sid: str) -> list[tuple[str, str, int]]:
    """(style, ordinal, offset) of the first-level sub-headings at line starts."""
    span = ctx.scope_span(sid)
    if span is None:
        return []
    out = []
    pos = span[0]
    for line in ctx.doc.text[span[0] : span[1]].split("\n"):
        if not ctx.doc.in_table(pos):
            stripped = line.lstrip(" \t#")
            for style, rx in _STYLES.items():
                m = rx.match(stripped)
                if m:
                    out.append((style, m.group(1), pos + (len(line) - len(stripped))))
                    break
        pos += len(line) + 1
    return out


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    for sid in rule.scopes:
        heads = _subheadings(ctx, sid)
        if rule.check == "mixed_styles":
            styles = list(dict.fromkeys(s for s, _, _ in heads))
            if len(styles) > 1:
                first_other = next(h for h in heads if h[0] != styles[0])
                shown = "".join(f"{s.replace('一', o).replace('1', o)}" for s, o, _ in heads)
                yield ctx.finding(
                    rule,
                    {"section": sid, "styles": "、".join(styles), "sequence": shown},
                    offset=first_other[2],
                    section=sid,
                    observed=shown,
                    expected="统一使用（一）（二）（三）…",
                )
        elif rule.check == "sequence":
            values = [_cn_value(o) for _, o, _ in heads]
            for i, (v, (_style, o, off)) in enumerate(zip(values, heads, strict=True)):
                want = i + 1
                if v != want:
                    yield ctx.finding(
                        rule,
                        {"section": sid, "ordinal": o, "expected": want},
                        offset=off,
                        section=sid,
                        observed=o,
                        expected=str(want),
                    )
                    break
        elif rule.check == "enumeration":
            span = ctx.scope_span(sid)
            if span is None:
                continue
            for para in re.split(r"\n+", ctx.doc.text[span[0] : span[1]]):
                ords = [(m.group(1), m.start()) for m in _SHI.finditer(para)]
                seq = [_cn_value(o) for o, _ in ords]
                if not seq or seq[0] != 1:
                    continue
                for k in range(1, len(seq)):
                    if seq[k] == 1:
                        break  # a new enumeration starts
                    if seq[k] != seq[k - 1] + 1:
                        offset = ctx.doc.text.find(para, span[0]) + ords[k][1]
                        got = "…".join(f"{o}是" for o, _ in ords[: k + 1])
                        yield ctx.finding(
                            rule,
                            {"section": sid, "sequence": got, "ordinal": f"{ords[k][0]}是"},
                            offset=offset,
                            section=sid,
                            observed=got,
                        )
                        break
        elif rule.check == "punctuation":
            span = ctx.scope_span(sid)
            if span is None:
                continue
            for m in re.finditer(rf"（[{CN}]{{1,3}}）、", ctx.doc.text[span[0] : span[1]]):
                yield ctx.finding(
                    rule,
                    {"match": m.group(0)},
                    offset=span[0] + m.start(),
                    section=sid,
                    observed=m.group(0),
                    expected=m.group(0)[:-1],
                )
