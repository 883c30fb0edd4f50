"""The across-units part of the terminal summary: units that have not submitted, the
on-time rate, parents against their children's sum, reports of no listed unit, and
near-identical reports of different units. Formats only: the numbers are computed in
checker/units.py and checker/clusters.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.paths import shown
from checker.render.rows import TYPE_ZH
from checker.render.wrap import wrapped

if TYPE_CHECKING:
    from checker.clusters import ClusterResult
    from checker.units import UnitsReport


def _number(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _line(console: Console, text: str, width: int | None, indent: int = 0) -> None:
    """A paragraph wrapped as the rest of the terminal report is (checker/render/wrap.py;
    width None: one line, for a pipe or a file)."""
    for line in wrapped(Text(text), width, indent):
        console.print(line, soft_wrap=True)


def render_units(
    report: UnitsReport, console: Console, paths: Sequence[str] = (), width: int | None = None
) -> None:
    """The units tables, after the batch summary. `paths[i]` names the batch's report i
    (for the reports of no listed unit and the 待核实 matches); paragraphs are wrapped at
    `width`."""

    def name_of(index: int) -> str:
        return shown(paths[index]) if 0 <= index < len(paths) else f"#{index + 1}"

    year = f"{report.year}年度，" if report.year else ""
    _line(
        console,
        f"单位清单 {shown(report.file)}：{year}{report.units} 个单位，"
        f"已提交 {report.units - len(report.missing)}，未提交 {len(report.missing)}",
        width,
    )
    if report.missing:
        table = Table(title=f"未提交单位（{len(report.missing)}）", title_justify="left")
        for column in ("单位", "类型", "上级", "时限"):
            table.add_column(column)
        for unit in report.missing:
            table.add_row(
                unit.name,
                TYPE_ZH.get(unit.type or "", ""),
                unit.parent_name or "",
                "" if unit.deadline is None else str(unit.deadline),
            )
        console.print(table)
    rate = "—" if report.rate is None else f"{report.rate:g}%"
    _line(
        console,
        f"按时率 {rate}：按时 {report.on_time} · 逾期 {report.late} · 日期不明 {report.undated}"
        f"（日期不明的不计入按时率；依据：{report.deadline_basis}）",
        width,
    )
    late = [t for t in report.timeliness if t.on_time is False]
    if late:
        table = Table(title=f"逾期（{len(late)}）", title_justify="left")
        for column, justify in (
            ("单位", "left"),
            ("日期", "left"),
            ("来源", "left"),
            ("时限", "left"),
            ("逾期天数", "right"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for t in sorted(late, key=lambda t: -(t.late_days or 0)):
            table.add_row(
                t.unit,
                "" if t.when is None else t.when.isoformat(),
                t.source,
                "" if t.deadline is None else t.deadline.isoformat(),
                str(t.late_days),
            )
        console.print(table)
    if report.parents:
        table = Table(title="上下级汇总（表三，提示：上级本级的申请也计入上级的表）", title_justify="left")
        for column, justify in (
            ("上级单位", "left"),
            ("行", "left"),
            ("上级填报", "right"),
            ("下级合计", "right"),
            ("差", "right"),
            ("下级数", "right"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for p in report.parents:
            children_sum = _number(p.children_sum)
            if p.unsettled:
                children_sum += f"（待核实：{'、'.join(p.unsettled)}）"
            table.add_row(
                p.parent, p.row, _number(p.parent_value), children_sum, _number(p.difference), str(p.children)
            )
        console.print(table)
    close = [m for m in report.matches if m.how == "close"]
    if close:
        _line(console, "待核实的单位匹配（报告单位名称与清单不完全相同）：", width)
        for m in close:
            _line(console, f"  {name_of(m.index)} → {m.unit}（相似度 {m.score:g}）", width, 4)
    for name, indices in report.duplicates.items():
        _line(console, f"多份报告对应同一单位 {name}：" + "、".join(name_of(i) for i in indices), width, 2)
    if report.unmatched:
        table = Table(title=f"不在单位清单中的报告（{len(report.unmatched)}）", title_justify="left")
        for column in ("报告", "报告单位", "相近的清单单位"):
            table.add_column(column)
        for u in report.unmatched:
            table.add_row(name_of(u.index), u.issuer or "（未识别）", "、".join(u.near))
        console.print(table)


def render_clusters(
    result: ClusterResult, console: Console, paths: Sequence[str] = (), width: int | None = None
) -> None:
    """Near-identical reports of different units (提示); one line when a batch has none."""

    def name_of(index: int) -> str:
        return shown(paths[index]) if 0 <= index < len(paths) else f"#{index + 1}"

    for note in result.notes:
        _line(console, f"雷同比对：{note}", width, 2)
    if not result.clusters:
        if result.compared >= 2:
            _line(
                console, f"雷同比对：比对了 {result.compared} 份报告，未发现不同单位的报告内容雷同", width, 2
            )
        return
    table = Table(title=f"不同单位的报告内容雷同（{len(result.clusters)} 组，提示）", title_justify="left")
    for column, justify in (("组", "right"), ("报告", "left"), ("单位", "left"), ("相似度", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for number, cluster in enumerate(result.clusters, 1):
        for a, b, score in ((p.a, p.b, p.similarity) for p in cluster.pairs):
            units = dict(zip(cluster.members, cluster.units, strict=True))
            table.add_row(
                str(number), f"{name_of(a)} ↔ {name_of(b)}", f"{units[a]} ↔ {units[b]}", f"{score:g}%"
            )
        if cluster.pairs_truncated:
            table.add_row(
                str(number), f"（共 {len(cluster.members)} 份，只列出前 {len(cluster.pairs)} 对）", "", ""
            )
    console.print(table)
