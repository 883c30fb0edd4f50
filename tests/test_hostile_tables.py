"""The table reader, the narrative statements and the claim rules finish on adversarial text.

Each filler would take minutes if a pattern or an algorithm were quadratic (every digit of a
100,000-digit run a start; a label repeated thousands of times; a 40-digit row): they must
be read in one pass. Nothing here measures time — the sizes make a regression hang.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from checker.engine import check_document

from .helpers import EXAMPLES, pack

BASE = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
ANCHOR = "镇政府明确党政综合办公室统一受理"
ROW = "一、本年新收政府信息公开申请数量"

HOSTILE = {
    "digits": "2" * 100_000,
    "received": "收到" * 50_000,
    "received-applications": "收到申请" * 25_000,
    "applicants": "其中自然人" * 20_000,
    "carried-over": "结转下年度" * 20_000,
    "numbered-carry": "1件结转" * 25_000,
    "all-handled": "全部办结" * 25_000,
    "no-review": "未发生行政复议" * 15_000,
    "fee": "未收取信息处理费" * 12_000,
    "labels": (ROW + "1" * 40) * 2_000,
    "group-labels": "（六）其他处理2000002" * 5_000,
    "spaced-zeros": "0 " * 50_000,
    "decimals": "1." * 50_000,
}


@pytest.mark.parametrize("filler", list(HOSTILE.values()), ids=list(HOSTILE))
def test_tables_statements_and_claims_finish_on_hostile_text(filler: str, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(BASE.replace(ANCHOR, filler + ANCHOR, 1), encoding="utf-8")
    result = check_document(report, pack(), select=["TBL", "TXT-16", "DOC-01"])
    assert not result.unreadable and result.title  # checked to the end (a --select run has no score)


def test_a_flattened_table_of_40_digit_rows_is_bounded(tmp_path: Path) -> None:
    rows = "".join(row.label + "1234567890" * 4 for row in pack().pack.tables["表三"].rows)
    text = (
        "云岭县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况"
        + rows
        + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    result = check_document(report, pack(), select=["TBL", "DOC-01"])
    t3 = result.tables["表三"]
    assert all(cell.value is None for cell in t3.cells.values())  # nothing settled, nothing guessed
    # 40 digits in 7 cells of at most 6 digits: few cuts, so the row totals can be judged — and
    # a certain TBL-03 must fail under every cut, which brute force over the cut lengths confirms
    run = "1234567890" * 4
    holds_somewhere = False
    for lengths in product(range(1, 7), repeat=7):
        if sum(lengths) != len(run):
            continue
        cuts, pos = [], 0
        for n in lengths:
            cuts.append(run[pos : pos + n])
            pos += n
        if all(c == "0" or not c.startswith("0") for c in cuts):
            values = [int(c) for c in cuts]
            holds_somewhere |= sum(values[:6]) == values[6]
    certain = [f for f in result.findings if f.rule == "TBL-03" and f.certain]
    assert bool(certain) == (not holds_somewhere)
