"""`sections_present`: the statutory sections are all there.

A section whose heading is not found is certainly missing only when nothing of it is
seen either. When its content is plainly there — its table, the words its content is
written in (`evidence`), its heading mentioned inside a sentence — the heading was
lost, reworded past recognition or dropped in extraction: the finding is doubtful
(待核实) and says what was seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.rule import RuleBase, Strict, check_regexes, fmt

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]
ALL: list[SectionId] = ["一", "二", "三", "四", "五", "六"]
_SHOWN = 3  # evidence items named in a message


class Evidence(Strict):
    """What a section's content looks like without its heading."""

    patterns: list[str] = Field(min_length=1)
    min_matches: int = Field(default=1, ge=1)  # how many different patterns must match

    @field_validator("patterns")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Params(RuleBase):
    kind: Literal["sections_present"]
    sections: list[SectionId] = ALL
    evidence: dict[SectionId, Evidence] = {}
    # Said when the content is seen: {section}, {title}, {seen} (what was seen, quoted).
    seen_message: str = Field(min_length=2)
    seen_item: str = Field(default="“{item}”", min_length=1)  # how one seen item is shown in {seen}
    seen_separator: str = "、"


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    titles = {s.id: s.title for s in ctx.pack.sections}
    for sid in rule.sections:
        if sid in ctx.st.sections:
            continue
        values = {"section": sid, "title": titles[sid]}
        seen, offset, line = _seen(ctx, rule, sid)
        if not seen:
            yield ctx.finding(rule, values, expected=titles[sid], section=sid)
            continue
        shown = rule.seen_separator.join(fmt(rule.seen_item, {"item": s}) for s in seen[:_SHOWN])
        yield ctx.finding(
            rule,
            {**values, "seen": shown},
            message=rule.seen_message,
            offset=offset,
            line=line,
            section=sid if offset is None else None,
            expected=titles[sid],
            observed=shown,
            certain=False,
        )


def _region(ctx: Context, sid: SectionId) -> tuple[int, int]:
    """Where the section would be: from the start of the nearest present section before it
    in statutory order to the start of the nearest present one after it."""
    order: list[str] = [s.id for s in ctx.pack.sections]
    here = order.index(sid)
    found = ctx.st.sections
    before = [found[s].start for s in order[:here] if s in found]
    after = [found[s].start for s in order[here + 1 :] if s in found]
    start = max(before) if before else ctx.st.preamble[0]
    end = min([a for a in after if a > start], default=len(ctx.doc.text))
    return start, end


def _seen(ctx: Context, rule: Params, sid: SectionId) -> tuple[list[str], int | None, int | None]:
    """What of the section is there (its tables, its heading as a mention, its content words),
    and where: an offset into the text, or the line of a table cell."""
    seen: list[str] = []
    offset: int | None = None
    line: int | None = None
    start, end = _region(ctx, sid)
    for name, table in ctx.tables.items():
        if table.template.section == sid and table.found:
            seen.append(name)
            line = line or next((c.line for c in table.cells.values() if c.line), None)
    stray = ctx.st.stray.get(sid)
    if stray is not None and start <= stray.start < end:
        seen.append(stray.shown)
        offset = stray.start
    evidence = rule.evidence.get(sid)
    if evidence is not None:
        hits = []
        for pattern in evidence.patterns:
            m = re.compile(pattern).search(ctx.doc.text, start, end)
            if m is not None:
                hits.append(m)
        if len(hits) >= evidence.min_matches:
            hits.sort(key=lambda m: m.start())
            seen += [m.group(0) for m in hits]
            offset = offset if offset is not None else hits[0].start()
    return list(dict.fromkeys(seen)), offset, (None if offset is not None else line)
