"""What a run leaves out of its results: the findings of an earlier run (--baseline), and the
findings an office has accepted with a reason (a suppressions file).

Both work on fingerprints (rule + place + what, not the line nor the message: see
Finding.finalize), per report: a baseline's report is the one of the same file, else of the
same unit and year. A suppression names a rule and a fingerprint, optionally a unit, and
must say why; the ones no finding used are reported at the end of the run, so that stale
decisions do not pile up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from checker.diffing import load_run, unit_key
from checker.pack import Strict
from checker.paths import shown
from checker.results import ReportResult


def _key(result: ReportResult) -> tuple[str, Any]:
    return unit_key({"issuer": result.issuer, "year": result.year, "path": shown(result.path)})


@dataclass(frozen=True)
class Baseline:
    """The certain findings of an earlier run, by file and by unit: fingerprint → count."""

    by_path: dict[str, Counter[str]]
    by_unit: dict[tuple[str, Any], Counter[str]]

    @classmethod
    def load(cls, path: Path) -> Baseline:
        by_path: dict[str, Counter[str]] = {}
        by_unit: dict[tuple[str, Any], Counter[str]] = {}
        for report in load_run(path):
            findings = report.get("findings")
            prints = Counter(
                str(f.get("fingerprint"))
                for f in (findings if isinstance(findings, list) else [])
                if isinstance(f, dict)
            )
            by_path[str(report.get("path"))] = prints
            by_unit[unit_key(report)] = prints
        return cls(by_path, by_unit)

    def drop_known(self, result: ReportResult) -> None:
        """Remove the findings the earlier run already had (each one once)."""
        known = self.by_path.get(shown(result.path)) or self.by_unit.get(_key(result))
        if not known:
            return
        left = Counter(known)
        kept = []
        for finding in result.findings:
            if left[finding.fingerprint] > 0:
                left[finding.fingerprint] -= 1
            else:
                kept.append(finding)
        result.in_baseline = len(result.findings) - len(kept)
        result.findings = kept


class Suppression(Strict):
    rule: str = Field(pattern=r"^[A-Z]+-\d{2,3}$")
    fingerprint: str = Field(pattern=r"^[0-9a-f]{16}$")
    unit: str | None = Field(default=None, min_length=1)  # only in this unit's report
    reason: str = Field(min_length=2)  # why the office accepts it: required


class SuppressionFile(Strict):
    suppressions: list[Suppression] = Field(default_factory=list)


class Suppressions:
    """An office's accepted findings, looked up by rule and fingerprint."""

    def __init__(self, items: list[Suppression], file: str = "") -> None:
        self.items = items
        self.file = file
        self.index: dict[tuple[str, str], list[int]] = {}
        for i, item in enumerate(items):
            self.index.setdefault((item.rule, item.fingerprint), []).append(i)

    @classmethod
    def load(cls, path: Path) -> Suppressions:
        from checker.rules import load_model

        data: SuppressionFile = load_model(path, SuppressionFile)
        return cls(data.suppressions, str(path))

    def apply(self, result: ReportResult) -> None:
        """Move the findings a suppression names out of `findings` into `suppressed`, each with
        the suppression's number (its place in the file) and reason."""
        kept = []
        for finding in result.findings:
            hit = next(
                (
                    i
                    for i in self.index.get((finding.rule, finding.fingerprint), [])
                    if self.items[i].unit is None or self.items[i].unit == result.issuer
                ),
                None,
            )
            if hit is None:
                kept.append(finding)
                continue
            result.suppressed.append(
                {
                    "rule": finding.rule,
                    "fingerprint": finding.fingerprint,
                    "message": finding.message,
                    "reason": self.items[hit].reason,
                    "index": hit,
                }
            )
        result.findings = kept

    def unused(self, used: set[int]) -> list[tuple[int, Suppression]]:
        return [(i, s) for i, s in enumerate(self.items) if i not in used]
