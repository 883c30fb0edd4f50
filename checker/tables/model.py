"""What the table reader hands to the rules: named cells that say how they were read.

Blank, absent and unreadable are three different things:
- `blank` / `dash`: the row is there and the cell holds no number (「」, 「-」, 「/」) — the
  report's own defect;
- `missing`: the row is not in the table at all — a template defect when the rest of the
  table was read;
- `unreadable`: the text is there but does not settle the value (not a number, or digits
  that ran together and can be cut in several ways) — a reading problem, never guessed.

A value read from digits that ran together keeps its `source`: the run and all its
readings, so that rules can ask what holds under every reading, not under one guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from checker.limits import LIMITS
from checker.pack import RowTemplate, TableTemplate
from checker.tables.readings import RunReadings

Status = Literal["ok", "blank", "dash", "unreadable", "missing", "unit"]

# ExtractedTable.settled(): what a cell is to plain integer arithmetic when it holds no int.
SETTLED_BLANK = "blank"
SETTLED_VOID = "void"
SETTLED_OPEN = "open"
# Whole numbers below this add up exactly in Decimal's 28 digits however many cells a
# table has, so an int sum of them is the Decimal sum.
_EXACT = Decimal(10) ** 15


@dataclass(slots=True)
class RunSource:
    """A run of digits in flattened text standing for several adjacent cells, with its readings.

    `structural` holds every reading the digits, spaces and number syntax allow;
    `narrowed` those that also agree with what the narrative states about these cells
    (the same object when nothing was stated). Certainty is judged on `structural`:
    a statement can settle what a cell shows, never make an error certain."""

    table: str
    label: str  # the row label as the template has it (or the table's name for 表四)
    text: str  # the run as written, spaces kept
    cells: list[tuple[str, str]]  # (row id, column) of each cell, in order
    structural: RunReadings
    narrowed: RunReadings
    line: int | None = None
    page: int | None = None
    offset: int | None = None
    sentence: str = ""  # the narrative sentence that narrowed the readings
    # False when the table shows signs of cells left blank (a row too short for its cells):
    # a blank cell leaves no trace in a run, so no reading of this table is then sure.
    trusted: bool = True

    def index(self, row_id: str, column: str) -> int:
        return self.cells.index((row_id, column))


@dataclass(slots=True)
class CellValue:
    table: str
    row: str  # official row label
    row_id: str
    column: str
    raw: str | None
    value: Decimal | None
    status: Status
    certain: bool = True
    line: int | None = None
    page: int | None = None
    unit: str | None = None
    note: str = ""
    offset: int | None = None  # where its text is in Document.text (the line, for grids)
    source: RunSource | None = None  # set when read from a run of digits
    candidates: tuple[Decimal, ...] = ()  # the values it may have when undecided (few)

    @property
    def is_number(self) -> bool:
        return self.value is not None

    @property
    def undecided(self) -> bool:
        """Digits that ran together leave this cell's value open."""
        return self.value is None and self.source is not None and self.status == "unreadable"


@dataclass(slots=True)
class RowMatch:
    row_id: str
    label_seen: str
    quality: Literal["exact", "alias", "fuzzy", "flat"]
    line: int | None
    offset: int | None = None  # of the label in Document.text (the line, for grids)


# Decimal → its settled form: Decimal comparisons cost more than a lookup, and tables hold
# the same few numbers (equal Decimals hash alike, and have the same int)
SETTLED_NUMBERS: dict[Decimal, int | str] = {}


def settled_number(value: Decimal) -> int | str:
    """The value as an int when whole and small enough for exact Decimal sums, else SETTLED_OPEN."""
    found = SETTLED_NUMBERS.get(value)
    if found is None:
        if len(SETTLED_NUMBERS) >= LIMITS.cell_memo_entries:  # a hostile table's many numbers
            SETTLED_NUMBERS.clear()
        whole = value == value.to_integral_value() and -_EXACT < value < _EXACT
        found = SETTLED_NUMBERS[value] = int(value) if whole else SETTLED_OPEN
    return found


@dataclass(slots=True, frozen=True)
class SettledCells:
    """ExtractedTable.settled(): column → row id → cell, and row id → column → cell."""

    by_column: dict[str, dict[str, int | str]]
    by_row: dict[str, dict[str, int | str]]


