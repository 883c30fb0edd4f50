"""`heading_wording`: a statutory heading worded otherwise than the template.

The heading compared is its line when the heading has a line of its own (so that words
added after the wording, e.g. a leftover 「（文字描述）」, are seen), and otherwise — text
flattened into one line — the heading as matched, never the paragraph it runs into.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.rule import RuleBase
from checker.structure import heading_words

if TYPE_CHECKING:
    from checker.context import Context

SectionId = Literal["一", "二", "三", "四", "五", "六"]
_LINE_MAX = 40  # a longer "line" is a heading running into its paragraph


class Params(RuleBase):
    kind: Literal["heading_wording"]
    sections: list[SectionId] = ["一", "二", "三", "四", "五", "六"]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    syntax = ctx.pack.structure.headings
    marks = re.compile(syntax.sentence_marks)
    text = ctx.doc.text
    titles = {s.id: s.title for s in ctx.pack.sections}
    for sid in rule.sections:
        sec = ctx.st.sections.get(sid)
        if sec is None:
            continue
        line_end = text.find("\n", sec.start, sec.start + _LINE_MAX + 1)
        line = text[sec.start : line_end] if line_end >= 0 else ""
        head = (line if line and not marks.search(line) else sec.heading.shown).strip(" \t#*")
        if heading_words(head, syntax) == heading_words(titles[sid], syntax):
            continue
        yield ctx.finding(
            rule,
            {"section": sid, "heading": head, "title": titles[sid]},
            span=(sec.start, sec.start + len(head)),
            section=sid,
            observed=head,
            expected=titles[sid],
        )
