"""Document.in_table: an index of table spans built once (issue 8: 5,000 tiny DOCX tables
cost 15 s when each lookup scanned every table)."""

from __future__ import annotations

import random

from checker.document import Document, Table


class _CountingList(list[Table]):
    iterations = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        type(self).iterations += 1
        return super().__iter__()


def _doc_with(tables: list[Table]) -> Document:
    doc = Document(path="x", format="text", raw="", text="")
    doc.tables = tables
    return doc


def test_in_table_looks_tables_up_by_position_not_by_scanning() -> None:
    tables = _CountingList(Table(rows=[], start=10 * i, end=10 * i + 5, layout="grid") for i in range(5000))
    doc = _doc_with(tables)
    _CountingList.iterations = 0
    hits = sum(doc.in_table(offset) for offset in range(0, 50000, 7))
    assert hits == sum(1 for offset in range(0, 50000, 7) if offset % 10 < 5)
    assert _CountingList.iterations <= 1  # the index is built once, not a scan per call


def test_in_table_agrees_with_a_scan_for_overlapping_and_appended_tables() -> None:
    rng = random.Random(8)
    tables = []
    for _ in range(300):
        start = rng.randrange(0, 3000)
        tables.append(Table(rows=[], start=start, end=start + rng.randrange(0, 40), layout="grid"))
    doc = _doc_with(tables[:150])
    for offset in range(0, 3100, 3):
        assert doc.in_table(offset) == any(t.start <= offset < t.end for t in tables[:150])
    doc.tables.extend(tables[150:])  # a reader adding tables after a lookup: the index follows
    for offset in range(0, 3100, 3):
        assert doc.in_table(offset) == any(t.start <= offset < t.end for t in tables)
    doc.tables = []
    assert not any(doc.in_table(offset) for offset in range(0, 3100, 50))