@dataclass
class ExtractedTable:
    name: str
    template: TableTemplate
    cells: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    rows_seen: dict[str, RowMatch] = field(default_factory=dict)
    method: str = "none"  # grid | flat | none
    # Reading problems, said for DOC-01; a long one is made only when it is said (most checks
    # of a flattened table never need the examples of its readings written out).
    pending: list[str | Callable[[], str]] = field(default_factory=list)
    sources: list[RunSource] = field(default_factory=list)
    # A group label found with numbers of its own and none of its rows (2019 layout):
    # group id → column → the value the group row carries.
    collapsed: dict[str, dict[str, CellValue]] = field(default_factory=dict)
    leftovers: int = 0  # rows with numbers that no label claimed
    # row reference (id, label, alias) → row id, as template.row resolves it; bounded by the
    # references rules and readers use, which come from the pack
    _row_ids: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    # (row id, column) → the cell as plain arithmetic sees it (see `settled`); built on the
    # first rule's call, after extraction has finished with the cells
    _settled: SettledCells | None = field(default=None, repr=False, compare=False)
    # What a rule kind derives from this table's cells once for all its rules (keyed by
    # the kind and the rule's shape, so bounded by the pack's rules)
    derived: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def problems(self) -> list[str]:
        return [p if isinstance(p, str) else p() for p in self.pending]

    def add_problem(self, problem: str | Callable[[], str]) -> None:
        self.pending.append(problem)

    @property
    def found(self) -> bool:
        return any(c.status != "missing" for c in self.cells.values()) or bool(self.collapsed)

    def row_id(self, row_ref: str) -> str | None:
        """The id of the template row a reference (id, label, alias) names."""
        # identity rules look up the same rows for every column: the template's answer is
        # remembered per table (the template does not change under it)
        try:
            return self._row_ids[row_ref]
        except KeyError:
            row = self.template.row(row_ref)
            row_id = self._row_ids[row_ref] = row.id if row is not None else None
            return row_id

    def cell(self, row_ref: str, column: str) -> CellValue | None:
        row_id = self.row_id(row_ref)
        if row_id is None:
            return None
        return self.cells.get((row_id, column))

    def settled(self) -> SettledCells:
        """Every cell as plain integer arithmetic can take it, computed once per table:
        its value as an int when it is the same under every reading and a whole number
        small enough that Decimal sums of it are exact; SETTLED_BLANK for a blank or a
        blank mark, SETTLED_VOID for another cell with no value and no readings, and
        SETTLED_OPEN for the rest (readings that differ, decimals, huge numbers), which
        only the reading-aware evaluation can judge. Indexed by column and by row."""
        if self._settled is None:
            by_column: dict[str, dict[str, int | str]] = {}
            by_row: dict[str, dict[str, int | str]] = {}
            numbers = SETTLED_NUMBERS
            for (row_id, column), cv in self.cells.items():
                value, src = cv.value, cv.source
                settled: int | str | None
                if value is not None and (src is None or src.structural.count == 1):
                    settled = numbers.get(value)
                    if settled is None:
                        settled = settled_number(value)
                elif value is not None or src is not None:
                    settled = SETTLED_OPEN
                else:
                    settled = SETTLED_BLANK if cv.status in ("blank", "dash") else SETTLED_VOID
                line = by_column.get(column)
                if line is None:
                    line = by_column[column] = {}
                line[row_id] = settled
                line = by_row.get(row_id)
                if line is None:
                    line = by_row[row_id] = {}
                line[column] = settled
            self._settled = SettledCells(by_column, by_row)
        return self._settled

    def count(self) -> tuple[int, int]:
        """(cells read, cells expected)."""
        read = sum(1 for c in self.cells.values() if c.status in ("ok", "blank", "dash", "unit"))
        return read, len(self.cells)

    def row_status(self, row: RowTemplate) -> set[str]:
        return {self.cells[(row.id, c)].status for c in self.template.columns_of(row)}

    def absent_rows(self) -> list[RowTemplate]:
        """Rows with no trace in the table (neither label nor numbers)."""
        return [r for r in self.template.rows if self.row_status(r) == {"missing"}]

    @property
    def read_cleanly(self) -> bool:
        """Every row that is there was read without a doubt, and no numbers were left over:
        a row not found then is really not there."""
        return (
            self.found
            and self.leftovers == 0
            and not any(
                c.status == "unreadable" or not c.certain
                for c in self.cells.values()
                if c.status != "missing"
            )
        )

    def group_terms(self, row_ids: list[str], column: str) -> list[CellValue | None]:
        """The cells of these rows in a column; where every row of a collapsed group is among
        them and absent, the group's own value stands for their sum."""
        out: list[CellValue | None] = []
        covered: set[str] = set()
        for group_id, values in self.collapsed.items():
            members = [r.id for r in self.template.rows_of_group(group_id)]
            if members and set(members) <= set(row_ids) and column in values:
                covered.update(members)
                out.append(values[column])
        for row_id in row_ids:
            if row_id not in covered:
                out.append(self.cell(row_id, column))
        return out
