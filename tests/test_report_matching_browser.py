"""The rating matching section and the ranking's words, as a reader sees them in Chromium."""

from __future__ import annotations

import pandas as pd
import pytest
from test_report_browser import report_browser  # noqa: F401  (the browser fixture)

from pinneberg_analysis.ranking import match_ratings
from pinneberg_analysis.report import write_report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def matching_page(report_browser, report_sample, tmp_path_factory):  # noqa: F811
    result = report_sample.build_result()
    ratings = result.ratings.assign(measure_id=pd.array([pd.NA] * len(result.ratings),
                                                        dtype="string"))
    extra = ratings.iloc[:1].assign(measure_ref="Stadtfest mit Feuerwerk")
    result.rating_matches = match_ratings(pd.concat([ratings, extra]), result.measures,
                                          result.contributions).matches
    out = tmp_path_factory.mktemp("matching") / "bericht"
    index = write_report(result, out)
    page = report_browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(index.resolve().as_uri(), wait_until="load")
    # the matching table sits in the Methodik's folded appendix: a reader opens it
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    yield page, result
    page.close()


def test_every_rated_name_is_shown_with_its_measure_and_counts_agree(matching_page):
    page, result = matching_page
    matches = result.rating_matches
    rows = page.locator("table.matching tbody tr")
    assert rows.count() == len(matches)
    shown = {rows.nth(i).locator("td").nth(0).inner_text():
             rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())}
    labels = dict(zip(result.measures["measure_id"], result.measures["label"]))
    for ref, mid, status in zip(matches["measure_ref"], matches["measure_id"], matches["status"]):
        if status == "matched":
            assert shown[ref].startswith(labels[mid])  # by name, not a bare id
        else:
            assert shown[ref] == "nicht zugeordnet"
    assert shown["Stadtfest mit Feuerwerk"] == "nicht zugeordnet"
    count = {k: int(page.locator(f'[data-count="{k}"]').inner_text())
             for k in ("names", "matched", "not_matched")}
    assert count == {"names": len(matches),
                     "matched": int((matches["status"] == "matched").sum()),
                     "not_matched": int((matches["status"] != "matched").sum())}
    assert page.locator("table.matching").is_visible()
