"""The guide in a real browser: accessibility (axe-core) in both colour schemes, privacy (no request
to another host), search, the catalogue filter, keyboard use, phones and print.

Uses Debian's Chromium through the fixtures in tests/conftest.py. Texts the tests look for come from
the pages themselves (data attributes rendered from data/strings), not from copies here.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

# One page of every type a reader meets.
PAGE_TYPES = {
    "home": "",
    "why page": "why/",
    "roles catalogue": "roles/",
    "role page": "roles/peer-support-worker/",
    "checklists catalogue": "checklists/",
    "checklist": "checklists/peer-support-worker/",
    "challenges catalogue": "challenges/",
    "challenge": "challenges/pay-and-status-parity/",
    "case studies catalogue": "case-studies/",
    "case study": "case-studies/patchwork-career/",
    "strategy": "strategy/",
    "references": "references/",
    "glossary": "glossary/",
    "tags": "tags/",
    "404": "404.html",
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}


def _serve_404_assets_from_root(context, site_url: str) -> None:
    """404.html links its assets from the site's path on the web (e.g. /guide/), so that it works at any
    depth; the test server has the site at its root, so those requests are answered from there."""
    prefix = "/" + _site_path()
    if prefix == "/":
        return
    pattern = re.compile("^" + re.escape(site_url.rstrip("/") + prefix))
    context.route(pattern, lambda route: route.fulfill(response=route.fetch(url=pattern.sub(site_url, route.request.url, count=1))))


def _site_path() -> str:
    import yaml

    from conftest import ROOT

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    path = urlsplit(config["site_url"]).path.strip("/")
    return path + "/" if path else ""


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


def _body_is_dark(page) -> bool:
    rgb = [int(x) for x in re.findall(r"\d+", page.evaluate("getComputedStyle(document.body).backgroundColor"))[:3]]
    return sum(rgb) / 3 < 100


def _new_context(browser, site_url: str, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    _serve_404_assets_from_root(context, site_url)
    return context


# ----------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_nothing_on_any_page_type(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = _new_context(browser, site_url, color_scheme=scheme)
    page = context.new_page()
    found = []
    try:
        for name, path in PAGE_TYPES.items():
            _open(page, site_url + path)
            # The scheme really switched: Material's attribute and the colour a reader sees.
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme], name
            assert _body_is_dark(page) == (scheme == "dark"), f"{name}: the page is not in the {scheme} scheme"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            for violation in results.response["violations"]:
                targets = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{name} ({scheme}): {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_the_chosen_scheme_is_remembered(browser, site_url):
    """A reader who switches to dark keeps it on the next page (Material stores the choice)."""
    context = _new_context(browser, site_url, color_scheme="light")
    page = context.new_page()
    try:
        _open(page, site_url)
        assert not _body_is_dark(page)
        page.locator("form[data-guide-palette] label:visible").first.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        _open(page, site_url + "roles/")
        assert _body_is_dark(page)
    finally:
        context.close()


def test_the_scheme_switch_works_from_the_keyboard_and_sets_the_browser_colours(browser, site_url):
    """The guide's palette script (overrides/partials/javascripts/palette.html): Enter on the switch
    goes to the next scheme, and the browser's own colours (form controls, scroll bars) follow it."""
    context = _new_context(browser, site_url, color_scheme="light")
    page = context.new_page()
    try:
        _open(page, site_url + "checklists/peer-support-worker/")
        metas = "() => [document.querySelector('meta[name=color-scheme]').content, document.querySelector('meta[name=theme-color]').content]"
        assert page.evaluate(metas)[0] == "light"
        assert re.fullmatch(r"#[0-9a-f]{6}", page.evaluate(metas)[1]), "no theme colour for the phone's browser bar"
        page.focus("form[data-guide-palette] input:checked")
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert _body_is_dark(page)
        assert page.evaluate(metas)[0] == "dark"
        assert page.evaluate("document.activeElement.id") == "__palette_1", "focus did not stay on the switch"
        visible = page.locator("form[data-guide-palette] label:visible")
        assert visible.count() == 1 and "light" in (visible.get_attribute("title") or "").lower()
    finally:
        context.close()


