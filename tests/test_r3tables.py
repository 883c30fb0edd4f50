"""The tables' fast paths give exactly what the reading-aware paths give.

- identity: a table whose cells are all decided is judged in plain int arithmetic;
  every other case (readings that differ, decimals, huge numbers, blanks) falls back
  to `evaluate`, so the findings are the same whichever path a key takes;
- cell: plain numbers are judged by a table's extremes, once for all cell rules;
- evaluate: with no tolerance, "holds under every reading" and "fails under every
  reading" are set lookups, the same answers as the scans (kept here as the reference).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.context import Context
from checker.findings import Finding
from checker.kinds import cell as cell_kind
from checker.kinds import checker_for
from checker.kinds import identity as identity_kind
from checker.pack import RowTemplate
from checker.readers import read_document
from checker.structure import analyse
from checker.tables import extract_tables, find_statements
from checker.tables import outcome as outcome_module
from checker.tables.model import CellValue, ExtractedTable, RunSource
from checker.tables.outcome import Outcome, evaluate
from checker.tables.readings import CellSpec, RunReadings, sumset

from .helpers import CORPUS, pack
from .test_readings import run_chars, spec

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")

REPORTS = [
    "2023_acheng-songfengshan.txt",
    "2024_pingtan.txt",
    "2021_pingtan.txt",
    "2025_suqian-shuyangxian.txt",
]


def _context(path: Path) -> Context:
    loaded = pack()
    doc = read_document(path)
    st_ = analyse(doc, loaded.pack)
    statements = find_statements(doc, loaded.pack)
    tables = extract_tables(doc, loaded.pack, st_, statements)
    return Context(doc=doc, st=st_, tables=tables, pack=loaded.pack, statements=statements)


def _identity_findings(ctx: Context) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for rule in pack().rules:
        if rule.kind == "identity":
            out.extend(asdict(f) for f in checker_for(rule.kind)(ctx, rule))
    return out


def _cell_findings(ctx: Context) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for rule in pack().rules:
        if rule.kind == "cell":
            out.extend(asdict(f) for f in checker_for(rule.kind)(ctx, rule))
    return out


def _mutate(ctx: Context, rng: random.Random) -> None:
    """Cells changed the ways reports have them: another number, a decimal, a huge number,
    a blank, a blank mark, a missing row, a cell that is not a number."""
    for table in ctx.tables.values():
        table._settled = None
        table.derived.clear()
        for cv in table.cells.values():
            roll = rng.random()
            if roll < 0.15:
                cv.value, cv.status, cv.source = Decimal(rng.randint(0, 30)), "ok", None
            elif roll < 0.18:
                cv.value, cv.status, cv.source = Decimal("2.5"), "ok", None
            elif roll < 0.20:
                cv.value, cv.status, cv.source = Decimal(10) ** 30 + 1, "ok", None
            elif roll < 0.24:
                cv.value, cv.status, cv.source = None, rng.choice(["blank", "dash"]), None
            elif roll < 0.25:
                cv.value, cv.status, cv.source = None, rng.choice(["missing", "unreadable"]), None
            elif roll < 0.27:
                cv.value, cv.status, cv.source = Decimal(-rng.randint(1, 5)), "ok", None


@pytest.mark.parametrize("name", REPORTS)
def test_identity_findings_are_the_same_with_and_without_the_integer_path(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(name)
    for _ in range(6):
        ctx = _context(CORPUS / name)
        _mutate(ctx, rng)
        fast = _identity_findings(ctx)
        with monkeypatch.context() as mp:
            mp.setattr(identity_kind, "_quick", lambda table, rule: None)
            reference = _identity_findings(ctx)
        assert fast == reference
        assert fast or name == "2025_suqian-shuyangxian.txt"  # mutated tables do break identities


def _reference_check_table(ctx: Context, rule: cell_kind.Params, table: ExtractedTable) -> Iterator[Finding]:
    return cell_kind._check_cells(ctx, rule, table, cell_kind._visited(rule, table))


def _reference_some_every(
    rule: cell_kind.Params, row: RowTemplate, column: str, narrowed: list[Decimal], structural: list[Decimal]
) -> tuple[bool, bool]:
    return (
        any(cell_kind._breaks(rule, row, column, v) for v in narrowed),
        all(cell_kind._breaks(rule, row, column, v) for v in structural),
    )


@pytest.mark.parametrize("name", REPORTS)
def test_cell_findings_are_the_same_with_and_without_the_table_shape(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cell rules skip the plain numbers when a table's extremes keep them inside the
    bounds, and read one-bound answers off the sorted readings: the findings are those
    of visiting every cell."""
    rng = random.Random(name)
    for round_ in range(6):
        ctx = _context(CORPUS / name)
        if round_:
            _mutate(ctx, rng)
        fast = _cell_findings(ctx)
        with monkeypatch.context() as mp:
            mp.setattr(cell_kind, "_check_table", _reference_check_table)
            mp.setattr(cell_kind, "_breaks_some_every", _reference_some_every)
            reference = _cell_findings(ctx)
        assert fast == reference
        assert fast or not round_


