"""Across units in a run (checker/across_run.py): near-identical reports of different units
and the supervisor's units list, end to end through `nianbao check` into the terminal,
JSON, XLSX and HTML outputs; and what the batch's parent keeps per report (bounded: clause
hashes and a digest, the text in a temporary file removed at the end)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from checker.limits import LIMITS
from tests.helpers import EXAMPLES, nianbao

openpyxl = pytest.importorskip("openpyxl")

SEED = EXAMPLES / "qingshi-2023.txt"
SEED_ISSUER = "云岭县青石镇人民政府"


def other_units_copy(folder: Path, issuer: str, name: str) -> Path:
    """Another unit's copy of the seed: its names, its dates and every number changed."""
    town = issuer.replace("云岭县", "").replace("人民政府", "")
    text = SEED.read_text(encoding="utf-8").replace(SEED_ISSUER, issuer).replace("青石镇", town)
    text = text.replace("青石大街1号", "柳溪路8号").replace("2024年1月", "2024年2月")
    # every count and number but the years, months and days
    text = re.sub(r"(?<![年月\d])\d+(?![\d年月日号])", lambda m: str(int(m.group()) * 3 + 1), text)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def next_year(folder: Path, name: str) -> Path:
    """The same unit's report of the next year: the years and the numbers changed."""
    text = SEED.read_text(encoding="utf-8").replace("2024", "2025").replace("2023", "2024")
    text = re.sub(r"(?<![\d年])(\d{1,3})(?![\d年])", lambda m: str(int(m.group()) + 2), text)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two units' reports that are copies, checked once by two workers into every output."""
    folder = tmp_path_factory.mktemp("copies")
    inbox = folder / "收件箱"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "青石镇.txt")
    other_units_copy(inbox, "云岭县柳溪镇人民政府", "柳溪镇.txt")
    out = {ext: folder / f"结果.{ext}" for ext in ("txt", "json", "xlsx", "html", "csv")}
    run = nianbao(
        "check", str(inbox), "--jobs", "2", *[a for p in out.values() for a in ("-o", str(p))], cwd=folder
    )
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return out


