"""Results as flat rows, for the formats a supervisor opens in Excel (CSV, XLSX): one row per
report for the summary, one row per finding for the findings list. The column headings are
the user's language; the values are the same data the JSON carries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checker.findings import SEVERITY_ZH, Finding, Location
from checker.paths import shown
from checker.results import ReportResult

CATEGORY_ZH = {
    "sections": "章节",
    "references": "法规引用",
    "tables": "统计表",
    "dates": "日期",
    "text": "文字",
    "document": "文件",
}
TYPE_ZH = {
    "township": "乡镇/街道",
    "government": "人民政府",
    "department": "政府部门",
    "unknown": "类型未识别",
}

REPORT_COLUMNS: Sequence[str] = (
    "单位",
    "年度",
    "等级",
    "得分",
    "错误",
    "警告",
    "提示",
    "待核实",
    "单位类型",
    "格式",
    "报告标题",
    "文件",
)
FINDING_COLUMNS: Sequence[str] = (
    "单位",
    "年度",
    "文件",
    "规则",
    "规则名称",
    "级别",
    "确定性",
    "类别",
    "章节",
    "表格",
    "行",
    "列",
    "页",
    "行号",
    "位置",  # the section (the report's heading) or 全文
    "原文",  # the report's words the finding is about, to find in Word with Ctrl+F
    "问题",
    "实际值",
    "应为",
    "依据",
    "扣分",
    "指纹",
)


def cell_words(loc: Location) -> str:
    """A table cell as a clerk finds it: 表三“（一）予以公开”行“总计”列 ("" outside a table)."""
    if not loc.table:
        return ""
    words = loc.table
    if loc.row:
        words += f"“{loc.row}”行"
    if loc.column:
        words += f"“{loc.column}”列"
    return words


def unit(result: ReportResult) -> str:
    """Who wrote the report, or the file's name when the issuer was not found."""
    return result.issuer or shown(result.path).rsplit("/", 1)[-1]


def grade_text(result: ReportResult) -> str:
    if result.not_a_report:
        return "不是年度报告"
    if result.unreadable:
        return "无法检查"
    if result.partial:
        return "部分检查，不评分"
    return result.grade or "未评分"


def report_row(result: ReportResult) -> list[Any]:
    counts = result.counts
    return [
        unit(result),
        result.year,
        grade_text(result),
        result.score,
        counts["error"],
        counts["warning"],
        counts["info"],
        len(result.uncertain),
        TYPE_ZH.get(result.issuer_type, result.issuer_type),
        result.format,
        result.title,
        shown(result.path),
    ]


def _cell_value(value: Any) -> Any:
    """A finding's observed/expected value as a spreadsheet cell: numbers stay numbers."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def finding_row(result: ReportResult, finding: Finding) -> list[Any]:
    loc = finding.location
    return [
        unit(result),
        result.year,
        shown(result.path),
        finding.rule,
        finding.title,
        SEVERITY_ZH[finding.severity],
        "确定" if finding.certain else "待核实",
        CATEGORY_ZH.get(finding.category, finding.category),
        loc.section or "",
        loc.table or "",
        loc.row or "",
        loc.column or "",
        loc.page if loc.page is not None else "",
        loc.line if loc.line is not None else "",
        loc.scope or "",
        loc.quote or "",
        finding.message,
        _cell_value(finding.observed),
        _cell_value(finding.expected),
        finding.basis,
        finding.points,
        finding.fingerprint,
    ]


def worst_first(result: ReportResult) -> tuple[Any, ...]:
    """Summary order: files that could not be checked, then the lowest scores, then the most
    errors."""
    counts = result.counts
    return (
        result.score is not None,
        result.score if result.score is not None else 0.0,
        -counts["error"],
        -counts["warning"],
        unit(result),
    )
