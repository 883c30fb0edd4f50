"""The HTML export as a document: what each unit's section holds, the highlighted cells, the
整改通知, escaping of hostile report text, the caps, and the spool that keeps memory flat.
(The page in a real browser: tests/test_html_browser.py.)"""

from __future__ import annotations

import gc
import io
import shutil
import tempfile
import weakref
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from ruamel.yaml import YAML

from checker.engine import check_document
from checker.findings import Finding, Location
from checker.limits import LIMITS
from checker.render.html import HtmlWriter
from checker.results import ReportResult
from checker.summary import compact
from tests.helpers import EXAMPLES, ROOT, nianbao, pack

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
CLEAN = EXAMPLES / "qingshi-2023.txt"
OLD = EXAMPLES / "qingshi-2020.txt"
FLAT = ROOT / "tests" / "fixtures" / "flat"


def flat_report(tmp_path: Path, name: str) -> Path:
    """A flattened web-page report of the flat fixtures, as a file."""
    text = YAML(typ="safe").load((FLAT / name).read_text(encoding="utf-8"))["text"]
    path = tmp_path / (Path(name).stem + ".txt")
    path.write_text(text, encoding="utf-8")
    return path


def page(
    results: list[ReportResult], rectify_by: date | None = None, skipped: list[str] | None = None
) -> Any:
    out = io.StringIO()
    writer = HtmlWriter(out, pack(), rectify_by)
    for result in results:
        writer.report(result)
    writer.end(skipped or [])
    return lxml.html.document_fromstring(out.getvalue())


def section_of(doc: Any, name: str) -> Any:
    (found,) = doc.xpath(f"//section[contains(@data-path, '{name}')]")
    return found


def cell(section: Any, table: str, row: str, column: str) -> Any:
    (found,) = section.xpath(
        f".//td[@data-table='{table}' and @data-row='{row}' and @data-column='{column}']"
    )
    return found


def classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("html")
    broken = folder / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    paths = [CLEAN, DEFECTS, OLD, broken, flat_report(folder, "20-results-total-fails.yaml")]
    # as a batch sends them: tables summarised in the worker
    return page([compact(check_document(p, pack())) for p in paths], rectify_by=date(2025, 3, 31))


def test_the_summary_lists_every_unit_worst_first_linked_to_its_section(batch: Any) -> None:
    rows = batch.xpath("//table[@class='overview']/tbody/tr")
    assert len(rows) == len(batch.xpath("//section[@class='unit']")) == 5
    grades = [r.xpath("string(td[5])") for r in rows]
    assert grades[0] == "无法检查"
    scores = [float(s) for s in (r.xpath("string(td[6])") for r in rows) if s]
    assert scores == sorted(scores) and len(scores) == 4
    for r in rows:
        (link,) = r.xpath("td[2]/a/@href")
        assert batch.xpath(f"//section[@id='{link[1:]}']")
    distribution = batch.xpath("string(//p[@class='grades'])").removeprefix("等级分布：").split(" · ")
    counted = dict(item.rsplit(" ", 1) for item in distribution)
    assert sum(int(n) for n in counted.values()) == 5 and counted["无法检查"] == "1"
    ranks = [band.grade for band in pack().pack.grading] + ["无法检查"]
    assert list(counted) == sorted(counted, key=ranks.index)  # best grade first, ungraded last


def test_a_section_gives_title_unit_year_format_grade_and_score(batch: Any) -> None:
    section = section_of(batch, "defects")
    assert section.xpath("string(h2)") == "云岭县青石镇人民政府2023年政府信息公开工作年度报告"
    meta = dict(
        zip(section.xpath("dl/dt/text()"), [d.text_content() for d in section.xpath("dl/dd")], strict=True)
    )
    assert meta["单位"] == "云岭县青石镇人民政府" and meta["年度"] == "2023" and meta["格式"] == "markdown"
    assert meta["等级与得分"] == "60 分 · 合格"


def test_the_three_tables_have_every_row_and_column_of_the_template(batch: Any) -> None:
    section = section_of(batch, "qingshi-2023.txt")
    templates = pack().pack.tables
    assert section.xpath("table[@class='stat']/@data-table") == list(templates)
    for name, template in templates.items():
        for row in template.rows:
            for column in template.columns_of(row):
                cell(section, name, row.label, column)
    # group labels head their rows
    assert "（三）不予公开" in section.xpath("//tr[@class='group']/th/text()")
    assert cell(section, "表三", "（一）予以公开", "总计").text_content() == "7"


