"""HTML: one self-contained printable page for a batch, a section per unit to send back.

The page has the run's summary first (units worst first, each linked to its section, and
the grade distribution), then for each report its title, unit, year, format, grade and
score; its statistical tables drawn row by row and column by column from the pack's
templates, with the cells the findings are about highlighted (what the report states and
what it should be); its findings; and a 整改通知 block — what to fix, the basis, by when —
that the supervisor can print or send to the unit.

The page needs nothing from outside: the CSS is inline, there is no script, no font, no
image; Chinese is shown with the system's CJK fonts. Every piece of report text is escaped.

A batch's memory stays flat: each unit's section is written to a spooled temporary file as
its result arrives (in memory up to `LIMITS.html_spool_bytes`, then on disk in a file that
has no name), and only one short summary row per report is kept; `end` writes the summary,
then copies the sections after it, and closes the temporary file whatever happens."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import IO, TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.findings import SEVERITY_ORDER, SEVERITY_ZH, Finding
from checker.limits import LIMITS
from checker.normalize import label_key
from checker.pack import Pack, RowTemplate, TableTemplate
from checker.paths import shown
from checker.render.rows import REPORT_COLUMNS, TYPE_ZH, cell_words, grade_text, report_row, unit, worst_first
from checker.results import ReportResult
from checker.rules import LoadedPack
from checker.summary import TableSummary, table_summaries

if TYPE_CHECKING:
    from checker.across_run import AcrossSection
    from checker.render import RenderOptions

# C0/C1 controls other than tab and line feed are not allowed in an HTML document.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COPY_CHUNK = 1 << 16

# What a cell with no value shows, by its status (see checker.tables.model).
_MARKS = {
    "blank": ("空白", "blank"),
    "dash": ("空白", "blank"),
    "missing": ("缺行", "absent"),
    "unreadable": ("无法读取", "unreadable"),
}
_UNREAD = ("未读出", "unreadable")

_FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", '
    '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "SimHei", "SimSun", sans-serif'
)

_CSS = """
:root { --certain: #b3261e; --certain-bg: #fde3e1; --doubt: #8a6100; --doubt-bg: #fff4cc; }
* { box-sizing: border-box; }
body { font-family: FONTS; font-size: 10.5pt; line-height: 1.5; color: #1b1b1b; margin: 0 auto;
  max-width: 1100px; padding: 16px 20px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 14pt; margin: 0 0 6px; border-bottom: 2px solid #1b1b1b; padding-bottom: 2px; }
h3 { font-size: 12pt; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #8c8c8c; padding: 2px 5px; vertical-align: top; }
thead th, tr.head th { background: #e8eef5; font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
.num { text-align: right; white-space: nowrap; }
.muted { color: #5f5f5f; }
.quote { margin-top: 2px; color: #333; word-break: break-all; }
.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1px 12px; margin: 6px 0; }
.meta dt { color: #5f5f5f; } .meta dd { margin: 0; }
.banner { border: 1px solid #8c8c8c; background: #f3f3f3; padding: 4px 8px; margin: 6px 0; }
.grade { font-weight: 700; }
table.stat td { text-align: right; white-space: nowrap; }
table.stat th[scope=row] { font-weight: normal; text-align: left; }
tr.group th { background: #f5f5f5; text-align: left; font-weight: 600; }
td.blank { color: #5f5f5f; background: #f3f3f3; }
td.absent { color: #5f5f5f; background: repeating-linear-gradient(45deg, #f3f3f3 0 4px, #e2e2e2 4px 8px); }
td.unreadable { color: #5f5f5f; font-style: italic; }
td.undecided { color: var(--doubt); }
.hit-certain { background: var(--certain-bg) !important; outline: 2px solid var(--certain); outline-offset: -2px; }
.hit-doubt { background: var(--doubt-bg) !important; outline: 2px dashed var(--doubt); outline-offset: -2px; }
.should { display: block; font-weight: 700; color: var(--certain); }
.hit-doubt .should { color: var(--doubt); }
sup.ref a { color: inherit; text-decoration: none; font-size: 8pt; }
.legend { font-size: 9pt; color: #3b3b3b; margin: 2px 0 8px; }
.legend span { display: inline-block; margin-right: 10px; padding: 0 4px; border: 1px solid #8c8c8c; }
table.findings td:nth-child(2) { white-space: nowrap; }
table.findings td:nth-child(3) { width: 11em; } table.findings td:nth-child(5) { width: 13em; }
table.findings td:nth-child(6) { width: 22%; font-size: 9pt; }
tr.f-certain td:first-child { border-left: 4px solid var(--certain); }
tr.f-doubt td:first-child { border-left: 4px dashed var(--doubt); }
tr.f-doubt { color: #4a4a4a; }
.lvl-error { color: var(--certain); font-weight: 700; } .lvl-warning { color: #9a4a00; font-weight: 700; }
.lvl-info { color: #1f5f8b; }
.notice { border: 2px solid #1b1b1b; padding: 10px 14px; margin-top: 14px; break-inside: avoid-page; }
.notice h3 { text-align: center; margin-top: 0; font-size: 14pt; letter-spacing: 4px; }
.notice ol { padding-left: 1.6em; } .notice li { margin-bottom: 4px; }
.notice .basis { color: #3b3b3b; font-size: 9.5pt; }
.notice .sign { text-align: right; margin-top: 18px; }
.fill { display: inline-block; min-width: 9em; border-bottom: 1px solid #1b1b1b; }
section.unit { margin-top: 28px; }
a { color: #0b4f8a; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  section.unit { break-before: page; margin-top: 0; }
  tr, .legend, dl.meta { break-inside: avoid; }
  h2, h3, caption { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONTS", _FONTS)


def esc(value: object) -> str:
    """Text for the page: escaped (quotes too), controls replaced, long text cut, and any
    lone surrogate (a name that was not UTF-8) made printable."""
    text = "" if value is None else str(value)
    if len(text) > LIMITS.html_text_chars:
        text = text[: LIMITS.html_text_chars - 1] + "…"
    text = _CONTROLS.sub("\ufffd", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return escape(text, quote=True)


# The pack's table, row and column labels, escaped once: every report's tables repeat them
# (escaping them again per cell was two thirds of the page's cost per report).
label_esc = lru_cache(maxsize=4096)(esc)


@lru_cache(maxsize=4096)
def _cell_attributes(name: str, label: str, column: str) -> str:
    return f' data-table="{label_esc(name)}" data-row="{label_esc(label)}" data-column="{label_esc(column)}"'


def number_text(value: object) -> str:
    """A number as a clerk writes it: no exponent, no trailing zeros."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def value_text(value: object) -> str:
    """A finding's observed or expected value as text (not escaped)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


@dataclass(frozen=True)
class Numbered:
    """A finding with its number in its unit's list (the anchor the tables point to)."""

    n: int
    finding: Finding
    anchor: str


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _where(f: Finding, sections: dict[str, str]) -> str:
    loc = f.location
    parts = []
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.line and (loc.quote or loc.table):  # something missing: its scope says where
        parts.append(f"第{loc.line}行")
    if loc.scope and loc.scope != "全文":
        parts.append(loc.scope)  # the report's own heading
    elif loc.section:
        parts.append(sections.get(loc.section, f"第{loc.section}部分"))
    if loc.table:
        parts.append(cell_words(loc))
    return " ".join(parts) or "全文"


def _quote(f: Finding) -> str:
    """The report's words the finding is about, under its location (to find in Word)."""
    quote = f.location.quote
    return f'<div class="quote">「{esc(quote)}」</div>' if quote else ""


def _refs(items: list[Numbered]) -> str:
    links = ",".join(f'<a href="#{item.anchor}">{item.n}</a>' for item in items)
    return f'<sup class="ref">[{links}]</sup>'


def _hit_class(items: list[Numbered]) -> str:
    return "hit-certain" if any(item.finding.certain for item in items) else "hit-doubt"


class _Hits:
    """A unit's table findings by where they point: a cell, a row, a column or a table."""

    def __init__(self, numbered: list[Numbered], pack: Pack) -> None:
        self.cells: dict[tuple[str, str, str], list[Numbered]] = {}
        self.rows: dict[tuple[str, str], list[Numbered]] = {}
        self.columns: dict[tuple[str, str], list[Numbered]] = {}
        self.tables: dict[str, list[Numbered]] = {}
        self.groups: dict[tuple[str, str], list[Numbered]] = {}  # (table, group id)
        for item in numbered:
            loc = item.finding.location
            template = pack.tables.get(loc.table or "")
            if template is None or loc.table is None:
                continue
            row = template.row(loc.row) if loc.row else None
            group = _group(template, loc.row) if loc.row and row is None else None
            if group is not None:  # a label heading rows (a collapsed group)
                self.groups.setdefault((loc.table, group), []).append(item)
            elif loc.row and row is None:  # a row not in the template
                self.tables.setdefault(loc.table, []).append(item)
            elif row is not None and loc.column and loc.column in template.columns_of(row):
                self.cells.setdefault((loc.table, row.label, loc.column), []).append(item)
            elif row is not None:
                self.rows.setdefault((loc.table, row.label), []).append(item)
            elif loc.column:
                self.columns.setdefault((loc.table, loc.column), []).append(item)
            else:
                self.tables.setdefault(loc.table, []).append(item)


def _group(template: TableTemplate, ref: str) -> str | None:
    """The id of the group a finding's row names (its id, label or an alias)."""
    key = label_key(ref)
    for group in template.groups:
        if ref == group.id or key in group.label_keys():
            return group.id
    return None


def _blocks(template: TableTemplate) -> Iterator[tuple[list[str], list[RowTemplate]]]:
    """Consecutive rows that share their columns (表二's rows have columns of their own)."""
    current: list[str] | None = None
    rows: list[RowTemplate] = []
    for row in template.rows:
        columns = template.columns_of(row)
        if columns != current:
            if current is not None:
                yield current, rows
            current, rows = columns, []
        rows.append(row)
    if current is not None:
        yield current, rows


def _cell(
    name: str, row: RowTemplate, column: str, summary: TableSummary | None, hits: _Hits, colspan: int
) -> str:
    attrs = _cell_attributes(name, row.label, column)
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    classes: list[str] = []
    value = summary.values.get(row.label, {}).get(column) if summary is not None else None
    if value is not None:
        # a number's text is digits, a sign and a point: nothing to escape
        body = number_text(value) if type(value) in (int, float) else esc(number_text(value))
    elif summary is not None and column in summary.undecided.get(row.label, {}):
        candidates = summary.undecided[row.label][column][: LIMITS.html_candidates_shown]
        body = "待核实：" + esc(" 或 ".join(number_text(v) for v in candidates))
        classes.append("undecided")
    else:
        status = summary.marks.get(row.label, {}).get(column) if summary is not None else "missing"
        text, css = _MARKS.get(status or "", _UNREAD)
        body = text
        classes.append(css)
    items = hits.cells.get((name, row.label, column))
    if items:
        classes.append(_hit_class(items))
        first = items[0].finding
        if first.observed is not None and first.expected is not None:
            body = f'{esc(value_text(first.observed))}<span class="should">（应为 {esc(value_text(first.expected))}）</span>'
        body += _refs(items)
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    return f"<td{attrs}>{body}</td>"


def _table(name: str, template: TableTemplate, summary: TableSummary | None, hits: _Hits) -> str:
    out: list[str] = []
    caption = label_esc(name)
    if summary is not None:
        read, total = summary.count()
        caption += f' <span class="muted">（读出 {read}/{total} 个单元格）</span>'
    else:
        caption += ' <span class="muted">（报告中未找到此表）</span>'
    table_hits = hits.tables.get(name)
    caption_class = f' class="{_hit_class(table_hits)}"' if table_hits else ""
    if table_hits:
        caption += _refs(table_hits)
    out.append(
        f'<table class="stat" data-table="{label_esc(name)}"><caption{caption_class}>{caption}</caption>'
    )
    width = max((len(columns) for columns, _ in _blocks(template)), default=1)
    groups = {g.id: g.label for g in template.groups}
    for columns, rows in _blocks(template):
        out.append('<tr class="head"><th>项目</th>')
        for i, column in enumerate(columns):
            span = width - len(columns) + 1 if i == len(columns) - 1 else 1
            items = hits.columns.get((name, column))
            cls = f' class="{_hit_class(items)}"' if items else ""
            refs = _refs(items) if items else ""
            colspan = f' colspan="{span}"' if span > 1 else ""
            out.append(f"<th{colspan}{cls}>{label_esc(column)}{refs}</th>")
        out.append("</tr>")
        group = None
        for row in rows:
            if row.group != group:
                group = row.group
                if group is not None:
                    items = hits.groups.get((name, group))
                    cls, refs = (f' class="{_hit_class(items)}"', _refs(items)) if items else ("", "")
                    label = label_esc(groups.get(group, group))
                    out.append(f'<tr class="group"><th colspan="{width + 1}"{cls}>{label}{refs}</th></tr>')
            items = hits.rows.get((name, row.label))
            label = label_esc(row.label)
            cls = ""
            if items:
                cls = f' class="{_hit_class(items)}"'
                label += _refs(items)
            out.append(f'<tr><th scope="row"{cls}>{label}</th>')
            for i, column in enumerate(columns):
                span = width - len(columns) + 1 if i == len(columns) - 1 else 1
                out.append(_cell(name, row, column, summary, hits, span))
            out.append("</tr>")
    out.append("</table>")
    return "".join(out)


_LEGEND = (
    '<p class="legend">图例：<span class="hit-certain">确定的问题</span>'
    '<span class="hit-doubt">待核实（读取存疑，不扣分）</span>'
    "「5（应为 7）」＝报告填报 5，按规则应为 7；"
    "<span>空白</span>单元格留空或只填“-”“无”等；"
    '<span class="absent">缺行</span>报告中没有这一行；'
    "<span>无法读取</span>有内容但读不出数字；"
    "「待核实：3 或 12」＝数字相连，可能的值；[n] 为下方问题清单的序号</p>"
)


def _findings_table(numbered: list[Numbered], sections: dict[str, str], left_out: int) -> str:
    if not numbered:
        return '<p class="muted">未发现问题。</p>'
    out = [
        '<table class="findings"><thead><tr><th>序号</th><th>级别</th><th>规则</th>'
        "<th>问题</th><th>位置</th><th>依据</th></tr></thead><tbody>"
    ]
    for item in numbered:
        f = item.finding
        row_class = "f-certain" if f.certain else "f-doubt"
        level = SEVERITY_ZH[f.severity] + ("" if f.certain else "（待核实）")
        out.append(
            f'<tr id="{item.anchor}" class="{row_class}" data-rule="{esc(f.rule)}">'
            f'<td class="num">{item.n}</td><td class="lvl-{f.severity}">{level}</td>'
            f'<td>{esc(f.rule)}<br><span class="muted">{esc(f.title)}</span></td>'
            f"<td>{esc(f.message)}</td><td>{esc(_where(f, sections))}{_quote(f)}</td>"
            f'<td class="muted">{esc(f.basis)}</td></tr>'
        )
    out.append("</tbody></table>")
    if left_out:
        out.append(f'<p class="muted">另有 {left_out} 个问题未列出（见 JSON、XLSX 或 CSV 导出）。</p>')
    return "".join(out)


def _notice(result: ReportResult, numbered: list[Numbered], rectify_by: date | None) -> str:
    """The 整改通知: the certain findings grouped by rule (worst first), each rule's basis,
    the deadline (or a blank to fill in), and the doubtful ones for the unit to confirm."""
    certain = [item for item in numbered if item.finding.certain]
    doubtful = [item for item in numbered if not item.finding.certain]
    by_rule: dict[str, list[Numbered]] = {}
    for item in certain:
        by_rule.setdefault(item.finding.rule, []).append(item)
    order = sorted(by_rule.values(), key=lambda items: -SEVERITY_ORDER[items[0].finding.severity])
    year = f"{result.year}年度" if result.year else ""
    deadline = (
        f"<strong>{_date_text(rectify_by)}</strong>"
        if rectify_by is not None
        else '<span class="fill" data-fill="deadline">&#8203;</span>'
    )
    out = ['<div class="notice"><h3>整改通知</h3>', f"<p>{esc(unit(result))}：</p>"]
    if result.partial:
        out.append('<p class="banner">本次只运行了所选规则（--select），以下不是全部问题，也不评分。</p>')
    if order:
        out.append(
            f"<p>经检查，你单位报送的{year}政府信息公开工作年度报告存在以下问题，"
            f"请对照依据逐项整改，并于 {deadline} 前报送整改后的报告。</p><ol>"
        )
        for items in order:
            first = items[0].finding
            out.append(
                f'<li data-rule="{esc(first.rule)}"><strong>{esc(first.title)}</strong>'
                f"（{SEVERITY_ZH[first.severity]}，{esc(first.rule)}，{len(items)} 处）<ul>"
            )
            out.extend(
                f'<li>{esc(item.finding.message)} <a href="#{item.anchor}">[{item.n}]</a></li>'
                for item in items
            )
            out.append("</ul>")
            if first.basis and first.basis != "—":
                out.append(f'<div class="basis">依据：{esc(first.basis)}</div>')
            out.append("</li>")
        out.append("</ol>")
    else:
        out.append(f"<p>经检查，你单位报送的{year}政府信息公开工作年度报告未发现须整改的问题。</p>")
    if doubtful:
        refs = "、".join(f'<a href="#{item.anchor}">[{item.n}]</a>' for item in doubtful)
        out.append(
            f"<p>另有 {len(doubtful)} 项读取存疑、标为“待核实”的内容（{refs}），不扣分，"
            "请你单位自行核对：确有错误的一并改正，无误的可不修改。</p>"
        )
    out.append('<p class="sign">（主管部门盖章）<br>年　　月　　日</p></div>')
    return "".join(out)


def _grade_of(result: ReportResult) -> str:
    if result.score is None:
        return esc(grade_text(result))
    return f"{number_text(result.score)} 分 · {esc(result.grade)}"


def section(result: ReportResult, anchor: str, pack: Pack, rectify_by: date | None) -> str:
    """One unit's section of the page."""
    sections: dict[str, str] = {s.id: s.title for s in pack.sections}
    ordered = [f for f in result.findings if f.certain] + [f for f in result.findings if not f.certain]
    shown_findings = ordered[: LIMITS.html_findings_per_unit]
    numbered = [Numbered(i, f, f"{anchor}-f{i}") for i, f in enumerate(shown_findings, start=1)]
    counts = result.counts
    out = [f'<section class="unit" id="{anchor}" data-path="{esc(shown(result.path))}">']
    out.append(f"<h2>{esc(result.title or '（未识别出报告标题）')}</h2>")
    meta = [
        ("单位", esc(unit(result))),
        ("年度", esc(result.year or "未识别")),
        ("单位类型", esc(TYPE_ZH.get(result.issuer_type, result.issuer_type))),
        ("格式", esc(result.format or "未知")),
        ("文件", esc(shown(result.path))),
        ("规则包", esc(result.pack or "—")),
        ("等级与得分", f'<span class="grade">{_grade_of(result)}</span>'),
        (
            "问题",
            f"错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['info']}"
            f" · 待核实 {len(result.uncertain)}",
        ),
    ]
    out.append('<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>")
    if result.unreadable:
        out.append('<p class="banner">文件无法检查，没有读取到报告内容，不评分；原因见下方问题清单。</p>')
    elif result.not_a_report:
        out.append(
            '<p class="banner">文件可以读取，但不是政府信息公开工作年度报告（没有报告标题和统计表），不评分。</p>'
        )
    elif result.partial:
        out.append('<p class="banner">只检查了所选规则（--select），不评分。</p>')
    if not (result.unreadable or result.not_a_report) and pack.tables:
        summaries = table_summaries(result)
        hits = _Hits(numbered, pack)
        out.append("<h3>统计表</h3>" + _LEGEND)
        for name, template in pack.tables.items():
            out.append(_table(name, template, summaries.get(name), hits))
    out.append("<h3>问题清单</h3>")
    out.append(_findings_table(numbered, sections, len(ordered) - len(shown_findings)))
    left_out = []
    if result.in_baseline:
        left_out.append(f"基线中已有的 {result.in_baseline} 个问题")
    if result.suppressed:
        left_out.append(f"已确认忽略的 {len(result.suppressed)} 个问题")
    if left_out:
        out.append(f'<p class="muted">未列出：{"，".join(left_out)}（得分仍按全部问题计算）。</p>')
    out.append(_notice(result, numbered, rectify_by))
    out.append("</section>\n")
    return "".join(out)


class HtmlWriter:
    """Sections spooled as results arrive; the page (summary first) written at the end."""

    def __init__(self, out: TextIO, loaded: LoadedPack, rectify_by: date | None = None) -> None:
        self.out = out
        self.loaded = loaded
        self.rectify_by = rectify_by
        self.spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed in end)
            max_size=LIMITS.html_spool_bytes, mode="w+", encoding="utf-8", newline="\n"
        )
        # per report: (summary order, anchor, summary row, doubtful findings)
        self.rows: list[tuple[tuple[Any, ...], str, list[Any], int]] = []
        self.partial = False
        self.section: AcrossSection | None = None  # the batch section (checker.across_run)

    def across(self, section: AcrossSection) -> None:
        self.section = section

    def report(self, result: ReportResult) -> None:
        anchor = f"u{len(self.rows) + 1}"
        pack = self.loaded.for_year(result.year).pack
        self.spool.write(section(result, anchor, pack, self.rectify_by))
        self.rows.append((worst_first(result), anchor, report_row(result), len(result.uncertain)))
        self.partial = self.partial or result.partial

    def end(self, skipped: list[str]) -> None:
        try:
            out = self.out
            out.write(self._head())
            out.write(self._summary(skipped))
            if self.section is not None:
                from checker.render.across_html import across_section

                out.write(across_section(self.section))
            self.spool.seek(0)
            while chunk := self.spool.read(_COPY_CHUNK):
                out.write(chunk)
            out.write("</body>\n</html>\n")
        finally:
            self.spool.close()

    def _head(self) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="nianbao {esc(__version__)}">\n'
            "<title>政府信息公开工作年度报告检查结果</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n"
        )

    def _summary(self, skipped: list[str]) -> str:
        col = {name: REPORT_COLUMNS.index(name) for name in REPORT_COLUMNS}
        rows = sorted(self.rows, key=lambda row: row[0])
        out = [
            '<header class="summary" id="summary"><h1>政府信息公开工作年度报告检查结果</h1>',
            f'<p class="muted">共 {len(rows)} 份报告 · nianbao {esc(__version__)} · '
            "每份报告一节，打印时各自从新的一页开始，可单独发给报送单位。</p>",
        ]
        if self.partial:
            out.append('<p class="banner">本次只运行了所选规则（--select），是部分检查，不评分。</p>')
        out.append(
            "<h2>汇总（问题最多的在前）</h2>"
            '<table class="overview"><thead><tr><th>序号</th><th>单位</th><th>年度</th><th>格式</th>'
            "<th>等级</th><th>得分</th><th>错误</th><th>警告</th><th>待核实</th></tr></thead><tbody>"
        )
        for i, (_, anchor, row, doubtful) in enumerate(rows, start=1):
            score = row[col["得分"]]
            out.append(
                f'<tr data-unit="{anchor}"><td class="num">{i}</td>'
                f'<td><a href="#{anchor}">{esc(row[col["单位"]])}</a></td>'
                f'<td class="num">{esc(row[col["年度"]] or "")}</td><td>{esc(row[col["格式"]])}</td>'
                f'<td class="grade">{esc(row[col["等级"]])}</td>'
                f'<td class="num">{"" if score is None else number_text(score)}</td>'
                f'<td class="num">{row[col["错误"]]}</td><td class="num">{row[col["警告"]]}</td>'
                f'<td class="num">{doubtful}</td></tr>'
            )
        out.append("</tbody></table>")
        out.append(f'<p class="grades">等级分布：{self._distribution(col["等级"])}</p>')
        if skipped:
            names = "、".join(esc(shown(path)) for path in skipped[: LIMITS.html_skipped_shown])
            more = f" 等 {len(skipped)} 个" if len(skipped) > LIMITS.html_skipped_shown else ""
            out.append(f'<p class="skipped">跳过的文件（文件夹中不是年度报告的文件）：{names}{more}</p>')
        out.append("</header>\n")
        return "".join(out)

    def _distribution(self, grade_column: int) -> str:
        counts = Counter(row[grade_column] for _, _, row, _ in self.rows)
        order = [band.grade for band in self.loaded.pack.grading]
        ranked = sorted(
            counts.items(),
            key=lambda item: (
                item[0] not in order,
                order.index(item[0]) if item[0] in order else 0,
                -item[1],
            ),
        )
        return " · ".join(f"{esc(grade)} {n}" for grade, n in ranked) or "—"


def writer(out: TextIO, loaded: LoadedPack, options: RenderOptions) -> HtmlWriter:
    return HtmlWriter(out, loaded, options.rectify_by)
