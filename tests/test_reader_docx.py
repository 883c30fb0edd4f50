"""The DOCX reader: package checks, body walk, Word numbering, merged tables, end to end.

DOCX files are built with python-docx in tmp_path; what python-docx cannot write
(tracked changes, fields, text boxes, numbering definitions) is spliced into the
package's XML with zipfile.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from checker.document import Document
from checker.engine import check_document
from checker.errors import InputError
from checker.readers import read_document
from checker.readers.docx import chinese_counting, format_number, read_docx
from checker.render.json import table_dict

from .helpers import EXAMPLES, pack

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

SIX_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


# ---------------------------------------------------------------- helpers


def _save(d: Any) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _repack(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same package with some members replaced or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info, src.read(info))
        for name, content in replace.items():
            dst.writestr(name, content)
    return out.getvalue()


def _member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def _with_body(body: str, parts: dict[str, bytes] | None = None, base: bytes | None = None) -> bytes:
    """A python-docx package whose w:body is replaced by `body` (the section properties kept)."""
    data = base if base is not None else _save(docx.Document())
    xml = _member(data, "word/document.xml")
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.index("<w:sectPr")
    return _repack(data, {"word/document.xml": (xml[:start] + body + xml[end:]).encode(), **(parts or {})})


def _p(text: str, ppr: str = "") -> str:
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _lines(doc: Document) -> list[str]:
    return [line for line in doc.text.split("\n") if line]


def _read(data: bytes) -> Document:
    return read_docx(data, "report.docx")


def _pipe_blocks(text: str) -> list[tuple[str, Any]]:
    """A Markdown report as blocks: ("p", line) or ("table", rows of cells)."""
    blocks: list[tuple[str, Any]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = lines[i].strip()
                if not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", row):
                    rows.append([c.strip() for c in row[1:-1].split("|")])
                i += 1
            blocks.append(("table", rows))
            continue
        blocks.append(("p", lines[i]))
        i += 1
    return blocks


def _plain_table(d: Any, rows: list[list[str]]) -> None:
    table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for tr, row in zip(table.rows, rows, strict=True):
        for cell, value in zip(tr.cells, row, strict=False):
            cell.text = value


class _Cells:
    """Cell lookup fixed before merging (python-docx's table.cell() rescans the table each call)."""

    def __init__(self, table: Any) -> None:
        self.grid = [list(row.cells) for row in table.rows]

    def cell(self, r: int, c: int) -> Any:
        return self.grid[r][c]


def _national_table3(d: Any, data_rows: list[list[str]], corner: str) -> None:
    """表三 in the layout of the national format: 3 label columns, merged both ways."""
    table = d.add_table(rows=3 + len(data_rows), cols=10)
    t = _Cells(table)
    t.cell(0, 0).merge(t.cell(2, 2)).text = corner
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for c, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], start=4):
        t.cell(2, c).text = name
    last = 3 + len(data_rows) - 1
    t.cell(5, 0).merge(t.cell(last - 1, 0)).text = "三、本年度办理结果"
    groups = {4: "（三）不予公开", 12: "（四）无法提供", 15: "（五）不予处理", 20: "（六）其他处理"}
    sizes = {4: 8, 12: 3, 15: 5, 20: 3}
    for i, row in enumerate(data_rows):
        r = 3 + i
        label, values = row[0], row[1:]
        if i in (0, 1, len(data_rows) - 1):
            t.cell(r, 0).merge(t.cell(r, 2)).text = label
        elif i in (2, 3, len(data_rows) - 2):
            t.cell(r, 1).merge(t.cell(r, 2)).text = label
        else:
            if i in groups:
                t.cell(r, 1).merge(t.cell(r + sizes[i] - 1, 1)).text = groups[i]
            t.cell(r, 2).text = label
        for c, value in enumerate(values, start=3):
            t.cell(r, c).text = value