def test_an_offending_cell_shows_the_reported_and_the_expected_value(batch: Any) -> None:
    section = section_of(batch, "defects")
    fee = cell(section, "表二", "行政事业性收费", "本年收费金额（单位：万元）")
    assert "hit-certain" in classes(fee)
    assert fee.text_content().startswith("2.5元（应为 万元）")
    (ref,) = fee.xpath(".//sup/a/@href")
    (listed,) = section.xpath(f"//tr[@id='{ref[1:]}']")
    assert listed.get("data-rule") == "TBL-08"
    # a column's finding marks its heading, a row's its label
    (total,) = [th for th in section.xpath(".//table[@data-table='表三']//th") if th.text == "总计"]
    assert "hit-certain" in classes(total)
    (review,) = section.xpath(".//table[@data-table='表四']//th[@scope='row' and starts-with(., '行政复议')]")
    assert "hit-certain" in classes(review)
    # a cell no finding is about is not highlighted
    assert not classes(cell(section, "表三", "（一）予以公开", "总计"))


def test_undecided_cells_and_doubtful_findings_are_told_apart_from_certain_ones(batch: Any) -> None:
    section = section_of(batch, "20-results-total-fails")
    undecided = section.xpath(".//td[contains(@class, 'undecided')]")
    assert undecided and all(
        td.text_content().startswith("待核实：") and " 或 " in td.text_content() for td in undecided
    )
    assert section.xpath(".//*[contains(@class, 'hit-doubt')]")
    assert section.xpath(".//*[contains(@class, 'hit-certain')]")
    doubtful = section.xpath(".//table[@class='findings']//tr[@class='f-doubt']")
    assert doubtful and all("待核实" in tr.xpath("string(td[2])") for tr in doubtful)
    certain = section.xpath(".//table[@class='findings']//tr[@class='f-certain']")
    assert certain and not any("待核实" in tr.xpath("string(td[2])") for tr in certain)


def test_blank_and_absent_cells_are_different_from_each_other_and_from_zero(tmp_path: Path) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    blank_row = next(line for line in text.splitlines() if line.startswith("| 行政强制"))
    cut = text.replace(blank_row, "| 行政强制 |  |")
    cut = "\n".join(line for line in cut.splitlines() if not line.startswith("| 行政许可"))
    path = tmp_path / "留空.txt"
    path.write_text(cut, encoding="utf-8")
    section = section_of(page([check_document(path, pack())]), "留空")
    blank = cell(section, "表二", "行政强制", "本年处理决定数量")
    absent = cell(section, "表二", "行政许可", "本年处理决定数量")
    assert (blank.text_content(), classes(blank) & {"blank", "absent"}) == ("空白", {"blank"})
    assert (absent.text_content(), classes(absent) & {"blank", "absent"}) == ("缺行", {"absent"})


def test_the_notice_groups_certain_findings_with_their_basis_and_deadline(batch: Any) -> None:
    notice = section_of(batch, "defects").xpath(".//div[@class='notice']")[0]
    assert notice.xpath("string(h3)") == "整改通知"
    text = notice.text_content()
    assert "2025年3月31日" in text
    items = notice.xpath("ol/li")
    rules = [li.get("data-rule") for li in items]
    assert len(rules) == len(set(rules)) and "TBL-01" in rules  # one item per rule
    (tbl01,) = [li for li in items if li.get("data-rule") == "TBL-01"]
    assert "2 处" in tbl01.text_content() and len(tbl01.xpath("ul/li")) == 2
    assert tbl01.xpath("string(div[@class='basis'])").startswith("依据：")
    severities = [li.xpath("string(strong/following-sibling::text()[1])")[1:3] for li in items]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)


def test_the_notice_leaves_the_deadline_blank_without_a_date(tmp_path: Path) -> None:
    doc = page([check_document(DEFECTS, pack())])
    (notice,) = doc.xpath("//div[@class='notice']")
    assert notice.xpath(".//span[@data-fill='deadline']")
    assert "年" not in notice.xpath("string(p[2])").split("并于")[1].split("前")[0]


def test_the_notice_asks_the_unit_to_confirm_doubtful_items(batch: Any) -> None:
    notice = section_of(batch, "20-results-total-fails").xpath(".//div[@class='notice']")[0]
    assert "待核实" in notice.text_content() and "自行核对" in notice.text_content()
    clean = section_of(batch, "qingshi-2023.txt").xpath(".//div[@class='notice']")[0]
    assert "未发现须整改的问题" in clean.text_content() and "待核实" not in clean.text_content()


