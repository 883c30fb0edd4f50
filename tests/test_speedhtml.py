"""The fast paths of the readers' shared steps give exactly what the plain versions give."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import document
from checker.document import Document, line_starts
from checker.normalize import _ONE_TO_ONE, _TABLE, fold
from checker.readers.builder import clean_cell
from checker.readers.html import read_html
from checker.readers.html.tree import parse
from checker.readers.html.walk import Budget, Walker, _cell_text, _shallow_lines

_FOLD_ALPHABET = st.sampled_from([*_ONE_TO_ONE, *_ONE_TO_ONE.values(), "a", "1", "规", "\n", " ", "|"])


@given(st.text(_FOLD_ALPHABET) | st.text())
@settings(max_examples=300, deadline=None)
def test_fold_is_the_one_to_one_mapping(text: str) -> None:
    folded = fold(text)
    assert folded == text.translate(_TABLE)
    assert len(folded) == len(text)


def test_fold_maps_each_character() -> None:
    assert fold("（１２）(3)．﹝4﹞\u3000＜x＞") == "（12）（3）.〔4〕 〈x〉"


def _line_starts_by_find(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


@given(st.text(st.sampled_from(["\n", "a", "规", "\r"])))
@settings(max_examples=300, deadline=None)
def test_line_starts_are_where_lines_begin(text: str) -> None:
    assert line_starts(text) == _line_starts_by_find(text)


def test_line_starts_across_chunks() -> None:
    # line breaks on both sides of every chunk boundary, and a text ending in one
    n = document._LINE_CHUNK
    text = ("a" * (n - 1) + "\n") * 3 + "\n" + "b" * (n - 2) + "\n\n"
    assert line_starts(text) == _line_starts_by_find(text)
    doc = Document(path="x", format="text", raw=text, text=text)
    assert doc.line_count == text.count("\n") + 1
    assert doc.line_of(n) == 2 and doc.offset_of_line(2) == n


_CELL_TEXTS = st.sampled_from(["", " ", "\n", "规章", "12", "a b", "\u200b", "\u3000", "中 文", " x ", "。"])
_CELL_TAGS = st.sampled_from(["p", "div", "span", "font", "b", "li", "h2", "o:p"])


@given(st.lists(st.tuples(_CELL_TAGS, _CELL_TEXTS, _CELL_TEXTS), max_size=5), _CELL_TEXTS)
@settings(max_examples=300, deadline=None)
def test_shallow_cells_read_as_the_walk_reads_them(children: list[tuple[str, str, str]], lead: str) -> None:
    inner = "".join(f"<{tag}>{html.escape(text)}</{tag}>{html.escape(tail)}" for tag, text, tail in children)
    cell = parse(f"<table><tr><td>{html.escape(lead)}{inner}</td></tr></table>").find(".//td")
    assert _shallow_lines(cell) is not None
    walker = Walker(flat=True)
    complete = walker._walk_tree(cell, 0)
    walker.flush()
    walked = clean_cell("\n".join(b.text for b in walker.blocks))
    assert _cell_text(cell, Budget()) == (walked, complete)


def test_zero_width_characters_count_in_a_cells_visible_length() -> None:
    # 150 Han characters and 60 zero-width ones: 210 visible, a layout cell (read as prose)
    long_cell = "申" * 150 + "\u200b" * 60
    page = (
        "<html><body><div class='TRS_Editor'><p>年度报告</p><table>"
        f"<tr><td>行政许可</td><td>{long_cell}</td></tr><tr><td>行政处罚</td><td>3</td></tr>"
        "</table></div></body></html>"
    )
    doc = read_html(page.encode("utf-8"), "z.html")
    assert doc.tables == []
    assert "申" * 150 in doc.text
    # without the zero-width characters the same table is data
    doc = read_html(page.replace("\u200b", "").encode("utf-8"), "z.html")
    assert len(doc.tables) == 1


def _lines(body: str) -> list[str]:
    walker = Walker()
    walker.walk(parse(f"<html><body><div>{body}</div></body></html>").find(".//div"))
    walker.flush()
    return [b.text for b in walker.blocks]


def test_blocks_of_inline_text_read_whole() -> None:
    assert _lines("<p>a<font>b</font><x-y>c<i>d</i></x-y>e</p>f") == ["abcde", "f"]
    assert _lines("<p>a<span>b<br>c</span>d</p>") == ["ab", "cd"]
    assert _lines("<p>a<span>b<div>c</div>d</span>e</p>") == ["ab", "c", "de"]
    # a tag name with a Kelvin sign is walked by its lower-cased name: "link", which is skipped
    assert _lines("<p>a<lin\u212a>x</lin\u212a>b</p>") == ["ab"]
    assert _lines("<p>a<pre>b\nc</pre>d</p>") == ["a", "b", "c", "d"]
