"""The benchmark's page weight (benchmarks/run.py) counts what a browser really downloads: the files
read from a role page's HTML are exactly those headless Chromium requests on a first visit, and the
search worker and index come only once the reader uses search."""

from __future__ import annotations

from benchmarks import run


def test_the_static_count_of_a_first_visit_is_what_chromium_requests(built_site, browser):
    static = run.page_weight(built_site, run.ROLE_PAGE)
    chromium = run.browser_first_visit(built_site, run.ROLE_PAGE, browser)  # the session's Chromium
    assert chromium["other_hosts"] == []
    assert set(chromium["first_visit_files"]) == set(static["files"]) | {run.ROLE_PAGE}
    assert chromium["first_visit_bytes"] == static["first_visit_total_bytes"]
    assert "search/search_index.json" not in chromium["first_visit_files"]
    assert "search/search_index.json" in chromium["search_files"]
    assert chromium["with_search_bytes"] == static["with_search_total_bytes"]
