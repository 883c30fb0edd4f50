"""A whitespace view that keeps only a coarse index (View.dropping) answers every offset as the
view that remembers every run (View.of) does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.kinds import _views
from checker.kinds._views import MARKS, WHITESPACE, WHITESPACE_AND_MARKS, View

ALPHABET = "ab年号 \t\n\r\u3000\xa0" + MARKS


def _same_answers(text: str) -> None:
    squeezed = View.dropping(text)
    for coarse, drop in (
        (squeezed, WHITESPACE),
        (View.dropping(text, MARKS), WHITESPACE_AND_MARKS),
        (View.without(squeezed, MARKS), WHITESPACE_AND_MARKS),
    ):
        runs = View.of(text, drop)
        assert coarse.text == runs.text
        assert coarse == runs
        for i in range(-2, len(runs.text) + 3):
            assert coarse.origin(i) == runs.origin(i)
            assert coarse.span(i, i + 3) == runs.span(i, i + 3)
            assert coarse.span(i, i) == runs.span(i, i)
        for offset in range(-2, len(text) + 3):
            assert coarse.index(offset) == runs.index(offset)


@pytest.mark.parametrize("chunk", [1, 2, 5, 256])
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60))
def test_every_offset_maps_as_in_the_run_view(chunk: int, text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_views, "_CHUNK", chunk)
        _same_answers(text)


def test_the_plain_view_is_the_squeezed_view_less_the_marks() -> None:
    text = "根据《中华人民共和国政府信\n息公开条例》\u3000要求“公开”"
    squeezed = View.dropping(text)
    plain = View.without(squeezed, MARKS)
    assert plain.text == "根据中华人民共和国政府信息公开条例要求公开"
    assert text[plain.origin(plain.text.index("息"))] == "息"
    assert View.without(View.dropping("无标点 文字"), MARKS)._counts == View.dropping("无标点 文字")._counts


def test_a_long_text_is_walked_only_where_asked() -> None:
    text = ("政府信息 公开\n" * 400) + "《条例》"
    view = View.dropping(text, MARKS)
    at = view.text.index("条例")
    assert text[view.origin(at)] == "条"
    assert len(view._chunks) == 1  # one chunk of the text walked, not all of it
    assert view == View.of(text, WHITESPACE_AND_MARKS)
