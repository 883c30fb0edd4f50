"""Tables: WordprocessingML tables as rectangular grids.

A horizontal span leaves None (padding) in the spanned columns, a vertical merge
repeats the restarting cell's text in every continued row (row labels carry down;
numbers are never duplicated across columns). A layout table (each row a single
cell) is read as paragraphs instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.readers.builder import PAGE_MARK
from checker.readers.docx.names import W
from checker.readers.docx.numbering import int_or

if TYPE_CHECKING:
    from checker.readers.docx.body import BodyReader

MAX_GRID_COLUMNS = 64  # Word's own limit is 63 columns


def _first(el: Any, tag: str) -> Any:
    """The first child with this tag (lxml's find, without its per-call overhead)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _deleted_row(w: W, trpr: Any) -> bool:
    return trpr is not None and any(c.tag == w.delete for c in trpr)


def _unwrapped(reader: BodyReader, parent: Any, tag: str, out: list[Any]) -> list[Any]:
    """The children of `parent` with this tag, looking through the wrappers Word puts around
    rows and cells (content controls, custom XML, tracked insertions and moves)."""
    w = reader.w
    for child in reader.children(parent):
        if child.tag == tag:
            out.append(child)
        elif child.tag == w.sdt:
            content = child.find(w.sdtContent)
            if content is not None:
                _unwrapped(reader, content, tag, out)
        elif child.tag in (w.customXml, w.ins, w.moveTo):
            _unwrapped(reader, child, tag, out)
    return out


def rows(reader: BodyReader, tbl: Any) -> list[Any]:
    w = reader.w
    # a tracked row deletion is not part of the table
    return [tr for tr in _unwrapped(reader, tbl, w.tr, []) if not _deleted_row(w, _row_properties(w, tr))]


def _row_properties(w: W, tr: Any) -> Any:
    # w:tblPrEx may come before w:trPr and both precede the cells: look at two children,
    # then let lxml scan the rest (a row of many cells without w:trPr)
    for i, child in enumerate(tr):
        if child.tag == w.trPr:
            return child
        if i >= 1:
            return tr.find(w.trPr)
    return None


def cells(reader: BodyReader, tr: Any) -> list[Any]:
    return _unwrapped(reader, tr, reader.w.tc, [])


def _grid_value(w: W, el: Any, tag: str) -> int:
    if el is None:
        return 0
    found = el.find(tag)
    return max(0, min(int_or(found.get(w.val), 0), MAX_GRID_COLUMNS)) if found is not None else 0


def _cell_properties(w: W, tcpr: Any) -> tuple[int, Any, Any]:
    """(gridSpan, vMerge, hMerge) of a cell, the first of each, in one pass over w:tcPr."""
    span = 0
    vmerge = hmerge = None
    seen_span = False
    for child in tcpr:
        tag = child.tag
        if tag == w.gridSpan:
            if not seen_span:
                span = max(0, min(int_or(child.get(w.val), 0), MAX_GRID_COLUMNS))
                seen_span = True
        elif tag == w.vMerge:
            vmerge = vmerge if vmerge is not None else child
        elif tag == w.hMerge:
            hmerge = hmerge if hmerge is not None else child
    return span, vmerge, hmerge


def read_table(reader: BodyReader, tbl: Any) -> None:
    w = reader.w
    table_rows = rows(reader, tbl)
    row_cells = [cells(reader, tr) for tr in table_rows]
    reader.count_table(sum(len(tcs) for tcs in row_cells))
    if row_cells and all(len(tcs) <= 1 for tcs in row_cells):
        # A layout table (a frame around prose, one cell per row): its paragraphs
        # are paragraphs, so headings in it stay headings and inner tables stay grids.
        for tcs in row_cells:
            for tc in tcs:
                reader.blocks(tc)
        return
    grid: list[list[str | None]] = []
    merged_text: dict[int, str] = {}  # grid column → text of the cell that restarted a vertical merge
    for tr, tcs in zip(table_rows, row_cells, strict=True):
        trpr = _row_properties(w, tr)
        row: list[str | None] = [None] * _grid_value(w, trpr, w.gridBefore)
        for tc in tcs:
            col = len(row)
            tcpr = None
            for first in tc:  # w:tcPr comes first: _first() only when it does not
                tcpr = first if first.tag == w.tcPr else _first(tc, w.tcPr)
                break
            span, vmerge, hmerge = _cell_properties(w, tcpr) if tcpr is not None else (0, None, None)
            span = max(1, span)
            if hmerge is not None and hmerge.get(w.val) != "restart":
                row.extend([None] * span)  # legacy horizontal merge: a spanned column
                continue
            if vmerge is not None and vmerge.get(w.val) != "restart":
                text = merged_text.get(col, "")
            else:
                text = "".join(reader.flat_text(tc, " "))
                # a page mark survives the strip (it is whitespace to str.strip)
                text = PAGE_MARK + text.replace(PAGE_MARK, "").strip() if PAGE_MARK in text else text.strip()
                if vmerge is not None:
                    merged_text[col] = text.lstrip(PAGE_MARK)  # its page is the first row's
                else:
                    for c in range(col, col + span):
                        merged_text.pop(c, None)
            row.append(text)
            row.extend([None] * (span - 1))
            if len(row) > MAX_GRID_COLUMNS * 2:
                break
        row.extend([None] * _grid_value(w, trpr, w.gridAfter))
        reader.count_cells(len(row) - len(tcs))  # positions beyond the row's own cells
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    reader.count_cells(sum(width - len(r) for r in grid))  # padding to the widest row
    for r in grid:
        r.extend([None] * (width - len(r)))
    reader.builder.table(grid)
