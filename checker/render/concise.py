"""Concise: one line per finding, `path:location: 级别 RULE 消息`, for grep and for editors'
problem matchers. Doubtful findings say 待核实 after their level."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from checker.findings import SEVERITY_ZH, Finding
from checker.paths import shown
from checker.results import ReportResult

if TYPE_CHECKING:
    from checker.render import RenderOptions
    from checker.rules import LoadedPack


def _where(f: Finding) -> str:
    loc = f.location
    parts = [str(loc.line)] if loc.line else []
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.table:
        parts.append(loc.table + "".join(f"“{x}”" for x in (loc.row, loc.column) if x))
    elif loc.section:
        parts.append(f"第{loc.section}部分")
    elif loc.scope and not loc.quote:
        parts.append(loc.scope)  # 全文: about the report as a whole
    return ":".join(parts)


def line(result: ReportResult, f: Finding) -> str:
    where = _where(f)
    level = SEVERITY_ZH[f.severity] + ("（待核实）" if not f.certain else "")
    message = " ".join(f.message.split())  # one line, whatever the message holds
    quote = f" 「{f.location.quote}」" if f.location.quote else ""
    return f"{shown(result.path)}{':' + where if where else ''}: {level} {f.rule} {message}{quote}"


class ConciseWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def report(self, result: ReportResult) -> None:
        for f in result.findings:
            self.out.write(line(result, f) + "\n")

    def end(self, skipped: list[str]) -> None:
        """Nothing to close."""


def writer(out: TextIO, _loaded: LoadedPack, _options: RenderOptions) -> ConciseWriter:
    return ConciseWriter(out)
