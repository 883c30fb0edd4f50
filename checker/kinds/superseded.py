"""`superseded`: a document the registry marks as superseded is cited in a report for a
year it no longer applies to (the 2007 条例, the 2019 trial format).

Which documents, and every way of citing them (number, title, other forms), come from
pack.yaml `documents:`. A sentence that also names the successor, or says how the text
changed (`unless_near`: 修订 …), tells the document's history and is not a citation of it as
the basis of the report: 「2007年4月5日国务院令第492号公布、2019年4月3日国务院令第711号修订」.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds._citations import citations, number_regex
from checker.kinds._views import plain_string, sentence_around
from checker.rule import RuleBase, check_regexes

if TYPE_CHECKING:
    from checker.context import Context
    from checker.pack import KnownDocument

# A parenthesis right after a cited title (its number, right or wrong) belongs to the citation.
_TRAILING_PARENTHESIS = re.compile(r"[》〉>”\s]*[（(][^（）()\n]{0,40}[）)]")


class Params(RuleBase):
    kind: Literal["superseded"]
    documents: list[str] = Field(min_length=1)  # registry keys of the superseded documents
    unless_near: list[str] = []  # regexes: in the same sentence, the citation tells history
    window: int = Field(default=80, ge=0, le=400)  # how far around the citation to look
    max_findings: int = 5

    @field_validator("unless_near")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


def _successor_forms(successor: KnownDocument) -> list[str]:
    return [number_regex(n) for n in (successor.number, *successor.aliases)]


def _tells_history(ctx: Context, rule: Params, span: tuple[int, int], successor: KnownDocument) -> bool:
    """Whether the citation's sentence (outside the citation itself) names the successor or
    says how the text changed."""
    text = ctx.doc.text
    lo, hi = sentence_around(text, span[0], span[1], rule.window)
    around = text[lo : span[0]] + "\n" + text[span[1] : hi]
    compact = plain_string(around)
    if any(re.search(p, compact) for p in _successor_forms(successor)):
        return True
    return any(re.search(p, around) or re.search(p, compact) for p in rule.unless_near)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    if not year:
        return
    text = ctx.doc.text
    count = 0
    for cited in citations(ctx):
        doc = cited.doc
        if doc.key not in rule.documents or not doc.superseded_by or not cited.exclusive:
            continue
        successor = ctx.pack.document(doc.superseded_by)
        if successor is None or year < successor.year:
            continue
        end = cited.end
        trailing = _TRAILING_PARENTHESIS.match(text, end)
        if trailing and not cited.by_number:
            end = trailing.end()  # the number cited with the old title is part of this one problem
        if _tells_history(ctx, rule, (cited.start, end), successor):
            continue
        if count >= rule.max_findings:
            return
        count += 1
        shown = cited.shown(text)
        yield ctx.finding(
            rule,
            {
                "match": shown,
                "current": successor.number,
                "title": successor.title,
                "year": year,
            },
            span=(cited.start, end),
            observed=shown,
            expected=successor.number,
            certain=cited.certain,
        )
