"""`cell`: what each cell may hold — at least, at most, whole, filled, in the column's unit.

A rule sets one or more constraints; a cell read from digits that ran together is judged
on all its readings: certain when every reading breaks the constraint, doubtful when
some do."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from checker.findings import Finding
from checker.limits import LIMITS
from checker.pack import RowTemplate
from checker.rule import RuleBase
from checker.tables import CellValue, ExtractedTable
from checker.tables.grid import say
from checker.tables.model import SETTLED_NUMBERS

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["cell"]
    tables: list[str]
    rows: list[str] = []  # default: every row
    columns: list[str] = []  # default: every column of the row
    minimum: float | None = None  # signed columns (2019: 本年增/减) are exempt
    maximum: float | None = None
    whole: bool = False  # counts are whole numbers (rows marked decimal hold amounts)
    filled: bool = False  # a blank cell or a blank mark (-, /, 无) is a finding
    unit: str | None = None  # a unit written in the cell must be this one
    blank_text: str = Field(default="—", min_length=1)  # how a blank cell is shown in messages
    max_findings: int = 10
    # One finding per table naming the cells ({count}, {cells}) instead of one per cell:
    # a table left blank column by column is one habit, not a hundred problems.
    per_table: bool = False

    @model_validator(mode="after")
    def _something(self) -> Params:
        if (
            self.minimum is None
            and self.maximum is None
            and not self.whole
            and not self.filled
            and self.unit is None
        ):
            raise ValueError("cell 规则至少要有 minimum、maximum、whole、filled、unit 之一")
        return self


# A rule's bounds as Decimals, by the float the rule holds: converted once, not per cell.
_DECIMALS: dict[float, Decimal] = {}


def _decimal(x: float) -> Decimal:
    found = _DECIMALS.get(x)
    if found is None:
        if len(_DECIMALS) >= LIMITS.regex_memo_entries:  # bounds come from rule files only
            _DECIMALS.clear()
        found = _DECIMALS[x] = Decimal(str(x))
    return found


def _breaks(rule: Params, row: RowTemplate, column: str, value: Decimal) -> bool:
    if rule.minimum is not None and column not in row.signed and value < _decimal(rule.minimum):
        return True
    if rule.maximum is not None and value > _decimal(rule.maximum):
        return True
    return rule.whole and not row.is_amount(column) and value != value.to_integral_value()


def _judge(rule: Params, row: RowTemplate, cv: CellValue) -> tuple[bool, bool]:
    """(breaks the constraints under some reading, is that certain)."""
    if rule.filled and cv.status in ("blank", "dash"):
        return True, cv.certain
    if rule.unit is not None and cv.unit is not None and cv.unit != rule.unit:
        return True, cv.certain
    if cv.value is not None and (cv.source is None or cv.source.structural.count == 1):
        return _breaks(rule, row, cv.column, cv.value), cv.certain
    if cv.source is None or cv.source.structural.count == 0:
        return False, False
    if rule.minimum is None and rule.maximum is None and not rule.whole:
        return False, False  # no bound a value could break (a filled/unit rule)
    index = cv.source.index(cv.row_id, cv.column)
    structural = cv.source.structural.values()[index]
    narrowed = cv.source.narrowed.values()[index]
    some, every = _breaks_some_every(rule, row, cv.column, narrowed, structural)
    return some, every and cv.source.trusted


def _breaks_some_every(
    rule: Params, row: RowTemplate, column: str, narrowed: list[Decimal], structural: list[Decimal]
) -> tuple[bool, bool]:
    """(some narrowed value breaks the constraints, every structural value does). The
    values come sorted: a rule with one bound reads the answer off the ends."""
    single = (rule.minimum is not None) + (rule.maximum is not None) + rule.whole == 1
    if single and rule.minimum is not None:
        if column in row.signed:
            return False, not structural
        lo = _decimal(rule.minimum)
        return bool(narrowed) and narrowed[0] < lo, not structural or structural[-1] < lo
    if single and rule.maximum is not None:
        hi = _decimal(rule.maximum)
        return bool(narrowed) and narrowed[-1] > hi, not structural or structural[0] > hi
    if single:  # whole numbers only
        if row.is_amount(column):
            return False, not structural
        return (
            any(v != v.to_integral_value() for v in narrowed),
            all(v != v.to_integral_value() for v in structural),
        )
    some = any(_breaks(rule, row, column, v) for v in narrowed)
    every = all(_breaks(rule, row, column, v) for v in structural)
    return some, every


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    count = 0
    for name in rule.tables:
        table = ctx.tables.get(name)
        if table is None:
            continue
        found = list(_check_table(ctx, rule, table))
        if rule.per_table and found:
            found = [_summary(ctx, rule, table, found)]
        for finding in found:
            count += 1
            if count > rule.max_findings:
                return
            yield finding


def _summary(ctx: Context, rule: Params, table: ExtractedTable, found: list[Finding]) -> Finding:
    notes = ctx.pack.reading_notes
    shown = notes.reading_separator.join(
        say(notes.cell_ref, row=f.location.row, column=f.location.column) for f in found[:4]
    )
    more = say(notes.more_cells, count=len(found)) if len(found) > 4 else ""
    first = found[0]
    return ctx.finding(
        rule,
        {"table": table.name, "count": len(found), "cells": shown + more, "value": first.observed},
        line=first.location.line,
        section=table.template.section,
        table=table.name,
        observed=len(found),
        expected=rule.unit or rule.maximum,
        certain=all(f.certain for f in found),
    )


@dataclass(slots=True)
class _Shape:
    """A table's cells as the cell rules of one shape (rows, columns) see them, once for
    all those rules: the plain numbers (one value under every reading, no unit) only
    through their extremes, the other cells in the order the rules visit them."""

    low: Decimal | None  # the least plain number outside signed columns
    high: Decimal | None  # the greatest plain number
    fraction: bool  # a plain number with decimals in a column of counts
    others: list[tuple[RowTemplate, str, CellValue]]


def _shape(rule: Params, table: ExtractedTable) -> _Shape:
    key = ("cell", tuple(rule.rows), tuple(rule.columns))
    found = table.derived.get(key)
    if isinstance(found, _Shape):
        return found
    tpl = table.template
    rows = [tpl.row(r) for r in rule.rows] if rule.rows else list(tpl.rows)
    cells = table.cells
    unsigned: list[Decimal] = []
    signed_values: list[Decimal] = []
    fraction = False
    others: list[tuple[RowTemplate, str, CellValue]] = []
    whole_numbers = SETTLED_NUMBERS  # remembered ints: a number found there is whole
    for row in rows:
        if row is None:
            continue
        row_id, signed = row.id, row.signed
        for col in rule.columns or tpl.columns_of(row):
            cv = cells.get((row_id, col))
            if cv is None or cv.status == "missing":
                continue
            v, src = cv.value, cv.source
            if v is not None and cv.unit is None and (src is None or src.structural.count == 1):
                (signed_values if col in signed else unsigned).append(v)
                if (
                    not fraction
                    and type(whole_numbers.get(v)) is not int
                    and v != v.to_integral_value()
                    and not row.is_amount(col)
                ):
                    fraction = True
            else:
                others.append((row, col, cv))
    made = _Shape(min(unsigned, default=None), max(unsigned + signed_values, default=None), fraction, others)
    table.derived[key] = made
    return made


def _check_table(ctx: Context, rule: Params, table: ExtractedTable) -> Iterator[Finding]:
    lo = _decimal(rule.minimum) if rule.minimum is not None else None
    hi = _decimal(rule.maximum) if rule.maximum is not None else None
    shape = _shape(rule, table)
    if (
        (lo is None or shape.low is None or shape.low >= lo)
        and (hi is None or shape.high is None or shape.high <= hi)
        and not (rule.whole and shape.fraction)
    ):
        # no plain number breaks the bounds (filled and unit never hold against one):
        # only the other cells can be findings, and they are visited in the same order
        yield from _check_cells(ctx, rule, table, shape.others)
        return
    yield from _check_cells(ctx, rule, table, _visited(rule, table))


def _visited(rule: Params, table: ExtractedTable) -> Iterator[tuple[RowTemplate, str, CellValue]]:
    tpl = table.template
    rows = [tpl.row(r) for r in rule.rows] if rule.rows else list(tpl.rows)
    cells = table.cells
    for row in rows:
        if row is None:
            continue
        for col in rule.columns or tpl.columns_of(row):
            cv = cells.get((row.id, col))
            if cv is None or cv.status == "missing":
                continue
            yield row, col, cv


def _check_cells(
    ctx: Context, rule: Params, table: ExtractedTable, visited: Iterable[tuple[RowTemplate, str, CellValue]]
) -> Iterator[Finding]:
    tpl = table.template
    lo = _decimal(rule.minimum) if rule.minimum is not None else None
    hi = _decimal(rule.maximum) if rule.maximum is not None else None
    unit, whole, filled = rule.unit, rule.whole, rule.filled
    for row, col, cv in visited:
        v = cv.value
        if (
            v is not None
            and cv.source is None
            and (unit is None or cv.unit is None or cv.unit == unit)
            and not (filled and cv.status in ("blank", "dash"))
        ):
            # most cells: a number read from a grid; _judge's answer without the calls
            if not (
                (lo is not None and v < lo and col not in row.signed)
                or (hi is not None and v > hi)
                or (whole and v != v.to_integral_value() and not row.is_amount(col))
            ):
                continue
            some, certain = True, cv.certain
        else:
            some, certain = _judge(rule, row, cv)
        if not some:
            continue
        if cv.source is not None:  # the run stands for several cells: show this one's value
            alternatives = ctx.pack.reading_notes.alternatives
            shown = (
                str(cv.value) if cv.value is not None else alternatives.join(str(v) for v in cv.candidates)
            )
        else:
            shown = cv.raw if cv.raw else rule.blank_text
        yield ctx.finding(
            rule,
            {"table": table.name, "row": row.label, "column": col, "value": shown, "max": rule.maximum},
            line=cv.line,
            section=tpl.section,
            table=table.name,
            row=row.label,
            column=col,
            observed=shown,
            expected=rule.unit or rule.maximum,
            certain=certain,
        )
