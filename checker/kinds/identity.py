"""`identity`: 勾稽关系 — a sum of named cells equals another, per column or per row.

Computed in Decimal over every reading of the cells (checker.tables.outcome): a finding
is certain when the identity fails however digits that ran together are cut, doubtful
(待核实) when it fails under some cuts only, and absent when it holds under all. A blank,
absent or unreadable cell makes the identity undecidable for that column/row: the
template and readability rules report the cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, cast

from pydantic import Field, model_validator

from checker.findings import Finding
from checker.rule import RuleBase
from checker.tables import CellValue, ExtractedTable, describe_readings
from checker.tables.grid import say
from checker.tables.model import SETTLED_BLANK, SETTLED_OPEN
from checker.tables.outcome import Outcome, evaluate

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["identity"]
    table: str
    for_each: Literal["column", "row"]
    left: list[str]  # rows (for_each column) or columns (for_each row)
    right: list[str]
    only: list[str] = []  # restrict to these columns/rows
    tolerance: float = 0
    blank_as_zero: bool = False  # a blank cell counts as 0 (else: undecidable)
    # Said when digits that ran together leave cells open: {key}, {readings} (the runs and
    # their cuts) and {verdict} (fails however they are cut / under some cuts only).
    undecided_message: str = Field(min_length=2)

    @model_validator(mode="after")
    def _sides(self) -> Params:
        if not self.left or not self.right:
            raise ValueError("identity 规则的 left 和 right 都不能为空")
        return self


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else str(d)


def _cells(table: ExtractedTable, rule: Params, key: str) -> tuple[list[CellValue], list[CellValue]] | None:
    if rule.for_each == "column":
        left = table.group_terms(rule.left, key)
        right = table.group_terms(rule.right, key)
    else:
        left = [table.cell(key, c) for c in rule.left]
        right = [table.cell(key, c) for c in rule.right]
    if any(c is None for c in left + right):
        return None
    return [c for c in left if c is not None], [c for c in right if c is not None]


def _terms(cells: list[CellValue], sign: int, blank_as_zero: bool) -> list[tuple[CellValue, int]] | None:
    out = []
    for cv in cells:
        if cv.value is None and cv.source is None:
            if blank_as_zero and cv.status in ("blank", "dash"):
                continue
            return None
        out.append((cv, sign))
    return out


class _Quick:
    """The identity in plain integer arithmetic over a table's settled cells.

    Most tables have every cell decided: then the Decimal sum over readings that
    `evaluate` would run is an int sum. Called per key, it answers True when the
    identity holds or cannot be judged there (a cell absent, or blank without
    blank_as_zero: evaluate's None), None when some cell needs the reading-aware path
    (readings that differ, decimals) or the identity fails (the finding is then built
    by that path, word for word as before)."""

    __slots__ = ("table", "lines", "rows", "plus", "minus", "unknown", "blank_as_zero")

    def __init__(self, table: ExtractedTable, rule: Params) -> None:
        self.table = table
        self.blank_as_zero = rule.blank_as_zero
        settled = table.settled()
        if rule.for_each == "column":
            # a key is a column; its terms are rows, resolved once (an unknown row
            # reference leaves every column undecidable)
            self.lines, self.rows = settled.by_column, False
            plus = [table.row_id(ref) for ref in rule.left]
            minus = [table.row_id(ref) for ref in rule.right]
            self.unknown = any(r is None for r in plus + minus)
            self.plus = [r for r in plus if r is not None]
            self.minus = [r for r in minus if r is not None]
        else:
            self.lines, self.rows = settled.by_row, True
            self.plus, self.minus, self.unknown = rule.left, rule.right, False

    def __call__(self, key: str, tolerance: Decimal) -> bool | None:
        if self.unknown:
            return True
        if self.rows:
            row_id = self.table.row_id(key)
            line = self.lines.get(row_id) if row_id is not None else None
        else:
            line = self.lines.get(key)
        if line is None:
            return True  # no such row or column: _cells finds None
        try:
            # the common case in C: every term an int (a str marker or an absent cell raises)
            term = cast("Callable[[str], int]", line.__getitem__)
            total = sum(map(term, self.plus)) - sum(map(term, self.minus))
        except (KeyError, TypeError):
            return self._careful(line, tolerance)
        return True if abs(total) <= tolerance else None

    def _careful(self, line: dict[str, int | str], tolerance: Decimal) -> bool | None:
        total = 0
        open_cell = False
        for terms, sign in ((self.plus, 1), (self.minus, -1)):
            for term in terms:
                v = line.get(term)
                if v is None:
                    return True  # no such cell: _cells finds None
                if type(v) is int:
                    total += sign * v
                elif v == SETTLED_OPEN:
                    open_cell = True
                elif not (v == SETTLED_BLANK and self.blank_as_zero):
                    return True  # no value and no readings: _terms finds None
        if open_cell:
            return None
        return True if abs(total) <= tolerance else None


def _quick(table: ExtractedTable, rule: Params) -> _Quick | None:
    """The integer path, unless collapsed groups stand in for rows (group_terms' business)."""
    if rule.for_each == "column" and table.collapsed:
        return None
    return _Quick(table, rule)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    table = ctx.tables.get(rule.table)
    if table is None:
        return
    tpl = table.template
    if rule.for_each == "column":
        first = tpl.row(rule.left[0])
        assert first is not None  # validated at load time
        outer = rule.only or tpl.columns_of(first)
    else:
        outer = rule.only or [r.id for r in tpl.rows]
    doubtful: list[tuple[str, Outcome, CellValue]] = []
    tolerance = Decimal(str(rule.tolerance))
    quick = _quick(table, rule)
    for key in outer:
        if quick is not None and quick(key, tolerance):
            continue  # holds, or cannot be judged: nothing to say, as evaluate() would find
        sides = _cells(table, rule, key)
        if sides is None:
            continue
        lcells, rcells = sides
        left = _terms(lcells, 1, rule.blank_as_zero)
        right = _terms(rcells, -1, rule.blank_as_zero)
        if left is None or right is None:
            continue
        outcome = evaluate(left + right, tolerance=tolerance)
        if outcome is None or outcome.holds_all:
            continue
        label = key
        if rule.for_each == "row":
            template_row = tpl.row(key)
            label = template_row.label if template_row else key
        anchor = rcells[0] if len(rcells) == 1 else lcells[0]
        row_label = label if rule.for_each == "row" else None
        column = key if rule.for_each == "column" else None
        if outcome.undecided:
            if not outcome.certain:
                doubtful.append((label, outcome, anchor))
                continue
            yield ctx.finding(
                rule,
                _undecided_values(ctx, label, outcome, True),
                message=rule.undecided_message,
                line=anchor.line,
                section=tpl.section,
                table=rule.table,
                row=row_label,
                column=column,
            )
            continue
        lsum = sum((c.value for c in lcells if c.value is not None), Decimal(0))
        rsum = sum((c.value for c in rcells if c.value is not None), Decimal(0))
        values = {
            "key": label,
            "left": "＋".join(_fmt(c.value) for c in lcells if c.value is not None),
            "right": "＋".join(_fmt(c.value) for c in rcells if c.value is not None),
            "left_sum": _fmt(lsum),
            "right_sum": _fmt(rsum),
            "diff": _fmt(abs(lsum - rsum)),
        }
        yield ctx.finding(
            rule,
            values,
            line=anchor.line,
            section=tpl.section,
            table=rule.table,
            row=row_label,
            column=column,
            observed=_fmt(rsum if len(rcells) == 1 else lsum),
            expected=_fmt(lsum if len(rcells) == 1 else rsum),
            certain=outcome.certain,
        )
    if doubtful:
        # One doubtful finding per rule and table: the cause is the runs, not each column.
        labels = [label for label, _, _ in doubtful]
        keys = "、".join(labels[:4]) + ("…" if len(labels) > 4 else "")
        merged = Outcome(False, False, False, undecided=[s for _, o, _ in doubtful for s in o.undecided])
        yield ctx.finding(
            rule,
            _undecided_values(ctx, keys, merged, False),
            message=rule.undecided_message,
            line=doubtful[0][2].line,
            section=tpl.section,
            table=rule.table,
            observed=labels,
            certain=False,
        )


def _undecided_values(ctx: Context, key: str, outcome: Outcome, certain: bool) -> dict[str, object]:
    notes = ctx.pack.reading_notes
    runs: list[str] = []
    seen: set[int] = set()
    for src in outcome.undecided:
        if id(src) in seen:
            continue
        seen.add(id(src))
        runs.append(
            say(
                notes.run_readings,
                row=src.label,
                run=src.text,
                readings=describe_readings(src.structural, notes),
            )
        )
    return {
        "key": key,
        "readings": notes.run_separator.join(runs),
        "verdict": notes.fails_every_reading if certain else notes.fails_some_readings,
    }
