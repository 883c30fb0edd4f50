"""Table rows and cells, and merged cells expanded into a rectangular grid.

Grid policy (the table matcher depends on it): a cell spanning several rows repeats its
text in every row; a cell spanning several columns keeps its text in the first column and
None in the others; empty cells stay "".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from checker.errors import InputError
from checker.limits import LIMITS
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
    """Expand rowspan/colspan: row spans repeat the text, column spans keep it in the first column.

    Spans are clamped as browsers clamp them (colspan to LIMITS.html_max_colspan, rowspan to
    LIMITS.html_max_rowspan and to the rows left); an unparsable or zero span is 1. Cells are
    placed as a browser places them, then every column in which no cell starts is dropped:
    it holds nothing but the spans over it and a browser shows it with no width, so a stray
    colspan="999" leaves the grid as the table looks. The grid has one list per row, one item
    per column where some cell starts; a cell's text is at its row and column and repeated
    down the rows it spans, and the columns it spans to the right are None.

    A table whose spans would cover more than LIMITS.html_max_table_cells positions, or whose
    grid would have more cells than that, is refused before it is built: its size comes from
    a few attributes, not from the size of the page, and no report table is near it.
    """
    max_cells = LIMITS.html_max_table_cells
    max_rowspan = LIMITS.html_max_rowspan
    max_colspan = LIMITS.html_max_colspan
    n_rows = len(rows)
    grid: list[dict[int, str | None]] = [{} for _ in rows]
    budget = max_cells
    starts: set[int] = set()
    for r, row in enumerate(rows):
        col = 0
        here = grid[r]
        for text, rowspan_value, colspan_value in row:
            while col in here:
                col += 1
            rowspan = min(_span(rowspan_value, max_rowspan), n_rows - r) if rowspan_value else 1
            colspan = _span(colspan_value, max_colspan) if colspan_value else 1
            budget -= rowspan * colspan
            if budget < 0:
                raise _too_large(max_cells)
            starts.add(col)
            if rowspan == 1 and colspan == 1:
                here[col] = text
            else:
                for dr in range(rowspan):
                    below = grid[r + dr]
                    for dc in range(colspan):
                        below.setdefault(col + dc, text if dc == 0 else None)
            col += colspan
    columns = sorted(starts)
    if n_rows * len(columns) > max_cells:
        raise _too_large(max_cells)
    return [[row.get(c) for c in columns] for row in grid]


def _too_large(max_cells: int) -> InputError:
    return InputError(
        f"网页中的表格过大（合并单元格展开后超过 {max_cells} 格），无法读取",
        "请检查网页中表格的合并单元格（rowspan、colspan）是否正确，或另存为文本后重试",
    )
