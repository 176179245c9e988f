"""Take the README's screenshots: the first two screens of the sample report.

    .venv/bin/python scripts/screenshots.py [REPORT_DIR]

Writes docs/bericht-bildschirm-1.png and docs/bericht-bildschirm-2.png (1280 x 900,
headless Chromium at /usr/bin/chromium through Playwright). REPORT_DIR defaults to
reports/sample (``make report``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 900


def main(report: Path) -> None:
    index = (report / "index.html").resolve()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(index.as_uri(), wait_until="load")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        for n in (1, 2):
            page.evaluate(f"window.scrollTo(0, {(n - 1) * HEIGHT})")
            page.screenshot(path=str(ROOT / "docs" / f"bericht-bildschirm-{n}.png"))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "reports" / "sample")
