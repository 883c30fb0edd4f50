"""Statistics-period sentences (pack.yaml `statistics_period:`), the report year in the
narrative (DATE-02), and linear time on hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.kinds._periods import periods
from checker.rules import load_pack

from .helpers import ROOT, pack
from .test_references import BASE, certain, context, edited, run
from .test_rule_fixtures import apply_edits, cases_of

PERIOD = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
FIXTURES = ROOT / "tests" / "fixtures" / "rules" / "gov-info-disclosure-2021"


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告所列数据统计期限从2022年1月1日到12月31日止。", (2022, 1, 1), (2022, 12, 31)),
        ("本报告所列数据统计时段为2023年1月1日至12月30日。", (2023, 1, 1), (2023, 12, 30)),
        ("本报告统计数据时间段为2023年1月1日—2024年12月31日。", (2023, 1, 1), (2024, 12, 31)),
        ("所列数据的统计周期\n为 2023 年 1 月 1 日至 12 月 31 日。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告数据统计时间为2023.1.1—2023.12.31。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告所列数据的统计期限为2022年度。", (2022, 1, 1), (2022, 12, 31)),
        ("本报告所列数据统计截至2023年12月31日。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告所列数据的统计期限为1月1日至12月31日。", (None, 1, 1), (None, 12, 31)),
    ],
)
def test_a_period_sentence_is_read_as_written(
    sentence: str, first: tuple[int | None, int, int], last: tuple[int | None, int, int], tmp_path: Path
) -> None:
    (period,) = periods(context(edited((PERIOD, sentence)), tmp_path))
    assert (period.first, period.last) == (first, last)


def test_a_date_range_that_is_not_a_period_sentence_is_not_one(tmp_path: Path) -> None:
    text = edited(
        (PERIOD, ""),
        ("全年通过县政府门户网站", "2023年1月1日至2023年6月30日期间，全年通过县政府门户网站"),
    )
    assert periods(context(text, tmp_path)) == []


def test_every_period_dates_01_reads_is_a_period_dates_08_accepts(tmp_path: Path) -> None:
    """The two rules read the same sentences: no wording DATE-01 checks is 'not stated'."""
    for case in cases_of(FIXTURES / "DATE-01.yaml"):
        text = apply_edits(BASE, case.edits, case.name)
        assert "DATE-08" not in certain(run(text, tmp_path, ["DATE-08"])), case.name


def test_a_period_range_with_an_unknown_group_is_refused(tmp_path: Path) -> None:
    import shutil

    from checker.errors import ConfigError

    root = tmp_path / "pack"
    shutil.copytree(pack().root, root)
    meta = root / "pack.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("(?P<y1>", "(?P<year>", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_pack(root, use_cache=False)
    assert "命名分组" in info.value.message


# ---- the report year in the narrative -------------------------------------------------------


def test_last_years_sentence_is_certain_in_the_overview_and_doubtful_in_section_five(tmp_path: Path) -> None:
    text = edited(
        ("2023年共收到政府信息公开申请13件", "2022年，我镇共收到政府信息公开申请13件"),
        ("2023年，我镇政府信息公开工作取得一定成效", "2022年，我镇政府信息公开工作取得一定成效"),
    )
    found = [f for f in run(text, tmp_path, ["DATE-02"]).findings if f.rule == "DATE-02"]
    by_section = {f.location.section: f.certain for f in found}
    assert by_section == {"一": True, "五": False}, [(f.location.section, f.message) for f in found]


def test_an_older_history_without_figures_is_not_a_finding(tmp_path: Path) -> None:
    text = edited(
        (
            "政府信息公开工作规范有序开展。",
            "政府信息公开工作规范有序开展。2019年，我镇被确定为全县基层政务公开试点镇。",
        )
    )
    assert not [f for f in run(text, tmp_path, ["DATE-02"]).findings if f.rule == "DATE-02"]


def test_one_finding_costs_the_rule_once_however_many_old_sentences(tmp_path: Path) -> None:
    text = edited(
        (
            "云岭县青石镇人民政府2023年政府信息公开工作年度报告",
            "云岭县青石镇人民政府2024年政府信息公开工作年度报告",
        ),
        ("本年度未收取信息处理费。", "2023年，未收取信息处理费。"),
    )
    result = run(text, tmp_path, ["DATE-02"])
    sure = [f for f in result.findings if f.rule == "DATE-02" and f.certain]
    assert len(sure) >= 2 and sum(f.points for f in sure) == pack().rule("DATE-02").points  # type: ignore[union-attr]


# ---- hostile text ---------------------------------------------------------------------------

HOSTILE = [
    "统计期限" * 25_000,
    "统计期限为2023年1月1日至" * 5_000,
    "1月1日至" * 20_000,
    "。2022年，" * 15_000,
    "《2022年》。2022年，共5件" * 8_000,
    "2022年" * 20_000,
    "2" * 100_000,
    "以下简称《条例》" * 10_000,
    "2024年2月30日" * 8_000,
]


@pytest.mark.parametrize("filler", HOSTILE, ids=[f"{h[:6]}…{len(h)}" for h in HOSTILE])
def test_date_rules_finish_on_hostile_text(filler: str, tmp_path: Path) -> None:
    text = BASE.replace("镇政府明确党政综合办公室统一受理", filler + "镇政府明确党政综合办公室统一受理", 1)
    result = run(text, tmp_path, ["DATE", "LEG-01"])
    assert result.findings is not None
