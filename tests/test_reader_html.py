"""The HTML reader: encodings, site chrome, CMS body containers, merged cells, failures."""

from __future__ import annotations

import codecs
import random
from decimal import Decimal
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.readers import read_document
from checker.readers.html import read_html
from checker.structure import analyse
from checker.tables import extract_tables

from .helpers import check_text, pack, rules_of, tables_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
SUQIAN = CORPUS / "2023_suqian-shuyang-fgj.html"
needs_suqian = pytest.mark.skipif(not SUQIAN.exists(), reason="shared corpus not available")

LEGAL_PERSONS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


@needs_suqian
def test_suqian_page_tables_read_with_blank_legal_person_columns() -> None:
    tables = tables_of(SUQIAN)
    assert {n: t.count() for n, t in tables.items()} == {
        "表二": (10, 10),
        "表三": (175, 175),
        "表四": (15, 15),
    }
    assert all(t.method == "grid" for t in tables.values())
    t3 = tables["表三"]
    new = t3.cell("新收", "自然人")
    total = t3.cell("新收", "总计")
    assert new is not None and new.value == Decimal(26)
    assert total is not None and total.value == Decimal(26)
    for column in LEGAL_PERSONS:
        cell = t3.cell("新收", column)
        assert cell is not None and cell.value is None and cell.status == "blank", column
    blank = [c for c in t3.cells.values() if c.column in LEGAL_PERSONS]
    assert blank and all(c.value is None for c in blank)
    t4 = tables["表四"]
    pending = t4.cells[("行政复议", "尚未审结")]
    review_total = t4.cells[("行政复议", "总计")]
    assert pending.value == Decimal(1) and review_total.value == Decimal(1)


