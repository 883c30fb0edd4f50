"""The page end to end in headless Chromium (Debian's chromium, driven by Playwright): the seed
and the defective example uploaded through the page show their grade, findings, highlighted
cells and underlined citations; a click scrolls to the place; the downloads are real files;
screenshots at 1280 px and 390 px go to test-artifacts/."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import EXAMPLES, ROOT, SEED
from .renderings import render_docx
from .serve_server import running_server

ARTIFACTS = ROOT / "test-artifacts"
DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


if chromium() is None and not os.environ.get("CI"):
    pytest.skip(
        "no chromium on this machine (apt-get install chromium; CI installs it)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium()
    assert path is not None, "CI must have chromium (.ci/run installs it)"
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.goto(server + "/")
    yield opened
    context.close()
    # no script error, no CSP violation (the browser logs the refused upload's 413 itself)
    assert [p for p in problems if "status of 413" not in p] == []


def upload(page: Any, path: Path) -> list[dict[str, Any]]:
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#result:not([hidden]) .finding")
    items: list[dict[str, Any]] = page.eval_on_selector_all(
        ".finding",
        "els => els.map(e => ({rule: e.dataset.rule, text: e.textContent, sev: e.querySelector('.sev').textContent}))",
    )
    return items


def api_report(server: str, path: Path) -> dict[str, Any]:
    import httpx

    response = httpx.post(server + "/api/check", files={"file": (path.name, path.read_bytes())}, timeout=120)
    report: dict[str, Any] = response.json()["reports"][0]
    return report


def in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            """el => { const r = el.getBoundingClientRect(); const d = document.getElementById('doc').closest('.document').getBoundingClientRect();
                      return r.bottom > Math.max(0, d.top) && r.top < Math.min(window.innerHeight, d.bottom); }""",
        )
    )


def test_seed_shows_its_grade_and_findings(page: Any, server: str) -> None:
    if not SEED.exists():
        pytest.skip("the corpus is absent")
    expected = api_report(server, SEED)
    items = upload(page, SEED)
    assert page.text_content("#grade") == expected["grade"]
    assert page.text_content("#score") == f"{expected['score']:g} 分"
    assert sorted(i["rule"] for i in items) == sorted(f["rule"] for f in expected["findings"])
    for finding in expected["findings"]:
        assert any(finding["message"] in i["text"] for i in items)
    for finding in expected["findings"]:
        quote = finding["location"].get("quote")
        if quote:
            assert any(quote in i["text"] for i in items)
    assert page.locator("#doc p").count() > 10  # the report itself is shown


def test_defects_are_marked_on_the_report(page: Any, server: str) -> None:
    expected = api_report(server, DEFECTS)
    items = upload(page, DEFECTS)
    assert len(items) == len(expected["findings"])
    assert page.text_content("#grade") == "合格"
    # what each finding cost
    costs = page.eval_on_selector_all(".finding .cost", "els => els.map(e => e.textContent)")
    assert "扣 5 分" in costs and "不扣分" in costs
    # grouped by section
    groups = page.eval_on_selector_all(".group h3", "els => els.map(e => e.textContent)")
    assert (
        groups[0] == "标题、导语及全文"
        and groups[1] == "一、总体情况"
        and "三、收到和处理政府信息公开申请情况" in groups
    )
    # under each finding the report's own words (to find in Word), where it has them
    quotes = page.eval_on_selector_all(".finding .quote", "els => els.map(e => e.textContent)")
    assert len(quotes) == sum(1 for f in expected["findings"] if f["location"]["quote"])
    placeholder = page.text_content(".finding[data-rule=TXT-04] .quote")
    assert placeholder is not None and "以XX村为试点" in placeholder
    assert page.is_visible(".finding[data-rule=TBL-08] .quote")
    assert page.locator(".finding[data-rule=SEC-01] .quote").count() == 0  # missing: no words
    assert "六、其他需要报告的事项" in page.text_content(".finding[data-rule=SEC-01] .where")
    # offending cells, with what was reported against what adds up
    fee = page.locator('table[data-table="表二"] td.cell-hit[data-row="行政事业性收费"]')
    assert fee.count() == 1 and "填报 2.5元" in fee.text_content()
    review = page.locator('table[data-table="表四"] th.cell-hit')
    assert review.count() == 1 and "行政复议" in review.text_content()
    assert "填报 0 · 应为 1" in review.text_content()
    table3 = page.eval_on_selector_all(
        'table[data-table="表三"] .cell-hit', "els => els.map(e => e.textContent)"
    )
    assert len(table3) == 2 and any("总计" in t and "填报 15 · 应为 14" in t for t in table3)
    # wrong citations and placeholders underlined
    marks = page.eval_on_selector_all("#doc .mark", "els => els.map(e => e.textContent)")
    assert "XX" in marks and "国务院令第492号" in marks and "云政办发[2023]5号" in marks
    # clicking a finding scrolls to its place
    page.locator(".finding[data-rule=LEG-07]").click()
    anchor = "#doc .mark.flash"
    page.wait_for_selector(anchor)
    assert page.text_content(anchor) == "云政办发[2023]5号"
    assert in_view(page, anchor)
    assert page.eval_on_selector(".document", "e => e.scrollTop") > 0
    # clicking a mark on the report goes back to its finding
    page.locator("#doc .mark", has_text="XX").click()
    assert page.get_attribute(".finding.active", "data-rule") == "TXT-04"
    # the rule's explanation opens in place
    page.locator(".finding[data-rule=TBL-04] .explain-btn").click()
    page.wait_for_selector(".finding[data-rule=TBL-04] .explain .label")
    explanation = page.text_content(".finding[data-rule=TBL-04] .explain")
    assert "依据" in explanation and "合规示例" in explanation and "问题示例" in explanation
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-1280.png"), full_page=True)


def test_defective_docx_shows_its_broken_table3_cells(page: Any, tmp_path: Path) -> None:
    source = tmp_path / "青石镇-2023-defects.docx"
    source.write_bytes(render_docx(DEFECTS))
    upload(page, source)
    table3 = page.eval_on_selector_all(
        'table[data-table="表三"] .cell-hit', "els => els.map(e => e.textContent)"
    )
    assert len(table3) == 2 and any("自然人" in t and "填报 13 · 应为 12" in t for t in table3)
    assert page.text_content("#meta").startswith(source.name)


def test_phone_width_and_downloads(browser: Any, server: str, tmp_path: Path) -> None:
    import openpyxl

    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server + "/")
        upload(page, DEFECTS)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # no sideways scrolling of the page (a wide table scrolls in its box)
        page.locator(".finding[data-rule=TXT-04]").click()
        page.wait_for_selector("#doc .mark.flash")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-390.png"), full_page=True)
        with page.expect_download() as got:
            page.click("#dl-json")
        saved = tmp_path / "report.json"
        got.value.save_as(saved)
        assert json.loads(saved.read_text(encoding="utf-8"))["reports"][0]["grade"] == "合格"
        with page.expect_download() as got:
            page.click("#dl-xlsx")
        assert got.value.suggested_filename == "qingshi-2023-defects-nianbao.xlsx"
        book = tmp_path / "report.xlsx"
        got.value.save_as(book)
        assert openpyxl.load_workbook(book).worksheets
        from checker.render import FORMATS

        assert (page.locator("#dl-html").count() == 1) == ("html" in FORMATS)
    finally:
        context.close()


def test_a_refused_upload_says_why(page: Any, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(21 * 1024 * 1024)
    page.set_input_files("#file", str(big))
    page.wait_for_selector("#status.error")
    assert "上传上限为 20 MB" in page.text_content("#status")
