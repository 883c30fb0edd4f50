"""Everything a rule kind may look at for one report, built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from checker.document import Document, Table
from checker.findings import Finding, Location
from checker.pack import Pack
from checker.rule import RuleBase, fmt
from checker.structure import Structure
from checker.tables import CellValue, ExtractedTable, StatementMatch


@dataclass
class Context:
    doc: Document
    st: Structure
    tables: dict[str, ExtractedTable]
    pack: Pack
    published: date | None = None
    statements: dict[str, list[StatementMatch]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    # ---- text scopes -------------------------------------------------
    def scope_span(self, scope: str) -> tuple[int, int] | None:
        n = len(self.doc.text)
        if scope == "document":
            return (0, n)
        if scope == "title":
            return (0, self.st.title_end)
        if scope == "preamble":
            return self.st.preamble if self.st.preamble[1] > self.st.preamble[0] else None
        if scope == "body":
            return (self.st.preamble[0], n)
        if scope == "tables":
            return None
        sec = self.st.sections.get(scope)
        return (sec.body_start, sec.end) if sec else None

    def prose_segments(self, scope: str) -> list[tuple[int, int]]:
        """Spans of a scope with the table grids cut out (computed once per scope: dozens of
        rules ask for the same scopes)."""
        key = f"prose:{scope}"
        cached: list[tuple[int, int]] | None = self.extra.get(key)
        if cached is None:
            cached = self.extra[key] = self._prose_segments(scope)
        return list(cached)

    def _prose_segments(self, scope: str) -> list[tuple[int, int]]:
        span = self.scope_span(scope)
        if span is None:
            return []
        segments = []
        cursor = span[0]
        for table in self._tables_by_start():
            if table.end <= cursor or table.start >= span[1]:
                continue
            if table.start > cursor:
                segments.append((cursor, table.start))
            cursor = max(cursor, table.end)
        if cursor < span[1]:
            segments.append((cursor, span[1]))
        return segments

    def _tables_by_start(self) -> list[Table]:
        ordered: list[Table] | None = self.extra.get("tables-by-start")
        if ordered is None:
            ordered = self.extra["tables-by-start"] = sorted(self.doc.tables, key=lambda t: t.start)
        return ordered

    # ---- cells -------------------------------------------------------
    def cell(self, ref: str) -> CellValue | None:
        """`表三.新收.总计` (table.row.column); the row by id, label or alias."""
        parts = ref.split(".", 1)
        if len(parts) != 2:
            return None
        table = self.tables.get(parts[0])
        if table is None:
            return None
        row_ref, _, column = parts[1].rpartition(".")
        return table.cell(row_ref, column)

    def cell_number(self, ref: str) -> Decimal | None:
        cv = self.cell(ref)
        return cv.value if cv is not None else None

    # ---- findings ----------------------------------------------------
    def finding(
        self,
        rule: RuleBase,
        values: dict[str, Any] | None = None,
        *,
        message: str | None = None,
        offset: int | None = None,
        line: int | None = None,
        section: str | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        observed: Any = None,
        expected: Any = None,
        certain: bool = True,
        severity: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> Finding:
        # `span` is what the finding is about (see grading.drop_superseded); `offset` only
        # places it. A finding about something absent has an offset and no span.
        if offset is None and span is not None:
            offset = span[0]
        if offset is not None:
            line = line or self.doc.line_of(offset)
            section = section or self.st.section_at(offset)
        page = self.doc.page_of(offset) if offset is not None else None
        text = fmt(message or rule.message, values or {})
        return rule.finding(
            text,
            Location(line=line, page=page, section=section, table=table, row=row, column=column),
            observed=observed,
            expected=expected,
            certain=certain,
            severity=severity,
            span=span,
        )
