"""Run a pack over one report: read → structure → tables → rules → grade.

The engine never prints; it returns a ReportResult that renderers format.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path
from typing import Any

from checker.builtin import builtin_finding
from checker.context import Context
from checker.document import Document
from checker.errors import InputError
from checker.findings import SEVERITY_ORDER, Finding, tell_apart
from checker.grading import assign_points, drop_superseded, grade
from checker.kinds import PAIR_KINDS, checker_for
from checker.locate import locate
from checker.results import ReportResult
from checker.rule import RuleBase
from checker.rules import LoadedPack
from checker.selection import applies, selected
from checker.structure import Structure, analyse
from checker.tables import ExtractedTable, extract_tables, find_statements

__all__ = ["ReportResult", "check_document", "document_finding", "file_problem", "run_rules"]


def run_rules(ctx: Context, rules: list[RuleBase]) -> list[Finding]:
    """Every applicable rule's findings, one cause reported once, with the points each costs."""
    findings: list[Finding] = []
    for rule in rules:
        if rule.kind in PAIR_KINDS:
            continue  # judged with last year's report (checker.crossyear)
        if rule.enabled and applies(rule.when, ctx):
            findings.extend(checker_for(rule.kind)(ctx, rule))
    findings = drop_superseded(findings, rules)
    assign_points(findings, rules)
    return findings


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
    facts: bool = False,
    clusters: bool = False,
) -> ReportResult:
    """`facts`: the run compares years, so the result carries the report's facts.
    `clusters`: the run looks for near-identical reports of different units, so the result
    carries its narrative's prepared item (checker.clusters.report_item)."""
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
            builtin_finding(
                "DOC-03", "正文为空，只有标题和附件链接，报告可能在附件中；请提供附件中的报告全文"
            )
        )
        result.timings = {"read": t1 - t0, "structure": t2 - t1, "tables": t3 - t2}
        return result
    ctx = Context(doc=doc, st=st, tables=tables, pack=loaded.pack, published=published, statements=statements)
    rules = [r for r in loaded.rules if selected(r, select, ignore)]
    findings = run_rules(ctx, rules)
    findings += [file_problem(message) for message in doc.problems]
    locate(findings, doc, st, tables, loaded.pack)
    for f in findings:
        f.finalize()
    findings.sort(key=_sort_key)
    tell_apart(findings)
    t4 = time.perf_counter()
    _fill(result, doc.format, st, tables, findings, loaded)
    if facts:
        from checker.facts import build_facts
        from checker.summary import summarise

        # the facts and the output state the tables alike: summarised once for both
        result.summaries = {name: summarise(table) for name, table in tables.items()}
        result.facts = build_facts(ctx, str(path), doc.format, rules, result.summaries)
    if clusters:
        from checker.clusters import report_item
        from checker.facts import issuer_key

        result.cluster = report_item(doc, st, issuer_key(st.issuer, loaded.pack))
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
    result.published = st.published
    result.tables = tables
    result.findings = findings
    grade(result, loaded.pack)


def file_problem(message: str) -> Finding:
    """Something wrong with the file as delivered (not with what the office wrote): listed, not scored."""
    return builtin_finding("DOC-02", message)


def document_finding(message: str) -> Finding:
    """The file cannot be checked at all."""
    return builtin_finding("DOC-00", message)
