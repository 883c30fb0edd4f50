"""Table matching on the seed and on synthetic layouts: values, blanks, doubtful readings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.tables.readings import CellSpec, RunReadings

from .helpers import SEED, tables_of

needs_corpus = pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")


@needs_corpus
def test_seed_reads_all_200_cells_as_zero() -> None:
    tables = tables_of(SEED)
    assert {n: t.count() for n, t in tables.items()} == {
        "表二": (10, 10),
        "表三": (175, 175),
        "表四": (15, 15),
    }
    for table in tables.values():
        for cell in table.cells.values():
            assert cell.value == Decimal(0), (cell.table, cell.row, cell.column, cell.raw)
            assert cell.certain and cell.status == "ok"


@needs_corpus
def test_seed_stray_zero_does_not_shift_the_other_processing_rows() -> None:
    t3 = tables_of(SEED)["表三"]
    first = t3.rows_seen["逾期不补正"]
    assert first.quality == "exact"
    # the row's first value is on the line right after its label, not the stray "0"
    cell = t3.cells[("逾期不补正", "自然人")]
    assert cell.line == first.line + 1 if first.line else True


def _t3_text(first_row: str) -> str:
    header = "| 表头 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
    return (
        "云岭县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        + header
        + first_row
        + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    )


def test_blank_cells_are_blank_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        _t3_text("| 一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26 |"), encoding="utf-8"
    )
    t3 = tables_of(path)["表三"]
    assert t3.cells[("新收", "自然人")].value == 26
    assert t3.cells[("新收", "商业企业")].value is None
    assert t3.cells[("新收", "商业企业")].status == "blank"


def test_fullwidth_digits_and_dashes(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        _t3_text("| 一、本年新收政府信息公开申请数量 | １２ | - | / | 0 | 0 | 0 | １２ |"), encoding="utf-8"
    )
    t3 = tables_of(path)["表三"]
    assert t3.cells[("新收", "自然人")].value == 12
    assert t3.cells[("新收", "商业企业")].status == "dash"


def test_flattened_digits_are_read_only_where_every_reading_agrees(tmp_path: Path) -> None:
    text = (
        "平潭2023年政府信息公开工作年度报告 三、收到和处理政府信息公开申请情况自然人法人或其他组织总计"
        "一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量0000000"
        "四、政府信息公开行政复议、行政诉讼情况"
    )
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    t3 = tables_of(path)["表三"]
    assert t3.cells[("上年结转", "总计")].value == 0 and t3.cells[("上年结转", "总计")].certain
    new = t3.cells[("新收", "自然人")]
    assert new.status == "unreadable" and new.value is None and not new.certain
    assert new.candidates == (Decimal(8), Decimal(80), Decimal(801))
    # 801000081 into 7 cells: 社会公益组织 and 法律服务机构 are 0 however it is cut
    for column in ("社会公益组织", "法律服务机构"):
        assert t3.cells[("新收", column)].value == 0 and t3.cells[("新收", column)].certain
    assert any("801000081" in p and "5种" in p for p in t3.problems)


def test_readings_have_no_leading_zeros_and_respect_spaces() -> None:
    zero = RunReadings("000", [CellSpec()] * 3)
    assert zero.count == 1 and zero.values() == [[Decimal(0)]] * 3
    assert RunReadings("801000081", [CellSpec()] * 7).count == 5
    assert RunReadings("1000001", [CellSpec()] * 7).count == 1
    assert RunReadings("12", [CellSpec()] * 3).count == 0
    spaced = RunReadings("0 00 0 0 0 00 0 00 0 0 0 0", [CellSpec()] * 15)
    assert spaced.count == 1
    assert RunReadings("10 1", [CellSpec()] * 3).values() == [[Decimal(1)], [Decimal(0)], [Decimal(1)]]