def test_the_scheme_switch_shows_and_works_before_materials_script_has_run(browser, site_url):
    """The switch is ready from the first paint: with Material's bundle held back, a dark system
    still gets the dark scheme, and the switch is there and works."""
    context = _new_context(browser, site_url, color_scheme="dark")
    context.route(re.compile(r".*/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"), lambda route: route.abort())
    page = context.new_page()
    try:
        _open(page, site_url + "roles/")
        assert _body_is_dark(page)
        switch = page.locator("form[data-guide-palette] label:visible")
        assert switch.count() == 1
        switch.click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
        assert not _body_is_dark(page)
    finally:
        context.close()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, site_url):
    _open(page, site_url + "roles/peer-support-worker/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused
    box = page.locator(".md-skip").bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10 and box["y"] >= 0, "the skip link is not visible when focused"
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment, "the skip link goes nowhere"


def test_keyboard_focus_is_visible_on_links(page, site_url):
    _open(page, site_url + "roles/peer-support-worker/")
    link = page.locator("article a[href*='challenges/']").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
    assert (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none", style


# ----------------------------------------------------------------------------- privacy


def test_no_request_goes_to_another_host(browser, site_url):
    context = _new_context(browser, site_url)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        for path in PAGE_TYPES.values():
            _open(page, site_url + path)
        # Searching loads the index and a worker; filtering and the checklist run scripts: still nothing leaves.
        page.locator(".md-search__input").click()
        page.keyboard.type("peer mentor")
        page.wait_for_selector(".md-search-result__item")
        _open(page, site_url + "roles/")
        page.fill("[data-filter-text]", "peer")
    finally:
        context.close()
    assert len(requests) > len(PAGE_TYPES)
    local = urlsplit(site_url).netloc
    elsewhere = sorted({url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != local})
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


# ----------------------------------------------------------------------------- search


@pytest.mark.parametrize("query, expected", [
    ("peer mentor", "roles/peer-support-worker/"),  # a role's alternative title
    ("band", "challenges/pay-and-status-parity/"),
    ("Mel Ball", "case-studies/patchwork-career/"),  # a person in a case study
])
def test_search_finds_the_right_page_first(page, site_url, query, expected):
    _open(page, site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=10)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    href = urlsplit(first.get_attribute("href")).path
    assert href.endswith("/" + expected), f"searching '{query}' puts {href} first"


# ----------------------------------------------------------------------------- catalogue filter


def _visible_cards(page) -> list[str]:
    return page.eval_on_selector_all("li.le-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.querySelector('a').getAttribute('href'))")


def _count_text(page, shown: int, total: int) -> str:
    template = page.get_attribute("form[data-filter]", "data-count-template")
    return template.replace("{shown}", str(shown)).replace("{total}", str(total))


def test_filter_by_words_narrows_the_roles_and_hides_empty_groups(page, site_url):
    _open(page, site_url + "roles/")
    total = page.locator("li.le-card").count()
    assert page.locator("form[data-filter]").is_visible()
    page.fill("[data-filter-text]", "mentor")
    assert [h.split("/")[-2] for h in _visible_cards(page)] == ["peer-support-worker"]
    visible_headings = page.eval_on_selector_all("article h2", "hs => hs.filter(h => h.offsetParent !== null).map(h => h.id)")
    assert visible_headings == ["peer-support"]
    page.wait_for_function("document.querySelector('[data-filter-count]').textContent.length > 0")
    assert page.text_content("[data-filter-count]") == _count_text(page, 1, total)
    assert "q=mentor" in page.url, "the filter is kept in the address, to share or reload"


def test_filter_by_level_and_family(page, site_url):
    _open(page, site_url + "roles/")
    page.select_option("[data-filter-select=level]", "senior")
    levels = page.eval_on_selector_all("li.le-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.dataset.level)")
    assert levels and set(levels) == {"senior"}
    assert page.text_content("[data-filter-count]") == _count_text(page, len(levels), page.locator("li.le-card").count())
    page.select_option("[data-filter-select=family]", "research")
    both = page.eval_on_selector_all("li.le-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => [c.dataset.family, c.dataset.level])")
    assert all(pair == ["research", "senior"] for pair in both)


def test_filter_says_when_nothing_matches_and_clears(page, site_url):
    _open(page, site_url + "challenges/")
    total = page.locator("li.le-card").count()
    page.fill("[data-filter-text]", "zzzz nothing like this")
    assert _visible_cards(page) == []
    assert page.locator("[data-filter-empty]").is_visible()
    page.click("form[data-filter] button[type=reset]")
    page.wait_for_function(f"[...document.querySelectorAll('li.le-card')].filter(c => c.offsetParent !== null).length === {total}")
    assert not page.locator("[data-filter-empty]").is_visible()


def test_filter_challenges_by_kind(page, site_url):
    _open(page, site_url + "challenges/")
    page.select_option("[data-filter-select=scope]", "system")
    scopes = page.eval_on_selector_all("li.le-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.dataset.scope)")
    assert scopes and set(scopes) == {"system"}
    assert not page.locator("h2#role-level").is_visible()


def test_a_filtered_address_opens_filtered(page, site_url):
    _open(page, site_url + "checklists/?q=mentor")
    assert page.input_value("[data-filter-text]") == "mentor"
    assert [h.split("/")[-2] for h in _visible_cards(page)] == ["peer-support-worker"]


def test_without_javascript_the_whole_list_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _open(page, site_url + "roles/")
        assert not page.locator("form[data-filter]").is_visible()
        cards = page.locator("li.le-card")
        assert cards.count() > 5
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
    finally:
        context.close()


# ----------------------------------------------------------------------------- phones and print


@pytest.mark.parametrize("path", ["", "roles/", "roles/peer-support-worker/", "strategy/", "references/", "challenges/pay-and-status-parity/"])
def test_readable_on_a_phone_without_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        _open(page, site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"/{path} is {width}px wide on a 390px phone"
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
        assert size >= 14
    finally:
        context.close()


def test_print_shows_only_the_page_with_readable_links(page, site_url):
    _open(page, site_url + "references/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".md-content__button"):
        assert not page.locator(selector).first.is_visible(), f"{selector} shows in print"
    assert page.locator("article h1").is_visible()
    _open(page, site_url + "roles/peer-support-worker/")
    # Few pages link to other sites; add one to a role page's text to see how it prints.
    page.evaluate("""() => { const p = document.createElement('p'); p.innerHTML = 'See <a href="https://example.org/guidance">the guidance</a>.';
        document.querySelector('article .le-prose').append(p); }""")
    page.emulate_media(media="print")
    external = page.locator("article .le-prose a[href='https://example.org/guidance']")
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.org/guidance" in after, "a printed link to another site does not show its address"
    assert external.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 0)"
    assert "underline" in external.evaluate("a => getComputedStyle(a).textDecorationLine")
    citation = page.locator("article a[href*='references/#']").first
    assert citation.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal"), "internal links print as they read"


def test_the_404_page_offers_search_and_the_main_pages(browser, site_url):
    context = _new_context(browser, site_url)
    page = context.new_page()
    try:
        _open(page, site_url + "404.html")
        assert page.locator("link[rel=stylesheet]").count() and page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
        button = page.locator("button[data-open-search]")
        assert button.is_visible()
        button.click()
        page.wait_for_function("document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    finally:
        context.close()
