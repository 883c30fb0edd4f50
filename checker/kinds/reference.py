"""`reference`: legal and document citations, checked against the pack's registry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context

Check = Literal[
    "decree_form",  # 国务院令第711号 (not 国务院令711号)
    "superseded",  # a superseded document cited (492号 条例, 〔2019〕60号 format)
    "number_mismatch",  # a known title cited with another 文号, or a known number misspelt
    "must_cite",  # a document that should be cited is not
    "stale_workplan",  # an earlier year's 工作要点 cited for this year's work
    "bracket_style",  # 文号 year in [], (), 【】 instead of 〔〕
    "number_syntax",  # 〔21〕, 第30号, 030号, digits run together
    "nested_titles",  # 《…《…》…》 or <…> inside 《》
    "abbreviation",  # 《条例》 used before 《中华人民共和国政府信息公开条例》（以下简称《条例》）
]


class Params(RuleBase):
    kind: Literal["reference"]
    check: Check
    documents: list[str] = []  # registry keys the check is about (default: all)
    max_findings: int = 5


_DOCNO = re.compile(r"([\u4e00-\u9fff]{1,12})〔(\d{4})〕(\d+)号")
_DECREE = re.compile(r"(?:国务院令|国令)\s*(第?)\s*(\d+)\s*号")
_BAD_BRACKETS = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*([\[【(（［{])\s*(\d{4})\s*([\]】)）］}])\s*(第?\d+)号"
)
_PLAIN = re.compile(r"[\s《》〈〉<>]")


def _docs(ctx: Context, rule: Params) -> list:  # type: ignore[type-arg]
    return [d for d in ctx.pack.documents if not rule.documents or d.key in rule.documents]


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    handler = _HANDLERS[rule.check]
    for i, finding in enumerate(handler(ctx, rule)):
        if i >= rule.max_findings:
            return
        yield finding


def _decree_form(ctx: Context, rule: Params) -> Iterator[Finding]:
    for m in _DECREE.finditer(ctx.doc.text):
        if not m.group(1) or not m.group(0).startswith("国务院令"):
            yield ctx.finding(
                rule,
                {"match": m.group(0), "number": m.group(2)},
                offset=m.start(),
                observed=m.group(0),
                expected=f"国务院令第{m.group(2)}号",
            )


def _superseded(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year or 0
    for doc in _docs(ctx, rule):
        if not doc.superseded_by:
            continue
        successor = ctx.pack.document(doc.superseded_by)
        if successor is None or year < successor.year:
            continue
        names = "|".join(re.escape(n) for n in (doc.number, *doc.aliases))
        for m in re.finditer(names, ctx.doc.text):
            window = ctx.doc.text[max(0, m.start() - 60) : m.end() + 20]
            if successor.number in window or re.search(r"修订|修正|公布", window):
                continue  # "492号公布、711号修订" is a correct full citation
            yield ctx.finding(
                rule,
                {"match": m.group(0), "current": successor.number, "title": successor.title, "year": year},
                offset=m.start(),
                observed=m.group(0),
                expected=successor.number,
            )


def _number_mismatch(ctx: Context, rule: Params) -> Iterator[Finding]:
    text = ctx.doc.text
    plain_text = _PLAIN.sub("", text)
    reported: set[str] = set()
    for doc in _docs(ctx, rule):
        # Every registered number for this title is acceptable here; a superseded
        # one is the `superseded` check's business.
        accepted = {
            _PLAIN.sub("", number)
            for d in ctx.pack.documents
            if d.title == doc.title
            for number in (d.number, *d.aliases)
        }
        m_no = _DOCNO.match(doc.number)
        if m_no:
            # The same year and serial number under another issuer prefix: 国办发〔2021〕30号.
            for m in _DOCNO.finditer(text):
                same_serial = m.group(2) == m_no.group(2) and m.group(3) == m_no.group(3)
                prefix_ok = m_no.group(1).endswith(m.group(1)) or m.group(1).endswith(m_no.group(1))
                if not same_serial or prefix_ok or m.group(0) in reported:
                    continue
                title_near = _PLAIN.sub("", text[max(0, m.start() - 120) : m.start()])
                if _PLAIN.sub("", doc.title)[-12:] in title_near or "年度报告格式" in title_near:
                    reported.add(m.group(0))
                    yield ctx.finding(
                        rule,
                        {"match": m.group(0), "number": doc.number, "title": doc.title},
                        offset=m.start(),
                        observed=m.group(0),
                        expected=doc.number,
                    )
        # The title followed by a 文号 in parentheses that belongs to no document of that title.
        title_key = _PLAIN.sub("", doc.title)
        start = 0
        while True:
            pos = plain_text.find(title_key, start)
            if pos < 0:
                break
            start = pos + len(title_key)
            paren = re.match(r"[）)]?[（(]([^（）()]{2,40}?号)", plain_text[start : start + 40])
            if not paren:
                continue
            cited = paren.group(1)
            cited_plain = _PLAIN.sub("", cited)
            # "2019年4月3日中华人民共和国国务院令第711号" carries a registered number: fine.
            if any(number in cited_plain for number in accepted) or cited in reported:
                continue
            if _DOCNO.search(cited) or "令" in cited:
                reported.add(cited)
                offset = text.find(cited)
                yield ctx.finding(
                    rule,
                    {"match": cited, "number": doc.number, "title": doc.title},
                    offset=offset if offset >= 0 else None,
                    observed=cited,
                    expected=doc.number,
                )


def _must_cite(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year or 0
    for doc in _docs(ctx, rule):
        if year and year < doc.year:
            continue
        if doc.number in ctx.doc.text:
            continue
        title_key = _PLAIN.sub("", doc.title)[-16:]
        if title_key in _PLAIN.sub("", ctx.doc.text):
            continue
        span = ctx.st.preamble
        yield ctx.finding(
            rule,
            {"number": doc.number, "title": doc.title},
            offset=span[0] if span[1] > span[0] else 0,
            expected=f"《{doc.title}》（{doc.number}）",
        )


_WORKPLAN = re.compile(
    r"《[^《》]{0,80}?(\d{4})年[^《》]{0,60}?(?:要点|重点工作|工作任务|工作方案|任务分工|责任分解)[^《》]{0,40}》"
)


def _stale_workplan(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    if not year:
        return
    for m in _WORKPLAN.finditer(ctx.doc.text):
        cited = int(m.group(1))
        if cited < year:
            number = re.match(r"[（(]([^（）()]{2,30}号)[）)]", ctx.doc.text[m.end() : m.end() + 40])
            shown = m.group(0) + (f"（{number.group(1)}）" if number else "")
            yield ctx.finding(
                rule,
                {"match": shown, "cited_year": cited, "year": year},
                offset=m.start(),
                observed=shown,
                expected=f"{year}年度的工作要点",
            )


def _bracket_style(ctx: Context, rule: Params) -> Iterator[Finding]:
    for m in _BAD_BRACKETS.finditer(ctx.doc.raw):
        if m.group(2) in "（(" and not re.search(r"[发函字办]$", m.group(1)):
            continue  # "（2023）" after ordinary words is a year in parentheses, not a 文号
        # The capture may begin with ordinary words ("已按照云政办发"): keep the issuer prefix.
        prefix = re.split(r"按照|根据|依据|参照|对照|落实|印发|执行|已|的|和|与|及|以", m.group(1))[
            -1
        ] or m.group(1)
        shown = prefix + m.group(0)[len(m.group(1)) :]
        fixed = f"{prefix}〔{m.group(3)}〕{m.group(5).lstrip('第')}号"
        yield ctx.finding(
            rule, {"match": shown, "fixed": fixed}, offset=m.start(), observed=shown, expected=fixed
        )
    for m in re.finditer(r"﹝\d{4}﹞", ctx.doc.raw):
        yield ctx.finding(
            rule,
            {"match": m.group(0), "fixed": "〔〕"},
            offset=m.start(),
            observed=m.group(0),
            expected="〔〕",
        )


_SYNTAX = [
    (re.compile(r"〔(\d{2}|\d{3})〕\d+号"), "年份应为四位数字"),
    (re.compile(r"〔\d{4}〕第\d+号"), "发文顺序号前不加“第”"),
    (re.compile(r"〔\d{4}〕0\d+号"), "发文顺序号不编虚位（如 1 不编为 01）"),
    (re.compile(r"〔\d{5,}号"), "年份与顺序号粘连，缺少“〕”"),
    (re.compile(r"(?<![〔\d])\d{4}〕\d+号"), "缺少“〔”"),
]


def _number_syntax(ctx: Context, rule: Params) -> Iterator[Finding]:
    for rx, why in _SYNTAX:
        for m in rx.finditer(ctx.doc.text):
            yield ctx.finding(rule, {"match": m.group(0), "why": why}, offset=m.start(), observed=m.group(0))


def _nested_titles(ctx: Context, rule: Params) -> Iterator[Finding]:
    raw = ctx.doc.raw
    for m in re.finditer(r"《[^》\n]{0,120}", raw):
        inner = m.group(0)[1:]
        bad = re.search(r"《|<|＜", inner)
        if bad:
            yield ctx.finding(
                rule,
                {"match": m.group(0)[:40]},
                offset=m.start(),
                observed=m.group(0)[:40],
                expected="外用《》，内用〈〉",
            )


def _abbreviation(ctx: Context, rule: Params) -> Iterator[Finding]:
    text = ctx.doc.text
    first_short = text.find("《条例》")
    define = re.search(r"以下简称《条例》|以下简称“条例”", text)
    full = text.find("《中华人民共和国政府信息公开条例》")
    if first_short < 0:
        return
    if define is None:
        yield ctx.finding(
            rule,
            {"match": "《条例》", "why": "未注明“以下简称《条例》”"},
            offset=first_short,
            observed="《条例》",
        )
    elif first_short < define.start():
        yield ctx.finding(
            rule, {"match": "《条例》", "why": "简称在定义之前使用"}, offset=first_short, observed="《条例》"
        )
    elif full < 0 or full > define.start():
        yield ctx.finding(
            rule,
            {"match": "《条例》", "why": "定义简称前未使用全称"},
            offset=define.start(),
            observed="《条例》",
        )


_HANDLERS = {
    "decree_form": _decree_form,
    "superseded": _superseded,
    "number_mismatch": _number_mismatch,
    "must_cite": _must_cite,
    "stale_workplan": _stale_workplan,
    "bracket_style": _bracket_style,
    "number_syntax": _number_syntax,
    "nested_titles": _nested_titles,
    "abbreviation": _abbreviation,
}
