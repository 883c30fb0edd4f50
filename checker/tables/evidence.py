"""What the narrative states about table cells, and how it narrows the readings of a run.

A statement (pack.yaml `statements:`) is a clause like 「共收到政府信息公开申请81件」 that
gives a cell's value. Where that cell's digits ran together, the readings that agree
with the clause are kept — but only when some reading agrees with every statement of
the same sentence: a sentence that contradicts the table under every reading (it
counts something else, e.g. new plus carried-over applications) is no evidence at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checker.document import Document
from checker.matching import compiled, finditer, may_match
from checker.pack import Pack, Statement
from checker.tables.model import CellValue, ExtractedTable, RunSource

_SENTENCE_MARKS = "。；！？!?\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}]")


@dataclass(frozen=True, slots=True)
class StatementMatch:
    statement: str  # the statement's id
    number: Decimal
    start: int  # offsets in Document.text of the matched words
    end: int
    sentence: tuple[int, int]  # the sentence holding them
    text: str  # the matched words


def prose_spans(doc: Document) -> list[tuple[int, int]]:
    """The document's text with the reader's table grids cut out."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for table in sorted(doc.tables, key=lambda t: t.start):
        if table.start > cursor:
            spans.append((cursor, table.start))
        cursor = max(cursor, table.end)
    if cursor < len(doc.text):
        spans.append((cursor, len(doc.text)))
    return spans


def sentence_span(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The sentence around [start, end), within [lo, hi); found by scanning at most 400
    characters each way (a sentence is not longer, and the scan stays linear)."""
    hi = len(text) if hi is None else hi
    left = max(lo, start - 400)
    head = max(text.rfind(mark, left, start) for mark in _SENTENCE_MARKS)
    m = _SENTENCE_END.search(text, end, min(hi, end + 400))
    return (head + 1 if head >= 0 else left, m.start() if m else min(hi, end + 400))


def find_statements(doc: Document, pack: Pack) -> dict[str, list[StatementMatch]]:
    """Every statement's matches in the prose, in text order."""
    text = doc.text
    spans = prose_spans(doc)
    out: dict[str, list[StatementMatch]] = {}
    for statement in pack.statements:
        seen: set[tuple[int, int]] = set()
        matches: list[StatementMatch] = []
        context = [compiled(p) for p in statement.sentence_has]
        for pattern in statement.patterns:
            for lo, hi in spans:
                if not may_match(pattern, text, lo, hi):
                    continue
                for m in finditer(pattern, text, lo, hi):
                    try:
                        number = Decimal(m.group("n"))
                    except (InvalidOperation, IndexError):
                        continue
                    key = (m.start("n"), m.end("n"))
                    if key in seen:
                        continue  # two patterns of one statement found the same number
                    seen.add(key)
                    sentence = sentence_span(text, m.start(), m.end(), lo, hi)
                    if context and not any(c.search(text, *sentence) for c in context):
                        continue
                    matches.append(
                        StatementMatch(statement.id, number, m.start(), m.end(), sentence, m.group(0))
                    )
        out[statement.id] = sorted(matches, key=lambda s: s.start)
    return out


def _cell_of(tables: dict[str, ExtractedTable], statement: Statement) -> CellValue | None:
    """The one cell a statement is about (None for statements about a sum of cells)."""
    if len(statement.cells) != 1:
        return None
    table_name, _, rest = statement.cells[0].partition(".")
    row_ref, _, column = rest.rpartition(".")
    table = tables.get(table_name)
    return table.cell(row_ref, column) if table else None


def narrow(
    tables: dict[str, ExtractedTable], pack: Pack, found: dict[str, list[StatementMatch]], doc: Document
) -> None:
    """Keep, in each run, the readings that agree with the narrative's statements."""
    by_sentence: dict[tuple[int, int], list[tuple[Statement, StatementMatch]]] = {}
    for statement in pack.statements:
        for match in found.get(statement.id, []):
            by_sentence.setdefault(match.sentence, []).append((statement, match))
    for sentence, items in sorted(by_sentence.items()):
        fixes: dict[int, tuple[RunSource, dict[int, Decimal]]] = {}
        consistent = True
        for statement, match in items:
            cell = _cell_of(tables, statement)
            if cell is None:
                continue
            if cell.source is None:
                # a cell read from a grid: the sentence must agree with it to count as evidence
                consistent = consistent and (cell.value is None or cell.value == match.number)
                continue
            source = cell.source
            index = source.index(cell.row_id, cell.column)
            slot = fixes.setdefault(id(source), (source, {}))[1]
            if index in slot and slot[index] != match.number:
                consistent = False
            slot[index] = match.number
        if not consistent or not fixes:
            continue
        trial = {key: source.narrowed.narrowed(values) for key, (source, values) in fixes.items()}
        if any(readings.count == 0 for readings in trial.values()):
            continue  # the sentence disagrees with the table under every reading: no evidence
        words = doc.text[sentence[0] : sentence[1]].strip()
        for key, (source, _values) in fixes.items():
            source.narrowed = trial[key]
            source.sentence = words
