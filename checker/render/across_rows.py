"""The batch section (checker.across_run.AcrossSection) as rows, for the XLSX sheets and the
HTML page: near-identical reports (雷同报告), each listed unit's submission (单位报送情况)
and parents against their children's sum (上下级汇总). Formats nothing; computes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.render.rows import TYPE_ZH

if TYPE_CHECKING:
    from checker.across_run import AcrossSection

CLUSTER_COLUMNS = ("组", "相似度（%）", "报告甲", "单位甲", "报告乙", "单位乙")
UNIT_COLUMNS = ("单位", "类型", "上级", "状态", "报告", "单位匹配", "日期", "日期来源", "时限", "逾期天数")
PARENT_COLUMNS = ("上级单位", "行", "上级填报", "下级合计", "差", "下级数", "待核实的下级")

SUBMITTED, LATE, MISSING, NOT_LISTED = "已提交", "逾期提交", "未提交", "不在单位清单中"


def cluster_rows(section: AcrossSection) -> list[list[Any]]:
    """One row per pair of reports of different units, by cluster (most similar first)."""
    rows: list[list[Any]] = []
    if section.clusters is None:
        return rows
    for number, cluster in enumerate(section.clusters.clusters, 1):
        units = dict(zip(cluster.members, cluster.units, strict=True))
        for pair in cluster.pairs:
            rows.append(
                [
                    number,
                    pair.similarity,
                    section.name(pair.a),
                    units[pair.a],
                    section.name(pair.b),
                    units[pair.b],
                ]
            )
    return rows


def cluster_notes(section: AcrossSection) -> list[str]:
    """What is said besides the pairs: limits reached, pairs not all listed, or none found."""
    result = section.clusters
    if result is None:
        return []
    notes = list(result.notes)
    for number, cluster in enumerate(result.clusters, 1):
        if cluster.pairs_truncated:
            notes.append(f"第 {number} 组共 {len(cluster.members)} 份报告，只列出前 {len(cluster.pairs)} 对")
    if not result.clusters:
        notes.append(f"比对了 {result.compared} 份报告，未发现不同单位的报告内容雷同")
    return notes


def unit_rows(section: AcrossSection) -> list[list[Any]]:
    """Each unit of the list in its order (submitted, late or not), then each report of no
    listed unit."""
    report, table = section.units, section.units_table
    if report is None or table is None:
        return []
    missing = {u.key for u in report.missing}
    timely = {t.unit: t for t in report.timeliness}
    matched = {m.unit: m for m in report.matches}
    rows: list[list[Any]] = []
    for unit in table.units:
        kind = TYPE_ZH.get(unit.type or "", "")
        if unit.key in missing:
            deadline = "" if unit.deadline is None else str(unit.deadline)
            rows.append([unit.name, kind, unit.parent_name or "", MISSING, "", "", "", "", deadline, ""])
            continue
        t = timely.get(unit.name)
        m = matched.get(unit.name)
        how = "" if m is None or m.how == "exact" else f"待核实（名称相似度 {m.score:g}）"
        status = LATE if t is not None and t.on_time is False else SUBMITTED
        rows.append(
            [
                unit.name,
                kind,
                unit.parent_name or "",
                status,
                "" if t is None else section.name(t.index),
                how,
                "" if t is None or t.when is None else t.when.isoformat(),
                "" if t is None else t.source,
                "" if t is None or t.deadline is None else t.deadline.isoformat(),
                "" if t is None or t.late_days is None else t.late_days,
            ]
        )
    for u in report.unmatched:
        near = "相近：" + "、".join(u.near) if u.near else ""
        rows.append(
            [u.issuer or "（未识别）", "", "", NOT_LISTED, section.name(u.index), near, "", "", "", ""]
        )
    return rows


def unit_summary(section: AcrossSection) -> str:
    """One line: units, submitted, missing, the on-time rate."""
    report = section.units
    if report is None:
        return ""
    rate = "—" if report.rate is None else f"{report.rate:g}%"
    year = f"{report.year}年度，" if report.year else ""
    return (
        f"{year}单位清单 {report.units} 个单位，已提交 {report.units - len(report.missing)}，"
        f"未提交 {len(report.missing)}；按时率 {rate}（按时 {report.on_time} · 逾期 {report.late} · "
        f"日期不明 {report.undated}，日期不明的不计入按时率；依据：{report.deadline_basis}）"
    )


def parent_rows(section: AcrossSection) -> list[list[Any]]:
    report = section.units
    if report is None:
        return []
    return [
        [p.parent, p.row, p.parent_value, p.children_sum, p.difference, p.children, "、".join(p.unsettled)]
        for p in report.parents
    ]
