"""What the cross-year kinds share: the pair of reports a rule looks at, and cells of both.

The cross-year kinds (cross_year, cross_year_text, cross_year_numbers, cross_year_absent)
judge a report against the same office's report of the year before, on the two reports'
facts (checker.facts.ReportFacts), once both were read: in a batch after every file is done,
with --previous once the previous file is. The engine's run over one document skips them
(kinds.PAIR_KINDS); checker.crossyear runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.findings import Finding, Location
from checker.limits import LIMITS
from checker.rule import RuleBase

if TYPE_CHECKING:
    from checker.facts import ReportFacts
    from checker.pack import Pack
    from checker.summary import Number


class ReferenceProblem(ValueError):
    """A rule names a table, row, column or section the pack does not have (the rule
    loader reports it at the key's place in the file)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass
class PairContext:
    """What a cross_year rule looks at: this report's facts, last year's (None: not found),
    this report's pack, and the files that could each be last year's when more than one could."""

    this: ReportFacts
    last: ReportFacts | None
    pack: Pack
    candidates: tuple[str, ...] = ()  # the first files that could each be last year's
    count: int = 0  # how many could (two or more: the pairing is ambiguous)
    looked_for: int | None = None  # the year looked for
    # `--previous FILE` of another year: not compared (last is None), and said why
    refused: ReportFacts | None = None
    # `--previous FILE` of the year before but another issuer (a renamed office?): compared,
    # and said so
    other_issuer: bool = False


def make_finding(
    rule: RuleBase,
    message: str,
    *,
    certain: bool = True,
    severity: str | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
    section: str | None = None,
    line: int | None = None,
    observed: object = None,
    expected: object = None,
) -> Finding:
    return rule.finding(
        message,
        Location(line=line, section=section, table=table, row=row, column=column),
        observed=observed,
        expected=expected,
        certain=certain,
        severity=severity,
    )


def last_cell(
    ctx: PairContext, last: ReportFacts, table: str, row: str, column: str
) -> tuple[Number, list[Number]] | None:
    """Last year's cell that is this pack's table.row.column, through the pack's mapping
    of an older format (cross_year.previous_formats)."""
    mapping = ctx.pack.cross_year.previous_formats.get(last.pack, {}).get(table)
    if mapping is not None:
        row = mapping.rows.get(row, row)
        if column in mapping.columns:
            mapped = mapping.columns[column]
            if mapped is None:
                return None
            column = mapped
    return last.cell(table, row, column)


def values_of(cell: tuple[Number, list[Number]] | None) -> list[float] | None:
    """The values a cell may have: its value when settled, its candidates when not; None
    when it has neither (blank, absent, not a number): nothing can be said."""
    if cell is None:
        return None
    value, candidates = cell
    if value is not None:
        return [float(value)]
    return [float(c) for c in candidates if c is not None] or None


def sums_of(terms: list[tuple[list[float], int]]) -> set[float] | None:
    """Every value Σ sign·cell may take (cells independent), or None past the cap."""
    sums = {0.0}
    for values, sign in terms:
        sums = {round(s + sign * v, 6) for s in sums for v in values}
        if len(sums) > LIMITS.cross_year_max_sums:
            return None
    return sums


def show(values: list[float]) -> str:
    return "/".join(number(v) for v in values)


def number(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"
