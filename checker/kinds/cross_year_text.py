"""`cross_year_text`: a section nearly identical to the same section of last year's report
(内容雷同). The texts are compared with rapidfuzz (normalised Indel similarity) after the
parts that legitimately change from year to year (the year, the numbers) are masked; the
level (warning, error) comes from thresholds. Sections shorter than `min_chars` (「无。」)
are not compared: they are alike by nature. See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds._pairs import PairContext, ReferenceProblem, make_finding
from checker.rule import RuleBase, Strict, check_regexes, fmt

if TYPE_CHECKING:
    from checker.pack import Pack


class Level(Strict):
    min: float = Field(gt=0, le=1)  # the similarity (0…1) from which this level applies
    severity: Literal["error", "warning", "info"]


class Params(RuleBase):
    kind: Literal["cross_year_text"]
    sections: list[str] = Field(min_length=1)
    masks: list[str] = []  # regexes of what legitimately changes (years, numbers)
    mask_with: str = "#"
    levels: list[Level] = Field(min_length=1)
    min_chars: int = Field(default=60, ge=1)

    @field_validator("masks")
    @classmethod
    def _masks(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    def check_references(self, pack: Pack) -> None:
        known = {s.id for s in pack.sections}
        for section in self.sections:
            if section not in known:
                raise ReferenceProblem(
                    "sections", f"未知的部分“{section}”（可用：{'、'.join(sorted(known))}）"
                )


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same, 0…1 (imported here: start-up stays fast)."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b)) / 100.0


def _masked(text: str, rule: Params) -> str:
    for mask in rule.masks:
        text = re.sub(mask, rule.mask_with, text)
    return text


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    last = ctx.last
    if last is None:
        return
    levels = sorted(rule.levels, key=lambda level: -level.min)
    for section in rule.sections:
        this_text, last_text = ctx.this.texts.get(section), last.texts.get(section)
        if not this_text or not last_text or min(len(this_text), len(last_text)) < rule.min_chars:
            continue
        ratio = similarity(_masked(this_text, rule), _masked(last_text, rule))
        level = next((lv for lv in levels if ratio >= lv.min), None)
        if level is None:
            continue
        title = next((s.title for s in ctx.pack.sections if s.id == section), section)
        values = {
            "section": title,
            "similarity": f"{ratio * 100:.0f}%",
            "threshold": f"{level.min * 100:.0f}%",
            "year": ctx.this.year,
            "last_year": last.year,
        }
        yield make_finding(
            rule,
            fmt(rule.message, values),
            severity=level.severity,
            section=section,
            observed=f"{level.min:g}",
        )
