"""The rule pack's own data (pack.yaml): table templates, sections, deadlines,
known documents, statistics-period wordings and grading. Validated strictly, like the rules."""

from __future__ import annotations

import re
from datetime import date as _date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from checker.normalize import label_key
from checker.regexes import check_regex, check_regexes


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RowTemplate(Strict):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    columns: list[str] | None = None  # per-row columns (表二); default: the table's columns
    group: str | None = None
    decimal: bool = False  # amounts (万元) may have decimals; counts may not
    amounts: list[str] = Field(default_factory=list)  # columns holding amounts when not all do
    signed: list[str] = Field(default_factory=list)  # columns that may be negative (2019: 本年增/减)

    def label_keys(self) -> list[str]:
        return [label_key(x) for x in [self.label, *self.aliases]]

    def is_amount(self, column: str) -> bool:
        """Whether the column holds an amount (may have decimals) rather than a count."""
        return self.decimal or column in self.amounts


class GroupTemplate(Strict):
    """A label that heads rows without numbers of its own (（三）不予公开 …).

    In the 2019 layout some of these carried numbers as a single row; a group found
    with numbers and none of its rows is read as that one row ("collapsed")."""

    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)

    def label_keys(self) -> list[str]:
        return [label_key(x) for x in [self.label, *self.aliases]]


class TableTemplate(Strict):
    section: str
    columns: list[str] = Field(default_factory=list)
    rows: list[RowTemplate]
    groups: list[GroupTemplate] = Field(default_factory=list)
    single_row: bool = False
    # The most digits a value of this table has before any decimal point. It bounds
    # how a run of digits flattened from a web page may be cut: 表三 counts no
    # body's applications in millions.
    max_digits: int = Field(default=6, ge=1, le=15)

    @model_validator(mode="after")
    def _check(self) -> TableTemplate:
        group_ids = {g.id for g in self.groups}
        for row in self.rows:
            if not (row.columns or self.columns):
                raise ValueError(f"行“{row.label}”没有列定义")
            if self.groups and row.group is not None and row.group not in group_ids:
                raise ValueError(f"行“{row.label}”的 group “{row.group}” 不在 groups 中")
            for key, listed in (("signed", row.signed), ("amounts", row.amounts)):
                unknown = set(listed) - set(row.columns or self.columns)
                if unknown:
                    raise ValueError(f"行“{row.label}”的 {key} 列“{'、'.join(sorted(unknown))}”不是该行的列")
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
        # the private dict directly: pydantic's attribute hook costs more than the lookup
        by_ref: dict[str, RowTemplate] = self.__pydantic_private__["_by_ref"]  # type: ignore[index]
        found = by_ref.get(ref)
        return found if found is not None else by_ref.get(label_key(ref, keep_ordinal=True))

    def group(self, group_id: str) -> GroupTemplate | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def rows_of_group(self, group_id: str) -> list[RowTemplate]:
        return [r for r in self.rows if r.group == group_id]


class CellText(Strict):
    """How table cells are written besides plain numbers."""

    blank_marks: list[str]  # a cell holding only one of these was left without a number (-, /, 无 …)
    units: list[str]  # units written after a number inside a cell (万元, 件 …)


class ReadingNotes(Strict):
    """Templates of what the table reader says about cells it could not settle (shown in DOC-01
    and in doubtful findings). {row}, {column}, {run}, {cells}, {count} … are filled in."""

    several_readings: str
    no_reading: str
    fewer_digits: str
    cell_count: str
    not_a_number: str
    fuzzy_label: str
    run_readings: str  # one run and its readings, inside a finding's message
    reading_separator: str
    more_readings: str
    fails_every_reading: str  # {verdict} of a relation that fails however the digits are cut
    fails_some_readings: str  # {verdict} of one that fails under some cuts only
    run_separator: str
    cell_ref: str  # a cell named in a message: {row}, {column}
    more_cells: str  # "… and N cells in all": {count}
    data_row: str  # the one data row of a single-row table (表四): {table}
    alternatives: str  # between the values an undecided cell may have: 4或74


