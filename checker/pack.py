"""The rule pack's own data (pack.yaml): table templates, sections, deadlines,
known documents and grading. Validated strictly, like the rules."""

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


def _regexes(values: list[str]) -> list[str]:
    """Every vocabulary regex compiles and is not empty (an empty one matches everything)."""
    for value in values:
        if not value:
            raise ValueError("正则表达式不能为空（空模式会匹配任何文本）")
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"正则表达式“{value}”无效：{exc}") from exc
    return values


class SectionDef(Strict):
    """A statutory section and the wordings its heading is written in (after the ordinal)."""

    id: Literal["一", "二", "三", "四", "五", "六"]
    title: str  # the template heading, ordinal included
    headings: list[str] = Field(min_length=1)  # regexes: every wording offices use
    equivalents: list[str] = []  # other wordings as good as the title (条例第五十条's), plain text

    @field_validator("headings")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return _regexes(v)


class HeadingSyntax(Strict):
    """How a statutory heading is written around its wording."""

    # Ordinal forms, each a regex with one group `ord` (the numeral): 一、 / 第一部分
    ordinals: list[str] = Field(min_length=1)
    lead: str  # words an office may put before the wording (政府信息公开工作存在的…)
    # A heading starts a line or follows one of these characters (sentence end, a closing
    # bracket, the digits of a flattened table); anywhere else it is a mention in a sentence.
    after: str
    sentence_marks: str  # characters a heading line never contains (a body sentence does)

    @field_validator("ordinals")
    @classmethod
    def _ordinals(cls, v: list[str]) -> list[str]:
        for form in _regexes(v):
            if re.compile(form).groupindex.keys() != {"ord"}:
                raise ValueError(f"序号格式“{form}”必须恰好有一个命名组 (?P<ord>...)")
        return v

    @field_validator("lead", "after", "sentence_marks")
    @classmethod
    def _one(cls, v: str) -> str:
        return _regexes([v])[0]


class TitleWords(Strict):
    """How the report's title, year and issuer are recognised."""

    meta_line: str  # a page-metadata line giving the title, group `title` (标题：…)
    meta_requires: str  # …which must match this to be taken as the report's title
    line_requires: str  # a run of short lines at the top is the title once it matches this
    metadata_requires: str  # the file's own title metadata is used when it matches this
    skip_lines: list[str] = []  # lines that are neither title nor text (正文)
    year: str  # the report year in the title, group `year`
    issuer_end: str  # when the title starts with the year, the issuer ends where this starts
    issuer_drop: list[str] = []  # words around the issuer that are not part of it (…关于2023年度…)

    @field_validator("meta_line", "meta_requires", "line_requires", "metadata_requires", "year", "issuer_end")
    @classmethod
    def _one(cls, v: str) -> str:
        return _regexes([v])[0]

    @field_validator("skip_lines", "issuer_drop")
    @classmethod
    def _many(cls, v: list[str]) -> list[str]:
        return _regexes(v)


class DateWords(Strict):
    """How dates are written, and the page metadata that gives the publication date."""

    date: str  # a full date, groups y, m, d
    published: str  # a publication-date metadata line, groups y, m, d
    published_source: str  # said when the publication date comes from page metadata

    @field_validator("date", "published")
    @classmethod
    def _ymd(cls, v: str) -> str:
        if not {"y", "m", "d"} <= re.compile(_regexes([v])[0]).groupindex.keys():
            raise ValueError(f"日期格式“{v}”必须有命名组 y、m、d")
        return v


class StructureWords(Strict):
    """The words checker/structure.py looks for: headings, title, dates, numerals."""

    numerals: str = Field(min_length=10, max_length=10)  # 1 … 10, the last one is ten
    headings: HeadingSyntax
    title: TitleWords
    dates: DateWords


class GradeBand(Strict):
    grade: str
    min_score: float


class Deadline(Strict):
    date: str = Field(pattern=r"^\d{2}-\d{2}$")
    basis: str


class KnownDocument(Strict):
    key: str
    number: str
    title: str
    year: int
    superseded_by: str | None = None
    aliases: list[str] = Field(default_factory=list)  # informal forms that still name it (国令第711号)


class Issuers(Strict):
    """Issuer classification from the issuer's name (regexes)."""

    township: str
    government: str
    rule_makers: str

    @field_validator("township", "government", "rule_makers")
    @classmethod
    def _one(cls, v: str) -> str:
        return _regexes([v])[0]


class Pack(Strict):
    id: str
    title: str
    version: str
    grading: list[GradeBand]
    deadlines: dict[Literal["department", "government", "township"], Deadline]
    sections: list[SectionDef]
    structure: StructureWords
    tables: dict[str, TableTemplate]
    issuers: Issuers
    documents: list[KnownDocument]

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @model_validator(mode="after")
    def _check(self) -> Pack:
        if sorted(b.min_score for b in self.grading)[0] != 0:
            raise ValueError("grading 必须有一档 min_score: 0")
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError("sections 中的部分 id 重复")
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
