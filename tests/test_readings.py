"""The readings of a run of digits, checked against a brute-force enumeration of every cut.

The dynamic programme in checker.tables.readings must agree exactly with the naive
definition — every way to cut the run into one admissible number per cell, cutting at
every space — on count, on each cell's possible values and on the values of sums.
It must also stay fast on runs no enumeration could handle.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.tables.readings import CellSpec, RunReadings, sumset

_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")


def brute_force(text: str, specs: list[CellSpec]) -> list[tuple[Decimal, ...]]:
    """Every reading, by trying every set of cut positions (small runs only)."""
    groups = text.split()
    chars = "".join(groups)
    forced, pos = set(), 0
    for g in groups[:-1]:
        pos += len(g)
        forced.add(pos)
    out = []
    n = len(specs)
    for cuts in combinations(range(1, len(chars)), n - 1):
        if not forced <= set(cuts):
            continue
        bounds = (0, *cuts, len(chars))
        parts = [chars[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        values = []
        for part, spec in zip(parts, specs, strict=True):
            m = _NUMBER.fullmatch(part)
            if not m:
                break
            whole = m.group(1)
            if len(whole) > spec.max_digits or (m.group(2) and not spec.decimal):
                break
            if part.startswith("-") and (not spec.signed or Decimal(part) == 0):
                break
            values.append(Decimal(part))
        else:
            out.append(tuple(values))
    return out


run_chars = st.sampled_from(list("0000111223456789") + [" ", ".", "-"])
spec = st.builds(
    CellSpec,
    decimal=st.booleans(),
    signed=st.booleans(),
    max_digits=st.integers(min_value=1, max_value=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(run_chars, min_size=1, max_size=11).map("".join), st.lists(spec, min_size=1, max_size=5))
def test_the_programme_agrees_with_brute_force(text: str, specs: list[CellSpec]) -> None:
    if not text.split():
        return
    expected = brute_force(text, specs)
    readings = RunReadings(text, specs)
    assert readings.count == len(expected), (text, specs)
    values = readings.values()
    for k in range(len(specs)):
        assert values[k] == sorted({r[k] for r in expected}), (text, k)
    coefficients = {0: 1, len(specs) - 1: -1} if len(specs) > 1 else {0: 1}
    sums = readings.sums(coefficients)
    assert sums == {sum(c * r[k] for k, c in coefficients.items()) for r in expected}
    assert readings.examples(3) == expected[:3]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=300), min_size=2, max_size=6), st.data())
def test_fixing_a_cell_keeps_exactly_the_readings_that_agree(cells: list[int], data: st.DataObject) -> None:
    run = "".join(str(c) for c in cells)
    specs = [CellSpec()] * len(cells)
    index = data.draw(st.integers(min_value=0, max_value=len(cells) - 1))
    everything = brute_force(run, specs)
    value = Decimal(cells[index])
    narrowed = RunReadings(run, specs).narrowed({index: value})
    assert narrowed.count == sum(1 for r in everything if r[index] == value) >= 1


def test_spaces_are_cell_boundaries_and_zeros_stand_alone() -> None:
    spaced = RunReadings("0 00 0 0 0 00 0 00 0 0 0 0", [CellSpec()] * 15)
    assert spaced.count == 1 and all(v == [0] for v in spaced.values())
    assert RunReadings("21 7", [CellSpec()] * 2).values() == [[21], [7]]
    assert RunReadings("21 7", [CellSpec()] * 3).values() == [[2], [1], [7]]
    assert RunReadings("00", [CellSpec()]).count == 0  # 00 is no number


def test_a_long_run_costs_no_enumeration() -> None:
    # 41 digits into 15 cells: about two thousand million readings, counted not listed
    run = "12345678901234567890123456789012345678901"
    readings = RunReadings(run, [CellSpec()] * 15)
    assert readings.count > 10**9
    assert len(readings.examples(3)) == 3
    assert readings.sums({0: 1, 1: 1, 2: 1, 3: 1, 4: -1}) is None  # too many values to know: unknown
    assert all(values for values in readings.values())


def test_sumset_is_unknown_when_any_part_is() -> None:
    assert sumset([{Decimal(1), Decimal(2)}, {Decimal(10)}]) == {Decimal(11), Decimal(12)}
    assert sumset([{Decimal(1)}, None]) is None
