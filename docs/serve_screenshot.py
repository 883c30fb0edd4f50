"""Make docs/serve.png, the README's picture of `nianbao serve`: the defective example checked
in headless Chromium at 1280 px, with a 表三 finding clicked. Run from the project's root:
`python docs/serve_screenshot.py` (needs the test extras and chromium)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.serve_server import running_server  # noqa: E402


def main() -> None:
    with running_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1280, "height": 820}, device_scale_factor=1)
        page.goto(url + "/")
        page.set_input_files("#file", str(ROOT / "examples" / "qingshi-2023-defects.txt"))
        page.wait_for_selector(".finding")
        page.locator(".finding[data-rule=TBL-01]").first.click()
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        png = page.screenshot()
        browser.close()
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    image.save(ROOT / "docs" / "serve.png", optimize=True)


if __name__ == "__main__":
    main()