class Statement(Strict):
    """A sentence of the narrative that states a table cell's value (共收到申请81件).

    Used twice: as evidence when the digits of that cell ran together in the text, and
    by `consistency` rules that compare the narrative with the table."""

    id: str
    cells: list[str]  # table.row.column; the statement's number is their sum
    patterns: list[str]  # each with a named group (?P<n>…) holding the number
    # The sentence around a match must also hold one of these (e.g. that it is about the
    # applications received): checked on the sentence, so patterns stay short and linear.
    sentence_has: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Statement:
        check_regexes(self.sentence_has)
        for p in check_regexes(self.patterns):
            if "(?P<n>" not in p:
                raise ValueError(f"模式“{p}”缺少命名分组 (?P<n>…) 来捕获数字")
        return self


class SectionDef(Strict):
    """A statutory section and the wordings its heading is written in (after the ordinal)."""

    id: Literal["一", "二", "三", "四", "五", "六"]
    title: str  # the template heading, ordinal included
    headings: list[str] = Field(min_length=1)  # regexes: every wording offices use
    equivalents: list[str] = []  # other wordings as good as the title (条例第五十条's), plain text

    @field_validator("headings")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


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
        for form in check_regexes(v):
            if re.compile(form).groupindex.keys() != {"ord"}:
                raise ValueError(f"序号格式“{form}”必须恰好有一个命名组 (?P<ord>...)")
        return v

    @field_validator("lead", "after", "sentence_marks")
    @classmethod
    def _one(cls, v: str) -> str:
        return check_regex(v)


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
        return check_regex(v)

    @field_validator("skip_lines", "issuer_drop")
    @classmethod
    def _many(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class DateWords(Strict):
    """How dates are written, and the page metadata that gives the publication date."""

    date: str  # a full date, groups y, m, d
    published: str  # a publication-date metadata line, groups y, m, d
    published_source: str  # said when the publication date comes from page metadata

    @field_validator("date", "published")
    @classmethod
    def _ymd(cls, v: str) -> str:
        if not {"y", "m", "d"} <= re.compile(check_regex(v)).groupindex.keys():
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
    name: str = Field(min_length=2)  # whom the deadline binds, as messages say it

    @field_validator("date")
    @classmethod
    def _every_year_has_it(cls, v: str) -> str:
        """A deadline falls in the year after the report year, whichever it is: 02-30 and
        04-31 never come, 02-29 only in leap years."""
        try:
            _date(2023, int(v[:2]), int(v[3:]))  # 2023: not a leap year
        except ValueError:
            raise ValueError(f"时限“{v}”不是每年都有的日期（月-日），如 01-31、03-31") from None
        return v


class CitationForm(Strict):
    """One more way reports name a document (besides its number and titles): a regex,
    matched on the text with whitespace and title marks removed."""

    form: str
    certain: bool = True  # False: the form may also name another document (a short title)

    @field_validator("form")
    @classmethod
    def _valid(cls, v: str) -> str:
        return check_regex(v)


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
        return [check_regex(x) for x in v]

    @field_validator("ranges")
    @classmethod
    def _valid_ranges(cls, v: list[str]) -> list[str]:
        for x in v:
            groups = set(re.compile(check_regex(x)).groupindex)
            if not groups or not groups <= PERIOD_GROUPS:
                raise ValueError(f"统计期限写法“{x}”的命名分组只能是 {'、'.join(sorted(PERIOD_GROUPS))}")
        return v


class YearRange(Strict):
    """The report years a pack's format applies to (both ends included)."""

    min: int | None = None
    max: int | None = None

    def contains(self, year: int) -> bool:
        return (self.min is None or year >= self.min) and (self.max is None or year <= self.max)


class RuleOverride(Strict):
    """What a profile, or a pack that extends another, changes in a rule: how much it counts
    and on what basis. The rule's logic and words stay as they are."""

    severity: Literal["error", "warning", "info"] | None = None
    points: float | None = Field(default=None, ge=0, le=100)
    max_points: float | None = Field(default=None, ge=0, le=100)
    basis: str | None = Field(default=None, min_length=2)
    enabled: bool | None = None

    def changes(self) -> dict[str, object]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class AttachmentOnly(Strict):
    """A page that holds only the title and the report as an attachment."""

    max_chars: int = Field(ge=0)  # at most this much text after the title (whitespace removed)
    markers: list[str] = Field(min_length=1)  # regexes: words of an attachment link

    @field_validator("markers")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


class Issuers(Strict):
    """Issuer classification from the issuer's name (regexes)."""

    township: str
    government: str
    rule_makers: str

    @field_validator("township", "government", "rule_makers")
    @classmethod
    def _one(cls, v: str) -> str:
        return check_regex(v)


class IssuerWord(Strict):
    """A word-level variant an office writes its own name in (全称 ↔ 简称), for the issuer key."""

    pattern: str
    replace: str = ""

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        return check_regex(v)


class PreviousFormat(Strict):
    """Where this pack's cells are in a report checked with another pack (last year's report
    in the older format): per table, this row id → that row id and this column → that
    column (null: the older format has no such cell). Unlisted rows and columns keep their names."""

    rows: dict[str, str] = Field(default_factory=dict)
    columns: dict[str, str | None] = Field(default_factory=dict)


class CrossYear(Strict):
    """What comparing a report with the same office's report of the year before needs."""

    issuer_words: list[IssuerWord] = Field(default_factory=list)
    previous_formats: dict[str, dict[str, PreviousFormat]] = Field(default_factory=dict)


class Pack(Strict):
    id: str
    title: str
    version: str
    # A pack may extend another: it inherits that pack's data (any top-level key it does not
    # give) and rule files (except those it `exclude`s or replaces with a file of its own),
    # and may `override` how inherited rules count and on what basis.
    extends: str | None = None
    exclude: list[str] = Field(default_factory=list)
    overrides: dict[str, RuleOverride] = Field(default_factory=dict)
    years: YearRange | None = None  # report years the format applies to (the pack is chosen by them)
    grading: list[GradeBand]
    # publication deadline by issuer type (department, government, township); a type without
    # one is not checked
    deadlines: dict[str, Deadline]
    sections: list[SectionDef]
    structure: StructureWords
    tables: dict[str, TableTemplate]
    cell_text: CellText
    reading_notes: ReadingNotes
    statements: list[Statement] = Field(default_factory=list)
    issuers: Issuers
    documents: list[KnownDocument]
    statistics_period: StatisticsPeriod
    attachment_only: AttachmentOnly | None = None
    cross_year: CrossYear = Field(default_factory=CrossYear)

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @model_validator(mode="after")
    def _check(self) -> Pack:
        if sorted(b.min_score for b in self.grading)[0] != 0:
            raise ValueError("grading 必须有一档 min_score: 0")
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError("sections 中的部分 id 重复")
        unknown = set(self.deadlines) - {"department", "government", "township"}
        if unknown:
            raise ValueError(
                f"deadlines 的机关类型“{'、'.join(sorted(unknown))}”无效（可用：department、government、township）"
            )
        for st in self.statements:
            for ref in st.cells:
                if not self.cell_ref_ok(ref):
                    raise ValueError(f"statements {st.id} 的单元格引用“{ref}”无效（格式：表名.行.列）")
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

    def cell_ref_ok(self, ref: str) -> bool:
        """Whether `表三.新收.总计` names a cell of this pack's templates."""
        table_name, _, rest = ref.partition(".")
        tpl = self.tables.get(table_name)
        if tpl is None:
            return False
        row_ref, _, column = rest.rpartition(".")
        row = tpl.row(row_ref)
        return row is not None and column in tpl.columns_of(row)

    def statement(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def document(self, key: str) -> KnownDocument | None:
        return next((d for d in self.documents if d.key == key), None)
