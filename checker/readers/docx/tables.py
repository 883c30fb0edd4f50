"""Tables: WordprocessingML tables as rectangular grids.

A horizontal span leaves None (padding) in the spanned columns, a vertical merge
repeats the restarting cell's text in every continued row (row labels carry down;
numbers are never duplicated across columns). A layout table (each row a single
cell) is read as paragraphs instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.readers.docx.names import W
from checker.readers.docx.numbering import int_or

if TYPE_CHECKING:
    from checker.readers.docx.body import BodyReader

MAX_GRID_COLUMNS = 64  # Word's own limit is 63 columns


def rows(reader: BodyReader, tbl: Any) -> list[Any]:
    w = reader.w
    out: list[Any] = []
    for child in reader.children(tbl):
        tag = child.tag
        if tag == w.tr:
            trpr = child.find(w.trPr)
            if trpr is not None and trpr.find(w.delete) is not None:
                continue  # a tracked row deletion
            out.append(child)
        elif tag == w.sdt:
            content = child.find(w.sdtContent)
            if content is not None:
                out.extend(rows(reader, content))
        elif tag in (w.customXml, w.ins, w.moveTo):
            out.extend(rows(reader, child))
    return out


def cells(reader: BodyReader, tr: Any) -> list[Any]:
    w = reader.w
    out: list[Any] = []
    for child in reader.children(tr):
        tag = child.tag
        if tag == w.tc:
            out.append(child)
        elif tag == w.sdt:
            content = child.find(w.sdtContent)
            if content is not None:
                out.extend(cells(reader, content))
        elif tag in (w.customXml, w.ins, w.moveTo):
            out.extend(cells(reader, child))
    return out


def _grid_value(w: W, el: Any, tag: str) -> int:
    if el is None:
        return 0
    found = el.find(tag)
    return max(0, min(int_or(found.get(w.val), 0), MAX_GRID_COLUMNS)) if found is not None else 0


def read_table(reader: BodyReader, tbl: Any) -> None:
    w = reader.w
    table_rows = rows(reader, tbl)
    row_cells = [cells(reader, tr) for tr in table_rows]
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
        trpr = tr.find(w.trPr)
        row: list[str | None] = [None] * _grid_value(w, trpr, w.gridBefore)
        for tc in tcs:
            col = len(row)
            tcpr = tc.find(w.tcPr)
            span = max(1, _grid_value(w, tcpr, w.gridSpan))
            vmerge = tcpr.find(w.vMerge) if tcpr is not None else None
            hmerge = tcpr.find(w.hMerge) if tcpr is not None else None
            if hmerge is not None and hmerge.get(w.val) != "restart":
                row.extend([None] * span)  # legacy horizontal merge: a spanned column
                continue
            if vmerge is not None and vmerge.get(w.val) != "restart":
                text = merged_text.get(col, "")
            else:
                text = "".join(reader.flat_text(tc, " ")).strip()
                if vmerge is not None:
                    merged_text[col] = text
                else:
                    for c in range(col, col + span):
                        merged_text.pop(c, None)
            row.append(text)
            row.extend([None] * (span - 1))
            if len(row) > MAX_GRID_COLUMNS * 2:
                break
        row.extend([None] * _grid_value(w, trpr, w.gridAfter))
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend([None] * (width - len(r)))
    reader.builder.table(grid)
