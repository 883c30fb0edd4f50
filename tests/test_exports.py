"""The exports a supervisor opens in Excel or greps: XLSX, CSV and concise lines, all from
one run, each opened by the library its users' tools use."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, nianbao

openpyxl = pytest.importorskip("openpyxl")

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
CLEAN = EXAMPLES / "qingshi-2023.txt"
OLD = EXAMPLES / "qingshi-2020.txt"


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An inbox of three reports (one with defects, one unreadable) checked once into every
    export."""
    folder = tmp_path_factory.mktemp("exports")
    inbox = folder / "inbox"
    inbox.mkdir()
    for source in (CLEAN, DEFECTS, OLD):
        shutil.copy(source, inbox / source.name)
    (inbox / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = {ext: folder / f"结果.{ext}" for ext in ("xlsx", "csv", "json")}
    run = nianbao("check", str(inbox), "--jobs", "0", *[a for p in out.values() for a in ("-o", str(p))])
    assert run.returncode == 3, run.stderr  # one file could not be checked
    assert run.stdout == ""
    return out


def _reports(one_run: dict[str, Path]) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(one_run["json"].read_text(encoding="utf-8"))["reports"]  # type: ignore[no-any-return]


def test_the_workbook_opens_with_a_summary_row_per_report_worst_first(one_run: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(one_run["xlsx"])
    assert book.sheetnames == [
        "汇总",
        "问题清单",
        "单位×规则",
        "规则",
        "雷同报告",
    ]  # a batch: near-identical reports
    summary = book["汇总"]
    rows = list(summary.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("单位", "年度", "等级", "得分")
    assert len(body) == len(_reports(one_run)) == 4
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == f"A1:{summary.cell(1, len(header)).column_letter}{len(rows)}"
    grades = [row[2] for row in body]
    scores = [row[3] for row in body]
    assert grades[0] == "无法检查" and scores[0] is None  # the file that could not be checked first
    assert scores[1:] == sorted(scores[1:])  # then the lowest score
    assert grades[1] == "合格" and body[1][4] == 10  # the defects example: 60 分, 10 errors


def test_grades_are_coloured_by_their_rank_in_the_pack(one_run: dict[str, Path]) -> None:
    summary = openpyxl.load_workbook(one_run["xlsx"])["汇总"]
    colour = {row[2].value: row[2].fill.fgColor.rgb for row in summary.iter_rows(min_row=2)}
    assert colour["优秀"] != colour["合格"] != colour["无法检查"]
    assert len(set(colour.values())) == len(colour)


def test_the_findings_sheet_has_every_finding_with_its_place(one_run: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(one_run["xlsx"])["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    findings = [(r["path"], f) for r in _reports(one_run) for f in r["findings"]]
    assert len(rows) - 1 == len(findings)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    named = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    tbl01 = next(r for r in named if r["规则"] == "TBL-01" and r["列"] == "总计")
    assert tbl01["表格"] == "表三" and tbl01["级别"] == "错误" and tbl01["确定性"] == "确定"
    assert tbl01["扣分"] > 0 and "相差1" in tbl01["问题"]
    assert next(r for r in named if r["规则"] == "DOC-00")["文件"].endswith("坏文件.docx")


def test_the_matrix_counts_each_rule_per_unit_and_the_rules_sheet_lists_the_packs(
    one_run: dict[str, Path],
) -> None:
    book = openpyxl.load_workbook(one_run["xlsx"])
    matrix = list(book["单位×规则"].iter_rows(values_only=True))
    rules = {row[0] for row in book["规则"].iter_rows(min_row=2, values_only=True)}
    fired = matrix[0][2:]
    assert fired and set(fired) <= rules | {"DOC-00"}
    defects = next(r for r in _reports(one_run) if r["path"].endswith("defects.txt"))
    certain = [f["rule"] for f in defects["findings"] if f["certain"]]
    row = next(m for m in matrix[1:] if m[2 + fired.index("TBL-01")])
    assert sum(v or 0 for v in row[2:]) == len(certain)
    packs = {row[7] for row in book["规则"].iter_rows(min_row=2, values_only=True)}
    assert packs == {"gov-info-disclosure-2021", "gov-info-disclosure-2019"}  # the 2020 report's too


def test_the_csv_opens_as_chinese_in_excel(one_run: dict[str, Path]) -> None:
    data = one_run["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["单位", "年度", "文件", "规则"]
    assert len(rows) - 1 == sum(len(r["findings"]) for r in _reports(one_run))
    assert all(len(row) == len(rows[0]) for row in rows)
    assert any("相差1" in row[rows[0].index("问题")] for row in rows)
    assert b"\r\n" in data


def test_concise_is_one_line_per_finding_with_a_place(tmp_path: Path) -> None:
    run = nianbao("check", str(DEFECTS), "--format", "concise")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    findings = json.loads(nianbao("check", str(DEFECTS), "--format", "json").stdout)["reports"][0]["findings"]
    assert len(lines) == len(findings)
    shape = re.compile(r"^\S+?\.txt(:\d+)?(:\S+)?: (错误|警告|提示)(（待核实）)? [A-Z]+-\d+ \S")
    assert all(shape.match(line) for line in lines), lines
    assert any(re.search(r":\d+:表三“总计”: 错误 TBL-01 ", line) for line in lines)


def test_xlsx_cannot_go_to_a_terminal() -> None:
    run = nianbao("check", str(CLEAN), "--format", "xlsx")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "-o" in run.stderr


def test_the_same_result_file_twice_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    run = nianbao("check", str(CLEAN), "-o", str(out), "-o", str(tmp_path / "." / "r.csv"))
    assert run.returncode == 2 and "两次" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_suffix_chooses_its_format_and_others_take_format(tmp_path: Path) -> None:
    run = nianbao("check", str(CLEAN), "--format", "concise", "-o", str(tmp_path / "a.out"))
    assert run.returncode == 0 and (tmp_path / "a.out").read_text(encoding="utf-8") == ""
    run = nianbao("check", str(DEFECTS), "--format", "concise", "-o", str(tmp_path / "b.json"))
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["reports"]


def test_every_registered_format_makes_a_writer_that_takes_a_result(tmp_path: Path) -> None:
    """The registry is the one place a format name becomes a writer: each module it names has
    `writer(out, loaded, options)`, and the writer finishes an empty run without error."""
    import io

    from checker.render import BINARY_FORMATS, FORMATS, REGISTRY, RenderOptions, open_writer
    from tests.helpers import pack

    assert set(FORMATS) == set(REGISTRY) and "xlsx" in BINARY_FORMATS
    for fmt in FORMATS:
        out: io.StringIO | Path = tmp_path / f"out.{fmt}" if fmt in BINARY_FORMATS else io.StringIO()
        open_writer(fmt, out, pack(), RenderOptions(to_file=True)).end([])
        if isinstance(out, Path):
            assert out.stat().st_size > 0
