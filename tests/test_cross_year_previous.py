"""The cross-year rules' `when`, `check --previous FILE` of another year or another issuer,
the pairs and the unpaired listed at the end of a terminal batch, and TXT-01's 50 % level
(提示, no points)."""

from __future__ import annotations

import dataclasses
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from checker.batch import CheckOptions
from checker.crossyear import compare
from checker.engine import check_document
from checker.facts import ReportFacts
from checker.grading import assign_points
from checker.kinds import checker_for
from checker.kinds._pairs import PairContext
from checker.previous import given_previous
from checker.rule import CellCondition, When
from checker.rules import LoadedPack, load_pack
from checker.selection import applies_to_facts

from .helpers import EXAMPLES, WIDE_UNCACHED, nianbao

SEED = EXAMPLES / "qingshi-2023.txt"
TITLE = "云岭县青石镇人民政府2023年政府信息公开工作年度报告"
CARRY = "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"


@pytest.fixture(scope="module")
def loaded() -> LoadedPack:
    return load_pack(None)


def _write(folder: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _year(year: int, issuer: str = "青石镇") -> tuple[str, str]:
    return TITLE, TITLE.replace("2023年", f"{year}年").replace("青石镇", issuer)


_run = partial(nianbao, env=WIDE_UNCACHED, timeout=600)  # the real entry point, in a child


def _facts(loaded: LoadedPack, path: Path) -> ReportFacts:
    facts = check_document(path, loaded, facts=True).facts
    assert facts is not None
    return facts


# ---------------------------------------------------------------- `when` on cross-year rules


def test_when_on_facts_reads_year_issuer_type_and_cells(loaded: LoadedPack, tmp_path: Path) -> None:
    facts = _facts(loaded, _write(tmp_path, "r.txt"))
    assert facts.year == 2023 and facts.issuer_type == "township"
    assert applies_to_facts(None, facts)
    assert applies_to_facts(When(min_year=2023), facts)
    assert not applies_to_facts(When(max_year=2022), facts)
    assert not applies_to_facts(When(issuer_types=["department"]), facts)
    assert applies_to_facts(When(issuer_types=["township"]), facts)
    assert not applies_to_facts(When(can_make_rules=True), facts)
    assert applies_to_facts(When(cell=CellCondition(cell="表三.新收.总计", op=">", value=12)), facts)
    label = When(cell=CellCondition(cell="表三.一、本年新收政府信息公开申请数量.总计", op="==", value=13))
    assert applies_to_facts(label, facts)
    assert not applies_to_facts(When(cell=CellCondition(cell="表三.新收.总计", op=">", value=13)), facts)


def test_a_cross_year_rule_whose_when_excludes_the_report_does_not_run(
    loaded: LoadedPack, tmp_path: Path
) -> None:
    this = _write(tmp_path / "a", "this.txt")
    last = _write(tmp_path / "b", "last.txt", _year(2022), (CARRY, CARRY.replace("| 2 |", "| 5 |")))
    before = _facts(loaded, last)

    def run(when: When | None) -> set[str]:
        rules = [r.model_copy(update={"when": when}) if r.id == "TBL-10" else r for r in loaded.rules]
        chosen = dataclasses.replace(loaded, rules=rules, fixed=True)
        result = check_document(this, chosen, select=["TBL-10"], facts=True)
        compared = compare(result, result.facts, before, chosen, CheckOptions(select=["TBL-10"]))
        return {f.rule for f in compared.findings}

    assert run(None) == {"TBL-10"}
    assert run(When(min_year=2023)) == {"TBL-10"}
    assert run(When(max_year=2022)) == set()  # a 2023 report
    assert run(When(issuer_types=["department", "government"])) == set()  # a township's


# ---------------------------------------------------------------- --previous FILE


def test_given_previous_decides_on_year_then_issuer(loaded: LoadedPack, tmp_path: Path) -> None:
    this = _facts(loaded, _write(tmp_path / "t", "this.txt"))
    right = _facts(loaded, _write(tmp_path / "r", "r.txt", _year(2022)))
    older = _facts(loaded, _write(tmp_path / "o", "o.txt", _year(2021)))
    renamed = _facts(loaded, _write(tmp_path / "n", "n.txt", _year(2022, "白石镇")))
    assert given_previous(this, right).last is right and not given_previous(this, right).other_issuer
    refused = given_previous(this, older)
    assert refused.last is None and refused.refused is older
    other = given_previous(this, renamed)
    assert other.last is renamed and other.other_issuer


def test_previous_of_another_year_is_not_compared_and_says_both_years(tmp_path: Path) -> None:
    this = _write(tmp_path / "a", "this.txt")
    older = _write(tmp_path / "b", "old.txt", _year(2021), (CARRY, CARRY.replace("| 2 |", "| 5 |")))
    done = _run("check", this, "--previous", older)
    assert done.returncode == 0, done.stdout + done.stderr  # nothing compared: no TBL-10 error
    assert "TBL-10" not in done.stdout and "TXT-01" not in done.stdout
    line = next(x for x in done.stdout.splitlines() if "old.txt" in x and "DOC-04" not in x)
    assert "2021年度" in line and "2023年度" in line and "2022年度" in line
    assert "DOC-04" in done.stdout and "跨年度核对未进行" in line


def test_previous_of_another_issuer_is_compared_and_said_once(tmp_path: Path) -> None:
    this = _write(tmp_path / "a", "this.txt")
    renamed = _write(
        tmp_path / "b", "renamed.txt", _year(2022, "白石镇"), (CARRY, CARRY.replace("| 2 |", "| 5 |"))
    )
    done = _run("check", this, "--previous", renamed, "--format", "json")

    report = json.loads(done.stdout)["reports"][0]
    rules = [f["rule"] for f in report["findings"]]
    assert "TBL-10" in rules  # compared: the clerk named the file
    notices = [f for f in report["findings"] if f["rule"] == "DOC-04"]
    assert len(notices) == 1 and notices[0]["severity"] == "info" and not notices[0].get("points")
    assert "云岭县白石镇人民政府" in notices[0]["message"] and "云岭县青石镇人民政府" in notices[0]["message"]
    assert report["previous"]["year"] == 2022


# ---------------------------------------------------------------- the pairs in the summary


def test_the_terminal_lists_each_pair_and_counts_the_unpaired(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _write(inbox, "qingshi-2023.txt")
    _write(inbox, "qingshi-2022.txt", _year(2022))
    _write(inbox, "baishi-2023.txt", (TITLE, TITLE.replace("青石镇", "白石镇")))
    done = _run("check", inbox, "--jobs", "1", "--quiet")
    assert done.returncode in (0, 1), done.stderr
    out = done.stdout
    assert "跨年度比对：找到 1 对" in out
    assert "2022→2023：qingshi-2022.txt → qingshi-2023.txt" in out.replace(str(inbox) + os.sep, "")
    assert "未找到上年报告：2 份" in out  # 青石镇 2022 and 白石镇 2023


# ---------------------------------------------------------------- TXT-01 at 50 %


def test_txt01_below_80_percent_is_a_notice_that_costs_nothing(loaded: LoadedPack) -> None:
    rule: Any = loaded.rule("TXT-01")
    levels = {level.severity: level.min for level in rule.levels}
    assert levels == {"error": 0.8, "info": 0.5}
    text = "镇政府依托门户网站专栏及时公开机构职能领导分工财政预决算乡村振兴项目等群众关注的信息" * 2
    half = (
        text[: len(text) * 2 // 3]
        + "下一步将组织村干部到示范村观摩学习并把公开栏内容扩展到工程项目和集体收支"
    )

    def facts(year: int, body: str) -> ReportFacts:
        return ReportFacts(
            path=f"{year}.txt", issuer="青石镇", issuer_key="青石镇", year=year, pack=loaded.pack.id,
            format="text", texts={"一": body},
        )  # fmt: skip

    ctx = PairContext(this=facts(2023, half), last=facts(2022, text), pack=loaded.pack)
    found = list(checker_for(rule.kind)(ctx, rule))
    assert [f.severity for f in found] == ["info"] and found[0].certain
    assign_points(found, loaded.rules)
    assert found[0].points == 0
    same = PairContext(this=facts(2023, text), last=facts(2022, text), pack=loaded.pack)
    copied = list(checker_for(rule.kind)(same, rule))
    assign_points(copied, loaded.rules)
    assert [(f.severity, f.points) for f in copied] == [("error", 3.0)]
