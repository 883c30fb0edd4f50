"""Label-anchored table matching: reader grids (or flattened text) → named cells.

Every value keeps where it came from and how sure the reading is. A blank cell is
None, never 0. Where digits of adjacent cells ran together in extracted text, every
admissible reading of the run is kept (checker.tables.readings); a cell has a value
when all readings agree on it, and rules judge relations between cells over all
readings (checker.tables.outcome). Nothing is guessed.
"""

from __future__ import annotations

from functools import partial

from checker.document import Document, Table
from checker.limits import LIMITS
from checker.pack import Pack, ReadingNotes, TableTemplate
from checker.structure import Structure
from checker.tables.evidence import StatementMatch, find_statements, narrow
from checker.tables.flat import FlatMatcher
from checker.tables.grid import GridMatcher, say
from checker.tables.model import CellValue, ExtractedTable, RowMatch, RunSource, Status
from checker.tables.readings import RunReadings
from checker.tables.values import parse_value

__all__ = [
    "CellValue",
    "ExtractedTable",
    "RowMatch",
    "RunSource",
    "Status",
    "StatementMatch",
    "extract_tables",
    "find_statements",
    "parse_value",
    "describe_readings",
]

# An undecided cell lists its possible values when there are at most this many.
CANDIDATE_CAP = 4


def extract_tables(
    doc: Document,
    pack: Pack,
    st: Structure,
    statements: dict[str, list[StatementMatch]] | None = None,
) -> dict[str, ExtractedTable]:
    """Each template table, looked for in the span of its section (anywhere if the section is
    missing); then the narrative's statements narrow the readings of runs of digits."""
    tables = {
        name: _extract_one(doc, name, tpl, st.span(tpl.section), pack) for name, tpl in pack.tables.items()
    }
    if statements is None:
        statements = find_statements(doc, pack)
    narrow(tables, pack, statements, doc)
    for table in tables.values():
        _settle(table, pack.reading_notes)
    return tables


# template → (the template, (row label, row id, column) of each cell in order), built once
_LAYOUTS: dict[int, tuple[TableTemplate, list[tuple[str, str, str]]]] = {}


def _layout(tpl: TableTemplate) -> list[tuple[str, str, str]]:
    found = _LAYOUTS.get(id(tpl))
    if found is not None and found[0] is tpl:
        return found[1]
    if len(_LAYOUTS) >= LIMITS.pack_memo_entries:
        _LAYOUTS.clear()
    layout = [(row.label, row.id, col) for row in tpl.rows for col in tpl.columns_of(row)]
    _LAYOUTS[id(tpl)] = (tpl, layout)
    return layout


def _empty(name: str, tpl: TableTemplate) -> ExtractedTable:
    ext = ExtractedTable(name=name, template=tpl)
    ext.cells = {
        (row_id, col): CellValue(name, label, row_id, col, None, None, "missing", False)
        for label, row_id, col in _layout(tpl)
    }
    return ext


def _tables_in(doc: Document, span: tuple[int, int] | None) -> list[Table]:
    if span is None:
        return list(doc.tables)
    return [t for t in doc.tables if span[0] <= t.start < span[1]]


def _extract_one(
    doc: Document, name: str, tpl: TableTemplate, span: tuple[int, int] | None, pack: Pack
) -> ExtractedTable:
    ext = _empty(name, tpl)
    grids = _tables_in(doc, span)
    grid = GridMatcher(doc, ext, pack.cell_text, pack.reading_notes)
    if tpl.single_row:
        grid.match_single_row(grids)
    else:
        grid.match_rows(grids)
    read, total = ext.count()
    if read < total and span is not None:
        flat = FlatMatcher(doc, ext, span, pack.reading_notes)
        if tpl.single_row:
            if ext.method == "none":
                flat.match_single_row(tpl.columns[-1])
        else:
            flat.match_rows()
    return ext


def describe_readings(readings: RunReadings, notes: ReadingNotes, limit: int = 3) -> str:
    """「80|1|0|0|0|0|81、8|0|10|0|0|0|81」, with 「等N种」 when there are more."""
    key = (limit, notes.reading_separator, notes.more_readings)
    found = readings.described.get(key)
    if found is not None:
        return found  # every finding about this run names its readings
    # the values were read from the text, so str() gives them back as written
    shown = notes.reading_separator.join("|".join(map(str, reading)) for reading in readings.examples(limit))
    if readings.count > limit:
        shown += say(notes.more_readings, count=readings.count)
    readings.described[key] = shown
    return shown


def _settle(ext: ExtractedTable, notes: ReadingNotes) -> None:
    """Give each cell read from a run the value all its readings agree on, or its candidates."""
    if not ext.sources:
        return
    # A run too short for its cells means cells were left blank somewhere in this table:
    # a blank leaves no trace in a run, so then no reading of the table's runs is sure.
    short = any(s.structural.count == 0 and len(s.structural.chars) < len(s.cells) for s in ext.sources)
    for source in ext.sources:
        source.trusted = not short
        cells = [_cell(ext, row_id, col) for row_id, col in source.cells]
        if source.structural.count == 0:
            too_short = len(source.structural.chars) < len(source.cells)
            template = notes.fewer_digits if too_short else notes.no_reading
            problem = say(
                template, table=ext.name, row=source.label, run=source.text, cells=len(source.cells)
            )
            ext.add_problem(problem)
            for cv in cells:
                cv.value, cv.status, cv.certain, cv.note, cv.candidates = (
                    None,
                    "unreadable",
                    False,
                    problem,
                    (),
                )
            continue
        structural = source.structural.values()
        narrowed = source.narrowed.values() if source.narrowed is not source.structural else structural
        open_cells = False
        for k, cv in enumerate(cells):
            options = narrowed[k]
            if len(options) == 1:
                cv.value, cv.status, cv.candidates = options[0], "ok", ()
                cv.certain = len(structural[k]) == 1 and source.trusted
            else:
                open_cells = True
                cv.value, cv.status, cv.certain = None, "unreadable", False
                cv.candidates = tuple(options) if len(options) <= CANDIDATE_CAP else ()
        if open_cells:
            ext.add_problem(partial(_several_readings, ext.name, source, notes))


def _several_readings(table: str, source: RunSource, notes: ReadingNotes) -> str:
    return say(
        notes.several_readings,
        table=table,
        row=source.label,
        run=source.text,
        count=source.narrowed.count,
        examples=describe_readings(source.narrowed, notes),
    )


def _cell(ext: ExtractedTable, row_id: str, column: str) -> CellValue:
    found = ext.cells.get((row_id, column))
    if found is not None:
        return found
    return ext.collapsed[row_id][column]