def test_the_integer_path_decides_most_keys_of_a_clean_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report whose tables hold plain numbers never reaches evaluate()."""
    ctx = _context(CORPUS / "2025_suqian-shuyangxian.txt")
    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> Outcome | None:
        calls.append(1)
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(identity_kind, "evaluate", counted)
    assert _identity_findings(ctx) == []
    assert calls == []


def _reference_evaluate(terms: Sequence[tuple[CellValue, int]]) -> tuple[bool, bool] | None:
    """(holds_all, fails_all) by scanning every sum (the code before), tolerance 0."""
    constant = Decimal(0)
    by_source: dict[int, tuple[RunSource, dict[int, int]]] = {}
    for cv, coefficient in terms:
        src = cv.source
        if cv.value is not None and (src is None or src.structural.count == 1):
            constant += coefficient * cv.value
            continue
        if src is None or src.structural.count == 0:
            return None
        coefficients = by_source.setdefault(id(src), (src, {}))[1]
        index = src.index(cv.row_id, cv.column)
        coefficients[index] = coefficients.get(index, 0) + coefficient
    if not by_source:
        return constant == 0, constant != 0
    narrowed = sumset([s.narrowed.sums(c) for s, c in by_source.values()])
    structural = sumset([s.structural.sums(c) for s, c in by_source.values()])
    holds = narrowed is not None and all(abs(constant + t) <= 0 for t in narrowed)
    fails = structural is not None and all(abs(constant + t) > 0 for t in structural)
    return holds, fails


def _cells_of(text: str, specs: list[CellSpec], fixed: dict[int, Decimal]) -> list[CellValue]:
    structural = RunReadings(text, specs)
    narrowed = structural.narrowed(fixed) if fixed else structural
    if narrowed.count == 0:
        narrowed = structural
    cells = [("r", str(k)) for k in range(len(specs))]
    source = RunSource("t", "r", text, cells, structural, narrowed)
    values = narrowed.values() if structural.count else [[] for _ in specs]
    return [
        CellValue("t", "r", "r", str(k), text, v[0] if len(v) == 1 else None, "ok", source=source)
        for k, v in enumerate(values)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(run_chars, min_size=1, max_size=12).map("".join),
    st.lists(spec, min_size=1, max_size=5),
    st.dictionaries(st.integers(0, 4), st.integers(-2, 2), min_size=1, max_size=4),
    st.integers(-30, 30),
    st.dictionaries(st.integers(0, 4), st.integers(0, 20).map(Decimal), max_size=2),
)
def test_evaluate_without_tolerance_agrees_with_the_scan(
    text: str, specs: list[CellSpec], coefficients: dict[int, int], settled: int, fixed: dict[int, Decimal]
) -> None:
    if not text.split():
        return
    cells = _cells_of(text, specs, {k: v for k, v in fixed.items() if k < len(specs)})
    grid = CellValue("t", "g", "g", "c", str(settled), Decimal(settled), "ok")
    terms = [(cells[k], c) for k, c in coefficients.items() if k < len(cells)] + [(grid, -1)]
    got = evaluate(terms)
    expected = _reference_evaluate(terms)
    assert (None if got is None else (got.holds_all, got.fails_all)) == expected


def test_evaluate_with_a_tolerance_still_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    cells = _cells_of("1234", [CellSpec(max_digits=3)] * 2, {})
    grid = CellValue("t", "g", "g", "c", "47", Decimal(47), "ok")
    # 1|234, 12|34, 123|4: sums 235, 46, 127; 47 is within 1 of 46 only
    got = evaluate([(cells[0], 1), (cells[1], 1), (grid, -1)], tolerance=Decimal(1))
    assert got is not None and not got.holds_all and not got.fails_all
    assert outcome_module.evaluate is evaluate


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(-20, 20).map(lambda n: Decimal(n) / 2), max_size=5),
    st.lists(st.integers(-20, 20).map(lambda n: Decimal(n) / 2), max_size=5),
    st.sampled_from([{"minimum": 0}, {"maximum": 3}, {"whole": True}, {"minimum": 0, "whole": True}]),
    st.booleans(),
)
def test_one_bound_is_read_off_the_ends_of_the_sorted_values(
    narrowed: list[Decimal], structural: list[Decimal], bounds: dict[str, object], signed: bool
) -> None:
    rule = next(r for r in pack().rules if r.kind == "cell").model_copy(
        update={"minimum": None, "maximum": None, "whole": False, **bounds}
    )
    row = RowTemplate(id="r", label="行", signed=["c"] if signed else [])
    got = cell_kind._breaks_some_every(rule, row, "c", sorted(narrowed), sorted(structural))  # type: ignore[arg-type]
    assert got == _reference_some_every(rule, row, "c", sorted(narrowed), sorted(structural))  # type: ignore[arg-type]
