"""TextIndex and Texts: the one-pass measure of every element's text agrees with lxml's own
string() of each element, and a page of nested blocks is read in linear time."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from checker.limits import TimeLimitExceeded, time_limit
from checker.readers.html import read_html
from checker.readers.html.body import REPORT_WORDS
from checker.readers.html.tree import TextIndex, Texts, nonspace, parse, text_of

from .hostile_html import nested, report_page

PAGES = [
    report_page(),
    report_page("<div class='nav'>首页 <a href='/'>信息<b>公开</b></a> 依申请</div>尾", before="<p>前</p>"),
    "<html><body><p>依申请人情况</p><div><a>年度<a>报告</a></a>x</div> tail</body></html>",
]


@pytest.mark.parametrize("page", PAGES)
def test_the_index_measures_each_element_as_lxml_does(page: str) -> None:
    root = parse(page)
    index = TextIndex(root, REPORT_WORDS)
    texts = Texts(root, REPORT_WORDS)
    for el in root.iter():
        text = text_of(el)
        assert index.text_of(el) == text
        assert index.visible[el] == nonspace(text)
        assert index.has_words(el) == bool(REPORT_WORDS.search(text))
        assert index.links[el] == sum(nonspace(text_of(a)) for a in el.iter("a"))
        assert (texts.visible(el), texts.links(el), texts.has_words(el)) == (
            index.visible[el],
            index.links[el],
            index.has_words(el),
        )


def test_words_overlapping_another_are_found_in_a_part_of_the_text() -> None:
    # 依申请 and 申请人情况 overlap: a block holding only the second must still have it
    root = etree.fromstring("<html><body>依<b>申请人情况</b></body></html>", etree.HTMLParser())
    index = TextIndex(root, re.compile("依申请|申请人情况"))
    assert index.has_words(root.find(".//b"))


def test_texts_switch_to_the_index_when_blocks_nest() -> None:
    root = parse(nested("<div class='nav'>信息公开", "</div>", depth=40, copies=50))
    texts = Texts(root, REPORT_WORDS)
    for el in root.iter("div"):
        texts.visible(el)
    assert texts._index is not None  # 40 levels each holding the page: past 4 times the page


def test_a_page_of_nested_blocks_reads_in_linear_time() -> None:
    # 250 nested chrome blocks each holding 2.8 MB: each cost the page (about 30 s before)
    page = nested("<div class='nav'>信息公开", "</div>", copies=4000).encode("utf-8")
    try:
        with time_limit(15):
            doc = read_html(page, "nested.html")
    except TimeLimitExceeded:
        pytest.fail("nested blocks: not linear")
    assert "主动公开" in doc.text
