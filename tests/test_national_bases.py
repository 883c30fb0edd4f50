"""Only national rules score by default; local practice scores only in an opt-in profile.

A township in Fujian will not accept a deduction based on a Wuwei or a Guangdong rule: every
rule of a bundled pack that costs points cites a national document that says what it
checks, and none cites a local one or an unverified text. Profiles raise informational rules
to the severity a local rule gives them, on that rule's basis; `explain` says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.engine import check_document
from checker.errors import ConfigError
from checker.profiles import available
from checker.rules import bundled_packs, load_pack

from .helpers import EXAMPLES, SEED

NATIONAL = re.compile(
    r"《中华人民共和国政府信息公开条例》|国办公开办函〔20(?:19|21)〕\d+号|国办函〔2020〕109号"
    r"|GB/T 9704|GB/T 15834|《中华人民共和国立法法》"
)
LOCAL = re.compile(r"武政办发|粤府办|金东|莆田|威海|武汉|DB51|河南|通行做法|惯例|未能核实|地方规定")
PACKS = bundled_packs()


@pytest.mark.parametrize("root", PACKS, ids=[p.name for p in PACKS])
def test_every_scoring_rule_rests_on_a_national_document(root: Path) -> None:
    problems = []
    for rule in load_pack(root).rules:
        if rule.points == 0 and rule.severity == "info":
            continue
        if rule.category == "document":
            continue  # reading problems never cost points
        if not NATIONAL.search(rule.basis):
            problems.append(f"{rule.id}: no national document in its basis: {rule.basis}")
        if LOCAL.search(rule.basis):
            problems.append(f"{rule.id}: scores on a local or unverified basis: {rule.basis}")
        if rule.points == 0:
            problems.append(f"{rule.id}: a {rule.severity} that costs nothing should be info")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("root", PACKS, ids=[p.name for p in PACKS])
def test_every_profile_validates_and_gives_a_basis_for_what_it_raises(root: Path) -> None:
    loaded = load_pack(root)
    names = available(loaded)
    assert {"common-practice", "wuwei", "guangdong", "henan"} <= set(names)
    for name in names:
        applied = load_pack(root, profiles=[name])
        for rule_id, profile in applied.origins.items():
            rule = applied.rule(rule_id)
            assert rule is not None and profile == name
            assert rule.points > 0 and rule.severity != "info", f"{name} leaves {rule_id} informational"
            assert rule.basis != loaded.rule(rule_id).basis  # type: ignore[union-attr]


def test_a_profile_makes_local_practice_score(tmp_path: Path) -> None:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(
        text.replace("本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", ""), encoding="utf-8"
    )
    plain = check_document(report, load_pack())
    practice = check_document(report, load_pack(profiles=["common-practice"]))
    [found] = [f for f in plain.findings if f.rule == "DATE-08"]
    assert found.severity == "info" and found.points == 0 and plain.score == 100
    [found] = [f for f in practice.findings if f.rule == "DATE-08"]
    assert found.severity == "warning" and found.points == 1 and practice.score == 99


def test_the_township_deadline_is_local_practice() -> None:
    late = EXAMPLES / "qingshi-2023.txt"  # a township report, signed 2024-01-20
    from datetime import date

    plain = check_document(late, load_pack(), published=date(2024, 2, 20))
    assert "DATE-04" not in {f.rule for f in plain.findings}  # 条例第四十九条 names no township deadline
    practice = check_document(late, load_pack(profiles=["common-practice"]), published=date(2024, 2, 20))
    assert "DATE-04" in {f.rule for f in practice.findings if f.certain}


def test_an_unknown_profile_is_an_error_that_lists_the_profiles() -> None:
    with pytest.raises(ConfigError) as info:
        load_pack(profiles=["fujian"])
    assert "fujian" in info.value.message and "common-practice" in info.value.hint


def test_explain_says_which_profile_makes_a_rule_score() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["explain", "SEC-06"]).stdout
    assert "级别：提示" in out and "配置 wuwei" in out and "武政办发〔2025〕54号" in out
    raised = runner.invoke(app, ["explain", "SEC-06", "--profile", "wuwei"]).stdout
    assert "级别：警告" in raised and "来源：配置 wuwei" in raised


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")
def test_the_cli_applies_profiles_given_as_a_comma_list() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--profile", "common-practice,wuwei", "-f", "json", str(SEED)])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    assert '"LEG-14"' in result.stdout and '"severity": "warning"' in result.stdout
