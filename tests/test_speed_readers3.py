"""The readers' faster passes (third speed round) give exactly what the plain versions gave.

Each test keeps the plain version it replaced as a reference and compares the two on
generated input."""

from __future__ import annotations

import html
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.readers.html import read_html
from checker.readers.html.body import drop_always
from checker.readers.html.metadata import _PUB_TEXT, _page_text
from checker.readers.html.tree import parse

_WS_RUN = re.compile(r"\s+")

# Pieces of pages: tags the readers treat in each of their ways, and texts around a date label.
_TAGS = st.sampled_from(
    ["div", "p", "span", "b", "td", "tr", "table", "br", "font", "o:p", "script", "ul", "li"]
)
_TEXTS = st.sampled_from(
    ["", "", " ", "发布", "日期", "：", "2021", "-", "01", "\n", "a b", "&amp;", "年", "\u3000"]
)


@st.composite
def _fragments(draw: Any, depth: int = 0) -> str:
    out = draw(_TEXTS)
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag = draw(_TAGS)
        close = f"</{tag}>" if draw(st.booleans()) else ""
        out += f"<{tag}>" + draw(_fragments(depth + 1)) + close + draw(_TEXTS)
    return out


def _page_text_by_visit(root: Any) -> str:
    """The page text as a recursive visit of every element built it before (the reference)."""
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag
        if isinstance(tag, str) and tag.lower() in ("script", "style", "noscript", "template"):
            if el.tail:
                parts.append(el.tail)
            return
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                parts.append(" ")
                visit(child)
                parts.append(" ")
        if el.tail:
            parts.append(el.tail)

    visit(root)
    return _WS_RUN.sub(" ", "".join(parts))


@given(_fragments(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_page_text_has_the_visits_spaces(fragment: str, wrapped: bool) -> None:
    root = parse(f"<html><body>{fragment}</body></html>" if wrapped else f"<div>{fragment}</div>")
    drop_always(root)
    fast = _page_text(root)
    # Whitespace runs are kept as they are (the date pattern reads any run as one): the same
    # text once they are collapsed, up to the spaces at the ends.
    assert _WS_RUN.sub(" ", fast).strip() == _page_text_by_visit(root).strip()
    assert [m.groups() for m in _PUB_TEXT.finditer(fast)] == [
        m.groups() for m in _PUB_TEXT.finditer(_page_text_by_visit(root))
    ]


def test_publication_date_across_elements() -> None:
    def published(inner: str) -> str | None:
        page = f"<html><body><div class='TRS_Editor'><p>2023年政府信息公开工作年度报告</p>{inner}</div></body></html>"
        return read_html(page.encode("utf-8"), "p.html").metadata.get("published")

    # an element's text runs on into its tail when it has no child elements
    assert published("<p>发布日期：<b>2024</b>-01-17</p>") == "2024-01-17"
    assert published("<p>发布日期：<b>2024</b>-01-1<i>7</i></p>") == "2024-01-01"
    # the start of an element is a space: a year split by a tag is no year
    assert published("<p>发布日期：20<b>24</b>-01-17</p>") is None
    # after the tail of an element with child elements comes a space
    assert published("<p><span>发布<b>x</b></span>日期：2024-01-17</p>") is None
    assert published(f"<p>公开时间：{html.escape('2024 年 2 月 3 日')}</p>") == "2024-02-03"
