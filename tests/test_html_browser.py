"""The HTML export in a real browser: Debian's headless Chromium, driven by Playwright.

The page is loaded with every request recorded and refused: it must make none. Then the
rendered DOM is asked for the sections, the highlighted cells and their colours, the print
layout (each unit on a new page), and a full-page screenshot is kept as an artefact in
test-artifacts/ (ignored by git). Without Chromium the test is skipped, except under CI,
where .ci/run installs it and a missing browser is a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers import EXAMPLES, ROOT, nianbao

ARTIFACTS = ROOT / "test-artifacts"
FLAT = ROOT / "tests" / "fixtures" / "flat"


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    return found


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: under CI the HTML export must be rendered (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _unavailable("chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One run over an inbox: the clean, defective and 2019-format examples, a file that
    cannot be read, and a flattened web page with undecided cells and doubtful findings."""
    folder = tmp_path_factory.mktemp("browser")
    inbox = folder / "inbox"
    inbox.mkdir()
    for name in ("qingshi-2023.txt", "qingshi-2023-defects.txt", "qingshi-2020.txt"):
        shutil.copy(EXAMPLES / name, inbox / name)
    (inbox / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    flat = YAML(typ="safe").load((FLAT / "20-results-total-fails.yaml").read_text(encoding="utf-8"))
    (inbox / "网页.txt").write_text(flat["text"], encoding="utf-8")
    out = folder / "结果.html"
    run = nianbao("check", str(inbox), "--jobs", "2", "-o", str(out), "--rectify-by", "2025-03-31")
    assert run.returncode == 3, run.stderr  # one file could not be checked
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(browser: Any, exported: str) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=True)
    requests: list[str] = []

    def refuse(route: Any) -> None:
        requests.append(route.request.url)
        route.abort()

    context.route("**/*", refuse)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(exported, wait_until="load")
    try:
        yield page, requests
    finally:
        context.close()


def test_the_page_loads_with_no_network_request(rendered: tuple[Any, list[str]]) -> None:
    page, requests = rendered
    assert [url for url in requests if not url.startswith("data:")] == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.images.length + document.styleSheets.length") == 1  # the inline style


def test_every_unit_has_a_section_after_the_summary(rendered: tuple[Any, list[str]]) -> None:
    page, _ = rendered
    sections = page.locator("section.unit")
    assert sections.count() == 5
    summary_bottom = page.evaluate("document.querySelector('header.summary').getBoundingClientRect().bottom")
    assert sections.first.bounding_box()["y"] >= summary_bottom
    links = page.locator("table.overview a")
    assert links.count() == 5
    target = links.nth(0).get_attribute("href")
    links.nth(0).click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"section{target} h2").is_visible()
    assert "无法检查" in page.locator(f"section{target}").inner_text()  # the worst first


def _style(page: Any, selector: str, prop: str) -> str:
    return str(page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).{prop}"))


def test_offending_cells_are_highlighted_certain_and_doubtful_apart(rendered: tuple[Any, list[str]]) -> None:
    page, _ = rendered
    fee = "section[data-path$='defects.txt'] td[data-row='行政事业性收费']"
    assert "".join(page.locator(fee).inner_text().split()).startswith("2.5元（应为万元）")
    plain = "section[data-path$='defects.txt'] td[data-row='（一）予以公开'][data-column='总计']"
    doubt = "section[data-path$='网页.txt'] .hit-doubt"
    assert page.locator(doubt).count() > 0
    certain_bg = _style(page, fee, "backgroundColor")
    assert certain_bg != _style(page, plain, "backgroundColor")
    assert certain_bg != _style(page, doubt, "backgroundColor")
    assert _style(page, fee, "outlineStyle") == "solid" and _style(page, doubt, "outlineStyle") == "dashed"
    undecided = page.locator("section[data-path$='网页.txt'] td.undecided")
    assert undecided.count() > 0 and undecided.first.inner_text().startswith("待核实：")
    notice = page.locator("section[data-path$='defects.txt'] .notice")
    assert notice.is_visible() and "2025年3月31日" in notice.inner_text()


def test_printed_each_unit_starts_a_new_page(rendered: tuple[Any, list[str]]) -> None:
    page, _ = rendered
    assert _style(page, "section.unit", "breakBefore") != "page"  # on screen, one long page
    page.emulate_media(media="print")
    try:
        breaks = page.evaluate(
            "[...document.querySelectorAll('section.unit')].map(s => getComputedStyle(s).breakBefore)"
        )
        assert breaks == ["page"] * 5
    finally:
        page.emulate_media(media="screen")


def test_a_full_page_screenshot_is_kept(rendered: tuple[Any, list[str]]) -> None:
    page, _ = rendered
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-export.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    height = int.from_bytes(data[20:24], "big")  # IHDR
    assert height > page.viewport_size["height"]  # the whole page, not the window
