"""RunReadings.sums over the cells with coefficients only: the same sets, and the same
None past the state cap, as the programme over every cell of the run (kept here as the
reference)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.tables import readings as readings_module
from checker.tables.readings import CellSpec, RunReadings

from .test_readings import run_chars, spec


def full_programme(readings: RunReadings, coefficients: Mapping[int, int], cap: int) -> set[Decimal] | None:
    """The sums as the programme over every cell computes them (the code before)."""
    if readings.count == 1:
        only = readings.examples(1)[0]
        return {sum((c * only[k] for k, c in coefficients.items()), Decimal(0))}
    if readings.count == 0:
        return set()
    states: set[tuple[int, Decimal]] = {(0, Decimal(0))}
    for k in range(len(readings.specs)):
        coefficient = coefficients.get(k, 0)
        nxt: set[tuple[int, Decimal]] = set()
        for p, partial in states:
            for end, value in readings._moves[k][p]:
                if readings.ways[k + 1][end]:
                    nxt.add((end, partial + coefficient * value if coefficient else partial))
            if len(nxt) > cap:
                return None
        states = nxt
    return {partial for _, partial in states}


@settings(max_examples=400, deadline=None)
@given(
    st.lists(run_chars, min_size=1, max_size=16).map("".join),
    st.lists(spec, min_size=1, max_size=7),
    st.dictionaries(
        st.integers(min_value=0, max_value=6), st.integers(min_value=-2, max_value=2), max_size=4
    ),
    st.integers(min_value=1, max_value=12),
)
def test_sums_over_the_cells_with_coefficients_agree_with_the_full_programme(
    text: str, specs: list[CellSpec], coefficients: dict[int, int], cap: int
) -> None:
    if not text.split():
        return
    coefficients = {k: c for k, c in coefficients.items() if k < len(specs)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(readings_module, "STATE_CAP", cap)  # small caps: the None is reached
        readings = RunReadings(text, specs)
        got = readings.sums(coefficients)
        assert got == full_programme(readings, {k: c for k, c in coefficients.items() if c}, cap)


def test_a_cell_late_in_a_long_run_is_known_or_unknown_as_before() -> None:
    specs = [CellSpec(max_digits=3)] * 8
    readings = RunReadings("1234567891234567", specs)
    for k in range(8):
        for cap in (1, 4, 16, 4096):
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(readings_module, "STATE_CAP", cap)
                fresh = RunReadings(readings.text, specs)
                assert fresh.sums({k: 1}) == full_programme(fresh, {k: 1}, cap), (k, cap)
