"""--units units.csv (checker/units.py): reading and strict validation of the list, matching
reports to units, units that have not submitted, the on-time rate, parents against their
children's 表三 sum; the CLI option and the configuration's `units:`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from checker.engine import check_document
from checker.errors import ConfigError
from checker.limits import LIMITS
from checker.render.units_text import render_units
from checker.units import UnitItem, across_units, load_units, normalise_name, unit_item
from tests.helpers import EXAMPLES, nianbao, pack

HEADER = "unit,type,parent,deadline,received\n"
SEED_ISSUER = "云岭县青石镇人民政府"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_units(write(tmp_path, text))
    return info.value.one_line()


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_reads_utf8_with_or_without_bom_and_gbk(tmp_path: Path, encoding: str) -> None:
    text = (
        HEADER
        + "云岭县人民政府,政府,,2024-03-31,\n云岭县青石镇人民政府,乡镇,云岭县人民政府,2024/1/31,2024-01-20\n"
    )
    table = load_units(write(tmp_path, text, encoding))
    first, second = table.units
    assert (first.name, first.type, first.parent) == ("云岭县人民政府", "government", None)
    assert (second.type, second.parent, second.parent_name) == ("township", first.key, "云岭县人民政府")
    assert str(second.deadline) == "2024-01-31"
    assert second.received == date(2024, 1, 20)
    assert second.line == 3


def test_chinese_headers_and_month_day_deadlines(tmp_path: Path) -> None:
    table = load_units(write(tmp_path, "单位,类型,上级,时限\n甲局,部门,,01-25\n乙局,,,\n"))
    assert [str(u.deadline) for u in table.units] == ["01-25", "None"]
    assert table.units[0].deadline is not None and table.units[0].deadline.on(2024) == date(2025, 1, 25)


def test_excels_empty_columns_at_the_right_are_ignored(tmp_path: Path) -> None:
    table = load_units(write(tmp_path, "unit,type,parent,deadline,,\n甲局,部门,,,,\n,,,,,\n"))
    assert [u.name for u in table.units] == ["甲局"]


def test_names_are_compared_normalised() -> None:
    assert normalise_name(" 云岭县 人民政府 ") == normalise_name("云岭县") == "云岭县"
    assert normalise_name("中共某某县委办公室") == normalise_name("某某县委办公室")
    assert normalise_name("某某县人民政府办公室") != normalise_name("某某县")


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("unit,type,parent,deadline,kind\n", ":1:5:", "未知的列“kind”"),
        ("unit,type,parent,unit,deadline\n", ":1:4:", "列“unit”重复"),
        ("unit,type,deadline\n", ":1:", "缺少列 parent"),
        (HEADER + "甲局,部门,,,\n甲 局,部门,,,\n", ":3:1:", "与第2行重复"),
        (HEADER + "甲局,部门,,2024-02-30,\n", ":2:4:", "deadline 列的日期“2024-02-30”无效"),
        (HEADER + "甲局,部门,,02-29,\n", ":2:4:", "无效"),
        (HEADER + "甲局,部门,,0000-01-31,\n", ":2:4:", "无效"),
        (HEADER + "甲局,部门,,,01-20\n", ":2:5:", "received 列的日期“01-20”无效"),
        (HEADER + "甲局,部门,乙局,,\n", ":2:3:", "上级单位“乙局”不在清单中"),
        (HEADER + "甲局,部门,甲局,,\n", ":2:3:", "循环：甲局 → 甲局"),
        (HEADER + "甲局,部门,丙局,,\n乙局,部门,甲局,,\n丙局,部门,乙局,,\n", ":2:3:", "循环"),
        (HEADER + "甲局,局级,,,\n", ":2:2:", "type 列的“局级”不是单位类型"),
        (HEADER + ",部门,,,\n", ":2:1:", "unit 列为空"),
        (HEADER + "甲局,部门,,,,多余\n", ":2:6:", "第6个字段“多余”没有列名"),
        ("unit,,type,parent,deadline\n甲局,乙,部门,,\n", ":2:2:", "没有列名"),
        (HEADER + '"甲局,部门,,,\n', ":", "CSV 格式错误"),
        ("", "", "单位清单是空的"),
        ("\n\n", "", "单位清单是空的"),
    ],
)
def test_bad_lists_are_one_line_errors_naming_file_line_and_column(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    message = error_of(tmp_path, text)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "units.csv") + where), message
    assert words in message, message


def test_a_cycle_deeper_in_the_tree_is_found_once_per_chain(tmp_path: Path) -> None:
    rows = "".join(f"单位{i},部门,单位{i + 1},,\n" for i in range(2000)) + "单位2000,部门,单位1000,,\n"
    assert "循环" in error_of(tmp_path, HEADER + rows)


def test_row_and_size_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "units_max_rows", 3)
    rows = "".join(f"单位{i},部门,,,\n" for i in range(4))
    assert "单位超过 3 个" in error_of(tmp_path, HEADER + rows)
    assert len(load_units(write(tmp_path, HEADER + rows[: rows.index("单位3")])).units) == 3
    monkeypatch.setattr(LIMITS, "units_max_bytes", 100)
    assert "超过" in error_of(tmp_path, HEADER + "甲" * 200 + ",部门,,,\n")


def test_binary_or_undecodable_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"unit,type\x00,parent\n\x00\x01")
    with pytest.raises(ConfigError):
        load_units(path)


# ---------------------------------------------------------------- across the batch


def item(index: int, issuer: str, year: int = 2023, **kwargs: object) -> UnitItem:
    return UnitItem(index=index, path=f"r{index}.txt", issuer=issuer, year=year, **kwargs)  # type: ignore[arg-type]


def test_missing_units_unknown_reports_and_matching(tmp_path: Path) -> None:
    units = load_units(
        write(
            tmp_path, HEADER + "云岭县发展和改革局,部门,,,\n云岭县自然资源局,部门,,,\n云岭县教育局,部门,,,\n"
        )
    )
    report = across_units(
        [
            item(0, "云岭县发展和改革局"),
            item(1, "云岭县自然资源局局"),  # a typo: close, 待核实
            item(2, "外县卫生健康委员会"),
        ],
        units,
    )
    assert [(m.index, m.unit, m.how) for m in report.matches] == [
        (0, "云岭县发展和改革局", "exact"),
        (1, "云岭县自然资源局", "close"),
    ]
    assert [u.name for u in report.missing] == ["云岭县教育局"]
    assert [(u.index, u.issuer) for u in report.unmatched] == [(2, "外县卫生健康委员会")]


def test_two_reports_never_go_silently_to_one_unit(tmp_path: Path) -> None:
    units = load_units(write(tmp_path, HEADER + "云岭县自然资源局,部门,,,\n云岭县教育局,部门,,,\n"))
    # two close names for one unit: neither is given to it
    report = across_units([item(0, "云岭县自然资源局局"), item(1, "云岭县自然资源局x")], units)
    assert report.matches == []
    assert {u.index for u in report.unmatched} == {0, 1}
    assert all("云岭县自然资源局" in u.near for u in report.unmatched)
    # a close name for a unit that already has its exact report: not given either
    report = across_units([item(0, "云岭县自然资源局"), item(1, "云岭县自然资源局局")], units)
    assert [(m.index, m.how) for m in report.matches] == [(0, "exact")]
    assert [u.index for u in report.unmatched] == [1]
    # two exact reports of one unit: both matched, and said
    report = across_units([item(0, "云岭县教育局"), item(1, "云岭县 教育局")], units)
    assert report.duplicates == {"云岭县教育局": [0, 1]}


def test_reports_of_another_year_are_not_the_round(tmp_path: Path) -> None:
    units = load_units(write(tmp_path, HEADER + "云岭县教育局,部门,,,\n云岭县自然资源局,部门,,,\n"))
    report = across_units([item(0, "云岭县教育局", 2024), item(1, "云岭县自然资源局", 2023)], units)
    assert report.year == 2024
    assert report.other_years == [1]
    assert [u.name for u in report.missing] == ["云岭县自然资源局"]


def test_on_time_rate_counts_undated_reports_apart(tmp_path: Path) -> None:
    units = load_units(
        write(
            tmp_path,
            HEADER
            + "甲局,部门,,,2024-01-30\n"  # received: on time (01-31 by default)
            + "乙局,部门,,2024-01-25,2024-01-28\n"  # the CSV's own deadline: 3 days late
            + "丙县,政府,,,2024-03-20\n"  # a government: 03-31
            + "丁局,部门,,,\n",  # no date at all
        )
    )
    items = [
        item(0, "甲局"),
        item(1, "乙局"),
        item(2, "丙县人民政府"),
        item(3, "丁局"),
    ]
    report = across_units(items, units)
    late = {t.unit: t.late_days for t in report.timeliness}
    assert late == {"甲局": -1, "乙局": 3, "丙县": -11, "丁局": None}
    assert (report.on_time, report.late, report.undated, report.rate) == (2, 1, 1, 66.7)
    # the page's own date comes before the CSV's received column ...
    paged = across_units([item(1, "乙局", published=date(2024, 1, 20))], units)
    assert paged.timeliness[0].late_days == -5 and paged.timeliness[0].source == "页面发布日期"
    # ... and --published before both
    given = across_units(items, units, published=date(2024, 2, 1))
    assert (given.on_time, given.late, given.undated) == (1, 3, 0)


def test_no_known_date_is_no_rate(tmp_path: Path) -> None:
    units = load_units(write(tmp_path, HEADER + "甲局,部门,,,\n"))
    report = across_units([item(0, "甲局")], units)
    assert report.rate is None and report.undated == 1


# ---------------------------------------------------------------- end to end, real reports


def seed_copy(folder: Path, issuer: str, name: str, extra_new: int = 0) -> Path:
    """The seed report as another unit's: its issuer renamed, 表三's 本年新收 raised."""
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    text = text.replace(SEED_ISSUER, issuer).replace(
        "青石镇", issuer.replace("云岭县", "").replace("人民政府", "")
    )
    if extra_new:
        old = "| 一、本年新收政府信息公开申请数量 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |"
        assert old in text
        text = text.replace(
            old, f"| 一、本年新收政府信息公开申请数量 | 11 | 2 | 0 | 0 | 0 | 0 | {13 + extra_new} |"
        )
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("inbox")
    files = [
        seed_copy(folder, "云岭县人民政府", "county.txt", extra_new=5),
        seed_copy(folder, "云岭县青石镇人民政府", "qingshi.txt"),
        seed_copy(folder, "云岭县柳溪镇人民政府", "liuxi.txt", extra_new=1),
        seed_copy(folder, "邻县某某局", "stranger.txt"),
    ]
    return folder, files


def units_csv(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        HEADER
        + "云岭县人民政府,政府,,,2024-03-01\n"
        + "云岭县青石镇人民政府,乡镇,云岭县人民政府,,2024-01-20\n"
        + "云岭县柳溪镇人民政府,乡镇,云岭县人民政府,,2024-02-05\n"
        + "云岭县白沙镇人民政府,乡镇,,,\n",
    )


def test_across_units_end_to_end(tmp_path: Path, inbox: tuple[Path, list[Path]]) -> None:
    _, files = inbox
    results = [check_document(f, pack()) for f in files]
    items = [unit_item(i, r) for i, r in enumerate(results)]
    report = across_units(items, load_units(units_csv(tmp_path)))
    assert report.year == 2023
    assert [u.name for u in report.missing] == ["云岭县白沙镇人民政府"]
    assert [(u.index, u.issuer) for u in report.unmatched] == [(3, "邻县某某局")]
    assert {m.unit: m.how for m in report.matches} == {
        "云岭县人民政府": "exact",
        "云岭县青石镇人民政府": "exact",
        "云岭县柳溪镇人民政府": "exact",
    }
    # the county on time (03-31), 青石镇 on time, 柳溪镇 five days late (01-31)
    assert {t.unit: t.late_days for t in report.timeliness} == {
        "云岭县人民政府": -30,
        "云岭县青石镇人民政府": -11,
        "云岭县柳溪镇人民政府": 5,
    }
    assert report.rate == 66.7
    # 表三 of the county (13 + 5 new) against its two towns' (13 and 13 + 1)
    rows = {p.row: p for p in report.parents}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert (new.parent_value, new.children_sum, new.difference, new.children) == (18, 27, -9, 2)
    carried = rows["二、上年结转政府信息公开申请数量"]
    assert (carried.parent_value, carried.children_sum) == (1, 2)
    assert all(p.unsettled == [] for p in report.parents)
    # JSON-able for the JSON and XLSX writers
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["submitted"] == 3 and data["timeliness"]["rate"] == 66.7
    assert data["missing"][0]["unit"] == "云岭县白沙镇人民政府"
    assert data["parents"][0]["parent"] == "云岭县人民政府"
    # the terminal tables
    console = Console(record=True, width=160, no_color=True)
    render_units(report, console, [str(f) for f in files])
    shown = console.export_text()
    for words in (
        "未提交单位",
        "云岭县白沙镇人民政府",
        "按时率 66.7%",
        "逾期",
        "上下级汇总",
        "不在单位清单中的报告",
        "stranger.txt",
    ):
        assert words in shown, words


def test_a_parent_with_a_child_missing_gets_no_sum(tmp_path: Path, inbox: tuple[Path, list[Path]]) -> None:
    _, files = inbox
    results = [check_document(f, pack()) for f in files[:2]]  # the county and 青石镇, not 柳溪镇
    report = across_units([unit_item(i, r) for i, r in enumerate(results)], load_units(units_csv(tmp_path)))
    assert report.parents == []


def test_an_unsettled_child_cell_makes_the_sum_doubtful(tmp_path: Path) -> None:
    from checker.summary import TableSummary

    def summary(value: int | None) -> dict[str, TableSummary]:
        row = "一、本年新收政府信息公开申请数量"
        undecided = {} if value is not None else {row: {"总计": [3, 8]}}
        return {"表三": TableSummary({row: {"总计": value}}, undecided, 1, 1)}

    units = load_units(write(tmp_path, HEADER + "上级,政府,,,\n下级甲,部门,上级,,\n下级乙,部门,上级,,\n"))
    items = [
        item(0, "上级", tables=summary(10)),
        item(1, "下级甲", tables=summary(4)),
        item(2, "下级乙", tables=summary(None)),
    ]
    (row,) = across_units(items, units).parents
    assert (row.parent_value, row.children_sum, row.difference, row.unsettled) == (10, None, None, ["下级乙"])


# ---------------------------------------------------------------- the CLI and the configuration


def test_cli_a_bad_units_list_is_exit_2_before_any_report_is_checked(tmp_path: Path) -> None:
    bad = write(tmp_path, "unit,type,parent,deadline,kind\n")
    proc = nianbao("check", str(EXAMPLES / "qingshi-2023.txt"), "--units", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert f"{bad}:1:5:" in line and "未知的列“kind”" in line
    proc = nianbao(
        "check", str(EXAMPLES / "qingshi-2023.txt"), "--units", str(tmp_path / "none.csv"), cwd=tmp_path
    )
    assert proc.returncode == 2 and "找不到单位清单" in proc.stderr


def test_cli_a_good_units_list_runs(tmp_path: Path) -> None:
    good = units_csv(tmp_path)
    proc = nianbao("check", str(EXAMPLES / "qingshi-2023.txt"), "--units", str(good), "-q", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_units_is_relative_to_the_file_and_validated_first(tmp_path: Path) -> None:
    from checker.config import resolve

    (tmp_path / "lists").mkdir()
    write(tmp_path / "lists", "unit,type,parent,deadline,kind\n")
    (tmp_path / "nianbao.yaml").write_text("units: lists/units.csv\n", encoding="utf-8")
    run = resolve({}, None, tmp_path)
    assert run["units"] == str(tmp_path / "lists" / "units.csv")
    assert run.origins["units"] == str(tmp_path / "nianbao.yaml")
    proc = nianbao("check", str(EXAMPLES / "qingshi-2023.txt"), cwd=tmp_path)
    assert proc.returncode == 2 and "未知的列“kind”" in proc.stderr