def _national_table4(d: Any, values: list[str]) -> None:
    t = _Cells(d.add_table(rows=4, cols=15))
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for c, name in enumerate(results):
        t.cell(1, c).merge(t.cell(2, c)).text = name
        t.cell(2, 5 + c).text = name
        t.cell(2, 10 + c).text = name
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for c, value in enumerate(values):
        t.cell(3, c).text = value


def _report_docx(text: str, national: bool) -> bytes:
    """A DOCX rendering of a Markdown example: one paragraph per line, pipe tables as Word tables."""
    d = docx.Document()
    for kind, content in _pipe_blocks(text):
        if kind == "p":
            d.add_paragraph(content)
        elif national and len(content[0]) == 8 and content[0][1] == "自然人":
            _national_table3(d, content[1:], content[0][0])
        elif national and len(content[0]) == 15 and content[0][0] == "行政复议":
            _national_table4(d, content[-1])
        else:
            _plain_table(d, content)
    return _save(d)


# ---------------------------------------------------------------- number formats


def test_chinese_counting_renders_like_word() -> None:
    got = [chinese_counting(n) for n in (1, 2, 9, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 1001)]
    assert got == [
        "一",
        "二",
        "九",
        "十",
        "十一",
        "十二",
        "十九",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一千零一",
    ]
    assert format_number(11, "chineseCountingThousand") == "十一"
    assert format_number(10, "chineseLegalSimplified") == "壹拾"
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(28, "upperLetter") == "BB"
    assert format_number(4, "lowerRoman") == "iv"
    assert format_number(7, "bullet") == ""


# ---------------------------------------------------------------- headings and merged tables


def test_report_with_headings_and_a_merged_table3(tmp_path: Path) -> None:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    t3_rows = next(c for k, c in _pipe_blocks(text) if k == "table" and c[0][1] == "自然人")
    data_rows = [list(r) for r in t3_rows[1:]]
    data_rows[-3][7] = ""  # "3.其他" row, 总计 column: left blank
    d = docx.Document()
    d.add_paragraph("云岭县青石镇人民政府2023年政府信息公开工作年度报告")
    for heading in SIX_HEADINGS:
        d.add_paragraph(heading)
        if heading.startswith("三"):
            _national_table3(d, data_rows, t3_rows[0][0])
    doc = _read(_save(d))
    lines = _lines(doc)
    for heading in SIX_HEADINGS:
        assert heading in lines
    assert doc.format == "docx"
    (grid,) = doc.tables
    rows = [[c.text for c in row] for row in grid.rows]
    assert len(rows) == 28 and all(len(r) == 10 for r in rows)
    corner = t3_rows[0][0]
    assert rows[0] == [corner, "", "", "申请人情况", "", "", "", "", "", ""]
    assert rows[1] == [corner, "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[2][:4] == [corner, "", "", "自然人"] and rows[2][9] == "总计"
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "11", "2", "0", "0", "0", "0", "13"]
    # vertical merges carry the row labels down; spans leave the spanned columns empty
    assert rows[5][:4] == ["三、本年度办理结果", "（一）予以公开", "", "6"]
    assert rows[7][:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    assert rows[14][:3] == ["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"]
    assert rows[25][:3] == ["三、本年度办理结果", "（六）其他处理", "3.其他"]
    assert rows[25][9] == ""  # blank is blank, not 0
    assert rows[27][:4] == ["四、结转下年度继续办理", "", "", "2"]
    # each row is one line of the text, numbered like paragraphs
    assert grid.rows[0][0].line == lines.index("三、收到和处理政府信息公开申请情况") + 2

    path = tmp_path / "t3.docx"
    path.write_bytes(_save(d))
    result = check_document(path, pack())
    t3 = table_dict(result.tables["表三"])
    assert t3["一、本年新收政府信息公开申请数量"]["总计"] == 13
    assert t3["1.属于国家秘密"]["自然人"] == 0
    assert t3["4.保护第三方合法权益"]["自然人"] == 1
    assert t3["（七）总计"]["自然人"] == 10
    assert t3["3.其他"]["其他"] == 0 and t3["3.其他"]["总计"] is None


def test_grid_before_after_nested_and_deleted_rows() -> None:
    row = "<w:tr>{pr}{cells}</w:tr>"
    cell = "<w:tc>{pr}{content}</w:tc>"
    nested = (
        "<w:tbl>"
        + row.format(pr="", cells=cell.format(pr="", content=_p("甲")) + cell.format(pr="", content=_p("乙")))
        + "</w:tbl>"
    )
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        + row.format(
            pr="", cells="".join(cell.format(pr="", content=_p(t)) for t in ("项目", "数量", "备注"))
        )
        + row.format(
            pr='<w:trPr><w:gridBefore w:val="1"/></w:trPr>',
            cells=cell.format(pr="", content=_p("5")) + cell.format(pr="", content=_p("")),
        )
        + row.format(
            pr='<w:trPr><w:gridAfter w:val="1"/></w:trPr>',
            cells=cell.format(pr="", content=_p("嵌套")) + cell.format(pr="", content=nested + _p("")),
        )
        + row.format(
            pr='<w:trPr><w:del w:id="9" w:author="a"/></w:trPr>',
            cells="".join(cell.format(pr="", content=_p(t)) for t in ("删除行", "1", "")),
        )
        + row.format(
            pr="",
            cells=cell.format(pr="", content=_p("行政") + _p("许可"))
            + cell.format(pr='<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', content=_p("7")),
        )
        + "</w:tbl>"
    )
    doc = _read(_with_body(body))
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows == [
        ["项目", "数量", "备注"],
        ["", "5", ""],
        ["嵌套", "甲 乙", ""],
        ["行政许可", "7", ""],
    ]