@needs_suqian
def test_suqian_page_metadata_title_and_old_label() -> None:
    doc = read_document(SUQIAN)
    assert doc.format == "html"
    assert doc.metadata["published"] == "2024-01-17"
    assert "encoding=utf-8" in doc.notes
    assert doc.raw.splitlines()[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    st = analyse(doc, pack().pack)
    assert st.year == 2023 and str(st.published) == "2024-01-17"
    assert "| 规范性文件 | 8 | 0 | 18 |" in doc.raw
    assert "索引号" not in doc.raw  # the page's meta table is chrome, not report text
    from checker.engine import check_document

    result = check_document(SUQIAN, pack())
    # 「规范性文件」 in an otherwise 2021-format 表二 is a label deviation, not the 2019 template
    found = rules_of(result, certain_only=False)
    assert "TBL-16" in found and "TBL-07" not in found


T3_HTML = """
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2"><font>自</font><font>然</font><font>人</font></td><td colspan="5">法人或其他组织</td>
<td rowspan="2">总计</td></tr>
<tr><td>商业<br/>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td></td><td></td><td></td><td></td>
<td>6</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>1</td><td></td><td></td><td></td>
<td></td><td>4</td></tr>
<tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td></td><td></td><td></td><td></td><td></td>
<td>0</td></tr>
</table>
"""

GBK_PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta charset="gb2312"><title>青石县2023年政府信息公开工作年度报告_青石县人民政府</title>
<meta name="PubDate" content="2024-01-20 09:30">
<script>var nav = "首页导航脚本";</script><style>.x{{color:red}}</style></head>
<body>
<div class="top-nav"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 信息公开年报</div>
<div class="main">
<h1>青石县2023年政府信息公开工作年度报告</h1>
<div id="zoom">
<p>&nbsp;&nbsp;<font>一</font><font>、</font><font>总</font><font>体</font><font>情</font><font>况</font></p>
<p>\u3000\u3000<span>2023</span><span>年</span>，本县 共收到申请
<span>6</span>件。</p>
<p>三、收到和处理政府信息公开申请情况</p>
{T3_HTML}
<p>青石县人民政府办公室<br>2024年1月18日</p>
</div>
<div class="bdshare">分享到微信</div>
</div>
<div id="footer">版权所有：青石县人民政府 主办单位联系电话</div>
</body></html>
"""


def test_gbk_page_with_chrome_and_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(GBK_PAGE.encode("gbk"))
    doc = read_document(path)
    assert doc.format == "html"
    assert "encoding=gb18030" in doc.notes
    assert doc.metadata == {"title": "青石县2023年政府信息公开工作年度报告", "published": "2024-01-20"}
    lines = doc.raw.splitlines()
    assert lines[0] == "青石县2023年政府信息公开工作年度报告"  # the h1 outside #zoom is kept
    assert lines[1] == "一、总体情况"  # per-character <font>, &nbsp; indentation gone
    assert lines[2] == "2023年，本县共收到申请6件。"
    for chrome in ("网站首页", "当前位置", "分享到", "版权所有", "导航脚本", "color"):
        assert chrome not in doc.raw, chrome
    assert lines[-2:] == ["青石县人民政府办公室", "2024年1月18日"]

    assert len(doc.tables) == 1
    rows = [[c.text for c in row] for row in doc.tables[0].rows]
    assert all(len(r) == 10 for r in rows)
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert rows[0] == [note, "", "", "申请人情况", "", "", "", "", "", ""]
    assert rows[1] == [note, "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[2] == [
        note,
        "",
        "",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "5", "1", "", "", "", "", "6"]
    assert rows[4] == ["三、本年度办理结果", "（一）予以公开", "", "3", "1", "", "", "", "", "4"]
    assert rows[5] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", "", "0"]

    st = analyse(doc, pack().pack)
    t3 = extract_tables(doc, pack().pack, st)["表三"]
    got = t3.cell("新收", "商业企业")
    assert got is not None and got.value == Decimal(1)
    blank = t3.cell("新收", "科研机构")
    assert blank is not None and blank.value is None and blank.status == "blank"


def _p(text: str) -> str:
    """A cell or paragraph the way Word-fed CMS editors write it."""
    spans = "".join(
        f'<span style="font-family: 微软雅黑;"><font face="方正仿宋_GBK">{ch}</font></span>' for ch in text
    )
    return f'<p style="text-indent: 2em;">{spans}<span><o:p> </o:p></span></p>'


def _td(text: str, attrs: str = "") -> str:
    return f'<td {attrs} width="42" valign="center">\n      {_p(text)}\n      </td>'


def test_cms_page_shaped_like_the_shuyang_original() -> None:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    table = (
        '<table class="MsoNormalTable"><tbody>'
        "<tr>"
        + _td("行政复议", 'colspan="5"')
        + _td("行政诉讼", 'colspan="10"')
        + "</tr><tr>"
        + "".join(_td(h, 'rowspan="2"') for h in heads)
        + _td("未经复议直接起诉", 'colspan="5"')
        + _td("复议后起诉", 'colspan="5"')
        + "</tr><tr>"
        + "".join(_td(h) for h in heads * 2)
        + "</tr><tr>"
        + "".join(_td(v) for v in "000110000000000")
        + "</tr></tbody></table>"
    )
    page = f"""<!doctype html><html><head><meta charset="utf-8" />
<title>云岭县发改局2023年政府信息公开年度报告-云岭县发改局</title>
<script>document.getElementById("utime").innerHTML = "星期二";</script></head><body>
<div class="header-t"><span id="utime">2025年12月30日 星期二</span><div class="header-menu fr"><ul>
<li><h4><a href="#">繁體版</a></h4></li><li class="wza"><h4><a href="#">无障碍</a></h4></li></ul></div></div>
<div class="header-ban"><div class="header-search"><form action="/search" id="form1">
<input name="searchWord" placeholder="请输入关键词"><input type="submit" value="搜索"></form></div>
<div class="mainNav"><ul><li class="nav0"><a href="/">首页</a></li><li><a href="/xxgk">政府信息公开</a></li></ul></div></div>
<div class="xxgkMain"><h2 class="siteTit">云岭县发改局</h2>
<div class="xxgkArticle"><div class="article-tb"><table class="table_content"><tbody>
<tr><td class="c1">名称</td><td class="c4" colspan="3">云岭县发改局2023年政府信息公开年度报告</td></tr>
<tr><td class="c1">索引号</td><td class="c2">014314799/2024-00002</td><td class="c1">分类</td><td>信息公开年报</td></tr>
<tr><td class="c1">发布机构</td><td class="c2">云岭县发改局</td><td class="c1">公开日期</td>
<td class="c3"><publishtime>2024-01-17</publishtime></td></tr></tbody></table></div>
<div class="xxgkcont clearfix"><div class="xxfkl l">
<h1 class="article-title"><ucaptitle>云岭县发改局2023年政府信息公开年度报告</ucaptitle></h1>
<div class="article-content " id="zoomcon"><ucapcontent>
{_p("一、总体情况")}
<p><span>2023<font face="方正仿宋_GBK">年，我局共收到申请</font><font face="Times New Roman">26</font>件。</span></p>
{_p("四、政府信息公开行政复议、行政诉讼情况")}
{table}
<p><span><o:p>{" " * 80}云岭县发改局</o:p></span></p>
<p><span><o:p>{" " * 80}2024年1月17日<br>\n</o:p></span></p>
<p><span><o:p> </o:p></span></p></ucapcontent></div></div></div></div></div>
<iframe src="/footer/footer.shtml" class="adbottom"></iframe></body></html>"""
    doc = read_html(page.encode("utf-8"), "shuyang-like.html")
    assert doc.metadata == {"title": "云岭县发改局2023年政府信息公开年度报告", "published": "2024-01-17"}
    lines = doc.raw.splitlines()
    assert lines[:4] == [
        "云岭县发改局2023年政府信息公开年度报告",
        "一、总体情况",
        "2023年，我局共收到申请26件。",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert lines[-2:] == ["云岭县发改局", "2024年1月17日"]
    for chrome in ("星期二", "繁體版", "无障碍", "请输入关键词", "首页", "索引号", "搜索"):
        assert chrome not in doc.raw, chrome
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows[0] == ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
    assert rows[1][:6] == [*heads, "未经复议直接起诉"] and rows[1][10] == "复议后起诉"
    assert rows[2] == heads * 3
    assert rows[3] == list("000110000000000")
    st = analyse(doc, pack().pack)
    t4 = extract_tables(doc, pack().pack, st)["表四"]
    assert t4.count() == (15, 15)
    assert t4.cells[("行政复议", "尚未审结")].value == Decimal(1)


@pytest.mark.parametrize(
    ("declared", "encoding", "noted"),
    [
        ("gb2312", "gbk", "gb18030"),
        ("GBK", "gb18030", "gb18030"),
        ("gb2312", "utf-8", "utf-8"),  # an old template's label on a UTF-8 page
        ("utf-8", "gbk", "gb18030"),  # the other way round
        ("", "gbk", "gb18030"),
        ("", "utf-8", "utf-8"),
    ],
)
def test_declared_and_undeclared_encodings(declared: str, encoding: str, noted: str) -> None:
    meta = f'<meta charset="{declared}">' if declared else ""
    body = "<p>云岭县2023年政府信息公开工作年度报告</p><p>本年度共主动公开政府信息120条。</p>"
    doc = read_html(f"<html><head>{meta}</head><body>{body}</body></html>".encode(encoding), "x.html")
    assert f"encoding={noted}" in doc.notes
    assert doc.raw == "云岭县2023年政府信息公开工作年度报告\n本年度共主动公开政府信息120条。\n"


def test_utf8_bom_http_equiv_and_layout_table() -> None:
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">
<title>站点</title></head><body>
<table width="100%"><tr><td class="leftmenu"><a href="/a">栏目一</a></td><td>
<table><tr><td><p>云岭县2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度主动公开信息。</p></td></tr></table>
<table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
<div>发布时间：2024年2月3日</div>
</td></tr></table></body></html>"""
    doc = read_html(codecs.BOM_UTF8 + page.encode("utf-8"), "x.html")
    assert "encoding=utf-8-sig" in doc.notes  # the BOM wins over the meta declaration
    assert doc.metadata["published"] == "2024-02-03"
    assert doc.metadata["title"] == "站点"
    lines = doc.raw.splitlines()
    assert "云岭县2023年政府信息公开工作年度报告" in lines and "一、总体情况" in lines
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["信息内容", "本年制发件数"], ["规章", "0"]]


