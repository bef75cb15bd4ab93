"""Search finds what people type: every query in tests/search_queries.yml, typed into the site's own
search (Material's lunr index, in Chromium), has its page among the first three results."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = yaml.safe_load((Path(__file__).resolve().parent.parent / "search_queries.yml").read_text(encoding="utf-8"))["queries"]


def _top_pages(page, base_path: str, query: str) -> list[str]:
    page.fill(".md-search__input", "")
    page.locator(".md-search__input").press_sequentially(query, delay=5)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta') && document.querySelector('.md-search__input').value === q",
        arg=query,
    )
    # the results for the last key typed: read until two reads 250 ms apart agree
    hrefs, previous = None, []
    for _ in range(20):
        page.wait_for_timeout(250)
        hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
        if hrefs == previous and hrefs:
            break
        previous = hrefs
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path.removeprefix(base_path)
        if path not in pages:
            pages.append(path)
    return pages


def test_the_first_three_results_answer_what_readers_type(page, site_url):
    assert len(QUERIES) >= 30
    page.goto(site_url)
    page.locator(".md-search__input").click()
    base_path = urlsplit(site_url).path
    misses = []
    for query, expected in QUERIES:
        top = _top_pages(page, base_path, query)[:3]
        if expected not in top:
            misses.append(f"{query!r}: {top} (expected {expected})")
    assert not misses, "\n".join(misses)


def test_the_tags_page_is_not_a_search_result(page, site_url):
    page.goto(site_url)
    page.locator(".md-search__input").click()
    top = _top_pages(page, urlsplit(site_url).path, "checklist")
    assert top and "tags/" not in top


def test_a_role_checklist_does_not_repeat_the_questions_in_search(page, site_url):
    """A question's wording finds the general checklist once, not a copy per role."""
    page.goto(site_url)
    page.locator(".md-search__input").click()
    top = _top_pages(page, urlsplit(site_url).path, "sit best")
    role_checklists = [p for p in top if p.startswith("checklists/") and p not in ("checklists/", "checklists/new-role/")]
    assert "checklists/new-role/" in top[:3] and not role_checklists, top
