"""The HTML page's batch section (checker.across_run.AcrossSection): near-identical reports
of different units and the units list's submissions, after the summary, before the units'
own sections. Every value is escaped (checker.render.html.esc)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from checker.render import across_rows as rows
from checker.render.html import esc, number_text

if TYPE_CHECKING:
    from checker.across_run import AcrossSection

NUMERIC = frozenset({"相似度（%）", "组", "上级填报", "下级合计", "差", "下级数", "逾期天数"})


def _cell(column: str, value: Any) -> str:
    if column in NUMERIC:
        return f'<td class="num">{"" if value is None or value == "" else number_text(value)}</td>'
    return f"<td>{esc(value)}</td>"


def _table(css: str, columns: Sequence[str], body: list[list[Any]]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    lines = ["".join(_cell(c, v) for c, v in zip(columns, row, strict=True)) for row in body]
    return (
        f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>'
        + "".join(f"<tr>{line}</tr>" for line in lines)
        + "</tbody></table>"
    )


def across_section(section: AcrossSection) -> str:
    out = ['<section class="across" id="across">']
    if section.units is not None:
        out.append("<h2>单位报送情况</h2>")
        out.append(f'<p class="units-summary">{esc(rows.unit_summary(section))}</p>')
        out.append(_table("units", rows.UNIT_COLUMNS, rows.unit_rows(section)))
        if section.units.parents:
            out.append("<h3>上下级汇总（表三，提示：上级本级的申请也计入上级的表）</h3>")
            out.append(_table("parents", rows.PARENT_COLUMNS, rows.parent_rows(section)))
    if section.clusters is not None:
        out.append("<h2>雷同报告（不同单位的报告内容雷同，提示）</h2>")
        body = rows.cluster_rows(section)
        if body:
            out.append(_table("clusters", rows.CLUSTER_COLUMNS, body))
        out += [f'<p class="muted">{esc(note)}</p>' for note in rows.cluster_notes(section)]
    out.append("</section>\n")
    return "".join(out)
