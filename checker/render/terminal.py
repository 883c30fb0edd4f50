"""The terminal report a clerk reads: grouped by section, then score and grade."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.findings import SEVERITY_ZH, Finding
from checker.paths import shown
from checker.render.plain_table import Justify, plain_table
from checker.render.rows import REPORT_COLUMNS, TYPE_ZH, cell_words, report_row, worst_first
from checker.render.wrap import wrapped
from checker.results import ReportResult
from checker.summary import table_summaries

if TYPE_CHECKING:
    from checker.across_run import AcrossSection
    from checker.render import RenderOptions
    from checker.rules import LoadedPack

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _where(f: Finding) -> str:
    loc = f.location
    parts = []
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.line and (loc.quote or loc.table):  # something missing has no line: its scope says where
        parts.append(f"第{loc.line}行")
    if loc.table:
        parts.append(cell_words(loc))
    if loc.quote:
        parts.append(f"「{loc.quote}」")
    elif loc.scope and not loc.table:
        parts.append(loc.scope)
    return " ".join(parts)


@dataclass(frozen=True)
class Layout:
    """How per-report lines are laid out: the width to wrap at (None: not wrapped, for a pipe
    or a file), whether each finding shows its basis (--verbose), and the pack's sections (id,
    template title) that certain findings are grouped under, in the report's order."""

    width: int | None = None
    verbose: bool = False
    sections: tuple[tuple[str, str], ...] = ()


UNWRAPPED_WIDTH = 120  # the tables' width in a pipe or a file (findings are not wrapped there)
INDENT = 7  # where a finding's continuation lines start: under its rule id


def _cost(f: Finding, doubtful: bool) -> str:
    if doubtful:
        return "待核实，不扣分"
    return f"扣 {f.points:g} 分" if f.points else "不扣分"


def _finding_lines(f: Finding, layout: Layout, doubtful: bool = False) -> list[Text]:
    head = Text("  ")
    head.append(f"{SEVERITY_ZH[f.severity]:<2}", style=_STYLE[f.severity] if not doubtful else "dim")
    head.append(f" {f.rule} ", style="bold")
    head.append(f.title)
    head.append(f" · {_cost(f, doubtful)}", style="bold" if f.points and not doubtful else "")
    lines = wrapped(head, layout.width, INDENT)
    where = _where(f)
    if where:
        lines += wrapped(Text(" " * INDENT + "位置：" + where), layout.width, INDENT)
    lines += wrapped(Text(" " * INDENT + f.message), layout.width, INDENT)
    if layout.verbose and f.basis and f.basis != "—":
        lines += wrapped(Text(" " * INDENT + "依据：" + f.basis, style="dim"), layout.width, INDENT)
    return lines


def _paragraph(text: Text | str, layout: Layout, indent: int = 0, style: str = "") -> list[Text]:
    """A paragraph's lines, wrapped here (rich's own wrapping would break inside numbers and
    start continuation lines at column 0)."""
    return wrapped(Text(text, style=style) if isinstance(text, str) else text, layout.width, indent)


def _print_lines(console: Console, lines: list[Text]) -> None:
    """Lines already laid out, in one call: each console.print costs rich a terminal-size
    query, environment lookups and a render pass (11 ms for a report's 36 lines, the whole
    run's largest cost in the parent), and the text is the same as line by line. Where rich
    would write no escape code (a file or a pipe: no colour system), the lines' own text is
    what it writes, so they are written as they are (a tab rich would expand goes to rich)."""
    if not lines:
        return
    if console.color_system is None and not console.record:
        plain = "\n".join([line.plain for line in lines])
        if "\t" not in plain:
            console.file.write(plain + "\n")
            return
    console.print(Text("\n").join(lines), soft_wrap=True)


