"""The Document every reader produces and every rule reads.

A Document is the report's text (raw and folded, same length) plus the tables the
reader could see as grids. Locations are character offsets into that text, mapped
to line numbers (and pages, for paged formats) on demand.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import accumulate, islice, repeat
from operator import add

# Text split into line lengths this many characters at a time: the pieces of one chunk, not of
# the whole text, are alive at once (a 2 MB text of line breaks would be 2 million strings).
_LINE_CHUNK = 1 << 16


def line_starts(text: str) -> list[int]:
    """Offsets where the lines of `text` begin: the running sum of line lengths plus one, all in
    C (split, map, accumulate). A str.find loop took a Python step per line: 0.7 s for a 2 MB
    text of line breaks, this 0.3 s."""
    starts = [0]
    for base in range(0, len(text), _LINE_CHUNK):
        pieces = text[base : base + _LINE_CHUNK].split("\n")
        pieces.pop()  # the text after the chunk's last line break starts no line in it
        if pieces:
            starts.extend(islice(accumulate(map(add, map(len, pieces), repeat(1)), initial=base), 1, None))
    return starts


@dataclass(slots=True)
class Cell:
    text: str
    line: int | None = None
    page: int | None = None
    span: bool = False  # a grid position covered by a cell merged from the left: not a cell of its own


@dataclass(slots=True)
class Table:
    """A grid as the reader saw it: rows of cells, merged cells already expanded."""

    rows: list[list[Cell]]
    start: int  # offset of the table in Document.text
    end: int
    layout: str  # "tika", "pipe", "columns", "grid"


@dataclass(slots=True)
class Document:
    path: str
    format: str  # text | markdown | docx | html | pdf
    raw: str  # the text as read (after decoding and artefact removal)
    text: str  # fold(raw): same length, normalised digits and brackets
    tables: list[Table] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offsets where pages begin
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. published date from page meta
    notes: list[str] = field(default_factory=list)  # reader remarks (encoding detected, …)
    problems: list[str] = field(default_factory=list)  # what was wrong with the file itself (DOC-02)
    _line_starts: list[int] = field(default_factory=list)
    # in_table's index: the union of table spans as sorted disjoint [start, end) runs, and
    # the tables list (identity, length) it was built from, since readers assign or append
    # tables after the Document is made.
    _span_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _span_ends: list[int] = field(default_factory=list, repr=False, compare=False)
    _span_key: tuple[int, int] = field(default=(0, -1), repr=False, compare=False)

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.text)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, max(offset, 0))

    def offset_of_line(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._line_starts[max(0, min(line, len(self._line_starts)) - 1)]

    def page_of(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def in_table(self, offset: int) -> bool:
        """Whether an offset lies inside a table grid: O(log n) per call, so that the
        structure finder asking once per heading candidate stays linear in tables."""
        key = (id(self.tables), len(self.tables))
        if key != self._span_key:
            self._index_spans()
            self._span_key = key
        i = bisect.bisect_right(self._span_starts, offset) - 1
        return i >= 0 and offset < self._span_ends[i]

    def _index_spans(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted((t.start, t.end) for t in self.tables if t.start < t.end):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)  # overlapping or touching spans: one run
            else:
                starts.append(start)
                ends.append(end)
        self._span_starts, self._span_ends = starts, ends

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
