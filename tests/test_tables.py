"""Table matching on the seed and on synthetic layouts: values, blanks, doubtful readings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.tables import splits

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


def test_flattened_digits_split_only_when_unique(tmp_path: Path) -> None:
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
    assert any("801000081" in p for p in t3.problems)


def test_splits_enumerates_without_leading_zeros() -> None:
    assert splits("000", 3) == [["0", "0", "0"]]
    assert len(splits("801000081", 7)) > 1
    assert splits("1000001", 7) == [["1", "0", "0", "0", "0", "0", "1"]]
    assert splits("12", 3) == []
