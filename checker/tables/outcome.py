"""Whether a linear relation between cells holds under every reading, some, or none.

A relation Σ coefficient·cell = 0 (an identity, a narrative number against a cell, a
claim that a cell is 0) is judged over the readings of the runs its cells came from:

- `holds_all`: it holds under every remaining reading — nothing to say;
- `fails_all`: it fails under every reading the digits allow (statements from the
  narrative not counted) — a certain finding, when the cells are otherwise certain;
- otherwise it fails under some readings only: a doubtful finding that names them.

Cells of different runs are independent; cells of one run are judged jointly, so a
run's readings are never mixed. Nothing here chooses a reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from checker.tables.model import CellValue, RunSource
from checker.tables.readings import sumset


@dataclass
class Outcome:
    holds_all: bool
    fails_all: bool
    certain: bool  # fails_all, and every cell involved is otherwise certain
    undecided: list[RunSource] = field(default_factory=list)  # runs whose readings matter
    value: Decimal | None = None  # Σ coefficient·cell when every cell is settled


def evaluate(
    terms: Sequence[tuple[CellValue, int]], target: Decimal = Decimal(0), tolerance: Decimal = Decimal(0)
) -> Outcome | None:
    """Σ coefficient·cell − target, judged over the readings; None when a cell has no value
    and no readings (blank, missing, not a number): the relation cannot be judged."""
    constant = -target
    certain = True
    by_source: dict[int, tuple[RunSource, dict[int, int]]] = {}
    for cv, coefficient in terms:
        value, src = cv.value, cv.source
        count = src.structural.count if src is not None else 1
        if value is not None and count == 1:  # settled: the same value under every reading
            constant += coefficient * value
            certain = certain and cv.certain
            continue
        if src is None or count == 0:
            return None
        entry = by_source.get(id(src))
        if entry is None:
            entry = by_source[id(src)] = (src, {})
        coefficients = entry[1]
        index = src.index(cv.row_id, cv.column)
        coefficients[index] = coefficients.get(index, 0) + coefficient
        certain = certain and src.trusted
    if not by_source:
        ok = abs(constant) <= tolerance
        return Outcome(holds_all=ok, fails_all=not ok, certain=certain and not ok, value=constant + target)
    narrowed = sumset([src.narrowed.sums(c) for src, c in by_source.values()])
    if all(src.narrowed is src.structural for src, _ in by_source.values()):
        structural = narrowed  # nothing was stated about these runs: the same sums
    else:
        structural = sumset([src.structural.sums(c) for src, c in by_source.values()])
    if tolerance == 0:
        # |constant + t| <= 0 only for t = -constant (a nonzero sum never rounds to 0, and
        # the constant, already rounded, negates exactly): set lookups, not a scan
        target_sum = -constant
        holds_all = narrowed is not None and (not narrowed or (len(narrowed) == 1 and target_sum in narrowed))
        fails_all = structural is not None and target_sum not in structural
    else:
        holds_all = narrowed is not None and all(abs(constant + t) <= tolerance for t in narrowed)
        fails_all = structural is not None and all(abs(constant + t) > tolerance for t in structural)
    undecided = [src for src, _ in by_source.values()]
    return Outcome(
        holds_all=holds_all, fails_all=fails_all, certain=certain and fails_all, undecided=undecided
    )
