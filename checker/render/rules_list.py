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
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
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


def listing(loaded: LoadedPack) -> dict[str, Any]:
    """What `rules list --format json` prints and `GET /api/rules` returns."""
    return {"pack": loaded.pack.id, "profiles": loaded.profiles, "rules": rows(loaded)}


def write_json(loaded: LoadedPack, out: TextIO) -> None:
    out.write(json.dumps(listing(loaded), ensure_ascii=False, indent=2) + "\n")


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
    """One entry per rule: id, level and points, then the whole title wrapped under itself
    at the terminal's width (never cut), and the rule's name and kind on a line below."""
    import sys

    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    from checker.render.wrap import wrapped

    console = Console(highlight=False)
    width = console.width if sys.stdout.isatty() else None
    console.print(Text(f"{loaded.pack.title} — {len(loaded.rules)} 条规则", style="bold"), soft_wrap=True)
    id_width = max((len(r.id) for r in loaded.rules), default=6)
    for r in loaded.rules:
        line = Text(f"{r.id:<{id_width}}  ", style="bold")
        line.append(f"{SEVERITY_ZH[r.severity]}  ", style=_STYLE[r.severity])
        line.append(f"{r.points:>2g} 分  ")
        indent = cell_len(line.plain)
        line.append(r.title)
        for part in wrapped(line, width, indent):
            console.print(part, soft_wrap=True)
        for part in wrapped(Text(" " * indent + f"{r.name} · {r.kind}", style="dim"), width, indent):
            console.print(part, soft_wrap=True)
