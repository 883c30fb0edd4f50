"""What leaves a worker process and what a batch keeps: a report's result without its
document, templates or readings. Renderers read tables through `table_summaries`, so one
renderer serves a result checked in this process and one sent back by a worker."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from checker.results import ReportResult
from checker.tables import ExtractedTable

Number = int | float | None


@dataclass(slots=True)
class TableSummary:
    """One statistical table as the output states it."""

    values: dict[str, dict[str, Number]]  # row label → column → value (None: not settled)
    undecided: dict[str, dict[str, list[Number]]]  # unsettled cells with the values they may have
    read: int  # cells read
    total: int  # cells the template has
    # Cells with no value and no candidates, by why: row label → column → the cell's status
    # (blank, dash, missing, unreadable): blank, absent and unreadable are different things.
    marks: dict[str, dict[str, str]] = field(default_factory=dict)

    def count(self) -> tuple[int, int]:
        return self.read, self.total


def number(value: Decimal | None) -> Number:
    if value is None:
        return None
    whole = int(value)  # cells are finite numbers: int() truncates, never raises
    return whole if whole == value else float(value)


def summarise(table: ExtractedTable) -> TableSummary:
    values: dict[str, dict[str, Number]] = {}
    undecided: dict[str, dict[str, list[Number]]] = {}
    marks: dict[str, dict[str, str]] = {}
    cells = table.cells
    for row in table.template.rows:
        row_values: dict[str, Number] = {}
        values[row.label] = row_values
        for col in table.template.columns_of(row):
            cell = cells[(row.id, col)]
            value = cell.value
            row_values[col] = None if value is None else number(value)
            if value is None and cell.candidates:
                undecided.setdefault(row.label, {})[col] = [number(v) for v in cell.candidates]
            elif value is None:
                marks.setdefault(row.label, {})[col] = cell.status
    read, total = table.count()
    return TableSummary(values, undecided, read, total, marks)


def table_summaries(result: ReportResult) -> dict[str, TableSummary]:
    return result.summaries or {name: summarise(t) for name, t in result.tables.items()}


def compact(result: ReportResult) -> ReportResult:
    """The result as a worker sends it: tables summarised, no text offsets."""
    return dataclasses.replace(
        result,
        tables={},
        summaries=table_summaries(result),
        findings=[dataclasses.replace(f, span=None) for f in result.findings],
    )
