"""Issue 14, part 2 in a real browser: axe finds nothing on the pages with breadcrumbs, A–Z links and
download links, on a desktop and a 390 px phone; an A–Z link brings its letter's first entry into view;
the breadcrumbs are on the first screen of a generated page on a phone."""

from __future__ import annotations

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = ["roles/peer-support-worker/", "checklists/peer-support-worker/", "challenges/role-clarity/",
         "case-studies/co-creation-board/", "references/", "glossary/"]
VIEWPORTS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]


def test_axe_finds_nothing_on_the_pages_with_breadcrumbs_a_to_z_and_downloads(browser, site_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for viewport in VIEWPORTS:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=viewport["width"] < 500)
            page = context.new_page()
            try:
                for path in PAGES:
                    page.goto(site_url + path)
                    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
                    for violation in results.response["violations"]:
                        targets = [node["target"] for node in violation["nodes"][:3]]
                        found.append(f"{path} ({viewport['width']}px, {scheme}): {violation['id']}: {targets}")
            finally:
                context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", ["glossary/", "references/"])
def test_an_a_to_z_link_brings_its_first_entry_into_view(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(site_url + path)
        links = page.locator("nav.le-az a")
        assert links.count() > 5
        last = links.nth(links.count() * 2 // 3)
        target = last.get_attribute("href")
        last.click()
        page.wait_for_function("h => location.hash === h", arg=target)
        top = page.locator(target).evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 844 - 40, f"{path}{target} is at {top}px after the jump, off the screen"
    finally:
        context.close()


def test_on_a_phone_a_generated_page_shows_its_breadcrumbs_first(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("roles/peer-support-worker/", "checklists/peer-support-worker/"):
            page.goto(site_url + path)
            crumbs = page.locator("nav.md-path")
            assert crumbs.is_visible(), path
            box = crumbs.bounding_box()
            assert box["y"] < page.locator("article h1").bounding_box()["y"], path
            assert box["x"] + box["width"] <= 390, path  # no sideways scrolling
            crumbs.locator("a").last.click()
            page.wait_for_load_state()
            assert page.url.rstrip("/").endswith(path.split("/")[0]), page.url
    finally:
        context.close()
