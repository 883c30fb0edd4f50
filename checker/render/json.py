"""JSON output — the documented contract (see README)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from checker import __version__
from checker.engine import ReportResult
from checker.tables import ExtractedTable

JSON_VERSION = "1"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def table_dict(table: ExtractedTable) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in table.template.rows:
        out[row.label] = {
            col: _number(table.cells[(row.id, col)].value) for col in table.template.columns_of(row)
        }
    return out


def undecided_dict(table: ExtractedTable) -> dict[str, dict[str, list[int | float | None]]]:
    """The cells that digits run together leave open (null in `tables`), with the values each
    may have, where they are few."""
    out: dict[str, dict[str, list[int | float | None]]] = {}
    for row in table.template.rows:
        for col in table.template.columns_of(row):
            cell = table.cells[(row.id, col)]
            if cell.value is None and cell.candidates:
                out.setdefault(row.label, {})[col] = [_number(v) for v in cell.candidates]
    return out


def report_dict(r: ReportResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": r.path,
        "format": r.format,
        "pack": r.pack,
        "title": r.title,
        "issuer": r.issuer,
        "issuer_type": r.issuer_type,
        "year": r.year,
        "score": r.score,
        "grade": r.grade,
        "counts": r.counts,
        "findings": [f.as_dict() for f in r.findings],
        "tables": {name: table_dict(t) for name, t in r.tables.items()},
    }
    undecided = {name: u for name, t in r.tables.items() if (u := undecided_dict(t))}
    if undecided:
        out["undecided"] = undecided
    return out


def render(results: list[ReportResult], skipped: list[str] | None = None) -> str:
    doc: dict[str, Any] = {
        "version": JSON_VERSION,
        "nianbao": __version__,
        "reports": [report_dict(r) for r in results],
    }
    if skipped:
        doc["skipped"] = skipped
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)