class TerminalWriter:
    """Each report printed as its result arrives; for a batch, a summary table at the end
    (worst first), the grade distribution and, with `statistics`, each rule's hit counts."""

    def __init__(
        self, console: Console, quiet: bool = False, statistics: bool = False, layout: Layout | None = None
    ) -> None:
        self.console = console
        self.layout = layout or Layout(console.width if console.is_terminal else None)
        self.quiet = quiet
        self.statistics = statistics
        self.rows: list[tuple[tuple[Any, ...], list[Any]]] = []
        self.hits: Counter[str] = Counter()  # certain findings per rule
        self.units: Counter[str] = Counter()  # reports with a certain finding, per rule
        self.titles: dict[str, str] = {}
        self.pairs: list[tuple[str, Any, Any, str, str]] = []  # unit, last year, year, files
        self.compared = False  # the run compared each report with last year's
        self.unpaired = 0  # reports compared with no report of the year before
        self.section: AcrossSection | None = None  # the batch section (checker.across_run)

    def report(self, result: ReportResult) -> None:
        if not self.quiet:
            _render_one(result, self.console, self.layout)
        self.rows.append((worst_first(result), report_row(result)))
        fired = Counter(f.rule for f in result.findings if f.certain)
        self.hits.update(fired)
        self.units.update(fired.keys())
        for f in result.findings:
            self.titles.setdefault(f.rule, f.title)
        self.compared = self.compared or result.compared
        if result.previous is not None:
            last = result.previous
            self.pairs.append((result.issuer, last["year"], result.year, last["path"], shown(result.path)))
        elif result.compared and not result.unreadable:
            self.unpaired += 1

    def end(self, skipped: list[str]) -> None:
        """Skipped files were named on stderr as they were met."""
        if len(self.rows) > 1 or self.quiet:
            self._summary()
        if self.compared:
            self._pairs()
        if self.section is not None:
            self._across(self.section)
        if self.statistics:
            self._statistics()

    def _summary(self) -> None:
        columns: list[tuple[str, Justify]] = [
            (name, "right" if name in ("年度", "得分", "错误", "警告", "待核实") else "left")
            for name in ("单位", "年度", "格式", "等级", "得分", "错误", "警告", "待核实")
        ]
        where = [REPORT_COLUMNS.index(name) for name, _ in columns]
        title = f"汇总：{len(self.rows)} 份报告（问题最多的在前）"
        rows = [[_cell(row[i]) for i in where] for _, row in sorted(self.rows, key=lambda pair: pair[0])]
        drawn = plain_table(self.console, title, columns, rows)
        if drawn is not None:  # a file or a pipe: the same text, without rich's cost per cell
            self.console.file.write(drawn)
        else:
            table = Table(title=title, title_justify="left")
            for name, justify in columns:
                table.add_column(name, justify=justify)
            for cells in rows:
                table.add_row(*cells)
            self.console.print(table)
        grades = Counter(row[REPORT_COLUMNS.index("等级")] for _, row in self.rows)
        self.console.print("等级分布：" + " · ".join(f"{grade} {n}" for grade, n in grades.most_common()))

    def _pairs(self) -> None:
        """The reports compared with the same office's report of the year before."""
        self.console.print(f"跨年度比对：找到 {len(self.pairs)} 对")
        for unit, last_year, year, last_path, path in self.pairs:
            self.console.print(
                f"  {unit or '（单位未识别）'} {last_year}→{year}：{last_path} → {path}", soft_wrap=True
            )
        if self.unpaired:
            self.console.print(f"  未找到上年报告：{self.unpaired} 份（见各报告的 DOC-04）")

    def across(self, section: AcrossSection) -> None:
        self.section = section

    def _across(self, section: AcrossSection) -> None:
        """Units not submitted, the on-time rate, parents' sums, then near-identical reports."""
        from checker.render.units_text import render_clusters, render_units

        if section.units is not None:
            render_units(section.units, self.console, section.paths, self.layout.width)
        if section.clusters is not None:
            render_clusters(section.clusters, self.console, section.paths, self.layout.width)

    def _statistics(self) -> None:
        table = Table(title="各规则命中次数（确定的问题）", title_justify="left")
        for name, justify in (("次数", "right"), ("报告数", "right"), ("规则", "left"), ("名称", "left")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for rule, n in sorted(self.hits.items(), key=lambda item: (-item[1], item[0])):
            table.add_row(str(n), str(self.units[rule]), rule, self.titles.get(rule, ""))
        self.console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _render_one(r: ReportResult, console: Console, layout: Layout | None = None) -> None:
    layout = layout or Layout()
    lines: list[Text] = []
    head = Text()
    head.append(r.title or "（未识别出报告标题）", style="bold")
    kind = TYPE_ZH.get(r.issuer_type, "")
    head.append(
        f"   ({shown(r.path)} · {r.format or '未知格式'}{' · ' + kind if r.title else ''})", style="dim"
    )
    lines += _paragraph(head, layout, indent=2)
    tables = table_summaries(r)
    if tables:
        parts = []
        for name, t in tables.items():
            read, total = t.count()
            parts.append(f"{name} {read}/{total}")
        lines += _paragraph("表格识别：" + " · ".join(parts), layout, indent=2, style="dim")
    certain = [f for f in r.findings if f.certain]
    doubtful = [f for f in r.findings if not f.certain]
    groups: dict[str, list[Finding]] = {}
    for f in certain:
        key = f.location.section or ""
        groups.setdefault(key, []).append(f)
    # findings about no one section first (the title, the opening, the whole report)
    titles = {"": "标题、导语及全文", **dict(layout.sections)}
    # a section the pack does not name (a custom pack's findings) still gets its group, last
    for key in [*titles, *sorted(groups.keys() - titles.keys())]:
        items = groups.get(key)
        if not items:
            continue
        lines += _paragraph(Text(titles.get(key, key), style="bold underline"), layout)
        for f in items:
            lines += _finding_lines(f, layout)
    if doubtful:
        lines += _paragraph(Text("待核实（读取存疑或文件问题，不扣分）", style="bold underline"), layout)
        for f in doubtful:
            lines += _finding_lines(f, layout, doubtful=True)
    if not r.findings:
        lines += _paragraph("未发现新问题。" if r.in_baseline else "未发现问题。", layout, style="green")
    if r.in_baseline or r.suppressed:
        left_out = [f"基线中已有的 {r.in_baseline} 个问题"] if r.in_baseline else []
        left_out += [f"已确认忽略的 {len(r.suppressed)} 个问题"] if r.suppressed else []
        lines += _paragraph("未列出：" + "，".join(left_out) + "（得分仍按全部问题计算）", layout, 2, "dim")
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
        lost = sum(f.points for f in r.findings)
        if r.score is not None and lost:
            tail.append(f" · 共扣 {lost:g} 分")
        explain = f"nianbao explain {r.findings[0].rule} 查看规则说明"
        if not layout.verbose:
            explain += "（加 -v 显示每条问题的依据）"
        tail.append("   " + explain, style="dim")
    lines += _paragraph(tail, layout, indent=2)
    lines.append(Text())
    _print_lines(console, lines)


def writer(out: TextIO, loaded: LoadedPack, options: RenderOptions) -> TerminalWriter:
    """A file gets no colours; a file or a pipe gets lines unwrapped (no hard breaks, no
    trailing spaces), a terminal lines wrapped at its width. Colours follow rich, which
    honours NO_COLOR and FORCE_COLOR."""
    from checker.render.trimmed import Trimmed

    at_terminal = not options.to_file and _isatty(out)
    stream: Any = Trimmed(out)
    if options.to_file:
        console = Console(file=stream, highlight=False, width=UNWRAPPED_WIDTH, no_color=True)
    elif at_terminal:
        console = Console(file=stream, highlight=False)
    else:  # a pipe: rich would take 80 columns and fold the summary tables' cells
        console = Console(file=stream, highlight=False, width=UNWRAPPED_WIDTH)
    layout = Layout(
        console.width if at_terminal else None,
        verbose=options.verbose,
        sections=tuple((s.id, s.title) for s in loaded.pack.sections),
    )
    return TerminalWriter(console, quiet=options.quiet, statistics=options.statistics, layout=layout)


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
