"""The rule pack's own data (pack.yaml): table templates, sections, deadlines,
known documents, statistics-period wordings and grading. Validated strictly, like the rules."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from checker.normalize import label_key


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RowTemplate(Strict):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    columns: list[str] | None = None  # per-row columns (表二); default: the table's columns
    group: str | None = None
    decimal: bool = False

    def label_keys(self) -> list[str]:
        return [label_key(x) for x in [self.label, *self.aliases]]


class TableTemplate(Strict):
    section: str
    columns: list[str] = Field(default_factory=list)
    rows: list[RowTemplate]
    single_row: bool = False

    @model_validator(mode="after")
    def _check(self) -> TableTemplate:
        for row in self.rows:
            if not (row.columns or self.columns):
                raise ValueError(f"行“{row.label}”没有列定义")
        seen: dict[str, str] = {}
        for row in self.rows:
            for key in row.label_keys():
                if key in seen and seen[key] != row.id:
                    raise ValueError(f"行标签“{key}”同时属于 {seen[key]} 和 {row.id}，无法区分")
                seen[key] = row.id
        return self

    def columns_of(self, row: RowTemplate) -> list[str]:
        return row.columns or self.columns

    _by_ref: dict[str, RowTemplate] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: object) -> None:
        # Rules look rows up by id, label or alias many times per report: index them once.
        for row in reversed(self.rows):
            for ref in (row.id, row.label, label_key(row.label, keep_ordinal=True), *row.aliases):
                self._by_ref[ref] = row

    def row(self, ref: str) -> RowTemplate | None:
        """A row by id, label or alias."""
        found = self._by_ref.get(ref)
        return found if found is not None else self._by_ref.get(label_key(ref, keep_ordinal=True))


class SectionDef(Strict):
    id: Literal["一", "二", "三", "四", "五", "六"]
    title: str
    pattern: str


class GradeBand(Strict):
    grade: str
    min_score: float


class Deadline(Strict):
    date: str = Field(pattern=r"^\d{2}-\d{2}$")
    basis: str
    name: str = Field(min_length=2)  # whom the deadline binds, as messages say it


def _valid_regex(value: str) -> str:
    # kinds.base.check_regexes says the same, but importing the kinds here would be circular
    # (kinds read tables, tables read the pack).
    if not value:
        raise ValueError("正则表达式不能为空（空模式会匹配任何文本）")
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"正则表达式“{value}”无效：{exc}") from exc
    return value


class CitationForm(Strict):
    """One more way reports name a document (besides its number and titles): a regex,
    matched on the text with whitespace and title marks removed."""

    form: str
    certain: bool = True  # False: the form may also name another document (a short title)

    @field_validator("form")
    @classmethod
    def _valid(cls, v: str) -> str:
        return _valid_regex(v)


class KnownDocument(Strict):
    key: str
    number: str
    title: str
    year: int  # the first report year it applies to
    superseded_by: str | None = None
    aliases: list[str] = Field(default_factory=list)  # informal forms that still name it (国令第711号)
    titles: list[str] = Field(default_factory=list)  # other titles it is cited by (the format it issued)
    cited_as: list[CitationForm] = Field(default_factory=list)


PERIOD_GROUPS = frozenset({"y1", "m1", "d1", "y2", "m2", "d2"})


class StatisticsPeriod(Strict):
    """What a statistics-period sentence looks like: a name (统计期限, 统计时段 …), then within
    `gap` characters of the same sentence one of the `ranges`. Matched with whitespace removed."""

    names: list[str] = Field(min_length=1)
    gap: int = Field(default=12, ge=0, le=40)
    ranges: list[str] = Field(min_length=1)  # named groups y1 m1 d1 y2 m2 d2, each optional

    @field_validator("names")
    @classmethod
    def _valid_names(cls, v: list[str]) -> list[str]:
        return [_valid_regex(x) for x in v]

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, v: list[str]) -> list[str]:
        for x in v:
            groups = set(re.compile(_valid_regex(x)).groupindex)
            if not groups or not groups <= PERIOD_GROUPS:
                raise ValueError(f"统计期限写法“{x}”的命名分组只能是 {'、'.join(sorted(PERIOD_GROUPS))}")
        return v


class Issuers(Strict):
    township: str
    government: str
    rule_makers: str


class Pack(Strict):
    id: str
    title: str
    version: str
    grading: list[GradeBand]
    deadlines: dict[Literal["department", "government", "township"], Deadline]
    sections: list[SectionDef]
    tables: dict[str, TableTemplate]
    issuers: Issuers
    documents: list[KnownDocument]
    statistics_period: StatisticsPeriod

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @model_validator(mode="after")
    def _check(self) -> Pack:
        if sorted(b.min_score for b in self.grading)[0] != 0:
            raise ValueError("grading 必须有一档 min_score: 0")
        keys = {d.key for d in self.documents}
        for d in self.documents:
            if d.superseded_by and d.superseded_by not in keys:
                raise ValueError(f"文件 {d.key} 的 superseded_by “{d.superseded_by}” 不在 documents 中")
        return self

    def grade(self, score: float) -> str:
        for band in sorted(self.grading, key=lambda b: -b.min_score):
            if score >= band.min_score:
                return band.grade
        return self.grading[-1].grade

    def document(self, key: str) -> KnownDocument | None:
        return next((d for d in self.documents if d.key == key), None)
