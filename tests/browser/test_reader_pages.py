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
