"""What leaves a worker process and what a batch keeps: a report's result without its
document, templates or readings. Renderers read tables through `table_summaries`, so one
renderer serves a result checked in this process and one sent back by a worker."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from checker.findings import Finding
from checker.results import ReportResult
from checker.tables import ExtractedTable

Number = int | float | None
_D = TypeVar("_D")


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
    if not value:
        return 0  # most cells of a report are zero
    # exact, and cheaper than int() and an int-Decimal comparison (cells are finite numbers)
    whole, denominator = value.as_integer_ratio()
    return whole if denominator == 1 else float(value)


def summarise(table: ExtractedTable) -> TableSummary:
    values: dict[str, dict[str, Number]] = {}
    undecided: dict[str, dict[str, list[Number]]] = {}
    marks: dict[str, dict[str, str]] = {}
    cells = table.cells
    template = table.template
    for row in template.rows:
        row_values: dict[str, Number] = {}
        values[row.label] = row_values
        row_id = row.id
        for col in template.columns_of(row):
            cell = cells[(row_id, col)]
            value = cell.value
            if value is not None:
                row_values[col] = number(value)
            else:
                row_values[col] = None
                if cell.candidates:
                    undecided.setdefault(row.label, {})[col] = [number(v) for v in cell.candidates]
                else:
                    marks.setdefault(row.label, {})[col] = cell.status
    read, total = table.count()
    return TableSummary(values, undecided, read, total, marks)


def table_summaries(result: ReportResult) -> dict[str, TableSummary]:
    return result.summaries or {name: summarise(t) for name, t in result.tables.items()}


# dataclasses.replace looks every field up by name and builds keyword arguments, per
# finding; this is the same call (every init field, in order) from one attrgetter.
_FINDING_FIELDS = [f.name for f in dataclasses.fields(Finding) if f.init]
_finding_values = operator.attrgetter(*_FINDING_FIELDS)
_SPAN = _FINDING_FIELDS.index("span")


def _without_span(finding: Finding) -> Finding:
    values = list(_finding_values(finding))
    values[_SPAN] = None
    return Finding(*values)


def pickled_by_fields(cls: type[_D]) -> Callable[[_D], tuple[type[_D], tuple[Any, ...]]]:
    """A reducer that pickles a slots dataclass as `cls(*fields)`: the default for a slots
    class (a state dict of every slot, set back one by one) costs about half as much again
    to write and to read, for every finding and table of every result a worker sends."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    assert len(fields) > 1 and all(f.init for f in fields)  # attrgetter then gives a tuple
    values = operator.attrgetter(*(f.name for f in fields))

    def reduce(obj: _D) -> tuple[type[_D], tuple[Any, ...]]:
        return cls, values(obj)

    return reduce


def compact(result: ReportResult) -> ReportResult:
    """The result as a worker sends it: tables summarised, no text offsets."""
    return dataclasses.replace(
        result,
        tables={},
        summaries=table_summaries(result),
        findings=[_without_span(f) for f in result.findings],
    )