def test_an_unreadable_report_has_its_reason_and_no_tables(batch: Any) -> None:
    section = section_of(batch, "坏文件")
    assert not section.xpath(".//table[@class='stat']")
    assert "文件无法检查" in section.xpath("string(p[@class='banner'])")
    assert section.xpath(".//table[@class='findings']//tr/@data-rule") == ["DOC-00"]
    assert section.xpath("string(dl)").count("无法检查") == 1


def test_a_partial_run_says_so_and_gives_no_grade(tmp_path: Path) -> None:
    out = tmp_path / "部分.html"
    run = nianbao("check", str(DEFECTS), "--select", "TBL", "--jobs", "0", "-o", str(out))
    assert run.returncode == 1, run.stderr
    doc = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert "部分检查" in doc.xpath("string(//header/p[@class='banner'])")
    assert doc.xpath("string(//table[@class='overview']/tbody/tr/td[5])") == "部分检查，不评分"
    assert doc.xpath("string(//table[@class='overview']/tbody/tr/td[6])") == ""
    assert {r[:3] for r in doc.xpath("//table[@class='findings']//tr/@data-rule")} == {"TBL"}
    assert "所选规则" in doc.xpath("string(//div[@class='notice'])")


def _hostile() -> ReportResult:
    evil = '<script>alert("x")</script>'
    return ReportResult(
        path=f"/inbox/{evil}\udcff.txt",
        format="text",
        title=f"{evil}县2023年政府信息公开工作年度报告",
        issuer=f'"><img src=x onerror=alert(1)>{evil}',
        year=2023,
        score=90.0,
        grade="良好",
        findings=[
            Finding(
                rule="TXT-04",
                name="x",
                title=evil,
                category="text",
                severity="error",
                message=f"出现“{evil}”和 ' \" & \x00\x1b",
                location=Location(line=3, table="表二", row='"><b>', column="<i>"),
                observed="<b>1</b>",
                expected="&amp;",
                basis=evil,
            )
        ],
    )


def test_hostile_report_text_is_escaped_everywhere() -> None:
    out = io.StringIO()
    writer = HtmlWriter(out, pack(), None)
    writer.report(_hostile())
    writer.end(["<script>skipped</script>.txt"])
    html = out.getvalue()
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "\x00" not in html
    doc = lxml.html.document_fromstring(html)
    assert not doc.xpath("//script | //img | //b | //i")
    assert doc.xpath("string(//section/h2)").startswith('<script>alert("x")</script>县')
    assert '"><img src=x onerror=alert(1)>' in doc.xpath("string(//table[@class='overview'])")
    assert doc.xpath("//section/@data-path")[0].endswith("</script>\\xff.txt")  # the byte shown
    assert "' \" &" in doc.xpath("string(//table[@class='findings'])")
    html.encode("utf-8")  # writable as UTF-8


def test_the_page_needs_no_network_resource(batch: Any) -> None:
    assert not batch.xpath("//script | //link | //img | //iframe | //object | //embed | //video | //audio")
    assert all(href.startswith("#") for href in batch.xpath("//@href"))
    assert not batch.xpath("//@src")
    css = batch.xpath("string(//style)")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert "break-before: page" in css


def test_long_text_and_many_findings_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "html_text_chars", 50)
    monkeypatch.setattr(LIMITS, "html_findings_per_unit", 3)
    result = _hostile()
    long = result.findings[0]
    long.message = "长" * 10_000
    result.findings = [long] * 5
    doc = page([result])
    rows = doc.xpath("//table[@class='findings']/tbody/tr")
    assert len(rows) == 3
    assert rows[0].xpath("string(td[4])") == "长" * 49 + "…"
    assert "另有 2 个问题未列出" in doc.xpath("string(//section)")


