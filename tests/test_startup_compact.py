"""What a worker sends (checker.summary.compact) is what dataclasses.replace and the plain
int/float conversion gave, made cheaper."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from checker.findings import Finding, Location
from checker.summary import _without_span, number


@pytest.mark.parametrize(
    "text", ["0", "-0", "0.000", "1", "12.0", "345", "0.5", "-7.25", "1E+3", "1.5E+1", "99999999999999.01"]
)
def test_number_is_int_when_whole_else_float(text: str) -> None:
    value = Decimal(text)
    whole = int(value)
    expected = whole if whole == value else float(value)
    got = number(value)
    assert got == expected and type(got) is type(expected)


def test_number_of_none() -> None:
    assert number(None) is None


def test_without_span_is_replace_with_no_span() -> None:
    finding = Finding(
        "TBL-01",
        "name",
        "title",
        "tables",
        "error",
        "message",
        Location(line=3, table="表二"),
        observed=[1, 2],
        expected="x",
        basis="b",
        certain=False,
        points=1.5,
        fingerprint="abc",
        span=(1, 5),
    )
    copy = _without_span(finding)
    assert copy == dataclasses.replace(finding, span=None)
    assert copy.span is None and finding.span == (1, 5) and copy is not finding


def test_a_compact_result_crosses_the_pipe_unchanged() -> None:
    import pickle
    from multiprocessing.reduction import ForkingPickler

    from checker import batch
    from checker.summary import TableSummary, compact

    from .helpers import EXAMPLES, pack

    result = compact(batch.check_one(EXAMPLES / "qingshi-2023-defects.txt", pack(), batch.CheckOptions()))
    assert result.findings and result.summaries
    data = bytes(ForkingPickler.dumps(result))
    back = pickle.loads(data)
    assert back == result
    assert all(type(f) is Finding and type(f.location) is Location for f in back.findings)
    assert all(type(t) is TableSummary for t in back.summaries.values())
    # the registered reducers are in use: a finding is a constructor call, not a slot state
    assert bytes(ForkingPickler.dumps(result.findings[0])) != pickle.dumps(result.findings[0], protocol=5)
