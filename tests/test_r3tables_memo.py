"""Readings of a run are worked out once per process and shared: the same object for the
same run, specs and fixed values, within the limits (entries, run length)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.limits import LIMITS
from checker.tables import readings as readings_module
from checker.tables.readings import CellSpec, RunReadings, readings_of

SPECS = [CellSpec(max_digits=3)] * 3


def test_the_same_run_gets_the_same_readings() -> None:
    first = readings_of("12 345", SPECS)
    assert readings_of("12 345", SPECS) is first
    assert readings_of("12 345", SPECS, {0: Decimal(1)}) is not first
    fresh = RunReadings("12 345", SPECS)
    assert (first.count, first.values(), first.examples()) == (fresh.count, fresh.values(), fresh.examples())


def test_a_narrowed_reading_is_shared_and_agrees_with_a_fresh_one() -> None:
    base = readings_of("1234", SPECS)
    narrowed = base.narrowed({0: Decimal(12)})
    assert base.narrowed({0: Decimal(12)}) is narrowed
    fresh = RunReadings("1234", SPECS, {0: Decimal(12)})
    assert (narrowed.count, narrowed.values()) == (fresh.count, fresh.values())


def test_the_memo_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "readings_memo_entries", 3)
    monkeypatch.setattr(readings_module, "_MEMO", {})
    for n in range(10):
        readings_of(f"{n}00", SPECS)
        assert len(readings_module._MEMO) <= 3


def test_a_long_run_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "readings_memo_max_chars", 5)
    monkeypatch.setattr(readings_module, "_MEMO", {})
    long_run = "1" * 6
    assert readings_of(long_run, SPECS) is not readings_of(long_run, SPECS)
    assert readings_module._MEMO == {}
    assert readings_of("11111", SPECS) is readings_of("11111", SPECS)