def test_the_spool_goes_to_disk_and_is_closed_in_every_case(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(LIMITS, "html_spool_bytes", 1_000)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = check_document(DEFECTS, pack())
    out = io.StringIO()
    writer = HtmlWriter(out, pack(), None)
    writer.report(result)
    writer.report(result)
    assert writer.spool._rolled  # type: ignore[attr-defined]  # past the cap: on disk
    writer.end([])
    assert writer.spool.closed and list(tmp_path.iterdir()) == []
    assert lxml.html.document_fromstring(out.getvalue()).xpath("count(//section)") == 2

    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("disk full")

    failing = HtmlWriter(Broken(), pack(), None)
    failing.report(result)
    with pytest.raises(OSError):
        failing.end([])
    assert failing.spool.closed


def test_the_writer_keeps_no_result(tmp_path: Path) -> None:
    writer = HtmlWriter(io.StringIO(), pack(), None)
    result = check_document(DEFECTS, pack())
    kept = weakref.ref(result)
    writer.report(result)
    del result
    gc.collect()
    assert kept() is None
    writer.end([])


def test_html_and_htm_outputs_and_format_html(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DEFECTS, inbox)
    (inbox / "说明.txt").write_text("这是一个说明文件，不是报告。\n", encoding="utf-8")
    html, htm = tmp_path / "结果.html", tmp_path / "结果.htm"
    run = nianbao(
        "check", str(inbox), "--jobs", "0", "-o", str(html), "-o", str(htm), "--rectify-by", "2025-04-30"
    )
    assert run.returncode == 1, run.stderr
    assert run.stdout == ""
    assert html.read_text(encoding="utf-8") == htm.read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(html.read_text(encoding="utf-8"))
    assert "2025年4月30日" in doc.xpath("string(//div[@class='notice'])")
    assert "说明.txt" in doc.xpath("string(//p[@class='skipped'])")
    piped = nianbao("check", str(DEFECTS), "--jobs", "0", "--format", "html")
    assert piped.returncode == 1 and piped.stdout.startswith("<!DOCTYPE html>")
    assert piped.stdout.rstrip().endswith("</html>")


def test_a_bad_deadline_is_a_usage_error(tmp_path: Path) -> None:
    run = nianbao("check", str(DEFECTS), "--rectify-by", "3月底", "-o", str(tmp_path / "r.html"))
    assert run.returncode == 2
    assert "--rectify-by" in run.stderr and "YYYY-MM-DD" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "r.html").exists()


def test_the_deadline_comes_from_the_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "nianbao.yaml").write_text("rectify_by: 2025-05-20\n", encoding="utf-8")
    out = tmp_path / "r.html"
    run = nianbao("check", str(DEFECTS), "--jobs", "0", "-o", str(out), cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "2025年5月20日" in out.read_text(encoding="utf-8")
    shown = nianbao("config", "show", cwd=tmp_path)
    assert "rectify_by" in shown.stdout and "nianbao.yaml" in shown.stdout
    (tmp_path / "nianbao.yaml").write_text("rectify_by: 三月底\n", encoding="utf-8")
    bad = nianbao("check", str(DEFECTS), "--jobs", "0", "-o", str(out), cwd=tmp_path)
    assert bad.returncode == 2 and "nianbao.yaml:1" in bad.stderr, bad.stderr


def test_a_finding_about_a_group_label_marks_that_group(tmp_path: Path) -> None:
    # the 2019 layout's （六）其他处理 as one row with numbers (TBL-20)
    result = check_document(flat_report(tmp_path, "19-collapsed-other-processing.yaml"), pack())
    (finding,) = [f for f in result.findings if f.rule == "TBL-20"]
    assert finding.certain and finding.location.row == "（六）其他处理"
    section = section_of(page([result]), "19-collapsed")
    (heading,) = section.xpath(".//tr[@class='group']/th[starts-with(., '（六）其他处理')]")
    assert "hit-certain" in classes(heading)
    (ref,) = heading.xpath(".//sup/a/@href")
    assert section.xpath(f"string(.//tr[@id='{ref[1:]}']/@data-rule)") == "TBL-20"
    assert not classes(section.xpath(".//table[@data-table='表三']/caption")[0])


def test_candidates_and_skipped_files_shown_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "html_candidates_shown", 2)
    monkeypatch.setattr(LIMITS, "html_skipped_shown", 2)
    result = compact(check_document(CLEAN, pack()))
    label = "（一）予以公开"
    table = result.summaries["表三"]
    table.values[label]["总计"] = None
    table.undecided[label] = {"总计": [7, 17, 70, 71, 77]}
    doc = page([result], skipped=[f"说明{i}.txt" for i in range(5)])
    assert cell(doc, "表三", label, "总计").text_content() == "待核实：7 或 17"
    assert doc.xpath("string(//p[@class='skipped'])").endswith("说明0.txt、说明1.txt 等 5 个")
