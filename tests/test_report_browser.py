"""The HTML report in a real headless Chromium (Playwright, Debian's /usr/bin/chromium).

Without Chromium these tests skip locally and fail under CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).parent / "artifacts"
HOW_TO = (
    "needs Debian's Chromium and Playwright for Python: `apt-get install chromium` and "
    "`pip install -e '.[dev]'` (playwright); browsers are not downloaded."
)


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI: {reason}; {HOW_TO}")
    pytest.skip(f"{reason}; {HOW_TO}")


@pytest.fixture(scope="module")
def report_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        _missing(f"{CHROMIUM} not found")
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report_page(report_browser, report_written):
    """The report loaded in a page, with every request, console message and dialog recorded."""
    index, result = report_written
    page = report_browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"requests": [], "console": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("console", lambda m: events["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))

    def on_dialog(dialog):
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    url = index.resolve().as_uri()
    page.goto(url, wait_until="load")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
    yield page, events, url, result
    page.close()


def test_loads_without_errors_or_network(report_page):
    page, events, url, _ = report_page
    assert page.title().startswith("Smart-City-Strategie Pinneberg")
    assert events["errors"] == []
    assert [m for m in events["console"] if m[0] in ("error", "warning")] == []
    foreign = [u for u in events["requests"] if u != url and not u.startswith("data:")]
    assert foreign == [], f"the report made requests: {foreign}"
    assert url in events["requests"]


def test_every_field_and_chart_is_shown(report_page):
    page, _, _, result = report_page
    fields = sorted(set(result.contributions["field"]))
    headings = page.locator("h3.field-title").all_inner_texts()
    assert sorted(headings) == fields
    for name in fields:
        assert page.get_by_role("heading", name=name, exact=True).is_visible()
    charts = page.locator("figure.chart img")
    assert charts.count() == 5  # the heatmap repeats the stacked bar: file only
    sizes = charts.evaluate_all(
        "imgs => imgs.map(i => [i.dataset.chart, i.naturalWidth, i.naturalHeight])"
    )
    assert {name for name, _, _ in sizes} == {
        "teilnahme_uebersicht",
        "massnahmen_nach_unterstuetzung",
        "prioritaetenmatrix",
        "rangintervalle",
        "kriterienprofil",
    }
    assert all(w > 0 and h > 0 for _, w, h in sizes), sizes


def test_hostile_text_is_shown_not_run(report_page, report_sample):
    page, events, _, _ = report_page
    assert events["dialogs"] == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main script").count() == 0
    assert page.locator("main img:not(figure.chart img)").count() == 0
    body = page.locator("main").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in body
    # The Einzelidee with the <img onerror> label sits in a collapsed <details>.
    singles = " ".join(page.locator("details.singles").all_text_contents())
    assert report_sample.HOSTILE_IMG in singles


def test_screenshot(report_page):
    page, events, _, _ = report_page
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert events["errors"] == []


def test_collapsed_einzelideen_open_for_printing(report_page):
    page, events, _, _ = report_page
    assert page.locator("details.singles:not([open])").count() > 0
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not(.appendix):not([open])").count() == 0
    page.emulate_media(media="screen")
    assert events["errors"] == []


# --- the bundled sample, printed --------------------------------------------------------

_OVERFLOWING = """() => Array.from(document.querySelectorAll('table, figure, img, .table-wrap, ul, dl'))
  .filter(e => e.offsetParent !== null)
  .filter(e => e.scrollWidth > e.clientWidth + 1
               || e.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1)
  .map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


@pytest.fixture(scope="module")
def sample_page(report_browser, sample_report):
    page = report_browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((sample_report / "index.html").resolve().as_uri(), wait_until="load")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
    yield page
    page.close()


def test_sample_report_prints_on_about_fifteen_a4_pages(sample_page):
    import re

    page = sample_page
    assert page.evaluate(_OVERFLOWING) == [], "nothing overflows its box on screen"
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    try:
        assert page.evaluate(_OVERFLOWING) == [], "nothing overflows its box on paper"
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 8 <= pages <= 16, f"{pages} A4 pages"


def test_first_screen_shows_the_kernergebnisse(sample_page):
    page = sample_page
    findings = page.locator("#kernergebnisse li")
    assert findings.count() >= 4
    box = page.locator("#kernergebnisse").bounding_box()
    # the title block and the table of contents come first; the findings start on screen 1-2
    assert box["y"] < 2 * 900
    assert all(any(ch.isdigit() for ch in t) for t in findings.all_inner_texts()[:3])
    for anchor in ("grenzen", "methodik", "rangfolge"):
        assert page.locator(f"#{anchor}").count() == 1
    # the long Methodik tables are folded away
    assert page.locator("#methodik details.appendix:not([open])").count() == 1
