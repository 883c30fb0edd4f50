"""The findings the engine makes about an input file itself (DOC-00 unreadable, DOC-02 damaged,
DOC-03 only an attachment link), defined in rules/builtin.yaml beside the packs."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field

from checker.findings import WHOLE, Finding, Location, Severity
from checker.pack import Strict

BUILTIN_FILE = "builtin.yaml"


class BuiltinRule(Strict):
    id: str = Field(pattern=r"^DOC-\d{2}$")
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    severity: Severity
    certain: bool
    scoring: str = Field(min_length=1)  # how it counts, as `explain` says it
    basis: str = Field(min_length=1)
    description: str = Field(min_length=1)


class BuiltinRules(Strict):
    rules: list[BuiltinRule] = Field(min_length=1)


@lru_cache(maxsize=1)
def builtin_rules() -> dict[str, BuiltinRule]:
    from checker.rules import builtin_packs_dir, load_model

    loaded: BuiltinRules = load_model(builtin_packs_dir() / BUILTIN_FILE, BuiltinRules)
    return {rule.id: rule for rule in loaded.rules}


def builtin_finding(rule_id: str, message: str) -> Finding:
    rule = builtin_rules()[rule_id]
    finding = Finding(
        rule=rule_id,
        name=rule.name,
        title=rule.title,
        category="document",
        severity=rule.severity,
        message=message,
        location=Location(scope=WHOLE),
        basis=rule.basis,
        certain=rule.certain,
    )
    finding.finalize()
    return finding
