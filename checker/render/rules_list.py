"""`nianbao rules list`: the pack's rules as a table at the terminal (whole titles, wrapped to
the width, never cut), as JSON, or as CSV for Excel (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any, TextIO

from checker.findings import SEVERITY_ZH

if TYPE_CHECKING:
    from checker.rules import LoadedPack

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = ("id", "名称", "标题", "类型", "级别", "扣分", "类别", "依据", "启用", "来源配置")


def rows(loaded: LoadedPack) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "title": r.title,
            "kind": r.kind,
            "severity": r.severity,
            "points": r.points,
            "category": r.category,
            "basis": r.basis,
            "enabled": r.enabled,
            "profile": loaded.origins.get(r.id),
        }
        for r in loaded.rules
    ]


def write_json(loaded: LoadedPack, out: TextIO) -> None:
    doc = {"pack": loaded.pack.id, "profiles": loaded.profiles, "rules": rows(loaded)}
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def write_csv(loaded: LoadedPack, out: TextIO) -> None:
    out.write("\ufeff")
    table = csv.writer(out, lineterminator="\r\n")
    table.writerow(CSV_COLUMNS)
    for r in rows(loaded):
        table.writerow(
            [
                r["id"],
                r["name"],
                r["title"],
                r["kind"],
                SEVERITY_ZH[r["severity"]],
                f"{r['points']:g}",
                r["category"],
                r["basis"],
                "是" if r["enabled"] else "否",
                r["profile"] or "",
            ]
        )


def write_text(loaded: LoadedPack) -> None:
    """A table at the console's width: the id, level and points never wrap; the title, name
    and kind fold onto further lines of their cell rather than being cut."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{loaded.pack.title} — {len(loaded.rules)} 条规则", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("标题", overflow="fold", ratio=5)
    table.add_column("名称", overflow="fold", ratio=2)
    table.add_column("类型", overflow="fold", ratio=1)
    table.add_column("级别", no_wrap=True)
    table.add_column("扣分", no_wrap=True, justify="right")
    for r in loaded.rules:
        table.add_row(r.id, r.title, r.name, r.kind, SEVERITY_ZH[r.severity], f"{r.points:g}")
    Console(highlight=False).print(table)