def test_nested_table_in_a_data_cell_is_flattened() -> None:
    page = """<html><body><div class="content"><p>年度报告</p><table border="1">
<tr><td>行政许可</td><td><table><tr><td>本年</td><td>处理</td></tr></table></td><td>3</td></tr>
</table></div></body></html>"""
    doc = read_html(page.encode(), "x.html")
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["行政许可", "本年处理", "3"]]


def test_body_found_by_text_density_without_known_container() -> None:
    paragraphs = "".join(
        f"<p>第{i}段：本机关依法主动公开政府信息，年度报告如实反映情况。</p>" for i in range(8)
    )
    page = f"""<html><body><div class="links">{"".join(f'<a href="/{i}">链接{i}</a>' for i in range(30))}</div>
<div class="wrap"><div class="left"><p>短</p></div><div class="art">{paragraphs}</div></div></body></html>"""
    doc = read_html(page.encode(), "x.html")
    assert "链接" not in doc.raw and "短" not in doc.raw
    assert doc.raw.count("年度报告如实反映情况") == 8


def test_generic_container_without_report_text_is_skipped() -> None:
    page = """<?xml version="1.0" encoding="gbk"?>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<div class="header"><div class="content"><a href="/">云岭县人民政府</a> 欢迎访问本站</div></div>
<div class="content">站点简介：本站由县政府办公室主办。</div>
<div class="wz"><p>云岭县2023年政府信息公开工作年度报告</p><p>一、总体情况</p>
<p>本年度共主动公开政府信息120条，收到依申请公开3件。</p></div></body></html>"""
    doc = read_html(page.encode("gbk"), "x.html")
    assert "encoding=gb18030" in doc.notes
    assert doc.raw.splitlines() == [
        "云岭县2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度共主动公开政府信息120条，收到依申请公开3件。",
    ]


def test_page_without_body_text_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body><div> &nbsp; </div></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.message == "网页中没有找到正文文字"
    assert info.value.hint and info.value.exit_code == 3
    with pytest.raises(InputError):
        read_html(b"   ", "blank.html")


def test_binary_page_is_an_input_error(tmp_path: Path) -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(6000))
    path = tmp_path / "broken.html"
    path.write_bytes(b"<html><body>" + junk)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "\n" not in info.value.one_line()
    with pytest.raises(InputError):
        read_html(b"<html>\x00\x01\x02\x03" * 500, "nul.html")


def test_oversized_page_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_html(b"<html>" + b" " * (20 * 1024 * 1024 + 1), "big.html")


def test_html_report_checks_like_text(tmp_path: Path) -> None:
    result = check_text(GBK_PAGE, tmp_path, name="r.html", encoding="gb18030")
    assert result.format == "html" and not result.unreadable
    assert result.year == 2023 and result.grade is not None
