"""nianbao diff: the correction round after a 整改通知, per unit — fixed, new, remaining."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EXAMPLES, nianbao

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
OLD = EXAMPLES / "qingshi-2020.txt"


def _run(tmp_path: Path, name: str, *reports: Path) -> Path:
    out = tmp_path / f"{name}.json"
    # a correction round, not last year's report: no comparison of years (DOC-04 would be "fixed")
    run = nianbao("check", *map(str, reports), "--jobs", "0", "--no-previous", "-o", str(out))
    assert run.returncode in (0, 1), run.stderr
    return out


def _corrected(tmp_path: Path) -> Path:
    """The unit's report sent again under another name, its placeholder replaced."""
    text = DEFECTS.read_text(encoding="utf-8").replace("以XX村为试点", "以石头村为试点")
    path = tmp_path / "修改稿.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_corrected_report_is_paired_by_unit_and_year_and_its_findings_sorted(tmp_path: Path) -> None:
    before = _run(tmp_path, "old", DEFECTS, OLD)
    after = _run(tmp_path, "new", _corrected(tmp_path))
    run = nianbao("diff", str(before), str(after), "--format", "json")
    assert run.returncode == 1  # something remains
    units = json.loads(run.stdout)
    unit = next(u for u in units if u["year"] == 2023)
    assert unit["old_path"].endswith("defects.txt") and unit["new_path"].endswith("修改稿.txt")
    assert [f["rule"] for f in unit["fixed"]] == ["TXT-04"]
    assert unit["new"] == []
    assert {"TBL-01", "DATE-01", "LEG-07"} <= {f["rule"] for f in unit["remaining"]}
    missing = next(u for u in units if u["year"] == 2020)
    assert missing["new_path"] is None and missing["fixed"] == []  # not sent again: nothing fixed


def test_the_text_says_per_unit_what_was_fixed(tmp_path: Path) -> None:
    before = _run(tmp_path, "old", DEFECTS)
    after = _run(tmp_path, "new", _corrected(tmp_path))
    out = nianbao("diff", str(before), str(after)).stdout
    assert "已改正 1" in out and "已改正 TXT-04" in out and "得分 60 →" in out


def test_a_draft_that_got_worse_has_only_new_findings(tmp_path: Path) -> None:
    before = _run(tmp_path, "old", EXAMPLES / "qingshi-2023.txt")  # the same unit, clean
    after = _run(tmp_path, "new", DEFECTS)
    (unit,) = json.loads(nianbao("diff", str(before), str(after), "--format", "json").stdout)
    assert unit["fixed"] == [] and unit["remaining"] == [] and len(unit["new"]) >= 10


def test_everything_fixed_is_exit_0(tmp_path: Path) -> None:
    before = _run(tmp_path, "old", OLD)
    assert nianbao("diff", str(before), str(before)).returncode == 0


def test_a_file_that_is_no_result_is_one_line_and_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"reports": 5}', encoding="utf-8")
    run = nianbao("diff", str(bad), str(bad))
    assert run.returncode == 3 and run.stderr.count("\n") == 1 and "不是 nianbao 的 JSON 结果" in run.stderr
