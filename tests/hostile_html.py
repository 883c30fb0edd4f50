"""Hostile web pages and texts for the HTML/text readers and the structure finder, made by code
(nothing hostile is committed). Each settles fast: "checked" (a normal result) or "refused"
(unreadable, one DOC-00 line). See tests/test_hostile_html.py, which checks each directly."""

from __future__ import annotations

import html
from pathlib import Path

from .helpers import EXAMPLES

REPORT = EXAMPLES / "qingshi-2023.txt"


def report_page(extra: str = "", before: str = "", after: str = "") -> str:
    """The example report as a CMS page, `extra` inside the article body at its end."""
    lines = [line for line in REPORT.read_text(encoding="utf-8").split("\n") if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if not line.startswith("\t"))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<title>云岭县青石镇人民政府2023年政府信息公开工作年度报告</title></head><body>"
        f"{before}<div class='TRS_Editor'>{paragraphs}{extra}</div>{after}</body></html>"
    )


def _report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


def _spans_table(cells: int, rows: int) -> str:
    row = "<tr>" + "<td rowspan='100000' colspan='100000'>1</td>" * (cells // rows) + "</tr>"
    return "<table><tr><td>申请</td><td>公开</td><td>1</td><td>2</td></tr>" + row * rows + "</table>"


def _silly_colspan_table() -> str:
    rows = "".join(f"<tr><td>行政许可{i}</td><td>{i}</td><td>{i + 1}</td></tr>" for i in range(5))
    return f"<table><tr><td colspan='999'>第二十条第（五）项</td></tr>{rows}</table>"


def nested(open_tag: str, close_tag: str, depth: int = 250, copies: int = 1000) -> str:
    """The report inside `depth` nested blocks, each holding all of it and `copies` paragraphs
    of report prose (what each level once cost: the size of the page)."""
    prose = "<p>本机关主动公开政府信息，" + "依申请公开政府信息情况" * 20 + "。</p>"
    return report_page(open_tag * depth + prose * copies + close_tag * depth)


def make(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, text: str, encoding: str = "utf-8") -> None:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        files[name] = path

    # text reader: each took 10 s to minutes before it was made linear
    text = _report_text()
    put("digit-line.txt", text + "\n行政许可 " + "1" * 100_000 + "x\n")
    put("blank-lines.txt", "\n" * 100_000 + text)
    put("bookmarks.txt", text + "[bookmark: " * 30_000 + "\n")
    put("tika-continuation.txt", text + "\n\t行政许可\n" + "一二\n" * 150_000)
    put("pipe-dashes.txt", text + "\n|" + "-" * 40_000 + " " * 40_000 + "x|\n")
    # structure: spaces after an ordinal
    put("ordinal-spaces.txt", text + "\n第一部分" + " " * 200_000 + "\n一、" + " " * 1_000_000 + "x\n")
    # HTML: merged cells that would expand to a gigabyte; a clerk's silly colspan
    put("spans.html", report_page(_spans_table(cells=300, rows=10)))
    put("silly-colspan.html", report_page(_silly_colspan_table()))
    # HTML: many tables, many elements
    put("many-tables.html", report_page("<table><tr><td>1</td><td>2</td></tr></table>" * 600))
    put("many-elements.html", report_page("<b>" + "<i>x</i>" * 210_000 + "</b>"))
    # HTML: nested chrome and content blocks, each holding the whole article (75 s each before)
    put("nested-nav.html", nested("<div class='nav'>信息公开", "</div>"))
    put("nested-content.html", nested("<div class='content'>信息公开", "</div>"))
    put("nested-titles.html", nested("<div class='title'>年度报告", "</div>"))
    # HTML: a run of '<' without '>' (a tag pattern scanned to the end once per '<')
    put("lt-run.html", report_page("<p>" + "&lt;" * 10 + "</p>", after="<" * 200_000))
    # ... in a GBK page without a charset, where the encoding is guessed from the visible text
    # (at the very end: no '>' after it, so each '<' of the old tag pattern ran to the end)
    gbk = report_page().replace("<meta charset='utf-8'>", "") + "<" * 200_000
    put("lt-run-gbk.html", gbk, "gb18030")
    return files


EXPECT: dict[str, str] = {
    "digit-line.txt": "checked",
    "blank-lines.txt": "checked",
    "bookmarks.txt": "checked",
    "tika-continuation.txt": "checked",
    "pipe-dashes.txt": "checked",
    "ordinal-spaces.txt": "checked",
    "spans.html": "refused",
    "silly-colspan.html": "checked",
    "many-tables.html": "refused",
    "many-elements.html": "refused",
    "nested-nav.html": "checked",
    "nested-content.html": "checked",
    "nested-titles.html": "checked",
    "lt-run.html": "checked",
    "lt-run-gbk.html": "checked",
}
