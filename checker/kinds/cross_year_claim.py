"""`cross_year_claim`: a year-on-year claim of the text (「较上年增加3件」「同比增长12%」
「与上年持平」「是上年的2倍」) checked against this year's and last year's tables.

The claims are found in the worker that read the report (checker.yoy, with this rule's words
and subjects) and travel in the report's facts; this kind judges them once last year's
report is known. A claim is judged on the cells its subject names (a sum of cells; a subject
that may name several is ambiguous). The finding is certain only when every cell of both
years is settled, the subject names one set of cells, the number the text gives for this
year (if any) is that cell's, and the claim is false (direction or amount); it is doubtful
(待核实) when it is false under some reading only, or rests on an undecided cell or an
ambiguous subject. A subject the rule does not know gives no claim at all, and without last
year's report nothing is said here (DOC-04 says once that no comparison was made).
See kinds/_pairs.py for how the pair is made.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from checker.findings import Finding
from checker.kinds._pairs import PairContext, ReferenceProblem, last_cell, make_finding, number, values_of
from checker.limits import LIMITS
from checker.rule import RuleBase, Strict, fmt

if TYPE_CHECKING:
    from checker.facts import ReportFacts, YearClaim
    from checker.pack import Pack

UnitKind = Literal["count", "percent", "ignore"]
LAST_YEAR = "{last_year}"  # in triggers, compare and ratio: the year before the report's
_PLACEHOLDER = re.compile(r"\{\w*\}")


class Subject(Strict):
    """What a claim is about: the words that name it in the text, how a message names it,
    and the cells it may mean (each reading a sum of `表.行.列` cells; two readings or more:
    the words are ambiguous)."""

    phrases: list[str] = Field(min_length=1)
    label: str = Field(min_length=1)
    readings: list[list[str]] = Field(min_length=1)
    loose: bool = False  # the words may name other counts: certain only with this year's number given

    @model_validator(mode="after")
    def _non_empty(self) -> Subject:
        if any(not reading for reading in self.readings) or any(not p for p in self.phrases):
            raise ValueError("subjects 的 phrases 与 readings 不能有空项")
        return self


class Params(RuleBase):
    kind: Literal["cross_year_claim"]
    # A literal prefilter: a text without any of these words has no claim (no regex runs).
    triggers: list[str] = Field(min_length=1)
    compare: list[str] = Field(min_length=1)  # 较上年, 同比 … (each contains a trigger)
    fillers: list[str] = []  # between the comparison and the change: 同期, 相比
    adverbs: list[str] = []  # before the change: 有所
    particles: list[str] = []  # after the change: 了
    separators: str = Field(min_length=1)  # between the comparison and the change, or two amounts
    links: list[str] = []  # words that may stand between a subject and its number: 为, 共
    more: list[str] = Field(min_length=1)
    fewer: list[str] = Field(min_length=1)
    same: list[str] = Field(min_length=1)
    ratio: list[str] = []  # 是上年的 … {n}倍 (each contains a trigger)
    times: str = Field(min_length=1)  # the word after a ratio's number
    # the words after an amount and what they count: cells' units (count), percent, or a
    # change of a rate (ignore: the claim is not about a cell)
    units: dict[str, UnitKind] = Field(min_length=1)
    sentence_ends: str = Field(min_length=1)
    # Amounts written in Chinese numerals (「增加两件」): each character's value; those of ten
    # and more multiply the digit before them (十二 = 12, 一百零五 = 105). A run that is no
    # one number (「两三件」, 「二十几件」) gives no amount, only the direction.
    numerals: dict[str, int] = {}
    subject_window: int = Field(
        default=60, ge=4, le=400
    )  # characters before a claim searched for its subject
    subjects: list[Subject] = Field(min_length=1)
    # messages: {quote} {subject} {this_value} {last_value} {year} {last_year} {actual}
    undecided_message: str = Field(min_length=2)  # besides {verdict}
    ambiguous_message: str = Field(min_length=2)
    actual_more: str = Field(min_length=1)  # {diff}
    actual_fewer: str = Field(min_length=1)  # {diff}
    actual_same: str = Field(min_length=1)
    actual_percent: str = Field(min_length=1)  # {percent}, after actual_more / actual_fewer
    fails_every_reading: str = Field(min_length=2)
    fails_some_readings: str = Field(min_length=2)

    # Field validators, so that an error points at the key it is about (triggers come first:
    # `info.data` holds them when compare and ratio are checked).
    @field_validator("triggers", "compare", "ratio")
    @classmethod
    def _only_last_year(cls, words: list[str], info: ValidationInfo) -> list[str]:
        for word in words:
            if _PLACEHOLDER.search(word.replace(LAST_YEAR, "")):
                raise ValueError(f"“{word}”：只能用 {LAST_YEAR}（报告年度的上一年）")
        triggers = info.data.get("triggers")
        if info.field_name != "triggers" and triggers is not None:
            for word in words:
                if not any(t in word for t in triggers):
                    raise ValueError(f"“{word}”不含 triggers 中的任何一个词，预筛选会漏掉它")
        if info.field_name == "compare" and all(LAST_YEAR in word for word in words):
            raise ValueError(f"至少要有一个不含 {LAST_YEAR} 的词（报告年度不明时用）")
        return words

    @field_validator("numerals")
    @classmethod
    def _numerals(cls, numerals: dict[str, int]) -> dict[str, int]:
        for char, value in numerals.items():
            if len(char) != 1 or char.isascii():
                raise ValueError(f"“{char}”：每个键是一个汉字数字")
            if not (0 <= value <= 9 or value in (10, 100, 1000, 10000)):
                raise ValueError(f"“{char}”的值 {value} 无效：0 到 9，或 10、100、1000、10000（倍数）")
        return numerals

    @field_validator("fillers", "adverbs", "particles", "links", "more", "fewer", "same", "units")
    @classmethod
    def _no_placeholder(cls, words: Any) -> Any:
        for word in words:
            if _PLACEHOLDER.search(word):
                raise ValueError(f"“{word}”：只有 triggers、compare、ratio 可以写 {LAST_YEAR}")
        return words

    def check_references(self, pack: Pack) -> None:
        for subject in self.subjects:
            for reading in subject.readings:
                for ref in reading:
                    _check_reference(ref, subject.label, pack)


def _check_reference(ref: str, label: str, pack: Pack) -> None:
    table, row_id, column = _split(ref)
    tpl = pack.tables.get(table)
    if tpl is None:
        raise ReferenceProblem(
            "subjects", f"“{label}”的单元格“{ref}”：未知的表“{table}”（可用：{'、'.join(pack.tables)}）"
        )
    row = next((r for r in tpl.rows if r.id == row_id), None)
    if row is None:
        raise ReferenceProblem("subjects", f"“{label}”的单元格“{ref}”：表“{table}”没有行“{row_id}”")
    if column not in tpl.columns_of(row):
        raise ReferenceProblem(
            "subjects", f"“{label}”的单元格“{ref}”：表“{table}”的行“{row_id}”没有列“{column}”"
        )


def _split(ref: str) -> tuple[str, str, str]:
    table, _, rest = ref.partition(".")
    row_id, _, column = rest.rpartition(".")
    return table, row_id, column


def _sums(cells: list[list[float] | None]) -> set[float] | None:
    """Every value the sum of the cells may take, None when a cell has no value or past the cap."""
    sums = {0.0}
    for values in cells:
        if values is None:
            return None
        sums = {round(s + v, 6) for s in sums for v in values}
        if len(sums) > LIMITS.cross_year_max_sums:
            return None
    return sums


def _holds(claim: YearClaim, this: float, last: float) -> bool | None:
    """Whether the claim is true of these two values; None when it cannot be judged
    (a percentage or ratio of last year's 0)."""
    diff = round(this - last, 6)
    if claim.kind == "ratio":
        if last == 0 or claim.amount is None:
            return None
        return _close(this / last, claim.amount, claim.decimals)
    sign = (diff > 0) - (diff < 0)
    if sign != claim.change:
        return False
    if claim.amount is None or claim.change == 0:
        return True
    if claim.kind == "percent":
        if last == 0:
            return None
        return _close(abs(diff) / last * 100, claim.amount, claim.decimals)
    return _close(abs(diff), claim.amount, claim.decimals)


def _close(actual: float, stated: float, decimals: int) -> bool:
    """`stated` is `actual` written with `decimals` decimals, rounded or cut off."""
    unit = 10.0**-decimals
    return stated - unit / 2 - 1e-9 <= actual < stated + unit + 1e-9


def check(ctx: PairContext, rule: Params) -> Iterator[Finding]:
    last = ctx.last
    if last is None:
        return  # DOC-04 says once that last year's report was not found
    for claim in ctx.this.claims:
        if claim.rule == rule.id:
            finding = _judge(ctx, last, rule, claim)
            if finding is not None:
                yield finding


def _reading_values(
    ctx: PairContext, last: ReportFacts, reading: tuple[str, ...]
) -> tuple[set[float], set[float]] | None:
    this_cells = [values_of(ctx.this.cell(*_split(ref))) for ref in reading]
    last_cells = [values_of(last_cell(ctx, last, *_split(ref))) for ref in reading]
    this_sums, last_sums = _sums(this_cells), _sums(last_cells)
    if this_sums is None or last_sums is None:
        return None
    return this_sums, last_sums


def _judge(ctx: PairContext, last: ReportFacts, rule: Params, claim: YearClaim) -> Finding | None:
    judged: list[tuple[set[float], set[float], set[bool]]] = []
    for reading in claim.readings:
        sums = _reading_values(ctx, last, reading)
        if sums is None:
            continue
        found = {_holds(claim, t, v) for t, v in itertools.product(*sums)}
        verdicts = {v for v in found if v is not None}
        if verdicts:
            judged.append((sums[0], sums[1], verdicts))
    if not any(False in verdicts for _, _, verdicts in judged):
        return None
    subject = rule.subjects[claim.subject] if claim.subject < len(rule.subjects) else None
    ambiguous = len(claim.readings) > 1
    stated = claim.stated
    if stated is not None:
        # this year's number, given with the subject, tells which reading is meant
        meant = [j for j in judged if any(abs(t - stated) < 1e-6 for t in j[0])]
        stated_agrees = bool(meant)
        if meant:
            judged, ambiguous = meant, len(meant) > 1
    else:
        # loose words (行政处罚…) may name other counts: the cell is not known to be meant
        stated_agrees = subject is not None and not subject.loose
    failing = [j for j in judged if False in j[2]]
    if not failing:
        return None
    this_sums, last_sums, verdicts = failing[0]
    values: dict[str, object] = {
        "quote": claim.quote,
        "subject": subject.label if subject is not None else "",
        "this_value": "/".join(number(v) for v in sorted(this_sums)),
        "last_value": "/".join(number(v) for v in sorted(last_sums)),
        "year": ctx.this.year,
        "last_year": last.year,
    }
    section, line = claim.section, claim.line
    if ambiguous or not stated_agrees:
        message = fmt(rule.ambiguous_message, values)
        return make_finding(rule, message, certain=False, section=section, line=line)
    settled = len(this_sums) == 1 and len(last_sums) == 1
    if settled and verdicts == {False}:
        (t,), (v,) = this_sums, last_sums
        actual = _actual(rule, t, v)
        message = fmt(rule.message, values | {"actual": actual})
        return make_finding(rule, message, observed=claim.quote, expected=actual, section=section, line=line)
    verdict = rule.fails_every_reading if verdicts == {False} else rule.fails_some_readings
    message = fmt(rule.undecided_message, values | {"verdict": verdict})
    return make_finding(rule, message, certain=False, section=section, line=line)


def _actual(rule: Params, this: float, last: float) -> str:
    diff = round(this - last, 6)
    if diff == 0:
        return rule.actual_same
    text = fmt(rule.actual_more if diff > 0 else rule.actual_fewer, {"diff": number(abs(diff))})
    if last:
        text += fmt(rule.actual_percent, {"percent": f"{abs(diff) / last * 100:.1f}%"})
    return text
