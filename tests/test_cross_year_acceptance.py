"""Issue 9 part 4's acceptance: a supervisor's inbox with several years of the same units.

The folder holds the 2023 and 2024 洪泽区 PDFs, the 2021–2025 平潭 reports (and the 2020
report of 平潭's 自然资源与生态环境局, another unit), the seed and a copy of the seed edited
as the next year's report: years bumped to 2024, a different 上年结转, the text otherwise
unchanged. One real run (the console script, two workers) must pair the reports, report
the carry-over mismatch and the near-identical text for the edited copy, and find the
洪泽区 pair's carry-over in order.
"""

from __future__ import annotations

import json
import re
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from .helpers import CORPUS, SEED, WIDE_UNCACHED, nianbao

PINGTAN = [CORPUS / f"{year}_pingtan.txt" for year in range(2021, 2026)]
HONGZE = [CORPUS / "2023_huaian-hongzequ.pdf", CORPUS / "2024_huaian-hongzequ.pdf"]
OTHER_UNIT = CORPUS / "2020_pingtan-ziranziyuanju.txt"
NEEDED = [*PINGTAN, *HONGZE, OTHER_UNIT, SEED]

pytestmark = pytest.mark.skipif(not all(p.exists() for p in NEEDED), reason="shared corpus not available")

CARRIED_OVER = "二、上年结转政府信息公开申请数量"


def next_year(seed: str) -> str:
    """The seed as its next year's report: years bumped by one, and 上年结转 1 for 自然人
    and 总计 where last year's 结转下年度继续办理 was 0."""
    text = re.sub(r"20(2[0-9])", lambda m: f"20{int(m.group(1)) + 1}", seed)
    head, label, rest = text.partition(CARRIED_OVER)
    assert label, "the seed has no 上年结转 row"
    cells = rest.split("\n", 8)  # the label's line end, then one line per cell (7 columns)
    assert [c.strip() for c in cells[1:8]] == ["0"] * 7, cells[:8]
    cells[1] = cells[1].replace("0", "1")
    cells[7] = cells[7].replace("0", "1")
    return head + label + "\n".join(cells)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    for path in NEEDED:
        shutil.copy(path, folder / path.name)
    edited = next_year(SEED.read_text(encoding="utf-8"))
    (folder / "2024_acheng-songfengshan.txt").write_text(edited, encoding="utf-8")
    return folder


_run = partial(nianbao, env=WIDE_UNCACHED, timeout=600)  # the real entry point, in a child


@pytest.fixture(scope="module")
def reports(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("out") / "result.json"
    done = _run("check", inbox, "--jobs", "2", "-o", out)
    assert done.returncode in (0, 1), done.stderr
    return {Path(r["path"]).name: r for r in json.loads(out.read_text(encoding="utf-8"))["reports"]}


def _previous(report: dict[str, Any]) -> str | None:
    previous = report["previous"]
    return None if previous is None else Path(previous["path"]).name


def _hits(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule]


def test_the_pairs_are_found(reports: dict[str, dict[str, Any]]) -> None:
    pairs = {name: _previous(r) for name, r in reports.items()}
    assert pairs == {
        "2021_pingtan.txt": None,
        "2022_pingtan.txt": "2021_pingtan.txt",
        "2023_pingtan.txt": "2022_pingtan.txt",
        "2024_pingtan.txt": "2023_pingtan.txt",
        "2025_pingtan.txt": "2024_pingtan.txt",
        "2020_pingtan-ziranziyuanju.txt": None,  # another unit of 平潭
        "2023_huaian-hongzequ.pdf": None,
        "2024_huaian-hongzequ.pdf": "2023_huaian-hongzequ.pdf",  # 淮安市洪泽区 / 洪泽区
        "2023_acheng-songfengshan.txt": None,
        "2024_acheng-songfengshan.txt": "2023_acheng-songfengshan.txt",
    }
    for name, previous in pairs.items():
        absent = _hits(reports[name], "DOC-04")
        # a report without last year's says so once (info, no points); a paired one does not
        assert len(absent) == (1 if previous is None else 0), (name, absent)
        assert all(f["severity"] == "info" for f in absent)


def test_the_edited_copy_has_the_carry_over_mismatch_and_the_same_text(
    reports: dict[str, dict[str, Any]],
) -> None:
    edited = reports["2024_acheng-songfengshan.txt"]
    carry = _hits(edited, "TBL-10")
    assert {f["location"]["column"] for f in carry if f["certain"]} == {"自然人", "总计"}
    assert all(f["severity"] == "error" for f in carry)
    same = [f for f in _hits(edited, "TXT-01") if f["certain"]]
    assert {f["location"]["section"] for f in same} == {"一", "五"}
    assert all(f["severity"] == "error" and "2023年度报告" in f["message"] for f in same)
    assert all(re.search(r"相似度为(?:9\d|100)%", f["message"]) for f in same)
    # the township's tables are all zero, as every year: identical, and no sign of copying
    assert not _hits(edited, "TXT-02")
    # the seed itself, with no report of its year before, is not compared
    assert not _hits(reports["2023_acheng-songfengshan.txt"], "TBL-10")


def test_the_hongze_pair_raises_no_carry_over_finding(reports: dict[str, dict[str, Any]]) -> None:
    assert not _hits(reports["2024_huaian-hongzequ.pdf"], "TBL-10")


def test_the_pingtan_chain_carries_over(reports: dict[str, dict[str, Any]]) -> None:
    for year in range(2022, 2026):
        assert not _hits(reports[f"{year}_pingtan.txt"], "TBL-10"), year


def test_the_terminal_summary_lists_the_pairs(inbox: Path) -> None:
    done = _run("check", inbox, "--jobs", "2", "--quiet")
    assert done.returncode in (0, 1), done.stderr
    assert "跨年度比对：找到 6 对" in done.stdout
    assert "2023→2024：" in done.stdout and "2024_acheng-songfengshan.txt" in done.stdout


def test_no_previous_restores_streaming_without_the_cross_year_rules(inbox: Path) -> None:
    done = _run("check", inbox, "--jobs", "2", "--no-previous", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)["reports"]
    assert all("previous" not in r for r in found)
    cross = {"TBL-10", "TBL-11", "TXT-01", "TXT-02", "DOC-04"}
    assert not [f for r in found for f in r["findings"] if f["rule"] in cross]