def test_layout_table_is_read_as_paragraphs() -> None:
    one = "<w:tr><w:tc>{}</w:tc></w:tr>"
    inner = (
        "<w:tbl>"
        + "".join(
            f"<w:tr><w:tc>{_p(a)}</w:tc><w:tc>{_p(b)}</w:tc></w:tr>"
            for a, b in (("信息内容", "本年处理决定数量"), ("行政许可", "12"))
        )
        + "</w:tbl>"
    )
    body = (
        "<w:tbl>"
        + one.format(_p("一、总体情况") + _p("正文段落。"))
        + one.format(_p("二、主动公开政府信息情况") + inner + _p(""))
        + "</w:tbl>"
    )
    doc = _read(_with_body(body))
    assert _lines(doc) == [
        "一、总体情况",
        "正文段落。",
        "二、主动公开政府信息情况",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | 12 |",
    ]
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "12"],
    ]


# ---------------------------------------------------------------- numbering

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="CnHeading2"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="13">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="11"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="7"><w:abstractNumId w:val="13"/></w:num>
</w:numbering>
"""

STYLES = """<w:style w:type="paragraph" w:styleId="CnHeading1"><w:name w:val="cn heading 1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="CnHeading2"><w:name w:val="cn heading 2"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="CnHeading1Child"><w:name w:val="cn heading child"/><w:basedOn w:val="CnHeading1"/></w:style>
"""


def _style(sid: str) -> str:
    return f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>'


def _num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'


def test_word_auto_numbering_is_rendered() -> None:
    base = _save(docx.Document())
    styles = _member(base, "word/styles.xml").replace("</w:styles>", STYLES + "</w:styles>")
    deleted = (
        '<w:p><w:pPr><w:pStyle w:val="CnHeading1"/><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>整段删除的标题</w:delText></w:r></w:del></w:p>'
    )
    body = "".join(
        [
            _p("总体情况", _style("CnHeading1")),
            _p("主动公开", _style("CnHeading2")),
            _p("规章", _num(1, 2)),
            _p("规范性文件", _num(1, 2)),
            _p("依申请公开", _style("CnHeading2")),
            _p("属于国家秘密", _num(1, 2)),
            _p("主动公开政府信息情况", _style("CnHeading1Child")),
            deleted,
            _p("收到和处理政府信息公开申请情况", _style("CnHeading1")),
            _p("予以公开", _style("CnHeading2")),
            _p("第一项", _num(2)),
            _p("第二项", _num(2)),
            _p("重新开始", _num(4)),
            _p("继续", _num(2)),
            _p("要点", _num(3)),
            _p(
                "不编号",
                '<w:pPr><w:pStyle w:val="CnHeading1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>',
            ),
            _p("Plain English item", _num(7)),
        ]
        + [_p(f"标题{i}", _style("CnHeading1")) for i in range(4, 12)]
    )
    parts = {"word/numbering.xml": NUMBERING.encode(), "word/styles.xml": styles.encode()}
    lines = _lines(_read(_with_body(body, parts, base)))
    assert lines == [
        "一、总体情况",
        "（一）主动公开",
        "1.规章",
        "2.规范性文件",
        "（二）依申请公开",
        "1.属于国家秘密",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "（一）予以公开",
        "①第一项",
        "②第二项",
        "①重新开始",  # a new w:num with a startOverride restarts the list it shares …
        "②继续",  # … and the first w:num continues from there, as in Word
        "要点",  # bullets carry no information
        "不编号",
        "1. Plain English item",
    ] + [
        f"{n}、标题{i}"
        for n, i in zip(["四", "五", "六", "七", "八", "九", "十", "十一"], range(4, 12), strict=True)
    ]


def test_list_number_style_from_python_docx_template() -> None:
    d = docx.Document()
    d.add_paragraph("属于国家秘密", style="List Number")
    d.add_paragraph("Second item", style="List Number")
    assert _lines(_read(_save(d))) == ["1.属于国家秘密", "2. Second item"]


# ---------------------------------------------------------------- what Word shows

TEXTBOX_XML = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="文本框 1"/>'
    f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    "<wps:wsp><wps:txbx><w:txbxContent>" + _p("文本框里的说明") + "</w:txbxContent></wps:txbx></wps:wsp>"
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:shape id="t1"><v:textbox><w:txbxContent>'
    + _p("文本框里的说明")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_tracked_changes_fields_text_boxes_and_comments() -> None:
    tracked = (
        '<w:p><w:r><w:t xml:space="preserve">本年共收到申请</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>12</w:delText></w:r><w:r><w:t>99</w:t></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>13</w:t></w:r></w:ins>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom>'
        "<w:r><w:t>件</w:t></w:r>"
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t>（新位置）</w:t></w:r></w:moveTo></w:p>'
    )
    field = (
        "<w:p><w:r><w:t>详见</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x.example" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>门户网站</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; "><w:r><w:t>2024年1月20日</w:t></w:r></w:fldSimple></w:p>'
    )
    commented = (
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>有批注的正文</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        '<w:r><w:commentReference w:id="0"/></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>"
        "<w:r><w:tab/><w:t>制表符</w:t><w:br/><w:t>换行</w:t><w:noBreakHyphen/><w:t>连字符</w:t></w:r></w:p>"
    )
    merged = (
        '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr><w:r><w:t>段落标记被删除，</w:t></w:r></w:p>'
        + _p("与下一段合并")
    )
    anchor = "<w:p><w:r><w:t>锚定段落</w:t></w:r>" + TEXTBOX_XML + "</w:p>"
    vml = (
        "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        + _p("旧式文本框")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    sdt = "<w:sdt><w:sdtPr/><w:sdtContent>" + _p("内容控件里的段落") + "</w:sdtContent></w:sdt>"
    body = tracked + field + commented + merged + anchor + _p("下一段") + vml + sdt
    comments = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W_NS}">'
        '<w:comment w:id="0" w:author="a"><w:p><w:r><w:t>批注：请核实数据</w:t></w:r></w:p></w:comment></w:comments>'
    )
    doc = _read(_with_body(body, {"word/comments.xml": comments.encode()}))
    assert _lines(doc) == [
        "本年共收到申请13件（新位置）",
        "详见门户网站2024年1月20日",
        "有批注的正文 制表符",
        "换行-连字符",
        "段落标记被删除，与下一段合并",
        "锚定段落",
        "文本框里的说明",
        "下一段",
        "旧式文本框",
        "内容控件里的段落",
    ]
    assert doc.text.count("文本框里的说明") == 1
    for absent in ("12", "99", "旧位置", "HYPERLINK", "请核实数据", "隐藏"):
        assert absent not in doc.text


def test_core_title_is_metadata_but_dates_are_not_published(tmp_path: Path) -> None:
    d = docx.Document()
    d.core_properties.title = "青石镇2023年政府信息公开工作年度报告"
    d.add_paragraph("一、总体情况")
    doc = _read(_save(d))
    assert doc.metadata["title"] == "青石镇2023年政府信息公开工作年度报告"
    assert "published" not in doc.metadata
    d.core_properties.title = "Microsoft Word - 文档1"
    assert "title" not in _read(_save(d)).metadata


# ---------------------------------------------------------------- damaged and hostile packages


def _expect_input_error(data: bytes, match: str) -> InputError:
    t0 = time.perf_counter()
    with pytest.raises(InputError, match=match) as info:
        read_docx(data, "bad.docx")
    assert time.perf_counter() - t0 < 2.0
    err = info.value
    assert "\n" not in err.one_line() and err.hint and err.exit_code == 3
    return err


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_truncated_docx(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    data = _save(d)
    _expect_input_error(data[: len(data) // 2], "已损坏")
    _expect_input_error(b"PK\x03\x04" + b"\x00" * 100, "已损坏")
    # through the dispatcher and the engine: a one-line finding, no traceback
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) - 30])
    with pytest.raises(InputError):
        read_document(path)
    result = check_document(path, pack())
    assert result.unreadable and result.findings[0].rule == "DOC-00"


def test_zip_that_is_not_a_word_document() -> None:
    xlsx = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        }
    )
    _expect_input_error(xlsx, "Excel")
    _expect_input_error(_zip({"ppt/presentation.xml": b"<p/>"}), "PowerPoint")
    _expect_input_error(_zip({"scan1.jpg": b"\xff\xd8", "scan2.png": b"\x89PNG"}), "图片")
    _expect_input_error(_zip({"年报/report.docx": b"PK"}), "report.docx")
    _expect_input_error(
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}, zipfile.ZIP_STORED), "odt"
    )


def test_zip_bomb_is_refused_before_decompressing() -> None:
    # A declared uncompressed size of 150 MB in the central directory (the data is tiny).
    data = bytearray(_with_body(_p("正文")))
    cd = data.index(b"PK\x01\x02")  # the first central directory entry
    data[cd + 24 : cd + 28] = (150 * 1024 * 1024).to_bytes(4, "little")
    _expect_input_error(bytes(data), "压缩炸弹")
    # A highly compressible member: 4 MB of spaces in a few KB.
    spaced = _with_body(_p("正文"), {"word/padding.xml": b" " * (4 * 1024 * 1024)})
    _expect_input_error(spaced, "压缩比")


def test_xml_entity_expansion_and_external_entities_are_refused() -> None:
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    base = _with_body(_p("正文"))
    xml = _member(base, "word/document.xml")
    root_at = xml.index("<w:document")
    laughs = xml[:root_at] + f"<!DOCTYPE w:document [{ents}]>" + xml[root_at:].replace("正文", "&a9;")
    _expect_input_error(_repack(base, {"word/document.xml": laughs.encode()}), "DTD")
    xxe = (
        xml[:root_at]
        + '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + xml[root_at:].replace("正文", "&x;")
    )
    _expect_input_error(_repack(base, {"word/document.xml": xxe.encode()}), "DTD")
    broken = xml.replace("</w:body>", "</w:bod>")
    _expect_input_error(_repack(base, {"word/document.xml": broken.encode()}), "不是有效的 XML")


def test_docx_without_text() -> None:
    _expect_input_error(_with_body(""), "没有文字")
    images = _with_body("<w:p/>", {"word/media/image1.png": b"\x89PNG"})
    _expect_input_error(images, "扫描件")


# ---------------------------------------------------------------- end to end


@pytest.mark.parametrize("national", [False, True], ids=["pipe-tables", "national-merged-tables"])
@pytest.mark.parametrize("name", ["qingshi-2023", "qingshi-2023-defects"])
def test_docx_rendering_checks_like_the_text(name: str, national: bool, tmp_path: Path) -> None:
    txt = EXAMPLES / f"{name}.txt"
    path = tmp_path / f"{name}.docx"
    path.write_bytes(_report_docx(txt.read_text(encoding="utf-8"), national))
    from_text = check_document(txt, pack())
    from_docx = check_document(path, pack())
    assert from_docx.format == "docx" and not from_docx.unreadable
    assert from_docx.title == from_text.title and from_docx.year == from_text.year
    tables_text = {k: table_dict(t) for k, t in from_text.tables.items()}
    tables_docx = {k: table_dict(t) for k, t in from_docx.tables.items()}
    assert tables_docx == tables_text
    findings_text = {(f.rule, f.severity, f.message) for f in from_text.findings}
    findings_docx = {(f.rule, f.severity, f.message) for f in from_docx.findings}
    assert findings_docx == findings_text
    if name == "qingshi-2023":
        assert findings_docx == set()
    else:
        assert {"TBL-01", "DATE-01", "SEC-01"} <= {rule for rule, _, _ in findings_docx}


def test_table_of_contents_is_not_read_as_headings(tmp_path: Path) -> None:
    """A TOC field's result repeats the six headings ahead of the report; it is dropped."""
    data = _report_docx((EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8"), national=False)
    xml = _member(data, "word/document.xml")
    entries = "".join(
        f"<w:p><w:r><w:t>{h}</w:t></w:r><w:r><w:tab/><w:t>{i}</w:t></w:r></w:p>"
        for i, h in enumerate(SIX_HEADINGS[1:], 2)
    )
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{SIX_HEADINGS[0]}</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>"
        + entries
        + '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    first = xml.index("</w:p>") + len("</w:p>")
    path = tmp_path / "toc.docx"
    path.write_bytes(
        _repack(data, {"word/document.xml": (xml[:first] + _p("目录") + toc + xml[first:]).encode()})
    )
    doc = read_document(path)
    assert all(doc.text.count(h) == 1 for h in SIX_HEADINGS)
    assert "toc=dropped" in doc.notes
    assert check_document(path, pack()).findings == []


def test_unlinked_toc_entries_and_strict_ooxml() -> None:
    base = _save(docx.Document())
    toc_style = '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    styles = _member(base, "word/styles.xml").replace("</w:styles>", toc_style + "</w:styles>")
    body = _p("一、总体情况 1", _style("TOC1")) + _p("一、总体情况")
    assert _lines(_read(_with_body(body, {"word/styles.xml": styles.encode()}, base))) == ["一、总体情况"]
    strict = _with_body(_p("一、总体情况"))
    xml = _member(strict, "word/document.xml").replace(
        W_NS, "http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    assert _lines(_read(_repack(strict, {"word/document.xml": xml.encode()}))) == ["一、总体情况"]


def test_blank_last_value_in_a_spanned_row(tmp_path: Path) -> None:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    text = text.replace(
        "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 |  |",
    )
    path = tmp_path / "blank.docx"
    path.write_bytes(_report_docx(text, national=True))
    row = table_dict(check_document(path, pack()).tables["表三"])["四、结转下年度继续办理"]
    assert row["自然人"] == 2 and row["总计"] is None
