"""table_readable (DOC-01) writes a table's problems out once per table: each problem
that names the readings of a run walks them, and a flattened report has dozens."""

from __future__ import annotations

import pytest

from checker.context import Context
from checker.kinds import checker_for
from checker.readers import read_document
from checker.structure import analyse
from checker.tables import extract_tables, find_statements

from .helpers import CORPUS, pack


@pytest.mark.skipif(not (CORPUS / "2024_pingtan.txt").exists(), reason="shared corpus not available")
def test_each_tables_problems_are_written_out_once() -> None:
    loaded = pack()
    doc = read_document(CORPUS / "2024_pingtan.txt")
    st = analyse(doc, loaded.pack)
    statements = find_statements(doc, loaded.pack)
    tables = extract_tables(doc, loaded.pack, st, statements)
    calls: dict[str, int] = {}
    for name, table in tables.items():
        calls[name] = 0

        def counted(name: str = name) -> str:
            calls[name] += 1
            return f"problem of {name}"

        table.pending = [counted]
    ctx = Context(doc=doc, st=st, tables=tables, pack=loaded.pack, statements=statements)
    rule = next(r for r in loaded.rules if r.kind == "table_readable")
    findings = list(checker_for(rule.kind)(ctx, rule))
    asked = [name for name in rule.tables if tables[name].found]  # type: ignore[attr-defined]
    assert asked and all(calls[name] == 1 for name in asked)
    assert all(any(f"problem of {name}" in f.message for f in findings) for name in asked)
