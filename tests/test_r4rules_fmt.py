"""Fourth speed round, rule kinds: message templates split at their placeholders once,
with exactly the text re.sub made."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import rule as base
from checker.limits import LIMITS
from checker.rule import fmt


def _reference_fmt(template: str, values: dict[str, object]) -> str:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return str(values[key]) if key in values else m.group(0)

    return re.sub(r"\{(\w+)\}", sub, template)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("{}ab_中 .x"), max_size=30))
def test_fmt_substitutes_as_re_sub_did(template: str) -> None:
    values: dict[str, object] = {"a": 1, "ab": "二", "中": None, "_": 3.5}
    assert fmt(template, values) == _reference_fmt(template, values)


def test_the_template_memo_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "template_memo_entries", 3)
    monkeypatch.setattr(base, "_PIECES", {})
    for i in range(10):
        assert fmt(f"第{i}项：{{v}}", {"v": i}) == f"第{i}项：{i}"
    assert len(base._PIECES) <= 3
