"""The JSON report text is json.dumps(indent=2)'s, byte for byte, written without the
standard library's pure-Python encoder (render/json.py _layout)."""

from __future__ import annotations

import enum
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.findings import Finding, Location
from checker.render.json import _dumps, _layout, finding_text, report_text


class _Level(enum.IntEnum):
    HIGH = 3


class _Name(str):
    pass


EDGES: list[Any] = [
    {},
    [],
    {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "zero": -0.0, "tiny": 5e-324},
    {"big": 10**30, "neg": -7, "bool": True, "no": False, "none": None},
    {"s": 'quote " backslash \\ newline \n tab \t nul \x00 line-sep \u2028 中文'},
    {
        3: "int key",
        2.5: "float key",
        True: "bool key",
        False: "false key",
        None: "none key",
    },  # json converts keys
    {"path": Path("/tmp/报告.txt")},  # default=str
    {"tuple": (1, (2, 3)), "level": _Level.HIGH, _Name("sub"): _Name("value")},
    [1, [2, [3, {"x": [None]}]], "end"],
]


@pytest.mark.parametrize("value", EDGES)
@pytest.mark.parametrize("indent", ["", "    "])
def test_layout_is_json_dumps(value: Any, indent: str) -> None:
    assert _layout(value, "\n" + indent) == _dumps(value, indent)


def test_bad_key_raises_as_json_does() -> None:
    with pytest.raises(TypeError):
        json.dumps({(1, 2): 1}, indent=2)
    with pytest.raises(TypeError):
        _layout({(1, 2): 1}, "\n")


_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
_trees = st.recursive(
    _leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=4) | st.integers(), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_layout_is_json_dumps_on_any_tree(value: Any) -> None:
    assert _layout(value, "\n    ") == _dumps(value, "    ")


def test_report_text_of_a_checked_report() -> None:
    from checker.batch import CheckOptions, check_one
    from checker.render.json import report_dict
    from checker.summary import compact

    from .helpers import EXAMPLES, pack

    result = compact(check_one(EXAMPLES / "qingshi-2023-defects.txt", pack(), CheckOptions()))
    assert result.findings and result.summaries  # something of each part to lay out
    assert report_text(result) == _dumps(report_dict(result), "    ")


_locations = st.builds(
    Location,
    line=st.none() | st.integers(),
    page=st.none() | st.integers(),
    section=st.none() | st.text(max_size=4),
    table=st.none() | st.text(max_size=4),
    row=st.none() | st.text(max_size=4),
    column=st.none() | st.text(max_size=4),
    quote=st.none() | st.text(max_size=8),
    scope=st.none() | st.text(max_size=4),
)
_findings = st.builds(
    Finding,
    rule=st.text(max_size=6),
    name=st.text(max_size=6),
    title=st.text(max_size=6),
    category=st.text(max_size=6),
    severity=st.sampled_from(["error", "warning", "info"]),
    message=st.text(max_size=12),
    location=_locations,
    observed=_trees,
    expected=_trees,
    basis=st.text(max_size=6),
    certain=st.booleans(),
    points=st.floats(allow_nan=False),
    fingerprint=st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(_findings, st.sampled_from(["", "    ", "        "]))
def test_finding_text_is_the_layout_of_its_dict(finding: Finding, indent: str) -> None:
    assert finding_text(finding, "\n" + indent) == _dumps(finding.as_dict(), indent)


def test_report_text_with_parts_is_json_dumps() -> None:
    from checker.batch import CheckOptions, check_one
    from checker.render.json import report_dict, report_parts
    from checker.summary import compact

    from .helpers import EXAMPLES, pack

    result = compact(check_one(EXAMPLES / "qingshi-2023-defects.txt", pack(), CheckOptions()))
    result.rendered_parts = report_parts(result)
    result.rendered_parts.findings[1] = None  # a finding added after the worker laid out the rest
    assert report_text(result) == _dumps(report_dict(result), "    ")
