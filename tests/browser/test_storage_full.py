"""Never "saved" when nothing was saved (issue #17, class 9): with the browser's storage full, every
save path of every tool in the site shows a warning and no message that says the work was saved or
loaded into the browser: checklist answers, loading a file on a checklist, renaming and duplicating
on /my-work/, and the self-assessment (rating, loading a file).

Storage is made full by a `setItem` that throws QuotaExceededError once the test says so (a flag in
sessionStorage, so that it survives a reload); the texts come from data/strings/en.yml.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
S = yaml.safe_load((ROOT / "data" / "strings" / "en.yml").read_text(encoding="utf-8"))
ROLE = "peer-support-worker"
FULL = """(() => { const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
        if (k !== '__full' && window.sessionStorage.getItem('__full') === '1')
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return real.call(this, k, v); }; })()"""
WARNINGS = [S["workspace.storage_full"], S["workspace.loaded_not_stored"], S["assessment.full"]]


def fill_storage(page) -> None:
    page.evaluate("() => sessionStorage.setItem('__full', '1')")


def shown(page) -> str:
    page.wait_for_timeout(400)  # a later message must not overwrite the warning at once
    return page.evaluate("() => document.body.innerText")


def assert_warned_not_saved(page, *claims: str) -> None:
    text = shown(page)
    assert any(w in text for w in WARNINGS), text[-800:]
    for claim in claims:
        assert claim not in text, claim


def open_checklist(page, site_url: str) -> None:
    page.goto(f"{site_url}checklists/{ROLE}/")
    page.wait_for_selector("[data-checklist-tools][data-ready]")


def saved_claims(page) -> list[str]:
    data = json.loads(page.locator("#le-checklist-data").text_content())
    return [data["strings"]["saved"]] if data["strings"].get("saved") else []


def checklist_file(page, site_url: str) -> bytes:
    open_checklist(page, site_url)
    page.check("input[name='status-communities'][value='done']")
    page.fill("#notes-communities", "from a file")
    with page.expect_download() as info:
        page.click("[data-action='export-json']")
    data = Path(info.value.path()).read_bytes()
    page.evaluate("() => localStorage.clear()")
    return data


@pytest.fixture
def full_page(page):
    page.add_init_script(FULL)
    return page


def test_checklist_answers_with_storage_full(full_page, site_url):
    open_checklist(full_page, site_url)
    claims = saved_claims(full_page)
    fill_storage(full_page)
    full_page.check("input[name='status-communities'][value='done']")
    full_page.fill("#notes-communities", "typed while full")
    progress = full_page.locator("[data-progress]").text_content()
    assert all(claim not in progress for claim in claims), progress
    assert_warned_not_saved(full_page)


def test_loading_a_checklist_file_with_storage_full(full_page, site_url):
    payload = checklist_file(full_page, site_url)
    open_checklist(full_page, site_url)
    fill_storage(full_page)
    with full_page.expect_file_chooser() as chooser:
        full_page.click("[data-action='import-json']")
    chooser.value.set_files({"name": "work.json", "mimeType": "application/json", "buffer": payload})
    full_page.wait_for_function("() => document.querySelector('[data-message]').textContent.trim() !== ''")
    assert_warned_not_saved(full_page, S["js.imported"])


def saved_checklist_on_my_work(page, site_url: str) -> str:
    """A checklist named "Crisis team post" with one answer, saved while there was room; then /my-work/
    open. Returns the checklist's id."""
    open_checklist(page, site_url)
    page.fill("[data-item-name]", "Crisis team post")
    page.check("input[name='status-communities'][value='done']")
    item = page.evaluate("() => (new URLSearchParams(location.search)).get('item')")
    page.goto(f"{site_url}my-work/")
    page.wait_for_selector("[data-work]:not([hidden])")
    return item


@pytest.mark.parametrize("action", ["rename", "duplicate"])
def test_my_work_rename_and_duplicate_with_storage_full(full_page, site_url, action):
    item = saved_checklist_on_my_work(full_page, site_url)
    fill_storage(full_page)
    full_page.click(f"tr[data-item='{item}'] [data-item-action='{action}']")
    if action == "rename":
        field = full_page.locator(f"tr[data-item='{item}'] input[type=text]")
        field.fill("Renamed while full")
        field.press("Enter")
        claim = S["workspace.renamed"].replace("{name}", "Renamed while full")
    else:
        copy_name = S["workspace.copy_name"].replace("{name}", "Crisis team post")
        claim = S["workspace.duplicated"].replace("{name}", copy_name)
    # /my-work/ says what it did on the page and, in the same message, that it was not saved: the
    # claim never stands alone
    message = full_page.locator("[data-message-text]").text_content()
    assert S["workspace.storage_full"] in message, message
    assert_warned_not_saved(full_page)
    full_page.reload()
    full_page.wait_for_selector("[data-work]:not([hidden])")
    kept = full_page.evaluate("() => document.querySelector('[data-work-list]').innerText")
    assert "Renamed while full" not in kept and "(copy)" not in kept  # indeed nothing was stored
    assert claim not in shown(full_page)


def test_self_assessment_rating_with_storage_full(full_page, site_url):
    full_page.goto(f"{site_url}self-assessment/")
    full_page.wait_for_selector("[data-assess-tools]:not([hidden])")
    fill_storage(full_page)
    first = full_page.locator("select[id^='now-']").first
    values = first.evaluate("s => Array.from(s.options).map(o => o.value).filter(Boolean)")
    first.select_option(values[-1])
    assert_warned_not_saved(full_page, S["assessment.saved"])


def test_my_work_does_not_list_a_copy_it_could_not_save(full_page, site_url):
    """Duplicate with storage full: the warning says the copy was not saved, and the list does not
    show it (before the fix it stayed listed until a reload made it vanish)."""
    item = saved_checklist_on_my_work(full_page, site_url)
    rows = full_page.locator("[data-work-list] tr").count()
    fill_storage(full_page)
    full_page.click(f"tr[data-item='{item}'] [data-item-action='duplicate']")
    message = full_page.locator("[data-message-text]").text_content()
    assert S["workspace.storage_full"] in message, message
    copy_name = S["workspace.copy_name"].replace("{name}", "Crisis team post")
    listed = full_page.evaluate("() => document.querySelector('[data-work-list]').innerText")
    assert copy_name not in listed and full_page.locator("[data-work-list] tr").count() == rows, listed
    assert S["workspace.duplicated"].replace("{name}", copy_name) not in message
    assert full_page.evaluate("() => document.activeElement.closest('tr') && "
                              "document.activeElement.closest('tr').getAttribute('data-item')") == item
