"""The reader routes of issue 14 in a real browser: the board briefing prints on one A4 sheet, and a
peer worker on a phone finds "If you are in a lived experience role" from the top of a challenge."""

from __future__ import annotations

import re

A4_MARGIN = {"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"}  # about a browser's default


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_board_briefing_prints_on_one_a4_sheet(page, site_url):
    page.goto(site_url + "for-boards/")
    page.emulate_media(media="print")
    assert page.locator("article h1").is_visible()
    assert page.locator("article h2").count() >= 3  # why, what to ask, what next: all on the sheet
    pdf = page.pdf(format="A4", margin=A4_MARGIN)
    assert _pdf_pages(pdf) == 1, f"/for-boards/ prints on {_pdf_pages(pdf)} A4 pages"


def test_a_long_page_counts_as_more_than_one_sheet(page, site_url):
    """The page counter itself: a long page (the references) prints on many sheets."""
    page.goto(site_url + "references/")
    page.emulate_media(media="print")
    assert _pdf_pages(page.pdf(format="A4", margin=A4_MARGIN)) > 1


def test_on_a_phone_the_in_post_advice_is_signposted_at_the_top(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_url + "challenges/pay-and-status-parity/")
        jump = page.locator("article .le-jump a[href='#in-post']")
        box = jump.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, "the jump link is not on the first screen"
        jump.click()
        page.wait_for_function("location.hash === '#in-post'")
        heading = page.locator("article h2#in-post")
        top = heading.evaluate("h => h.getBoundingClientRect().top")
        assert 0 <= top < 300, f"the section heading is at {top}px after the jump"
        assert page.locator("#in-post ~ .le-in-post li").first.is_visible()
    finally:
        context.close()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def test_axe_finds_nothing_on_the_reader_pages_with_the_starter_open(browser, site_url):
    """The briefing, the recruitment page, a challenge's in-post advice and a role's job description
    starter (opened, so that its headings, labels and places to fill in are checked too), in both
    colour schemes."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        try:
            for path in ("for-boards/", "recruitment/", "challenges/role-clarity/", "roles/peer-support-worker/"):
                page.goto(site_url + path)
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                if path.startswith("roles/"):
                    assert page.locator("details.le-jd__details h3").nth(1).is_visible()
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    found.append(f"{path} ({scheme}): {violation['id']} {violation['help']}: {targets}")
        finally:
            context.close()
    assert not found, "\n".join(found)


def test_the_job_description_starter_opens_from_the_keyboard(page, site_url):
    page.goto(site_url + "roles/peer-support-worker/")
    summary = page.locator("details.le-jd__details > summary")
    assert not page.locator("details.le-jd__details h3").first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.le-jd__details h3").first.is_visible()
    assert page.locator("details.le-jd__details .le-fill").first.is_visible()
