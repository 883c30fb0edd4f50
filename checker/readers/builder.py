"""Assemble a Document from blocks (paragraphs and grids) read out of DOCX, HTML or PDF.

Each paragraph becomes one line of Document.text and each table row one line,
written as a pipe row (``| 规章 | 0 | 0 | 0 |``) so that the text view stays
readable and text rules see table labels where they are. Grids keep their cells
(merged cells already expanded by the reader) with the line of their row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.document import Cell, Document, Table
from checker.limits import LIMITS
from checker.normalize import fold

_INNER_BREAK = re.compile(r"\s*\n\s*")
# Where a page begins inside a paragraph's or a cell's text (a DOCX reader's mark for Word's
# page breaks): never content (XML text cannot hold it), taken out here.
PAGE_MARK = "\x0c"


def clean_cell(text: str | None) -> str:
    """A cell's own line breaks are not content (Chinese labels wrap anywhere)."""
    if not text:
        return ""
    if "\n" not in text:
        return text.strip()  # what the substitution leaves: it only removes around line breaks
    return _INNER_BREAK.sub("", text).strip()


class DocumentBuilder:
    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.fmt = fmt
        self._lines: list[str] = []
        self._offset = 0
        # rows of (text, is span padding), their pages, first line, start offset, end offset
        self._tables: list[tuple[list[list[tuple[str, bool]]], list[int | None], int, int, int]] = []
        self._page_starts: list[int] = []
        self._page: int | None = None
        self.metadata: dict[str, str] = {}
        self.notes: list[str] = []
        # Text may hold PAGE_MARK (set by a reader that marks pages in its text); the
        # offsets where the marked pages begin.
        self.page_marks = False
        self._marked: list[int] = []

    def new_page(self) -> None:
        self._page = (self._page or 0) + 1
        self._page_starts.append(self._offset)

    def _mark(self, offset: int) -> None:
        """A marked page begins at this offset (past the cap: no page at all, see build)."""
        if len(self._marked) <= LIMITS.docx_max_page_marks:
            self._marked.append(offset)

    def _add_line(self, line: str) -> None:
        self._lines.append(line)
        self._offset += len(line) + 1

    def paragraph(self, text: str) -> None:
        marked = self.page_marks and PAGE_MARK in text
        for line in text.split("\n"):
            at: list[int] = []
            if marked and PAGE_MARK in line:
                line, at = _take_marks(line)
            line = line.rstrip()
            kept = bool(line.strip())
            # a mark past the line's last character: the page begins with the next line
            for i in at:
                self._mark(self._offset + (i if i < len(line) else len(line) + 1 if kept else 0))
            if kept:
                self._add_line(line)

    def table(
        self, rows: Sequence[Sequence[str | None]], row_pages: Sequence[int | None] | None = None
    ) -> None:
        """A grid, merged cells already expanded; `row_pages` for a table that runs over pages.

        None marks a position covered by a cell merged from the left (colspan padding),
        "" an empty cell of its own: the table matcher skips the first, reads the second as blank.
        """
        pages = list(row_pages) if row_pages else [self._page] * len(rows)
        kept: list[tuple[list[tuple[str, bool]], int | None]] = []
        turns: set[int] = set()  # kept rows where a marked page begins
        for cells, page in zip(rows, pages, strict=True):
            if self.page_marks and any(c and PAGE_MARK in c for c in cells):
                turns.add(len(kept))
                cells = [c.replace(PAGE_MARK, "") if c else c for c in cells]
            texts = [clean_cell(c) for c in cells]
            if any(texts):
                kept.append(([(text, c is None) for text, c in zip(texts, cells, strict=True)], page))
        if not kept:
            if turns:
                self._mark(self._offset)
            return
        first_line = len(self._lines) + 1
        start = self._offset
        for index, (kept_row, _page) in enumerate(kept):
            if index in turns:
                self._mark(self._offset)
            self._add_line("| " + " | ".join(text.replace("|", "｜") for text, _span in kept_row) + " |")
        if len(kept) in turns:  # marked in blank rows at the end: the page begins after the table
            self._mark(self._offset)
        self._tables.append(([r for r, _ in kept], [p for _, p in kept], first_line, start, self._offset - 1))

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def build(self) -> Document:
        raw = "\n".join(self._lines) + ("\n" if self._lines else "")
        doc = Document(path=self.path, format=self.fmt, raw=raw, text=fold(raw))
        too_many = len(self._marked) > LIMITS.docx_max_page_marks
        doc.page_starts = list(self._page_starts) or ([] if too_many else _marked_pages(self._marked))
        doc.metadata = dict(self.metadata)
        doc.notes = list(self.notes)
        # Every cell folded in one call: clean cells hold no line break, and fold maps none.
        texts = [text for rows, *_ in self._tables for row in rows for text, _ in row]
        folded = iter(fold("\n".join(texts)).split("\n"))
        for rows, pages, first_line, start, end in self._tables:
            # positional arguments (text, line, page, span): a slots dataclass's keywords cost more
            grid = [
                [Cell(next(folded), line, page, span) for _, span in row]
                for line, page, row in zip(
                    range(first_line, first_line + len(rows)), pages, rows, strict=True
                )
            ]
            doc.tables.append(Table(rows=grid, start=start, end=end, layout="grid"))
        if doc.page_starts and not self._page_starts:
            for table in doc.tables:  # the rows' pages, from the marks
                for row in table.rows:
                    for cell in row:
                        cell.page = doc.page_of(doc.offset_of_line(cell.line)) if cell.line else None
        return doc


def _take_marks(line: str) -> tuple[str, list[int]]:
    """The line without its page marks, and where in it each stood."""
    parts = line.split(PAGE_MARK)
    at: list[int] = []
    length = len(parts[0])
    for part in parts[1:]:
        at.append(length)
        length += len(part)
    return "".join(parts), at


def _marked_pages(marked: list[int]) -> list[int]:
    """Page starts from the marks: page 1 at the start; a mark at the very start, or two at
    one place (a hard break and Word's own record of it), begin no page of their own."""
    if not marked:
        return []
    starts = [0]
    for offset in sorted(marked):
        if offset > starts[-1]:
            starts.append(offset)
    return starts
