"""`period`: statistics period, years, calendar dates and the publication deadline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["period"]
    check: Literal[
        "statistics_period", "period_missing", "year_consistency", "valid_dates", "deadline", "signing_window"
    ]


PERIOD = re.compile(
    r"统计(?:期限|时限|时间段|周期|区间|时间)[^。]{0,12}?(?:自|从|为|是)?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*"
    r"(?:至|到|—|－|-|~)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_REPORT_YEAR = re.compile(r"(\d{4})\s*年度?(?:政府信息公开|政务公开)[^。，]{0,8}?(?:年度)?报告")


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    text = ctx.doc.text
    if rule.check == "statistics_period":
        if not year:
            return
        for m in PERIOD.finditer(text):
            y1, mo1, d1 = int(m.group(1)), int(m.group(2)), int(m.group(3))
            y2 = int(m.group(4)) if m.group(4) else y1
            mo2, d2 = int(m.group(5)), int(m.group(6))
            got = f"{y1}年{mo1}月{d1}日至{y2}年{mo2}月{d2}日"
            want = f"{year}年1月1日至{year}年12月31日"
            if (y1, mo1, d1, y2, mo2, d2) != (year, 1, 1, year, 12, 31):
                yield ctx.finding(
                    rule,
                    {"observed": got, "expected": want, "year": year},
                    offset=m.start(),
                    observed=got,
                    expected=want,
                )
    elif rule.check == "period_missing":
        if not PERIOD.search(text):
            span = ctx.st.preamble
            yield ctx.finding(
                rule,
                {"year": year or "报告"},
                offset=span[0] if span[1] > span[0] else 0,
                expected=f"本报告所列数据的统计期限为{year or 'YYYY'}年1月1日至12月31日",
            )
    elif rule.check == "year_consistency":
        if not year:
            return
        for m in _REPORT_YEAR.finditer(text):
            if m.start() < ctx.st.title_end:
                continue
            cited = int(m.group(1))
            if cited != year:
                yield ctx.finding(
                    rule,
                    {"match": m.group(0), "cited": cited, "year": year},
                    offset=m.start(),
                    observed=m.group(0),
                    expected=f"{year}年度",
                )
    elif rule.check == "valid_dates":
        for m in _DATE.finditer(text):
            try:
                date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                yield ctx.finding(rule, {"match": m.group(0)}, offset=m.start(), observed=m.group(0))
    elif rule.check == "deadline":
        yield from _deadline(ctx, rule)
    elif rule.check == "signing_window":
        signed = ctx.st.signed
        if not (year and signed):
            return
        upper = ctx.published or date(year + 1, 12, 31)
        if not (date(year + 1, 1, 1) <= signed <= upper):
            yield ctx.finding(
                rule,
                {"signed": signed.isoformat(), "year": year},
                offset=ctx.st.signed_offset,
                observed=signed.isoformat(),
                expected=f"{year + 1}-01-01 至 {upper.isoformat()}",
            )


def _deadline(ctx: Context, rule: Params) -> Iterator[Finding]:
    year = ctx.st.year
    kind = ctx.st.issuer_type
    if not year or kind == "unknown":
        return
    when, source, offset = ctx.published, "发布日期（--published）", None
    if when is None and ctx.st.published is not None:
        when, source = ctx.st.published, "页面上的发布日期"
    if when is None and ctx.st.signed is not None:
        when, source, offset = ctx.st.signed, "落款日期", ctx.st.signed_offset
    if when is None:
        return
    deadline_def = ctx.pack.deadlines[kind]
    month, day = (int(x) for x in deadline_def.date.split("-"))
    deadline = date(year + 1, month, day)
    if when > deadline:
        kinds = {
            "department": "县级以上人民政府部门",
            "government": "县级以上地方人民政府本级",
            "township": "乡镇人民政府/街道办事处",
        }
        yield ctx.finding(
            rule,
            {
                "date": when.isoformat(),
                "source": source,
                "deadline": deadline.isoformat(),
                "issuer_type": kinds[kind],
                "basis": deadline_def.basis,
                "days": (when - deadline).days,
            },
            offset=offset,
            observed=when.isoformat(),
            expected=f"<= {deadline.isoformat()}",
        )
