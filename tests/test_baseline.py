"""--baseline (only findings an earlier run did not have) and suppressions (findings an office
accepted, with a reason; unused ones are reported)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EXAMPLES, nianbao

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def _json(*args: str, cwd: Path | None = None) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    run = nianbao("check", *args, "--format", "json", **({"cwd": cwd} if cwd else {}))
    return run.returncode, json.loads(run.stdout)["reports"][0], run.stderr


def test_a_run_with_its_own_previous_result_as_baseline_reports_no_finding(tmp_path: Path) -> None:
    earlier = tmp_path / "上一轮.json"
    assert nianbao("check", str(DEFECTS), "-o", str(earlier)).returncode == 1
    code, report, _ = _json(str(DEFECTS), "--baseline", str(earlier))
    assert code == 0 and report["findings"] == []
    assert report["in_baseline"] == 16 and report["score"] == 60  # the score is the report's


def test_only_new_findings_are_reported_against_a_baseline(tmp_path: Path) -> None:
    earlier = tmp_path / "上一轮.json"
    nianbao("check", str(DEFECTS), "-o", str(earlier))
    draft = tmp_path / "第二稿.txt"  # another file name: paired by unit and year
    draft.write_text(
        DEFECTS.read_text(encoding="utf-8").replace("国务院令第711号", "国务院令第711号〔2019〕"),
        encoding="utf-8",
    )
    _, report, _ = _json(str(draft), "--baseline", str(earlier))
    assert report["in_baseline"] >= 15
    assert all(f["rule"] != "TBL-01" for f in report["findings"])


def test_a_suppression_sets_a_finding_aside_with_its_reason_and_an_unused_one_is_reported(
    tmp_path: Path,
) -> None:
    _, plain, _ = _json(str(DEFECTS))
    date01 = next(f for f in plain["findings"] if f["rule"] == "DATE-01")
    (tmp_path / "忽略.yaml").write_text(
        "suppressions:\n"
        f"  - {{rule: DATE-01, fingerprint: {date01['fingerprint']}, reason: 经核实统计期限无误}}\n"
        "  - {rule: TBL-01, fingerprint: 0123456789abcdef, reason: 旧的决定}\n",
        encoding="utf-8",
    )
    code, report, stderr = _json(str(DEFECTS), "--suppressions", str(tmp_path / "忽略.yaml"))
    assert "DATE-01" not in {f["rule"] for f in report["findings"]}
    assert report["suppressed"] == [
        {
            "rule": "DATE-01",
            "fingerprint": date01["fingerprint"],
            "message": date01["message"],
            "reason": "经核实统计期限无误",
        }
    ]
    assert stderr.count("\n") == 1 and "第2条忽略项" in stderr and "没有用到" in stderr
    assert code == 1


def test_a_suppression_without_a_reason_is_refused_at_its_place(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "suppressions:\n  - {rule: DATE-01, fingerprint: 0123456789abcdef}\n", encoding="utf-8"
    )
    run = nianbao("check", str(DEFECTS), "--suppressions", str(tmp_path / "s.yaml"))
    assert run.returncode == 2 and "s.yaml:2:" in run.stderr and "reason" in run.stderr


def test_the_configuration_file_names_the_suppressions_relative_to_itself(tmp_path: Path) -> None:
    _, plain, _ = _json(str(DEFECTS))
    fp = next(f for f in plain["findings"] if f["rule"] == "LEG-04")["fingerprint"]
    (tmp_path / "决定").mkdir()
    (tmp_path / "决定" / "忽略.yaml").write_text(
        f"suppressions:\n  - {{rule: LEG-04, fingerprint: {fp}, reason: 已书面说明}}\n", encoding="utf-8"
    )
    (tmp_path / "nianbao.yaml").write_text("suppressions: 决定/忽略.yaml\n", encoding="utf-8")
    _, report, _ = _json(str(DEFECTS), cwd=tmp_path)
    assert [s["rule"] for s in report["suppressed"]] == ["LEG-04"]
