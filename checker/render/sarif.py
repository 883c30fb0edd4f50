"""SARIF 2.1.0: the findings for code-scanning tools and editors that read static-analysis
logs. One run; the rules of every pack the run may use; one result per finding.

A certain finding is a `fail` at its level (error, warning, note for 提示); a finding that
rests on a doubtful reading is `review` with level `none` (SARIF's word for 待核实: someone
must look). The fingerprint is the result's partial fingerprint, so that tools follow a
finding across drafts. Each report is an artifact with its score and grade. Results are
written as they arrive; only one short artifact entry per report is kept for the end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from checker import __version__
from checker.findings import Finding
from checker.paths import shown
from checker.results import ReportResult
from checker.rule import RuleBase
from checker.rules import LoadedPack

if TYPE_CHECKING:
    from checker.render import RenderOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """The file as a URI reference: absolute paths as file: URIs, others relative."""
    name = shown(path)
    if name.startswith("/"):
        return Path(name).as_uri()
    return quote(name.replace("\\", "/"))


def _rule(rule: RuleBase) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.description.split())},
        "help": {"text": rule.basis},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.enabled},
        "properties": {"category": rule.category, "points": rule.points},
    }


def _where(f: Finding) -> str:
    loc = f.location
    if loc.table:
        return loc.table + "".join(f"“{x}”" for x in (loc.row, loc.column) if x)
    return f"第{loc.section}部分" if loc.section else ""


class SarifWriter:
    def __init__(self, out: TextIO, loaded: LoadedPack, known: list[RuleBase]) -> None:
        self.out = out
        self.index: dict[str, int] = {}
        rules: list[dict[str, Any]] = []
        for rule in known:
            if rule.id not in self.index:
                self.index[rule.id] = len(rules)
                rules.append(_rule(rule))
        self.artifacts: list[dict[str, Any]] = []
        self.first = True
        driver = {
            "name": "nianbao",
            "version": __version__,
            "informationUri": "https://pypi.org/project/nianbao/",
            "rules": rules,
        }
        head = json.dumps({"tool": {"driver": driver}}, ensure_ascii=False)[:-1]  # the run, left open
        out.write(f'{{"$schema": "{SCHEMA}", "version": "2.1.0", "runs": [{head}, "results": [')

    def report(self, result: ReportResult) -> None:
        artifact = len(self.artifacts)
        self.artifacts.append(
            {
                "location": {"uri": _uri(result.path)},
                "properties": {
                    "issuer": result.issuer,
                    "year": result.year,
                    "score": result.score,
                    "grade": result.grade,
                    "pack": result.pack,
                },
            }
        )
        for f in result.findings:
            self.out.write(
                ("" if self.first else ",")
                + "\n"
                + json.dumps(self._result(f, artifact), ensure_ascii=False, default=str)
            )
            self.first = False

    def _result(self, f: Finding, artifact: int) -> dict[str, Any]:
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": self.artifacts[artifact]["location"]["uri"], "index": artifact}
        }
        if f.location.line:
            physical["region"] = {"startLine": f.location.line}
            if f.location.quote:  # the report's words there, to find them in Word
                physical["region"]["snippet"] = {"text": f.location.quote}
        location: dict[str, Any] = {"physicalLocation": physical}
        where = _where(f)
        if where:
            location["logicalLocations"] = [
                {"name": where, "kind": "table" if f.location.table else "section"}
            ]
        out: dict[str, Any] = {
            "ruleId": f.rule,
            "kind": "fail" if f.certain else "review",
            "level": _LEVEL[f.severity] if f.certain else "none",
            "message": {"text": f.message},
            "locations": [location],
            "partialFingerprints": {"nianbao/v1": f.fingerprint},
            "properties": {
                "certain": f.certain,
                "points": f.points,
                "basis": f.basis,
                "observed": f.observed,
                "expected": f.expected,
                **({"page": f.location.page} if f.location.page else {}),
                **({"quote": f.location.quote} if f.location.quote else {}),
                **({"scope": f.location.scope} if f.location.scope else {}),
            },
        }
        if f.rule in self.index:
            out["ruleIndex"] = self.index[f.rule]
        return out

    def end(self, skipped: list[str]) -> None:
        artifacts = json.dumps(self.artifacts, ensure_ascii=False, default=str)
        self.out.write(f'\n], "artifacts": {artifacts}}}]}}\n')


def writer(out: TextIO, loaded: LoadedPack, _options: RenderOptions) -> SarifWriter:
    return SarifWriter(out, loaded, loaded.every_rule())
