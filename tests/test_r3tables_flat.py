"""The flat matcher's squeezed text keeps each character's offset per run of non-space
characters, not per character: the same offsets as the list it replaced (the reference
here), and the same IndexError past either end."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.tables.flat import squeezed_with_map


def _reference(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The code before: one int per kept character."""
    chars: list[str] = []
    offsets: list[int] = []
    for m in re.compile(r"\S+").finditer(text, start, end):
        chars.append(m.group(0))
        offsets.extend(range(m.start(), m.end()))
    return "".join(chars), offsets


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0 1\n2\u3000表一.-\t", max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_offsets_are_those_of_the_list(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    flat, offsets = squeezed_with_map(text, start, end)
    ref_flat, ref_offsets = _reference(text, start, end)
    assert flat == ref_flat
    assert len(offsets) == len(ref_offsets)
    assert [offsets[i] for i in range(len(offsets))] == ref_offsets
    if ref_offsets:
        assert offsets[-1] == ref_offsets[-1]
    with pytest.raises(IndexError):
        offsets[len(ref_offsets)]
