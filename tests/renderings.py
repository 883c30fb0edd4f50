"""Our own DOCX and HTML renderings of a text report, with the official merged-cell tables.

A report is read from text; its prose lines become paragraphs and each statistical
table is rebuilt in the 国办公开办函〔2021〕30号 layout (merged header cells, the
row-spanning 三、本年度办理结果 label, the three-row 表四 header) from the values the
text reader extracted. Checking the rendering must give the same cells and findings
as checking the text.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from checker.document import Document
from checker.readers import read_document
from checker.structure import analyse
from checker.tables import ExtractedTable, extract_tables

from .helpers import pack

# A merged cell: (row, col, rowspan, colspan, text)
Span = tuple[int, int, int, int, str]


@dataclass
class Grid:
    nrows: int
    ncols: int
    cells: list[Span]


def _v(table: ExtractedTable, row: str, col: str) -> str:
    cell = table.cells[(row, col)]
    if cell.status == "unit":  # "2.5元": the unit is part of what the office wrote
        return cell.raw or ""
    if cell.value is None:
        return "" if cell.status in ("blank", "missing") else (cell.raw or "")
    value: Decimal = cell.value
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def table2(t: ExtractedTable) -> Grid:
    cells: list[Span] = []
    r = 0
    blocks = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]
    for block, columns, rows in blocks:
        cells.append((r, 0, 1, 4, block))
        r += 1
        cells.append((r, 0, 1, 1, "信息内容"))
        if len(columns) == 3:
            cells += [(r, 1 + i, 1, 1, c) for i, c in enumerate(columns)]
        else:
            cells.append((r, 1, 1, 3, columns[0]))
        r += 1
        for row in rows:
            cells.append((r, 0, 1, 1, row))
            if len(columns) == 3:
                cells += [(r, 1 + i, 1, 1, _v(t, row, c)) for i, c in enumerate(columns)]
            else:
                cells.append((r, 1, 1, 3, _v(t, row, columns[0])))
            r += 1
    return Grid(r, 4, cells)


def table3(t: ExtractedTable) -> Grid:
    cols = t.template.columns
    cells: list[Span] = [
        (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"),
        (1, 4, 1, 5, "法人或其他组织"),
        (1, 9, 2, 1, "总计"),
    ]
    cells += [(2, 4 + i, 1, 1, name) for i, name in enumerate(cols[1:6])]
    r = 3
    groups = {
        "不予公开": "（三）不予公开",
        "无法提供": "（四）无法提供",
        "不予处理": "（五）不予处理",
        "其他处理": "（六）其他处理",
    }
    rows = t.template.rows
    first_result = next(i for i, row in enumerate(rows) if row.id == "予以公开")
    last_result = next(i for i, row in enumerate(rows) if row.id == "总计")
    seen_groups: set[str] = set()
    for i, row in enumerate(rows):
        rr = r + i
        if row.group:
            if row.group not in seen_groups:
                size = sum(1 for x in rows if x.group == row.group)
                cells.append((rr, 1, size, 1, groups[row.group]))
                seen_groups.add(row.group)
            cells.append((rr, 2, 1, 1, row.label))
        elif first_result <= i <= last_result:
            cells.append((rr, 1, 1, 2, row.label))
        else:
            cells.append((rr, 0, 1, 3, row.label))
        cells += [(rr, 3 + j, 1, 1, _v(t, row.id, c)) for j, c in enumerate(cols)]
    # the 三、本年度办理结果 label spans the result rows only
    cells.append((r + first_result, 0, last_result - first_result + 1, 1, "三、本年度办理结果"))
    return Grid(r + len(rows), 10, cells)


def table4(t: ExtractedTable) -> Grid:
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells: list[Span] = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼")]
    cells += [(1, i, 2, 1, n) for i, n in enumerate(names)]
    cells += [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    cells += [(2, 5 + i, 1, 1, n) for i, n in enumerate(names)] + [
        (2, 10 + i, 1, 1, n) for i, n in enumerate(names)
    ]
    values = [_v(t, g, n) for g in ("行政复议", "未经复议直接起诉", "复议后起诉") for n in names]
    cells += [(3, i, 1, 1, v) for i, v in enumerate(values)]
    return Grid(4, 15, cells)


BUILDERS = {"表二": table2, "表三": table3, "表四": table4}


def blocks_of(path: Path) -> tuple[Document, list[str | Grid]]:
    """The report as an ordered list of paragraphs and official grids."""
    doc = read_document(path)
    st = analyse(doc, pack().pack)
    tables = extract_tables(doc, pack().pack, st)
    # where each template table goes: the first reader grid inside its section
    anchors: dict[int, str] = {}
    for name, table in tables.items():
        span = st.span(table.template.section)
        grids = [g for g in doc.tables if span and span[0] <= g.start < span[1]]
        if grids:
            anchors[grids[0].start] = name
    blocks: list[str | Grid] = []
    pos = 0
    for grid in sorted(doc.tables, key=lambda g: g.start):
        blocks += [line for line in doc.raw[pos : grid.start].split("\n") if line.strip()]
        if grid.start in anchors:
            blocks.append(BUILDERS[anchors[grid.start]](tables[anchors[grid.start]]))
        pos = grid.end
    blocks += [line for line in doc.raw[pos:].split("\n") if line.strip()]
    return doc, blocks


def render_docx(path: Path) -> bytes:
    import docx

    _doc, blocks = blocks_of(path)
    out = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            out.add_paragraph(block.strip())
            continue
        table = out.add_table(rows=block.nrows, cols=block.ncols)
        table.style = "Table Grid"  # ruled, as published tables are (a PDF export keeps the lines)
        for r, c, _rs, _cs, text in block.cells:
            table.cell(r, c).text = text
        for r, c, rs, cs, _text in block.cells:
            if rs > 1 or cs > 1:
                table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def render_html(path: Path, encoding: str = "gb18030") -> bytes:
    _doc, blocks = blocks_of(path)
    body: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            # per-character <font> noise, as some CMS editors write it
            text = "".join(
                f"<font>{html.escape(ch)}</font>" if i % 3 == 0 else html.escape(ch)
                for i, ch in enumerate(block.strip())
            )
            body.append(f'<p style="text-indent:2em">{text}</p>')
            continue
        covered = {
            (r + i, c + j)
            for r, c, rs, cs, _ in block.cells
            for i in range(rs)
            for j in range(cs)
            if (i, j) != (0, 0)
        }
        at = {(r, c): (rs, cs, text) for r, c, rs, cs, text in block.cells}
        rows = []
        for r in range(block.nrows):
            tds = []
            for c in range(block.ncols):
                if (r, c) in covered:
                    continue
                rs, cs, text = at.get((r, c), (1, 1, ""))
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{attrs}><p>{html.escape(text)}</p></td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        body.append('<table border="1">' + "".join(rows) + "</table>")
    charset = "gb2312" if encoding == "gb18030" else encoding
    page = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>政府信息公开年报</title><script>var x = '一、总体情况';</script></head><body>"
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a> &gt; 年报</div>'
        '<div class="TRS_Editor">' + "\n".join(body) + "</div>"
        '<div class="footer">主办单位：某某人民政府办公室　版权所有</div></body></html>'
    )
    return page.encode(encoding)
