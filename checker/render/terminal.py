"""The terminal report a clerk reads: grouped by section, then score and grade."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from checker.engine import ReportResult
from checker.findings import SEVERITY_ZH, Finding
from checker.paths import shown
from checker.summary import table_summaries

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SECTION_NAMES = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}
_TYPE_ZH = {
    "township": "乡镇/街道",
    "government": "人民政府",
    "department": "政府部门",
    "unknown": "类型未识别",
}


def _where(f: Finding) -> str:
    loc = f.location
    parts = []
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.line:
        parts.append(f"第{loc.line}行")
    if loc.table:
        cell = loc.table
        if loc.row:
            cell += f"“{loc.row}”行"
        if loc.column:
            cell += f"“{loc.column}”列"
        parts.append(cell)
    return " ".join(parts)


def _finding_text(f: Finding, doubtful: bool = False) -> Text:
    t = Text("  ")
    t.append(f"{SEVERITY_ZH[f.severity]:<2}", style=_STYLE[f.severity] if not doubtful else "dim")
    t.append(f" {f.rule} ", style="bold")
    t.append(f"{f.title}  ")
    where = _where(f)
    if where:
        t.append(where + "  ", style="dim")
    t.append("\n       " + f.message)
    if f.basis and f.basis != "—":
        t.append("\n       依据：" + f.basis, style="dim")
    return t


def render(results: list[ReportResult], console: Console) -> None:
    writer = TerminalWriter(console)
    for r in results:
        writer.report(r)
    writer.end([])


class TerminalWriter:
    """Each report printed as its result arrives."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def report(self, result: ReportResult) -> None:
        _render_one(result, self.console)

    def end(self, skipped: list[str]) -> None:
        """Nothing to close: skipped files were named on stderr as they were met."""


def _render_one(r: ReportResult, console: Console) -> None:
    head = Text()
    head.append(r.title or "（未识别出报告标题）", style="bold")
    kind = _TYPE_ZH.get(r.issuer_type, "")
    head.append(
        f"   ({shown(r.path)} · {r.format or '未知格式'}{' · ' + kind if r.title else ''})", style="dim"
    )
    console.print(head)
    tables = table_summaries(r)
    if tables:
        parts = []
        for name, t in tables.items():
            read, total = t.count()
            parts.append(f"{name} {read}/{total}")
        console.print("表格识别：" + " · ".join(parts), style="dim")
    certain = [f for f in r.findings if f.certain]
    doubtful = [f for f in r.findings if not f.certain]
    groups: dict[str, list[Finding]] = {}
    for f in certain:
        key = f.location.section or ""
        groups.setdefault(key, []).append(f)
    for key in ["", *_SECTION_NAMES]:
        items = groups.get(key)
        if not items:
            continue
        console.print(Text(_SECTION_NAMES.get(key, "标题、导语及全文"), style="bold underline"))
        for f in items:
            console.print(_finding_text(f))
    if doubtful:
        console.print(Text("待核实（读取存疑或文件问题，不扣分）", style="bold underline"))
        for f in doubtful:
            console.print(_finding_text(f, doubtful=True))
    if not r.findings:
        console.print("未发现问题。", style="green")
    c = r.counts
    tail = Text()
    if r.score is not None:
        tail.append(f"得分 {r.score:g} / 100 · {r.grade}", style="bold")
    elif r.partial and not r.unreadable:
        tail.append("只检查了所选规则（--select），不评分", style="bold")
    else:
        tail.append("未评分（文件无法读取）", style="bold red")
    tail.append(f" · 错误 {c['error']} · 警告 {c['warning']} · 提示 {c['info']} · 待核实 {len(doubtful)}")
    if r.findings:
        tail.append(f"      nianbao explain {r.findings[0].rule} 查看规则说明", style="dim")
    console.print(tail)
    console.print()