def test_copies_of_two_units_are_a_cluster_with_their_similarity_in_every_output(
    copies: dict[str, Path],
) -> None:
    text = copies["txt"].read_text(encoding="utf-8")
    assert "不同单位的报告内容雷同（1 组，提示）" in text
    line = next(line for line in text.splitlines() if "↔" in line and "柳溪镇" in line)
    assert "云岭县柳溪镇人民政府 ↔ 云岭县青石镇人民政府" in line
    similarity = float(re.search(r"([\d.]+)%", line).group(1))  # type: ignore[union-attr]
    assert 85 <= similarity < 100  # the names, dates and numbers differ
    # after the summary table: a batch section, not a report's
    assert text.index("汇总：2 份报告") < text.index("不同单位的报告内容雷同")

    data = json.loads(copies["json"].read_text(encoding="utf-8"))
    assert list(data) == ["version", "nianbao", "reports", "clusters"]  # the reports' keys first, unchanged
    clusters = data["clusters"]
    assert clusters["compared"] == 2 and clusters["skipped"] == [] and clusters["notes"] == []
    (group,) = clusters["groups"]
    assert group["members"] == [0, 1]
    paths = [r["path"] for r in data["reports"]]
    assert group["paths"] == paths
    assert sorted(group["units"]) == ["云岭县柳溪镇人民政府", "云岭县青石镇人民政府"]
    (pair,) = group["pairs"]
    assert pair["similarity"] == similarity == group["similarity"]
    assert {pair["a_path"], pair["b_path"]} == set(paths)
    # the prepared item travels with the result but is never written
    assert all("cluster" not in r for r in data["reports"])

    book = openpyxl.load_workbook(copies["xlsx"])
    assert book.sheetnames == ["汇总", "问题清单", "单位×规则", "规则", "雷同报告"]
    sheet = book["雷同报告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("组", "相似度（%）", "报告甲", "单位甲", "报告乙", "单位乙")
    assert rows[1][0] == 1 and rows[1][1] == similarity
    assert {rows[1][3], rows[1][5]} == {"云岭县柳溪镇人民政府", "云岭县青石镇人民政府"}
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F2"

    page = copies["html"].read_text(encoding="utf-8")
    assert '<section class="across" id="across">' in page and "雷同报告" in page
    assert page.index('id="across"') < page.index('<section class="unit"')
    # CSV: findings only
    table = copies["csv"].read_text(encoding="utf-8-sig")
    assert "雷同报告" not in table and "相似度" not in table


def test_one_units_two_years_are_no_cluster(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "2023.txt")
    next_year(inbox, "2024.txt")
    run = nianbao("check", str(inbox), "-q", "--jobs", "0", cwd=tmp_path)
    assert "Traceback" not in run.stderr and run.returncode in (0, 1), run.stderr
    assert "雷同比对：比对了 2 份报告，未发现不同单位的报告内容雷同" in run.stdout
    assert "不同单位的报告内容雷同（" not in run.stdout
    data = json.loads(nianbao("check", str(inbox), "-f", "json", "--no-previous", cwd=tmp_path).stdout)
    assert data["clusters"]["compared"] == 2 and data["clusters"]["groups"] == []


def test_a_batch_of_one_report_has_no_cluster_section(tmp_path: Path) -> None:
    out = tmp_path / "一份.xlsx"
    run = nianbao("check", str(SEED), "-o", str(out), "-o", str(tmp_path / "一份.json"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "clusters" not in json.loads((tmp_path / "一份.json").read_text(encoding="utf-8"))
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "问题清单", "单位×规则", "规则"]
    text = nianbao("check", str(SEED), "-q", cwd=tmp_path).stdout
    assert "雷同" not in text


# ---------------------------------------------------------------- the units list


@pytest.fixture(scope="module")
def supervised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A county and its two towns (one on time, one late); a fourth unit has not submitted."""
    folder = tmp_path_factory.mktemp("units")
    inbox = folder / "inbox"
    inbox.mkdir()
    county = SEED.read_text(encoding="utf-8").replace(SEED_ISSUER, "云岭县人民政府").replace("青石镇", "")
    (inbox / "county.txt").write_text(county, encoding="utf-8")
    shutil.copy(SEED, inbox / "qingshi.txt")
    other_units_copy(inbox, "云岭县柳溪镇人民政府", "liuxi.txt")
    units = folder / "units.csv"
    units.write_text(
        "unit,type,parent,deadline,received\n"
        "云岭县人民政府,政府,,,2024-03-01\n"
        "云岭县青石镇人民政府,乡镇,云岭县人民政府,,2024-01-20\n"
        "云岭县柳溪镇人民政府,乡镇,云岭县人民政府,,2024-02-05\n"
        "云岭县白沙镇人民政府,乡镇,,,\n",
        encoding="utf-8",
    )
    out = {ext: folder / f"报送.{ext}" for ext in ("txt", "json", "xlsx", "html")}
    run = nianbao(
        "check",
        str(inbox),
        "--units",
        str(units),
        "-q",
        *[a for p in out.values() for a in ("-o", str(p))],
        cwd=folder,
    )
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr
    return out


def test_the_units_list_shows_the_missing_the_late_the_on_time_and_the_parents_sum(
    supervised: dict[str, Path],
) -> None:
    text = supervised["txt"].read_text(encoding="utf-8")
    for words in (
        "units.csv：2023年度，4 个单位，已提交 3，未提交 1",
        "未提交单位（1）",
        "云岭县白沙镇人民政府",
        "按时率 66.7%：按时 2 · 逾期 1 · 日期不明 0",
        "逾期（1）",
        "上下级汇总",
        "一、本年新收政府信息公开申请数量",
    ):
        assert words in text, words
    late = next(line for line in text.splitlines() if "云岭县柳溪镇人民政府" in line and "2024-02-05" in line)
    assert "2024-01-31" in late and late.rstrip(" │").endswith("5")

    units = json.loads(supervised["json"].read_text(encoding="utf-8"))["units"]
    assert units["submitted"] == 3 and [m["unit"] for m in units["missing"]] == ["云岭县白沙镇人民政府"]
    timeliness = {t["unit"]: (t["on_time"], t["late_days"]) for t in units["timeliness"]["reports"]}
    assert timeliness == {
        "云岭县人民政府": (True, -30),
        "云岭县青石镇人民政府": (True, -11),
        "云岭县柳溪镇人民政府": (False, 5),
    }
    assert units["timeliness"]["rate"] == 66.7
    parents = {p["row"]: p for p in units["parents"]}
    new = parents["一、本年新收政府信息公开申请数量"]
    assert (new["parent"], new["children"], new["unsettled"]) == ("云岭县人民政府", 2, [])
    assert new["children_sum"] is not None and new["difference"] == new["parent_value"] - new["children_sum"]

    book = openpyxl.load_workbook(supervised["xlsx"])
    assert book.sheetnames[-3:] == ["雷同报告", "单位报送情况", "上下级汇总"]
    rows = list(book["单位报送情况"].iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "类型", "上级", "状态")
    status = {row[0]: row[3] for row in rows[1:] if row[0] and row[3]}
    assert status == {
        "云岭县人民政府": "已提交",
        "云岭县青石镇人民政府": "已提交",
        "云岭县柳溪镇人民政府": "逾期提交",
        "云岭县白沙镇人民政府": "未提交",
    }
    assert any(row[0] and "按时率 66.7%" in str(row[0]) for row in rows)
    parent_rows = list(book["上下级汇总"].iter_rows(values_only=True))
    assert parent_rows[0][:4] == ("上级单位", "行", "上级填报", "下级合计")
    assert any(row[1] == "一、本年新收政府信息公开申请数量" for row in parent_rows[1:])

    page = supervised["html"].read_text(encoding="utf-8")
    for words in ("单位报送情况", "未提交", "逾期提交", "按时率 66.7%", "上下级汇总"):
        assert words in page, words


# ---------------------------------------------------------------- what the parent keeps


def _result(path: str, issuer: str, text: str) -> object:
    from checker.clusters import ClusterItem, prepare_item
    from checker.results import ReportResult

    result = ReportResult(path=path, issuer=issuer, year=2023)
    result.cluster = prepare_item(ClusterItem(0, issuer, 2023, text))
    return result


def test_the_parent_keeps_hashes_and_a_digest_per_report_and_the_text_on_disk(tmp_path: Path) -> None:
    from checker.across import load_across
    from checker.across_run import AcrossCollector
    from checker.clusters import StoredItem

    data = load_across().clusters
    seed = SEED.read_text(encoding="utf-8")
    huge = seed * (4 * LIMITS.clusters_max_chars // len(seed) + 1)  # four times the cap
    results = [_result(f"r{i}.txt", f"单位{i}", huge) for i in range(3)]
    with AcrossCollector(clusters=True, units=None) as collector:
        for r in results:
            collector.take(r)  # type: ignore[arg-type]
            assert r.cluster is None  # type: ignore[attr-defined]
        folder = Path(collector.spool.folder.name)  # type: ignore[union-attr]
        assert folder.is_dir() and len(list(folder.iterdir())) == 1
        bound = LIMITS.clusters_max_chars // (data.min_clause_chars + 1) + 1
        for item in collector.items:
            assert isinstance(item, StoredItem)
            assert 0 < len(item.clauses) <= bound  # each clause at least min_clause_chars and a break
            assert item.size <= 3 * LIMITS.clusters_max_chars  # the capped text, UTF-8, on disk
            texts = [
                getattr(item, slot) for slot in StoredItem.__slots__ if isinstance(getattr(item, slot), str)
            ]
            assert texts == [item.unit]  # no text in memory but the unit's key
        section = collector.finish()
        assert section is not None and section.clusters is not None
        (cluster,) = section.clusters.clusters
        assert cluster.members == (0, 1, 2) and all(p.similarity == 100 for p in cluster.pairs)
    assert not folder.exists()  # removed with the collector


def test_reports_past_the_items_cap_are_not_kept_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.across_run import AcrossCollector

    monkeypatch.setattr(LIMITS, "clusters_max_items", 2)
    seed = SEED.read_text(encoding="utf-8")
    with AcrossCollector(clusters=True, units=None) as collector:
        for i in range(4):
            collector.take(_result(f"r{i}.txt", f"单位{i}", seed))  # type: ignore[arg-type]
        assert collector.stored == 2 and [i.size > 0 for i in collector.items] == [True, True, False, False]
        section = collector.finish()
    assert section is not None and section.clusters is not None
    assert section.clusters.skipped == [2, 3]
    assert section.clusters.notes == ["参与雷同比对的报告超过 2 份，其余 2 份未比对"]
    assert section.clusters.clusters[0].members == (0, 1)


def test_stored_items_give_the_clusters_prepared_items_give(tmp_path: Path) -> None:
    from checker.across_run import AcrossCollector
    from checker.clusters import find_clusters

    seed = SEED.read_text(encoding="utf-8")
    copy = other_units_copy(tmp_path, "云岭县柳溪镇人民政府", "copy.txt").read_text(encoding="utf-8")
    results = [
        _result("a", SEED_ISSUER, seed),
        _result("b", "云岭县柳溪镇人民政府", copy),
        _result("c", "某局", ""),
    ]
    prepared = [r.cluster for r in results]  # type: ignore[attr-defined]
    prepared = [type(p)(i, p.unit, p.year, p.masked, p.clauses) for i, p in enumerate(prepared)]
    with AcrossCollector(clusters=True, units=None) as collector:
        for r in results:
            collector.take(r)  # type: ignore[arg-type]
        assert find_clusters(collector.items) == find_clusters(prepared)
        assert find_clusters(collector.items).clusters[0].members == (0, 1)


def test_with_units_only_the_parents_cells_are_kept(tmp_path: Path) -> None:
    from checker.across import load_across
    from checker.across_run import AcrossCollector
    from checker.engine import check_document
    from checker.units import load_units
    from tests.helpers import pack

    units = tmp_path / "units.csv"
    units.write_text("unit,type,parent,deadline\n云岭县青石镇人民政府,乡镇,,\n", encoding="utf-8")
    result = check_document(SEED, pack())
    with AcrossCollector(clusters=False, units=load_units(units), published=date(2024, 1, 10)) as collector:
        collector.take(result)
        (item,) = collector.unit_items
        spec = load_across().units.parent_sum
        assert list(item.tables) == [spec.table]
        assert set(item.tables[spec.table].values) <= set(spec.rows)
        section = collector.finish()
    assert section is not None and section.clusters is None and section.units is not None
    assert section.units.on_time == 1 and section.units.timeliness[0].source  # --published counts


def test_the_texts_file_is_removed_when_the_run_ends(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.helpers import nianbao_command

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "青石镇.txt")
    other_units_copy(inbox, "云岭县柳溪镇人民政府", "柳溪镇.txt")
    temp = tmp_path / "tmp"
    temp.mkdir()
    for extra in ((), ("--no-previous",)):
        run = subprocess.run(
            nianbao_command("check", str(inbox), "-q", *extra),
            capture_output=True,
            text=True,
            env={**os.environ, "TMPDIR": str(temp)},
            timeout=120,
            check=False,
        )
        assert "不同单位的报告内容雷同（1 组，提示）" in run.stdout, run.stderr
        assert list(temp.iterdir()) == []
