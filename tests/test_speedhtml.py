"""The fast paths of the readers' shared steps give exactly what the plain versions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import document
from checker.document import Document, line_starts
from checker.normalize import _ONE_TO_ONE, _TABLE, fold

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
