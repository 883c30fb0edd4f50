"""Golden tests: the bundled examples give exactly their recorded JSON output.

Regenerate after an intended change with `NIANBAO_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff of examples/*.expected.json like any other change.
"""

from __future__ import annotations

import json
import os

import pytest

from checker.engine import check_document
from checker.render.json import render

from .helpers import EXAMPLES, ROOT, pack

CASES = sorted(p.name for p in EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("name", CASES)
def test_example_matches_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_document(f"examples/{name}", pack())
    got = json.loads(render([result]))
    got.pop("nianbao")  # the tool's version is not part of the expectation
    golden = EXAMPLES / name.replace(".txt", ".expected.json")
    if os.environ.get("NIANBAO_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}: run with NIANBAO_UPDATE_GOLDEN=1"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_clean_example_is_clean_and_defects_example_finds_every_listed_defect() -> None:
    clean = check_document(EXAMPLES / "qingshi-2023.txt", pack())
    assert clean.findings == [] and clean.score == 100 and clean.grade == "优秀"
    bad = check_document(EXAMPLES / "qingshi-2023-defects.txt", pack())
    found = {f.rule for f in bad.findings if f.certain}
    # one rule per defect listed in examples/DEFECTS.md
    expected = {
        "TBL-01",
        "TBL-12",
        "TBL-04",
        "DATE-01",
        "LEG-11",
        "LEG-04",
        "TXT-04",
        "TXT-05",
        "SEC-01",
        "TBL-08",
        "TXT-08",
        "LEG-14",
        "LEG-07",
    }
    assert expected <= found, expected - found
    # 12 defects cost at least 40 points; LEG-14 (an old work plan cited) costs nothing by default
    assert bad.score is not None and bad.score <= 60 and bad.grade in {"合格", "不合格"}
