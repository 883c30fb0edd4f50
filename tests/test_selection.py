"""--select and --ignore: every reference names a rule, in any case and as comma lists, and a
run of some rules says it is partial instead of grading what it did not check."""

from __future__ import annotations

import json

import pytest

from tests.helpers import EXAMPLES, nianbao

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
OLD = EXAMPLES / "qingshi-2020.txt"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--select", "NOPE-99"),
        ("--ignore", "XYZ"),
        ("--select", "TBL-01,TBL-99"),
        ("--select", "tabel3-balance"),
    ],
)
def test_a_reference_to_no_rule_is_refused_naming_it(option: str, value: str) -> None:
    run = nianbao("check", str(DEFECTS), option, value)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    wrong = value.split(",")[-1]
    assert f"{option} 中的“{wrong}”" in run.stderr


def test_the_refusal_offers_the_closest_names() -> None:
    run = nianbao("check", str(DEFECTS), "--select", "tabel3-balance")
    assert "table3-balance" in run.stderr


def _rules(*args: str) -> tuple[dict, set[str]]:  # type: ignore[type-arg]
    run = nianbao("check", str(DEFECTS), "--format", "json", *args)
    report = json.loads(run.stdout)["reports"][0]
    return report, {f["rule"] for f in report["findings"]}


@pytest.mark.parametrize("value", ["tbl", "Tbl-", "TBL"])
def test_ids_and_prefixes_in_any_case(value: str) -> None:
    _, fired = _rules("--select", value)
    assert fired and all(r.startswith("TBL-") for r in fired)


def test_comma_lists_as_ruff_users_type_them() -> None:
    _, fired = _rules("--select", "TBL-01,DATE-01")
    assert fired == {"TBL-01", "DATE-01"}


def test_a_selection_run_is_partial_and_not_graded() -> None:
    report, _ = _rules("--select", "TBL-01")
    assert report["partial"] is True
    assert report["score"] is None and report["grade"] is None
    run = nianbao("check", str(DEFECTS), "--select", "TBL-01")
    assert "不评分" in run.stdout and "得分" not in run.stdout
    whole, _ = _rules("--ignore", "TBL-01")
    assert "partial" not in whole and whole["score"] is not None


def test_a_rule_the_2019_pack_lacks_may_still_be_selected_for_a_batch_with_2020_reports() -> None:
    run = nianbao("check", str(OLD), "--select", "TBL-20", "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    assert json.loads(run.stdout)["reports"][0]["pack"] == "gov-info-disclosure-2019"
