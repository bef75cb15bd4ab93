"""The benchmark's page weight (benchmarks/run.py) counts what a browser really downloads: the files
read from a role page's HTML are exactly those headless Chromium requests on a first visit, and the
search worker and index come only once the reader uses search."""

from __future__ import annotations

from benchmarks import run


def test_the_static_count_of_a_first_visit_is_what_chromium_requests(built_site, browser):
    # `browser`: skips (or in CI fails) as every browser test does when Chromium is missing
    static = run.page_weight(built_site, run.ROLE_PAGE)
    browser = run.browser_first_visit(built_site, run.ROLE_PAGE)
    assert browser is not None, "Chromium or Playwright is missing"
    assert browser["other_hosts"] == []
    assert set(browser["first_visit_files"]) == set(static["files"]) | {run.ROLE_PAGE}
    assert browser["first_visit_bytes"] == static["first_visit_total_bytes"]
    assert "search/search_index.json" not in browser["first_visit_files"]
    assert "search/search_index.json" in browser["search_files"]
    assert browser["with_search_bytes"] == static["with_search_total_bytes"]
