"""What a report's comparison with last year's report needs, once its document is gone.

A batch reads every file before it can know which one is another's last year, so a worker
returns, besides the compact result, a small picklable `ReportFacts`: who issued the report
and for which year, its tables as the output states them (settled values and the candidate
values of unsettled cells), the normalised texts of the sections compared with last year's,
and the year-on-year claims of its text. Nothing here holds the Document, a template or a
reading. Built only when the run compares years (checker.engine.check_document(facts=True)).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.limits import LIMITS
from checker.summary import Number, TableSummary, summarise

if TYPE_CHECKING:
    from collections.abc import Sequence

    from checker.context import Context
    from checker.pack import Pack
    from checker.rule import RuleBase

# The sections whose text is compared with last year's (总体情况, 存在的主要问题及改进情况).
COMPARED_SECTIONS = ("一", "五")


@dataclass(slots=True)
class YearClaim:
    """A sentence's claim about a cell's change from last year (「较上年增加3件」), found by
    checker.yoy with a cross_year_claim rule's words and judged by that rule."""

    rule: str  # the rule whose words found it
    subject: int  # the index of its subject in the rule's subjects
    readings: tuple[tuple[str, ...], ...]  # the cells it may be about, each a sum of 表.行.列
    change: int  # +1 more, -1 fewer, 0 the same
    amount: float | None  # the number stated (件, % or 倍), None when none is
    decimals: int  # how many decimals the amount was written with
    kind: str | None  # count | percent | ratio (是上年的2倍) | None: a direction only
    stated: float | None  # this year's number the text gives for the subject, just before
    quote: str
    section: str | None
    line: int | None


@dataclass(slots=True)
class ReportFacts:
    path: str
    issuer: str
    issuer_key: str  # the issuer normalised: how two years of one office are paired
    year: int | None
    pack: str  # the pack the report was checked with (its year's format)
    format: str
    issuer_type: str = "unknown"  # for a cross-year rule's `when`
    can_make_rules: bool = False
    tables: dict[str, TableSummary] = field(default_factory=dict)
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # table → row id → row label
    texts: dict[str, str] = field(default_factory=dict)  # section id → normalised text (capped)
    claims: list[YearClaim] = field(default_factory=list)

    def cell(self, table: str, row_id: str, column: str) -> tuple[Number, list[Number]] | None:
        """(settled value or None, the candidate values when unsettled); None when the report
        has no such cell (another format, or a table not found)."""
        summary = self.tables.get(table)
        label = self.rows.get(table, {}).get(row_id)
        if summary is None or label is None:
            return None
        row = summary.values.get(label)
        if row is None or column not in row:
            return None
        value = row[column]
        return value, ([] if value is not None else list(summary.undecided.get(label, {}).get(column, [])))


_NOT_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


def issuer_key(issuer: str, pack: Pack) -> str:
    """The issuer as two years of one office write it alike: NFKC, no whitespace or
    punctuation, then the pack's word-level variants (cross_year.issuer_words)."""
    key = _NOT_WORD.sub("", unicodedata.normalize("NFKC", issuer))
    for word in pack.cross_year.issuer_words:
        key = re.sub(word.pattern, word.replace, key)
    return key


def normalised_text(text: str) -> str:
    """A section's text for comparison: NFKC, no whitespace (line breaks of a PDF), capped."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))[: LIMITS.facts_text_chars]


def build_facts(
    ctx: Context,
    path: str,
    fmt: str,
    rules: Sequence[RuleBase] = (),
    summaries: dict[str, TableSummary] | None = None,
) -> ReportFacts:
    """The facts of a report just checked (in the process that read it); its year-on-year
    claims found with the words of `rules` of kind cross_year_claim (the run's rules).
    `summaries`: its tables already summarised (the result's own)."""
    from checker.yoy import find_claims

    st, pack = ctx.st, ctx.pack
    texts = {}
    for section in COMPARED_SECTIONS:
        segments = ctx.prose_segments(section)
        if segments:
            texts[section] = normalised_text("".join(ctx.doc.text[a:b] for a, b in segments))
    return ReportFacts(
        path=path,
        issuer=st.issuer,
        issuer_key=issuer_key(st.issuer, pack),
        year=st.year,
        pack=pack.id,
        format=fmt,
        issuer_type=st.issuer_type,
        can_make_rules=st.can_make_rules,
        tables=summaries if summaries is not None else {name: summarise(t) for name, t in ctx.tables.items()},
        rows={name: {row.id: row.label for row in tpl.rows} for name, tpl in pack.tables.items()},
        texts=texts,
        claims=find_claims(ctx, rules),
    )
