"""Table rows and cells, and merged cells expanded into a rectangular grid.

Grid policy (the table matcher depends on it): a cell spanning several rows repeats its
text in every row; a cell spanning several columns keeps its text in the first column and
None in the others; empty cells stay "".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from checker.readers.html.tree import children, tag_of

# One cell as the grid builder sees it: its text and its raw rowspan / colspan attributes.
CellSpec = tuple[str, str | None, str | None]


def table_rows(table: Any) -> list[Any]:
    """The table's own rows (not those of nested tables), header and footer groups included."""
    rows: list[Any] = []
    for child in children(table):
        tag = tag_of(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in children(child) if tag_of(r) == "tr")
    return rows


def row_cells(row: Any) -> list[Any]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


_SPAN = re.compile(r"\s*(\d+)")


def _span(value: str | None, limit: int) -> int:
    m = _SPAN.match(value) if value else None
    n = int(m.group(1)) if m else 1
    return max(1, min(n, limit))


def expand_grid(rows: Sequence[Sequence[CellSpec]]) -> list[list[str | None]]:
    """Expand rowspan/colspan: row spans repeat the text, column spans keep it in the first column."""
    grid: list[dict[int, str | None]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        here = grid[r]
        for text, rowspan_value, colspan_value in row:
            while col in here:
                col += 1
            rowspan = _span(rowspan_value, len(rows) - r) if rowspan_value else 1
            colspan = _span(colspan_value, 200) if colspan_value else 1
            if rowspan == 1 and colspan == 1:
                here.setdefault(col, text)
            else:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[r + dr].setdefault(col + dc, text if dc == 0 else None)
            col += colspan
    width = max((max(row) + 1 for row in grid if row), default=0)
    return [[row.get(c) for c in range(width)] for row in grid]
