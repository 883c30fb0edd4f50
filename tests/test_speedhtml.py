"""The fast paths of the readers' shared steps give exactly what the plain versions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
