"""A report's result against last year's report: the cross-year rules run on the two
reports' facts, their findings filtered like the others (suppressions, baseline) and the
report graded again with the engine's own functions.

Used by a batch's second phase (checker.pairing) and by `check --previous FILE`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from checker.engine import _sort_key
from checker.findings import tell_apart
from checker.grading import assign_points, grade
from checker.kinds import PAIR_KINDS, checker_for
from checker.kinds._pairs import PairContext
from checker.locate import scope_without_text
from checker.paths import shown
from checker.results import ReportResult
from checker.selection import applies_to_facts, selected

if TYPE_CHECKING:
    from checker.batch import CheckOptions
    from checker.facts import ReportFacts
    from checker.rules import LoadedPack


def compare(
    result: ReportResult,
    this: ReportFacts | None,
    last: ReportFacts | None,
    loaded: LoadedPack,
    options: CheckOptions,
    candidates: tuple[str, ...] = (),
    count: int = 0,
    refused: ReportFacts | None = None,
    other_issuer: bool = False,
) -> ReportResult:
    """`result` with the cross-year findings of `this` report against `last` year's (None:
    not found; `candidates`: the first of the `count` files that could each be it), graded
    again. `refused`: the report given as last year's (--previous) is of another year, so it
    is not compared; `other_issuer`: last year's report, given, names another issuer."""
    result.facts = None  # never part of the output
    result.compared = True
    if this is None or result.unreadable:
        return result
    chosen = loaded.for_year(this.year)
    rules = [
        r
        for r in chosen.rules
        if r.kind in PAIR_KINDS
        and r.enabled
        and selected(r, options.select, options.ignore)
        and applies_to_facts(r.when, this)
    ]
    looked_for = this.year - 1 if this.year is not None else None
    ctx = PairContext(
        this=this,
        last=last,
        pack=chosen.pack,
        candidates=candidates,
        count=count,
        looked_for=looked_for,
        refused=refused,
        other_issuer=other_issuer,
    )
    found = [f for rule in rules for f in checker_for(rule.kind)(ctx, rule)]
    assign_points(found, rules)
    for f in found:
        f.location.scope = scope_without_text(f.location, chosen.pack)
        f.finalize()
    tell_apart(found)
    # The office's decisions hold for these findings too: filtered on their own, so that the
    # counts of the first filtering stay as they were.
    scratch = dataclasses.replace(result, findings=found, suppressed=[], in_baseline=0)
    if options.suppressions is not None:
        options.suppressions.apply(scratch)
    if options.baseline is not None:
        options.baseline.drop_known(scratch)
    parts = result.rendered_parts
    if parts is None:
        result.findings = sorted([*result.findings, *scratch.findings], key=_sort_key)
    else:  # each finding's text stays beside it (None for the added ones)
        merged = sorted(
            [*zip(result.findings, parts.findings, strict=True), *((f, None) for f in scratch.findings)],
            key=lambda pair: _sort_key(pair[0]),
        )
        result.findings = [finding for finding, _ in merged]
        parts.findings = [text for _, text in merged]
    result.suppressed = [*result.suppressed, *scratch.suppressed]
    result.in_baseline += scratch.in_baseline
    result.previous = None if last is None else {"path": shown(last.path), "year": last.year}
    grade(result, chosen.pack)
    if result.rendered is not None:  # a rendering made before these findings is stale
        result.rendered = options.prepare(result) if options.prepare is not None else None
    return result
