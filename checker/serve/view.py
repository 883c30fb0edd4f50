"""What the page needs besides the JSON contract: the report as paragraphs with their offsets,
the three tables' cells, and, finding by finding, where it is (its span in Document.text) and
what it cost. Made in the worker that checked the report, before the result is compacted."""

from __future__ import annotations

import json
from typing import Any

from checker.limits import LIMITS
from checker.render.json import report_dict
from checker.results import ReportResult
from checker.summary import summarise
from checker.tables import ExtractedTable


def payload(result: ReportResult) -> str:
    """The report's contract JSON and its view, as one JSON text (ReportResult.rendered)."""
    return json.dumps({"report": report_dict(result), "view": view(result)}, ensure_ascii=False, default=str)


def view(result: ReportResult) -> dict[str, Any]:
    findings = [
        {"span": list(f.span) if f.span is not None else None, "points": f.points} for f in result.findings
    ]
    out: dict[str, Any] = {"blocks": [], "tables": {}, "findings": findings, "truncated": False}
    if result.unreadable:
        return out
    try:
        from checker.readers import read_document

        doc = read_document(result.path)
    except Exception:  # noqa: BLE001 - the findings stand without the text
        return out
    regions: dict[str, tuple[int, int]] = {}
    for name, table in result.tables.items():
        region = _region(table)
        if region is not None:
            lo, hi = region
            for grid in doc.tables:  # the grid it was read from: header rows and all
                if grid.start <= hi and grid.end >= lo:
                    lo, hi = min(lo, grid.start), max(hi, grid.end - 1)
            regions[name] = (lo, hi)
    for name, table in result.tables.items():
        if name in regions:
            summary = summarise(table)
            out["tables"][name] = {"values": summary.values, "undecided": summary.undecided}
    out["blocks"], out["truncated"] = _blocks(doc.raw, regions)
    return out


def _region(table: ExtractedTable) -> tuple[int, int] | None:
    """The stretch of text the table was read from: its first to its last row or cell."""
    offsets = [m.offset for m in table.rows_seen.values() if m.offset is not None]
    offsets += [c.offset for c in table.cells.values() if c.offset is not None]
    if not offsets:
        return None
    return min(offsets), max(offsets)


def _blocks(text: str, regions: dict[str, tuple[int, int]]) -> tuple[list[dict[str, Any]], bool]:
    """Non-blank lines as paragraphs, with each table in place of the lines it was read from.
    One pass over the text; the regions are few (three tables)."""
    blocks: list[dict[str, Any]] = []
    shown: set[str] = set()
    chars = 0
    start = 0
    line = 0
    size = len(text)
    while start < size:
        line += 1
        end = text.find("\n", start)
        if end < 0:
            end = size
        inside = next((name for name, (lo, hi) in regions.items() if start <= hi and end >= lo), None)
        if inside is not None:
            if inside not in shown:
                shown.add(inside)
                blocks.append({"table": inside})
        elif text[start:end].strip():
            if len(blocks) >= LIMITS.serve_view_blocks or chars + end - start > LIMITS.serve_view_chars:
                return blocks, True
            blocks.append({"start": start, "end": end, "line": line, "text": text[start:end]})
            chars += end - start
        start = end + 1
    for name in regions:
        if name not in shown:
            blocks.append({"table": name})
    return blocks, False
