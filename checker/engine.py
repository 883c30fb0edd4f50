"""Run a pack over one report: read → structure → tables → rules → grade.

The engine never prints; it returns a ReportResult that renderers format.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.context import Context
from checker.document import Document
from checker.errors import InputError
from checker.findings import SEVERITY_ORDER, Finding, Location, Severity, tell_apart
from checker.kinds import checker_for
from checker.kinds.base import RuleBase, When
from checker.rules import LoadedPack
from checker.selection import selected
from checker.structure import Structure, analyse
from checker.tables import ExtractedTable, extract_tables, find_statements

if TYPE_CHECKING:
    from checker.summary import TableSummary

_OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass
class ReportResult:
    path: str
    format: str = ""
    pack: str = ""  # the rule pack the report was checked with (by its year's format)
    title: str = ""
    issuer: str = ""
    issuer_type: str = "unknown"
    year: int | None = None
    score: float | None = None
    grade: str | None = None
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, ExtractedTable] = field(default_factory=dict)
    # The tables as the output states them, once the result left the process that read the
    # report (checker.summary.compact); `tables` is then empty.
    summaries: dict[str, TableSummary] = field(default_factory=dict)
    # The report as the chosen output format writes it, when that was done where the report was
    # checked (a worker), so that the parent of a batch only copies it to the output.
    rendered: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    unreadable: bool = False
    not_a_report: bool = False  # readable, but no report title and no statistical table
    partial: bool = False  # checked with --select: only some rules, so no score or grade
    # findings an office accepted (checker.baseline.Suppressions): rule, fingerprint, message,
    # reason and the suppression's number; not in `findings`
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    in_baseline: int = 0  # findings left out because the --baseline run had them

    @property
    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            if f.certain:
                c[f.severity] += 1
        return c

    @property
    def uncertain(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]

    def worst(self) -> int:
        return max(
            (SEVERITY_ORDER[f.severity] for f in self.findings if f.certain),
            default=-1,
        )


def applies(when: When | None, ctx: Context) -> bool:
    if when is None:
        return True
    st = ctx.st
    if when.issuer_types is not None and st.issuer_type not in when.issuer_types:
        return False
    if when.can_make_rules is not None and st.can_make_rules != when.can_make_rules:
        return False
    if when.min_year is not None and (st.year is None or st.year < when.min_year):
        return False
    if when.max_year is not None and (st.year is None or st.year > when.max_year):
        return False
    if when.cell is not None:
        value = ctx.cell_number(when.cell.cell)
        if value is None or not _OPS[when.cell.op](value, Decimal(str(when.cell.value))):
            return False
    return True


def run_rules(ctx: Context, rules: list[RuleBase]) -> list[Finding]:
    """Every applicable rule's findings, one cause reported once, with the points each costs."""
    findings: list[Finding] = []
    for rule in rules:
        if rule.enabled and applies(rule.when, ctx):
            findings.extend(checker_for(rule.kind)(ctx, rule))
    findings = drop_superseded(findings, rules)
    assign_points(findings, rules)
    return findings


def _same_cause(winner: Finding, other: Finding) -> bool:
    """Whether `other` is about what `winner` is about: a report-level finding (no place),
    overlapping text, or the same table row/column."""
    a, b = winner.location, other.location
    if other.span is None and b.table is None:
        return True
    if winner.span is not None and other.span is not None:
        (s1, e1), (s2, e2) = winner.span, other.span
        if s1 <= e2 and s2 <= e1:
            return True
    if a.table is not None and a.table == b.table:
        return (a.row is None or b.row is None or a.row == b.row) and (
            a.column is None or b.column is None or a.column == b.column
        )
    return False


def drop_superseded(findings: list[Finding], rules: list[RuleBase]) -> list[Finding]:
    """When a rule that `supersedes` others reports a cause with certainty, the less
    specific rules' findings about the same place are dropped."""
    certain: dict[str, list[Finding]] = {}  # each rule's certain findings, in order
    for f in findings:
        if f.certain:
            certain.setdefault(f.rule, []).append(f)
    dropped: set[int] = set()
    for rule in rules:
        if not rule.supersedes:
            continue
        winners = certain.get(rule.id)
        if not winners:
            continue
        for i, f in enumerate(findings):
            if f.rule in rule.supersedes and any(_same_cause(w, f) for w in winners):
                dropped.add(i)
    return [f for i, f in enumerate(findings) if i not in dropped]


def assign_points(findings: list[Finding], rules: list[RuleBase]) -> None:
    """Each certain finding costs its rule's points, at most max_points per rule;
    doubtful findings and findings about the file itself cost nothing."""
    by_id = {r.id: r for r in rules}
    spent: dict[str, float] = {}
    for finding in findings:
        rule = by_id.get(finding.rule)
        if rule is None or not finding.certain or finding.category == "document":
            continue
        cap = rule.max_points if rule.max_points is not None else rule.points
        cost = min(rule.points, max(0.0, cap - spent.get(rule.id, 0.0)))
        finding.points = cost
        spent[rule.id] = spent.get(rule.id, 0.0) + cost


def _sort_key(f: Finding) -> tuple[Any, ...]:
    order = "一二三四五六"
    sec = order.index(f.location.section) if f.location.section and f.location.section in order else -1
    return (sec, f.location.line or 0, -SEVERITY_ORDER[f.severity], f.rule, f.message)


