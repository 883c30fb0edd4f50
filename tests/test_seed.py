"""Acceptance on the user's own example: the seed report, and defects injected into it by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.render.json import render

from .helpers import SEED, check_text, pack, rules_of

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def set_cell(text: str, label: str, index: int, value: str) -> str:
    """Replace the index-th value line after the line holding `label` (Tika layout)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == label)
    values = [
        i for i in range(start + 1, len(lines)) if lines[i].startswith("\t") and lines[i].strip().isdigit()
    ]
    lines[values[index]] = "\t" + value
    return "\n".join(lines)


def test_seed_has_no_error_and_is_told_its_two_known_problems(tmp_path: Path) -> None:
    result = check_text(seed_text(), tmp_path)
    assert result.counts["error"] == 0
    found = {f.rule: f for f in result.findings}
    assert "TXT-08" in found and "（1）（2）（三）" in found["TXT-08"].message
    assert "LEG-14" in found and "哈政办发〔2020〕28号" in found["LEG-14"].message
    assert found["LEG-14"].severity == "info"  # no national document says it: it costs nothing by default
    assert result.issuer_type == "township" and result.year == 2023


def _swap_five_six(text: str) -> str:
    five = text.index("    五、存在的主要问题及改进情况")
    six = text.index("    六、其他需要报告的事项")
    return text[:five] + text[six:].rstrip("\n ") + "\n" + text[five:six]


INJECTED = [
    # (rule, severity, edit)
    ("TBL-01", "error", lambda t: set_cell(t, "一、本年新收政府信息公开申请数量", 0, "3")),
    ("TBL-03", "error", lambda t: set_cell(t, "一、本年新收政府信息公开申请数量", 6, "2")),
    ("TBL-02", "error", lambda t: set_cell(t, "（一）予以公开", 0, "4")),
    (
        "TBL-04",
        "error",
        lambda t: set_cell(t, "（一）予以公开", 0, "0").replace(
            "\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0",
            "\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0",
        ),
    ),
    ("TBL-05", "error", lambda t: set_cell(t, "行政许可", 0, "-1")),
    ("TBL-06", "info", lambda t: t.replace("\t行政处罚\n\t0\n", "\t行政处罚\n\t\n")),
    ("TBL-07", "error", lambda t: t.replace("\t本年制发件数\n", "\t本年新制作数量\n")),
    ("TBL-16", "warning", lambda t: t.replace("\t行政规范性文件\n", "\t规范性文件\n")),
    ("TBL-09", "warning", lambda t: set_cell(t, "规章", 0, "1")),
    (
        "TBL-12",
        "error",
        lambda t: t.replace("2023年共收到依申请公开信息0件", "2023年共收到政府信息公开申请5件"),
    ),
    ("SEC-01", "error", lambda t: t[: t.index("    六、其他需要报告的事项")]),
    ("SEC-14", "error", lambda t: _swap_five_six(t)),
    (
        "LEG-04",
        "error",
        lambda t: t.replace("（以下简称《条例》）", "（国务院令第492号，以下简称《条例》）", 1),
    ),
    ("LEG-06", "error", lambda t: t.replace("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号")),
    ("LEG-11", "error", lambda t: t.replace("国办公开办函〔2021〕30号", "国办发〔2021〕30号")),
    ("LEG-07", "warning", lambda t: t.replace("哈政办发〔2020〕28号", "哈政办发[2020]28号")),
    (
        "LEG-03",
        "warning",
        lambda t: t.replace("（以下简称《条例》）", "（国令第711号，以下简称《条例》）", 1),
    ),
    ("LEG-08", "warning", lambda t: t.replace("国办公开办函〔2021〕30号", "国办公开办函〔202130号")),
    (
        "LEG-10",
        "warning",
        lambda t: t.replace(
            "〈中华人民共和国政府信息公开工作年度报告格式〉", "<中华人民共和国政府信息公开工作年度报告格式>"
        ),
    ),
    (
        "DATE-01",
        "error",
        lambda t: t.replace("自2023年1月1日至2023年12月31日", "自2022年1月1日至2022年12月31日"),
    ),
    (
        "DATE-02",
        "error",
        lambda t: t.replace(
            "2023年度政府信息公开工作取得的成效", "2022年度政府信息公开工作年度报告取得的成效"
        ),
    ),
    ("DATE-09", "error", lambda t: t + "\n阿城区松峰山镇人民政府\n2024年2月30日\n"),
    ("TXT-04", "error", lambda t: t.replace("松峰大街", "XX大街")),
    (
        "TXT-05",
        "error",
        lambda t: t.replace("    六、其他需要报告的事项\n", "    六、其他需要报告的事项\n（文字描述）\n"),
    ),
    (
        "TXT-06",
        "warning",
        lambda t: (
            t[: t.index("[bookmark: _GoBack]")]
            + "无。\n    六、其他需要报告的事项\n    2023年，未收取信息处理费。\n"
        ),
    ),
    ("TXT-09", "warning", lambda t: t.replace("信息处理费情况", "信息处理\ufffd\ufffd情况")),
    (
        "SEC-09",
        "info",
        lambda t: t.replace(
            "    2023年，无涉及《政府信息公开信息处理费管理办法》中规定的收取信息处理费情况。", "    无。"
        ),
    ),
]


@pytest.mark.parametrize(("rule", "severity", "edit"), INJECTED, ids=[r for r, _, _ in INJECTED])
def test_injected_defect_is_found_with_its_severity(rule: str, severity: str, edit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = seed_text()
    after = edit(before)
    assert after != before, "the edit did not change the seed"
    result = check_text(after, tmp_path)
    hits = [f for f in result.findings if f.rule == rule and f.certain]
    assert hits, f"{rule} not reported; got {sorted(rules_of(result))}"
    assert hits[0].severity == severity


def test_identical_runs_give_identical_output(tmp_path: Path) -> None:
    a = json.loads(render([check_text(seed_text(), tmp_path)]))
    b = json.loads(render([check_text(seed_text(), tmp_path)]))
    assert a == b


def test_pack_has_at_least_45_rules_in_every_family() -> None:
    rules = pack().rules
    assert len(rules) >= 45
    families = {r.id.split("-")[0] for r in rules}
    assert {"SEC", "LEG", "TBL", "DATE", "TXT"} <= families


def test_informal_decree_form_is_a_warning_not_a_wrong_number(tmp_path: Path) -> None:
    text = seed_text().replace("（以下简称《条例》）", "（国令第711号，以下简称《条例》）", 1)
    found = {f.rule: f.severity for f in check_text(text, tmp_path).findings}
    assert found.get("LEG-03") == "warning" and "LEG-11" not in found
