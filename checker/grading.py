"""What a report's findings cost: one cause reported once, the points each certain finding
costs (capped per rule), and the score and grade that follow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.findings import Finding
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.pack import Pack
    from checker.results import ReportResult


def _same_cause(winner: Finding, other: Finding) -> bool:
    """Whether `other` is about what `winner` is about: a report-level finding (no place),
    overlapping text, or the same table row/column."""
    a, b = winner.location, other.location
    if other.span is None and b.table is None:
        return True
    if winner.span is not None and other.span is not None:
        (s1, e1), (s2, e2) = winner.span, other.span
        if s1 <= e2 and s2 <= e1:
            return True
    if a.table is not None and a.table == b.table:
        return (a.row is None or b.row is None or a.row == b.row) and (
            a.column is None or b.column is None or a.column == b.column
        )
    return False


def drop_superseded(findings: list[Finding], rules: list[RuleBase]) -> list[Finding]:
    """When a rule that `supersedes` others reports a cause with certainty, the less
    specific rules' findings about the same place are dropped."""
    certain: dict[str, list[Finding]] = {}  # each rule's certain findings, in order
    for f in findings:
        if f.certain:
            certain.setdefault(f.rule, []).append(f)
    dropped: set[int] = set()
    for rule in rules:
        if not rule.supersedes:
            continue
        winners = certain.get(rule.id)
        if not winners:
            continue
        for i, f in enumerate(findings):
            if f.rule in rule.supersedes and any(_same_cause(w, f) for w in winners):
                dropped.add(i)
    return [f for i, f in enumerate(findings) if i not in dropped]


def assign_points(findings: list[Finding], rules: list[RuleBase]) -> None:
    """Each certain finding costs its rule's points, at most max_points per rule;
    doubtful findings, 提示 (info: a level of a rule may be one, TXT-01's 50 %) and findings
    about the file itself cost nothing."""
    by_id = {r.id: r for r in rules}
    spent: dict[str, float] = {}
    for finding in findings:
        rule = by_id.get(finding.rule)
        if (
            rule is None
            or not finding.certain
            or finding.category == "document"
            or finding.severity == "info"
        ):
            continue
        cap = rule.max_points if rule.max_points is not None else rule.points
        cost = min(rule.points, max(0.0, cap - spent.get(rule.id, 0.0)))
        finding.points = cost
        spent[rule.id] = spent.get(rule.id, 0.0) + cost


def grade(result: ReportResult, pack: Pack) -> None:
    """The score (100 less the points lost) and the pack's grade for it; none for a partial
    run, since some rules were not run and a score would claim what was not checked."""
    if result.partial:
        result.score = result.grade = None
        return
    lost = sum(f.points for f in result.findings)
    result.score = max(0.0, round(100.0 - lost, 1))
    result.grade = pack.grade(result.score)
