"""Property-based tests (hypothesis) for the text reader, the number parser and the table matcher."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.normalize import fold
from checker.readers.text import read_text
from checker.structure import analyse
from checker.tables import extract_tables, parse_value
from checker.tables.readings import CellSpec, RunReadings

from .helpers import pack

# Bounded so that CI spends a few seconds here, not minutes.
BUDGET = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

report_chars = st.sampled_from(
    list(
        "一二三四五六七八九十、（）()|\t\n 0123456789０１２３４５.-/第条项年月日件表规章行政许可总计自然人其他"
    )
    + [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "行政复议",
        "行政诉讼",
        "\n\t",
        "| ",
        " |",
    ]
)


@BUDGET
@given(st.binary(max_size=3000))
def test_read_text_on_arbitrary_bytes_reads_or_refuses(data: bytes) -> None:
    try:
        doc = read_text(data, "x.txt")
    except InputError:
        return
    assert len(doc.text) == len(doc.raw)


@BUDGET
@given(st.lists(report_chars, max_size=400).map("".join))
def test_structure_and_tables_never_raise_on_report_like_text(text: str) -> None:
    try:
        doc = read_text(text.encode("utf-8"), "x.txt")
    except InputError:
        return
    st_ = analyse(doc, pack().pack)
    tables = extract_tables(doc, pack().pack, st_)
    for table in tables.values():
        read, total = table.count()
        assert 0 <= read <= total


@BUDGET
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_parse_value_reads_integers_in_either_width(value: int, fullwidth: bool) -> None:
    text = str(value).translate(FULLWIDTH) if fullwidth else str(value)
    parsed, status, _unit = parse_value(fold(text), pack().pack.cell_text)
    assert status == "ok" and parsed == value


@BUDGET
@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_parse_value_reads_decimals(value: Decimal) -> None:
    parsed, status, _unit = parse_value(str(value), pack().pack.cell_text)
    assert status == "ok" and parsed == value


@BUDGET
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=5))
def test_the_original_cells_are_always_among_the_readings(cells: list[int]) -> None:
    run = "".join(str(c) for c in cells)
    readings = RunReadings(run, [CellSpec()] * len(cells))
    exact = readings.narrowed({i: Decimal(c) for i, c in enumerate(cells)})
    assert exact.count == 1  # so a unique reading is the original, never a guess
    assert all(Decimal(c) in vals for c, vals in zip(cells, readings.values(), strict=True))


cell_value = st.one_of(st.none(), st.integers(min_value=0, max_value=99999))


@BUDGET
@given(
    st.lists(st.lists(cell_value, min_size=7, max_size=7), min_size=25, max_size=25),
    st.sampled_from(["pipe", "tika"]),
    st.booleans(),
)
def test_table3_rendered_from_numbers_is_read_back_exactly(
    grid: list[list[int | None]], layout: str, fullwidth: bool
) -> None:
    tpl = pack().pack.tables["表三"]

    def show(v: int | None) -> str:
        if v is None:
            return ""
        return str(v).translate(FULLWIDTH) if fullwidth else str(v)

    lines = ["云岭县青石镇2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for row, values in zip(tpl.rows, grid, strict=True):
        if layout == "pipe":
            lines.append("| " + row.label + " | " + " | ".join(show(v) for v in values) + " |")
        else:
            lines += ["\t" + row.label, *("\t" + show(v) for v in values), ""]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    doc = read_text("\n".join(lines).encode("utf-8"), "r.txt")
    st_ = analyse(doc, pack().pack)
    t3 = extract_tables(doc, pack().pack, st_)["表三"]
    for row, values in zip(tpl.rows, grid, strict=True):
        for col, v in zip(tpl.columns, values, strict=True):
            cell = t3.cells[(row.id, col)]
            if v is None:
                assert cell.value is None and cell.status == "blank", (row.label, col, cell)
            else:
                assert cell.value == v and cell.certain, (row.label, col, cell)
