"""Make docs/html-export.png, the README's picture of the HTML export.

    python docs/html_screenshot.py 结果.html docs/html-export.png

The page is a run over the bundled example with defects and one real report, e.g.
`nianbao check examples/qingshi-2023-defects.txt 2023年报告.pdf -o 结果.html --rectify-by 2025-03-31`.
The picture is the summary, then the first section's statistical tables and its 整改通知,
rendered by Debian's chromium through Playwright and reduced to a palette (small PNG)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

WIDTH = 1000


def main(page_path: Path, target: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": WIDTH, "height": 800})
        page.set_content(page_path.read_text(encoding="utf-8"), wait_until="load")
        section = "section[data-path$='defects.txt']"

        def between(top: str, bottom: str) -> bytes:
            """From the top of one element to the bottom of another."""
            box = page.locator(top).bounding_box()
            end = page.locator(bottom).bounding_box()
            height = end["y"] + end["height"] - box["y"]
            clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": height}
            return page.screenshot(full_page=True, clip=clip)

        parts = [
            page.locator("header.summary").screenshot(),
            between(section, f"{section} table[data-table='表二']"),
            between(f"{section} table[data-table='表三']", f"{section} table[data-table='表三'] tr:nth-child(6)"),
            page.locator(f"{section} table[data-table='表四']").screenshot(),
            page.locator(f"{section} .notice").screenshot(),
        ]
        browser.close()
    images = [Image.open(io.BytesIO(part)).convert("RGB") for part in parts]
    gap = 14
    height = sum(im.height for im in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (max(im.width for im in images), height), "white")
    y = 0
    for im in images:
        sheet.paste(im, (0, y))
        y += im.height + gap
    sheet.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
