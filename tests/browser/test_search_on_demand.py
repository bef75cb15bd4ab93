"""A first visit does not download the search index (assets/javascripts/search-on-demand.js): the
index and Material's search worker load when the reader starts to use search, and search then works
at once, by keyboard, from the first word typed."""

from __future__ import annotations

ROLE = "roles/peer-support-worker/"


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def test_a_role_page_first_load_does_not_fetch_the_search_index(page, site_url):
    seen = _requests(page)
    page.goto(site_url + ROLE, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert [url for url in seen if "/assets/javascripts/bundle." in url], seen  # Material's script did run
    assert not [url for url in seen if "search_index" in url], seen
    assert not [url for url in seen if "/workers/search" in url], seen


def test_focusing_the_search_box_and_typing_a_word_shows_results(page, site_url):
    seen = _requests(page)
    page.goto(site_url + ROLE, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search box
    focused = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-md-component')")
    assert focused == "search-query"
    page.keyboard.type("supervision")  # typed at once, before the index has arrived
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(state="visible", timeout=15000)
    assert results.count() > 0
    assert [url for url in seen if url.endswith("search/search_index.json")], seen
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("support/supervision/" in href for href in hrefs), hrefs


def test_a_click_in_the_search_box_starts_search_too(page, site_url):
    page.goto(site_url + ROLE, wait_until="load")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("checklist", delay=5)
    page.locator(".md-search-result__item > a").first.wait_for(state="visible", timeout=15000)


def test_a_page_opened_from_a_search_result_highlights_the_words(page, site_url):
    """Material marks the searched words on the page it opens (?h=…), which needs the index at once."""
    seen = _requests(page)
    page.goto(site_url + "support/supervision/?h=supervision", wait_until="load")
    page.locator("mark").first.wait_for(state="attached", timeout=15000)
    assert [url for url in seen if url.endswith("search/search_index.json")], seen


def test_on_a_phone_the_search_button_starts_search(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url + ROLE, wait_until="load")
        page.locator(".md-header label.md-header__button[for=__search]").click()
        page.locator(".md-search__input").press_sequentially("recruitment", delay=5)
        page.locator(".md-search-result__item > a").first.wait_for(state="visible", timeout=15000)
    finally:
        context.close()