def check_document(
    path: str | Path,
    loaded: LoadedPack,
    published: date | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> ReportResult:
    result = ReportResult(path=str(path), partial=bool(select))
    t0 = time.perf_counter()
    try:
        from checker.readers import read_document

        doc = read_document(path)
    except InputError as exc:
        result.unreadable = True
        result.findings.append(document_finding(exc.one_line()))
        result.timings["read"] = time.perf_counter() - t0
        return result
    t1 = time.perf_counter()
    st = analyse(doc, loaded.pack)
    # Each report by its own year's format: a 2020 report with the 2019 pack.
    chosen = loaded.for_year(st.year)
    if chosen is not loaded:
        loaded = chosen
        st = analyse(doc, loaded.pack)
    result.pack = loaded.pack.id
    t2 = time.perf_counter()
    statements = find_statements(doc, loaded.pack)
    tables = extract_tables(doc, loaded.pack, st, statements)
    t3 = time.perf_counter()
    if not st.title and not any(t.found for t in tables.values()):
        result.format = doc.format
        result.unreadable = True
        result.not_a_report = True
        result.findings.append(
            document_finding(
                "未识别出年度报告的标题和章节，这个文件可能不是政府信息公开工作年度报告；"
                "请确认文件内容，或提供报告全文"
            )
        )
        result.timings = {"read": t1 - t0, "structure": t2 - t1}
        return result
    if _attachment_only(doc, st, tables, loaded):
        # A page with the report's title and a link to the report as an attachment: there is
        # no report text to check, so one document finding and no score (not six missing sections).
        result.format, result.title, result.year = doc.format, st.title, st.year
        result.unreadable = True
        result.findings.append(
            _builtin_finding(
                "DOC-03", "正文为空，只有标题和附件链接，报告可能在附件中；请提供附件中的报告全文"
            )
        )
        result.timings = {"read": t1 - t0, "structure": t2 - t1, "tables": t3 - t2}
        return result
    ctx = Context(doc=doc, st=st, tables=tables, pack=loaded.pack, published=published, statements=statements)
    rules = [r for r in loaded.rules if selected(r, select, ignore)]
    findings = run_rules(ctx, rules)
    findings += [file_problem(message) for message in doc.problems]
    for f in findings:
        f.finalize()
    findings.sort(key=_sort_key)
    tell_apart(findings)
    t4 = time.perf_counter()
    _fill(result, doc.format, st, tables, findings, loaded)
    result.timings = {"read": t1 - t0, "structure": t2 - t1, "tables": t3 - t2, "rules": t4 - t3}
    return result


def _attachment_only(
    doc: Document, st: Structure, tables: dict[str, ExtractedTable], loaded: LoadedPack
) -> bool:
    """No section, no table and next to no text besides the title, but words of an attachment."""
    spec = loaded.pack.attachment_only
    if spec is None or st.sections or any(t.found for t in tables.values()):
        return False
    body = re.sub(r"\s+", "", doc.text[st.title_end :])
    if len(body) > spec.max_chars:
        return False
    return any(re.search(marker, body) for marker in spec.markers)


def _fill(
    result: ReportResult,
    fmt: str,
    st: Structure,
    tables: dict[str, ExtractedTable],
    findings: list[Finding],
    loaded: LoadedPack,
) -> None:
    result.format = fmt
    result.title = st.title
    result.issuer = st.issuer
    result.issuer_type = st.issuer_type
    result.year = st.year
    result.tables = tables
    result.findings = findings
    if result.partial:
        return  # some rules were not run: a score would claim what was not checked
    lost = sum(f.points for f in findings)
    result.score = max(0.0, round(100.0 - lost, 1))
    result.grade = loaded.pack.grade(result.score)


@dataclass(frozen=True)
class BuiltinRule:
    """Findings about the input file itself, made by the engine rather than by a pack rule."""

    name: str
    title: str
    severity: Severity
    certain: bool
    scoring: str
    description: str


BUILTIN_RULES = {
    "DOC-00": BuiltinRule(
        "unreadable-input",
        "文件无法读取",
        "error",
        True,
        "不评分",
        "文件为空、不是文本、编码无法识别、损坏或加密、扫描件、过大、疑似恶意、超时或不是年度报告时，不评分，"
        "给出一行原因和处理办法，退出码为 3；同一批中的其他文件照常检查。",
    ),
    "DOC-03": BuiltinRule(
        "report-in-attachment",
        "正文为空，报告可能在附件中",
        "error",
        True,
        "不评分",
        "页面只有报告标题和附件链接（“附件下载”“.pdf”等），没有报告正文：不评分，也不逐条报告缺少的部分；"
        "退出码为 3。请提供附件中的报告全文（DOCX、PDF 等）再检查。",
    ),
    "DOC-02": BuiltinRule(
        "damaged-input",
        "文件本身有问题",
        "warning",
        False,
        "不扣分（列在“待核实”下）",
        "文件能读，但文件本身有缺陷，例如个别字节不是有效的 UTF-8、不同编码的文字拼在一起。受影响的文字显示为"
        "“\ufffd”，相关问题可能并非报告机关所写；请用原始文件重新导出后再查。",
    ),
}


def _builtin_finding(rule_id: str, message: str) -> Finding:
    rule = BUILTIN_RULES[rule_id]
    f = Finding(
        rule=rule_id,
        name=rule.name,
        title=rule.title,
        category="document",
        severity=rule.severity,
        message=message,
        location=Location(),
        basis="—",
        certain=rule.certain,
    )
    f.finalize()
    return f


def file_problem(message: str) -> Finding:
    """Something wrong with the file as delivered (not with what the office wrote): listed, not scored."""
    return _builtin_finding("DOC-02", message)


def document_finding(message: str) -> Finding:
    """The file cannot be checked at all."""
    return _builtin_finding("DOC-00", message)
