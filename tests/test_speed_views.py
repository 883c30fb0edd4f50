"""The fast view builder (str.split) gives exactly the view the regex builder gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.kinds._views import MARKS, WHITESPACE, WHITESPACE_AND_MARKS, View

# every kind of whitespace str.isspace and re's \s know, the marks, and ordinary characters
ALPHABET = "ab年号 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000" + MARKS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_dropping_whitespace_is_the_regex_view(text: str) -> None:
    assert View.dropping(text) == View.of(text, WHITESPACE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_dropping_whitespace_and_marks_is_the_regex_view(text: str) -> None:
    assert View.dropping(text, MARKS) == View.of(text, WHITESPACE_AND_MARKS)


def test_a_report_line_keeps_its_offsets() -> None:
    text = "根据《中华人民共和国政府信\n息公开条例》\u3000要求"
    view = View.dropping(text, MARKS)
    assert view.text == "根据中华人民共和国政府信息公开条例要求"
    assert text[view.origin(view.text.index("息"))] == "息"
    assert view.span(view.text.index("要"), len(view.text)) == (text.index("要"), len(text))


def test_str_isspace_is_res_whitespace_for_every_character() -> None:
    # what makes View.dropping (str.split) and View.of(…, \s+) the same view
    import re
    import sys

    space = re.compile(r"\s")
    assert all(chr(c).isspace() == bool(space.match(chr(c))) for c in range(sys.maxunicode + 1))
