"""Findings are data; renderers turn them into text, JSON, … late."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Category = Literal["sections", "references", "tables", "dates", "text", "document"]

# The scope of a finding about the report as a whole (Location.scope).
WHOLE = "全文"

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# A severity as a user may name it (--fail-on, nianbao.yaml fail_on): English or Chinese.
SEVERITY_NAMES = {**{name: name for name in SEVERITY_ORDER}, **{zh: name for name, zh in SEVERITY_ZH.items()}}


@dataclass(slots=True)
class Location:
    line: int | None = None
    page: int | None = None
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    # The report's own words the finding is about, with a little context (checker.locate);
    # None for a finding about something missing or about the report as a whole.
    quote: str | None = None
    # Where that is: the section's heading as the report writes it (the template's for a
    # missing section), or 全文; not part of the fingerprint, like the line and the quote.
    scope: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "page": self.page,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "quote": self.quote,
            "scope": self.scope,
        }


@dataclass(slots=True)
class Finding:
    rule: str
    name: str
    title: str
    category: Category
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    observed: Any = None
    expected: Any = None
    basis: str = ""
    certain: bool = True
    points: float = 0.0
    fingerprint: str = ""
    # Offsets in Document.text of what the finding is about (None: the report as a whole).
    # Not part of the output: used to tell when two rules report the same thing.
    span: tuple[int, int] | None = None

    def finalize(self) -> None:
        """Stable fingerprint: rule + where + what, not the line number (lines move between
        drafts) and not the message (rewording a message keeps baselines and suppressions)."""
        loc = self.location
        key = "|".join(
            str(x)
            for x in (
                self.rule,
                loc.section,
                loc.table,
                loc.row,
                loc.column,
                self.observed,
                self.expected,
            )
        )
        self.fingerprint = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.as_dict(),
            "observed": self.observed,
            "expected": self.expected,
            "basis": self.basis,
            "certain": self.certain,
            "fingerprint": self.fingerprint,
        }


def tell_apart(findings: list[Finding]) -> None:
    """Give the second and later findings with the same fingerprint (one rule, one place, the
    same words: two half-width commas in one section) their own, numbered in report order, so
    that a baseline or a suppression means one finding."""
    seen: dict[str, int] = {}
    for finding in findings:
        n = seen.get(finding.fingerprint, 0) + 1
        seen[finding.fingerprint] = n
        if n > 1:
            finding.fingerprint = hashlib.sha1(f"{finding.fingerprint}#{n}".encode()).hexdigest()[:16]
