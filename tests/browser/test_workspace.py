"""Named checklists, /my-work/, one file for everything, the comparison view, trustworthy storage and
the outputs people hand over (issue 12), in real headless Chromium.

Every test starts from an empty browser profile (the `page` fixture). Texts are read from the page's
own strings (the JSON it embeds from data/strings/en.yml), so the tests follow the strings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROLE = "peer-support-worker"
PREFIX = "le-work:item:"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


# ---------------------------------------------------------------------------- helpers


def fill(template: str, **values) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def open_checklist(page, site_url: str, ident: str = ROLE, query: str = "") -> dict:
    page.goto(f"{site_url}checklists/{ident}/{query}")
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    return json.loads(page.locator("#le-checklist-data").text_content())


def open_my_work(page, site_url: str) -> None:
    page.goto(f"{site_url}my-work/")
    page.wait_for_selector("[data-work]:not([hidden])")


def ws(page) -> dict:
    return json.loads(page.locator("#le-workspace-data").text_content())


def cs(page) -> dict:
    return json.loads(page.locator("#le-checklist-strings").text_content())["strings"]


def answer(page, qid: str, status: str | None = None, notes: str | None = None) -> None:
    if status:
        page.check(f"input[name='status-{qid}'][value='{status}']")
    if notes is not None:
        page.fill(f"#notes-{qid}", notes)


def status_of(page, qid: str) -> str:
    return page.locator(f"input[name='status-{qid}']:checked").get_attribute("value")


def stored_items(page) -> dict:
    return page.evaluate("""p => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(p))
        .map(k => [k.slice(p.length), JSON.parse(localStorage.getItem(k))]))""", PREFIX)


def current_id(page) -> str:
    return page.evaluate("() => (new URLSearchParams(location.search)).get('item')")


def rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-work-list] tr')).map(tr => ({
        id: tr.dataset.item, name: tr.querySelector('th a').textContent, progress: tr.querySelector('[data-progress]').textContent}))""")


def my_work_message(page) -> str:
    return page.locator("[data-message-text]").text_content()


def load_file(page, payload: bytes, message_selector: str = "[data-message]") -> None:
    page.evaluate("s => { const m = document.querySelector(s); (m.querySelector('[data-message-text]') || m).textContent = ''; }", message_selector)
    with page.expect_file_chooser() as chooser:
        page.click("[data-action='import-json']")
    chooser.value.set_files({"name": "work.json", "mimeType": "application/json", "buffer": payload})
    page.wait_for_function("s => document.querySelector(s).textContent.trim() !== ''", arg=message_selector)


def save_file(page) -> bytes:
    with page.expect_download() as info:
        page.click("[data-action='export-json']")
    return Path(info.value.path()).read_bytes()


def download(page, action: str):
    with page.expect_download() as info:
        page.click(f"[data-action='{action}']")
    return info.value


def two_checklists(page, site_url: str) -> tuple[str, str]:
    open_checklist(page, site_url)
    page.fill("[data-item-name]", "Crisis team post")
    answer(page, "communities", "done", "Crisis team notes")
    answer(page, "team-readiness", "in-progress")
    first = current_id(page)
    page.click("[data-action='new']")
    page.fill("[data-item-name]", "Inpatient ward post")
    answer(page, "communities", "not-applicable", "Ward notes")
    second = current_id(page)
    assert first and second and first != second
    return first, second


def fully_answered(page, data: dict, notes: str = "Agreed with the team; see minutes.") -> None:
    statuses = ["done", "in-progress", "not-applicable"]
    for i, q in enumerate(data["questions"]):
        answer(page, q["id"], statuses[i % 3], f"{notes} ({i + 1})")


# ---------------------------------------------------------------------------- named checklists


def test_two_named_checklists_for_one_role_stay_separate_after_reload(page, site_url):
    first, second = two_checklists(page, site_url)
    page.reload()
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    assert page.input_value("[data-item-name]") == "Inpatient ward post"
    assert status_of(page, "communities") == "not-applicable"
    assert page.input_value("#notes-communities") == "Ward notes"
    assert status_of(page, "team-readiness") == "not-started"
    # the page names the other checklist saved for this role, and opens it
    assert page.locator("[data-others-list] a").all_text_contents() == ["Crisis team post"]
    page.click("[data-others-list] a")
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    assert current_id(page) == first
    assert page.input_value("[data-item-name]") == "Crisis team post"
    assert status_of(page, "communities") == "done"
    assert page.input_value("#notes-communities") == "Crisis team notes"
    assert status_of(page, "team-readiness") == "in-progress"
    items = stored_items(page)
    assert set(items) == {first, second}
    assert items[first]["answers"]["communities"]["notes"] == "Crisis team notes"
    assert items[second]["answers"]["communities"]["notes"] == "Ward notes"
    assert all(re.fullmatch(r"c-[a-z0-9]{10}", i) for i in items)


def test_the_role_page_lists_the_saved_checklists_for_that_role(page, site_url):
    page.goto(f"{site_url}roles/{ROLE}/")
    assert not page.locator("[data-saved-checklists]").is_visible()  # nothing saved yet
    first, second = two_checklists(page, site_url)
    page.goto(f"{site_url}roles/{ROLE}/")
    links = page.locator("[data-saved-checklists] a")
    links.first.wait_for()
    assert sorted(links.all_text_contents()) == ["Crisis team post", "Inpatient ward post"]
    links.filter(has_text="Crisis team post").click()
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    assert current_id(page) == first
    page.goto(f"{site_url}roles/peer-trainer/")
    page.wait_for_load_state("load")
    assert not page.locator("[data-saved-checklists]").is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_my_work_with_nothing_saved_says_so_and_shows_no_empty_table(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_my_work(page, site_url)
    assert page.locator("[data-work-empty]").is_visible()
    assert not page.locator("[data-work-table]").is_visible(), "an empty table header is shown"
    assert not page.get_by_role("columnheader").first.is_visible()


def test_my_work_lists_checklists_and_assessments_with_progress(page, site_url):
    first, second = two_checklists(page, site_url)
    assessment = {"type": "assessment", "id": "a-test1", "name": "Adult services", "started": "2026-02-01",
                  "updated": "2026-02-01T10:00:00.000Z",
                  "steps": {"promote-applications": {"now": "planned", "target": "embedded", "notes": "", "lead": "", "due": "", "skip": False, "reason": ""},
                            "target-under-represented": {"now": "", "target": "", "notes": "", "lead": "", "due": "", "skip": True, "reason": "Later"},
                            "values-based-recruitment": {"now": "", "target": "in-place", "notes": "", "lead": "", "due": "", "skip": False, "reason": ""}},
                  "cover": {"organisation": "", "date": "", "author": "", "ask": ""}}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PREFIX + assessment["id"], json.dumps(assessment)])
    open_my_work(page, site_url)
    strings = ws(page)["strings"]
    steps = len(ws(page)["steps"])
    listed = rows(page)
    # newest change first
    assert [r["name"] for r in listed] == ["Inpatient ward post", "Crisis team post", "Adult services"]
    assert listed[0]["progress"] == fill(strings["progress_checklist"], answered=1, total=19, done=0)
    assert listed[1]["progress"] == fill(strings["progress_checklist"], answered=2, total=19, done=1)
    # an assessment counts the steps rated or skipped, out of all steps
    assert listed[2]["progress"] == fill(strings["progress_assessment"], answered=2, total=steps)
    kinds = page.locator("[data-work-list] tr td:nth-child(2)").all_text_contents()
    assert kinds[2] == strings["kind_assessment"]
    assert kinds[0] == fill(strings["kind_checklist"], title="Peer support worker")
    # each row opens its item
    page.click(f"tr[data-item='{first}'] th a")
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    assert page.input_value("[data-item-name]") == "Crisis team post"


def test_rename_duplicate_delete_and_undo(page, site_url):
    first, second = two_checklists(page, site_url)
    open_my_work(page, site_url)
    strings = ws(page)["strings"]

    page.click(f"tr[data-item='{first}'] [data-item-action='rename']")
    field = page.locator(f"tr[data-item='{first}'] input[type=text]")
    assert field.evaluate("e => e === document.activeElement")
    field.fill("Crisis resolution team, band 4")
    field.press("Enter")
    assert my_work_message(page) == fill(strings["renamed"], name="Crisis resolution team, band 4")
    assert stored_items(page)[first]["name"] == "Crisis resolution team, band 4"
    assert stored_items(page)[first]["answers"]["communities"]["notes"] == "Crisis team notes"

    page.click(f"tr[data-item='{first}'] [data-item-action='duplicate']")
    copy_name = fill(strings["copy_name"], name="Crisis resolution team, band 4")
    assert my_work_message(page) == fill(strings["duplicated"], name=copy_name)
    items = stored_items(page)
    assert len(items) == 3
    (copy_id,) = set(items) - {first, second}
    assert items[copy_id]["answers"] == items[first]["answers"] and items[copy_id]["name"] == copy_name
    assert items[copy_id]["checklist"] == ROLE

    page.click(f"tr[data-item='{second}'] [data-item-action='delete']")
    assert my_work_message(page) == fill(strings["deleted"], name="Inpatient ward post")
    assert second not in stored_items(page)
    assert second not in [r["id"] for r in rows(page)]
    undo = page.locator("[data-undo]")
    assert undo.is_visible() and undo.evaluate("e => e === document.activeElement")
    undo.click()
    assert my_work_message(page) == fill(strings["undone"], name="Inpatient ward post")
    assert stored_items(page)[second]["answers"]["communities"] == {"status": "not-applicable", "notes": "Ward notes"}
    assert not undo.is_visible()
    page.reload()
    page.wait_for_selector("[data-work]:not([hidden])")
    assert sorted(r["name"] for r in rows(page)) == sorted(["Crisis resolution team, band 4", copy_name, "Inpatient ward post"])
    # destructive actions are set apart from the others in each row
    gap = page.evaluate(f"""() => {{ const r = document.querySelector("tr[data-item='{first}']");
        const d = r.querySelector("[data-item-action='delete']"), u = r.querySelector("[data-item-action='duplicate']");
        return d.getBoundingClientRect().left - u.getBoundingClientRect().right; }}""")
    assert gap >= 10 or page.evaluate(f"""() => {{ const r = document.querySelector("tr[data-item='{first}']");
        return r.querySelector("[data-item-action='delete']").getBoundingClientRect().top > r.querySelector("[data-item-action='duplicate']").getBoundingClientRect().top; }}""")


# ---------------------------------------------------------------------------- one file


def test_save_to_a_file_clear_the_browser_load_it_all_back(page, site_url):
    first, second = two_checklists(page, site_url)
    open_my_work(page, site_url)
    before = stored_items(page)
    payload = save_file(page)
    saved = json.loads(payload)
    assert saved["schema"] == "lived-experience-workspace" and saved["schema_version"] == 1
    assert saved["guide_version"] == ws(page)["guide_version"] and saved["questions"] == ws(page)["questions"]
    assert {i["id"] for i in saved["items"]} == {first, second}

    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.wait_for_selector("[data-work]:not([hidden])")
    assert rows(page) == []
    assert page.locator("[data-work-empty]").is_visible()

    load_file(page, payload)
    assert my_work_message(page) == fill(ws(page)["strings"]["loaded"], added=2, same=0, conflicts=0)
    assert stored_items(page) == before
    assert sorted(r["name"] for r in rows(page)) == ["Crisis team post", "Inpatient ward post"]
    # export, import, export: the same file (apart from the moment it was saved)
    again = json.loads(save_file(page))
    assert {k: v for k, v in again.items() if k != "saved"} == {k: v for k, v in saved.items() if k != "saved"}
    # loading the same file again adds nothing and asks nothing
    load_file(page, payload)
    assert my_work_message(page) == fill(ws(page)["strings"]["loaded"], added=0, same=2, conflicts=0)
    assert page.locator("[data-compare]").count() == 0


def test_the_file_matches_its_published_schema(page, site_url, built_site):
    jsonschema = pytest.importorskip("jsonschema")
    two_checklists(page, site_url)
    open_my_work(page, site_url)
    schema = json.loads((built_site / "api" / "schema" / "workspace.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(save_file(page)))


def _colleague_file(page, item_id: str, answers: dict, name: str = "Crisis team post") -> bytes:
    mine = stored_items(page)[item_id]
    theirs = dict(mine, name=name, updated="2026-03-01T09:00:00.000Z", answers=answers)
    return json.dumps({"schema": "lived-experience-workspace", "schema_version": 1, "guide_version": ws(page)["guide_version"],
                       "saved": "2026-03-01T09:00:00.000Z", "questions": ws(page)["questions"], "steps": ws(page)["steps"],
                       "items": [theirs]}).encode()


THEIRS = {
    "communities": {"status": "in-progress", "notes": "Colleague: ask the carers' forum too"},   # differs from mine
    "team-readiness": {"status": "in-progress", "notes": ""},                                    # the same as mine
    "job-description": {"status": "done", "notes": "Colleague drafted it"},                       # only theirs
}


def _compare_rows(page) -> list[str]:
    return page.locator("[data-compare] [data-compare-row]").evaluate_all("rs => rs.map(r => r.dataset.compareRow)")


@pytest.mark.parametrize("choice", ["mine", "theirs", "both"])
def test_a_colleagues_file_opens_a_comparison_and_each_choice_does_what_it_says(page, site_url, choice):
    first, _ = two_checklists(page, site_url)
    data = open_checklist(page, site_url, query=f"?item={first}")
    strings = ws(page)["strings"]
    mine = stored_items(page)[first]["answers"]
    load_file(page, _colleague_file(page, first, THEIRS))
    assert page.locator("[data-message]").text_content() == fill(strings["loaded"], added=0, same=0, conflicts=1)
    view = page.locator("[data-compare]")
    assert view.is_visible()
    # only the questions that differ, in checklist order; mine beside theirs
    assert _compare_rows(page) == ["communities", "job-description"]
    row = view.locator("[data-compare-row='communities']")
    assert "Crisis team notes" in row.locator("td").nth(0).text_content()
    assert "Colleague: ask the carers' forum too" in row.locator("td").nth(1).text_content()
    assert data["statuses"]["done"] in row.locator("td").nth(0).text_content()
    assert data["statuses"]["in-progress"] in row.locator("td").nth(1).text_content()
    assert row.locator("th").text_content().startswith("1. ")
    # nothing has changed yet
    assert stored_items(page)[first]["answers"] == mine

    view.locator(f"[data-choose-all='{choice}']").click()
    view.locator("[data-compare-apply]").click()
    assert page.locator("[data-compare]").count() == 0
    assert page.locator("[data-message]").text_content() == fill(strings["compare.applied"], name="Crisis team post")
    got = stored_items(page)[first]["answers"]
    if choice == "mine":
        assert got == mine
    elif choice == "theirs":
        assert got["communities"] == THEIRS["communities"] and got["job-description"] == THEIRS["job-description"]
        assert got["team-readiness"] == mine["team-readiness"]
    else:
        assert got["communities"] == {"status": "done", "notes": "Crisis team notes\n\nColleague: ask the carers' forum too"}
        assert got["job-description"] == {"status": "not-started", "notes": "Colleague drafted it"}
    # the page shows what was kept
    assert page.input_value("#notes-communities") == got["communities"]["notes"]
    assert len(stored_items(page)) == 2  # merged into mine, not added beside it


def test_a_choice_per_question_and_cancel(page, site_url):
    first, _ = two_checklists(page, site_url)
    open_my_work(page, site_url)
    strings = ws(page)["strings"]
    mine = stored_items(page)[first]["answers"]
    payload = _colleague_file(page, first, THEIRS)

    load_file(page, payload)
    page.locator("[data-compare] [data-compare-cancel]").click()
    assert my_work_message(page) == fill(strings["compare.cancelled"], name="Crisis team post")
    assert stored_items(page)[first]["answers"] == mine

    load_file(page, payload)
    view = page.locator("[data-compare]")
    # each choice is a radio labelled in words, in a group named after its question
    group = view.locator("[data-compare-row='communities'] fieldset")
    assert group.locator("legend").text_content().startswith(fill(strings["compare.choice_for"], question="1. ")[:-1])
    group.get_by_label(strings["compare.choose_theirs"]).check()
    view.locator("[data-compare-row='job-description']").get_by_label(strings["compare.choose_mine"]).check()
    view.locator("[data-compare-apply]").click()
    got = stored_items(page)[first]["answers"]
    assert got["communities"] == THEIRS["communities"]
    assert "job-description" not in got


def test_a_file_from_another_guide_version_says_which_questions_changed(page, site_url):
    first, _ = two_checklists(page, site_url)
    open_my_work(page, site_url)
    file = json.loads(_colleague_file(page, first, THEIRS))
    file["guide_version"] = "0ld0ld0ld0ld"
    file["questions"] = dict(file["questions"], communities="changedwords1")
    load_file(page, json.dumps(file).encode())
    note = page.locator("[data-compare] [data-changed]")
    assert note.is_visible()
    assert note.locator("p").text_content() == fill(ws(page)["strings"]["compare.changed"], count=1)
    assert note.locator("li").evaluate_all("ls => ls.map(l => l.dataset.changedId)") == ["communities"]
    assert note.locator("li").text_content().startswith("1. ")


# ---------------------------------------------------------------------------- the first checklist's data


def test_an_untitled_old_record_is_named_after_its_role_where_the_page_knows_it(page, site_url):
    """A checklist page names only its own checklist: an old record of another role, saved without a
    title, waits for a page that knows that role's title, and is never named by its id."""
    page.goto(site_url)
    other = "peer-trainer"
    old = {"schema": "lived-experience-checklist", "version": 1, "checklist": other, "updated": "2025-11-30T08:00:00.000Z",
           "answers": {"communities": {"status": "done", "notes": "From before"}}}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", ["le-checklist:" + other, json.dumps(old)])
    open_checklist(page, site_url)  # the peer support worker's checklist
    assert list(ws(page)["checklists"]) == [ROLE]
    assert stored_items(page) == {}
    open_my_work(page, site_url)
    title = ws(page)["checklists"][other]
    assert [r["name"] for r in rows(page)] == [title] and title != other


def test_old_single_checklist_data_is_migrated_and_left_untouched(page, site_url):
    page.goto(site_url)
    old = {"schema": "lived-experience-checklist", "version": 1, "checklist": ROLE, "title": "Peer support worker",
           "updated": "2025-11-30T08:00:00.000Z",
           "answers": {"communities": {"status": "done", "notes": "From before"}, "retired-question": {"status": "in-progress", "notes": "kept"}}}
    raw = json.dumps(old)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", ["le-checklist:" + ROLE, raw])
    data = open_checklist(page, site_url)
    assert status_of(page, "communities") == "done"
    assert page.input_value("#notes-communities") == "From before"
    assert page.input_value("[data-item-name]") == "Peer support worker"
    assert page.input_value("[data-item-started]") == "2025-11-30"
    (migrated,) = stored_items(page).values()
    assert migrated["answers"] == old["answers"] and migrated["checklist"] == ROLE and migrated["type"] == "checklist"
    assert page.evaluate("k => localStorage.getItem(k)", "le-checklist:" + ROLE) == raw  # the old record, untouched
    # listed on /my-work/; once deleted there, it does not come back from the old record
    open_my_work(page, site_url)
    assert [r["name"] for r in rows(page)] == ["Peer support worker"]
    page.click("[data-item-action='delete']")
    page.reload()
    page.wait_for_selector("[data-work]:not([hidden])")
    assert rows(page) == []
    assert data["checklist"] == ROLE


# ---------------------------------------------------------------------------- storage you can trust


def test_storage_full_warns_and_never_says_saved(page, site_url):
    page.add_init_script("""(() => { const real = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
            if (window.__full && String(k).startsWith('le-work:item:')) throw new DOMException('full', 'QuotaExceededError');
            return real.call(this, k, v); }; })()""")
    data = open_checklist(page, site_url)
    strings = ws(page)["strings"]
    answer(page, "communities", "done", "saved before it filled up")
    assert page.locator("[data-progress]").text_content().endswith(data["strings"]["saved"])
    page.evaluate("() => { window.__full = true; }")
    answer(page, "team-readiness", "in-progress", "typed after")
    progress = page.locator("[data-progress]").text_content()
    assert data["strings"]["saved"] not in progress and progress.endswith(strings["unsaved"])
    assert page.locator("[data-storage]").text_content() == strings["storage_full"]
    assert page.locator("[data-message]").text_content() == strings["storage_full"]
    # what is on the page stays, and a file holds it
    assert page.input_value("#notes-team-readiness") == "typed after"
    exported = json.loads(save_file(page))
    (item,) = exported["items"]
    assert item["answers"]["team-readiness"] == {"status": "in-progress", "notes": "typed after"}
    # storage kept the last answer that did fit, not a false "saved"
    (kept,) = stored_items(page).values()
    assert "team-readiness" not in kept["answers"]
    # space again: the next change is saved and the page says so
    page.evaluate("() => { window.__full = false; }")
    answer(page, "team-readiness", None, "typed after, saved")
    assert page.locator("[data-progress]").text_content().endswith(data["strings"]["saved"])
    assert page.locator("[data-storage]").text_content() != strings["storage_full"]
    assert stored_items(page)[item["id"]]["answers"]["team-readiness"]["notes"] == "typed after, saved"


def test_storage_that_may_be_cleared_is_said_plainly(page, site_url):
    page.add_init_script("navigator.storage.persist = () => Promise.resolve(false); navigator.storage.persisted = () => Promise.resolve(false);")
    open_checklist(page, site_url)
    answer(page, "communities", "done")
    page.wait_for_function("t => document.querySelector('[data-storage]').textContent === t", arg=ws(page)["strings"]["storage_not_persistent"])


def test_persistent_storage_is_asked_for_once(page, site_url):
    page.add_init_script("""window.__asked = 0; navigator.storage.persisted = () => Promise.resolve(false);
        navigator.storage.persist = () => { window.__asked += 1; return Promise.resolve(true); };""")
    open_checklist(page, site_url)
    answer(page, "communities", "done", "one")
    answer(page, "team-readiness", "done", "two")
    page.wait_for_function("t => document.querySelector('[data-storage]').textContent === t", arg=ws(page)["strings"]["storage_persistent"])
    assert page.evaluate("() => window.__asked") == 1


def test_a_page_opened_from_a_file_says_to_save_a_file(page, built_site):
    page.goto((built_site / "checklists" / ROLE / "index.html").as_uri())
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    assert page.locator("[data-storage]").text_content() == ws(page)["strings"]["storage_file"]
    answer(page, "communities", "done", "from file://")
    exported = json.loads(save_file(page))
    assert exported["items"][0]["answers"]["communities"]["notes"] == "from file://"


# ---------------------------------------------------------------------------- quick to work through


def test_status_controls_are_named_by_their_question(page, site_url):
    data = open_checklist(page, site_url)
    first = data["questions"][0]
    heading = f"{first['number']}. {first['text']}"  # the question's heading, as the page shows it
    group = page.get_by_role("group", name=f"{cs(page)['status_label']} {heading}", exact=True)
    assert group.count() == 1
    assert group.get_by_role("radio").count() == 4
    notes = page.get_by_role("textbox", name=f"{cs(page)['notes_label']} {heading}", exact=True)
    assert notes.get_attribute("id") == f"notes-{first['id']}"


def test_progress_stays_in_view_while_scrolling(page, site_url):
    open_checklist(page, site_url)
    page.locator("#q-progression-routes").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    box = page.locator("[data-progress]").bounding_box()
    assert box is not None and 0 <= box["y"] < 200
    answer(page, "progression-routes", "done")
    assert page.locator("[data-progress]").text_content().startswith("1 ")


def test_show_only_unanswered_and_collapse_a_stage(page, site_url):
    data = open_checklist(page, site_url)
    t = cs(page)
    answer(page, "communities", "done")
    answer(page, "team-readiness", "not-applicable")
    page.check("[data-only-unanswered]")
    assert not page.locator("#q-communities").is_visible()
    assert not page.locator("#q-team-readiness").is_visible()
    assert page.locator("[data-question]:visible").count() == 17
    assert page.locator("[data-hidden-count]").text_content() == fill(t["hidden_answered"], count=2)
    page.uncheck("[data-only-unanswered]")
    assert page.locator("[data-question]:visible").count() == 19

    toggle = page.locator("[data-stage-toggle]").first
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.text_content() == fill(t["collapse_stage"], number=1)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.text_content() == fill(t["expand_stage"], number=1)
    first_stage = [q["id"] for q in data["questions"] if q["stage"] == 1]
    assert all(not page.locator(f"#q-{qid}").is_visible() for qid in first_stage)
    # a collapsed stage still prints
    page.emulate_media(media="print")
    assert page.locator(f"#q-{first_stage[0]}").is_visible()
    page.emulate_media(media="screen")
    toggle.click()
    assert page.locator(f"#q-{first_stage[0]}").is_visible()


def _focused_in(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement.closest(s)", selector)


def test_the_skip_link_reaches_the_first_question_in_a_few_keys(page, site_url):
    data = open_checklist(page, site_url)
    skip = page.locator(".le-skip a")
    assert skip.text_content() == cs(page)["skip_to_questions"]
    # from the top: the site's own skip link, then a few stops in the content, then ours
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    presses = 0
    while not _focused_in(page, ".le-skip") and presses < 6:
        page.keyboard.press("Tab")
        presses += 1
    assert _focused_in(page, ".le-skip"), presses
    page.keyboard.press("Enter")
    first_stage = page.locator(".le-stage").first.get_attribute("aria-labelledby")
    assert page.evaluate("() => location.hash") == "#" + first_stage
    # the next stops are the first stage's own: its heading anchor or its hide button, then the first question
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused_in(page, f"#{first_stage}, [data-stage-toggle], #q-{data['questions'][0]['id']}")
    assert page.evaluate("() => document.activeElement.closest('[data-checklist-tools]')") is None


# ---------------------------------------------------------------------------- outputs


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_short_print_of_a_fully_answered_checklist_is_four_pages_or_fewer(page, site_url, tmp_path):
    data = open_checklist(page, site_url)
    page.fill("[data-item-name]", "Crisis team, band 4 peer support worker")
    fully_answered(page, data)
    # the button prints the short version: the class is on while the browser prints
    page.evaluate("() => { window.print = () => { window.__printed = document.documentElement.classList.contains('le-print-short'); }; }")
    page.click("[data-action='print-short']")
    assert page.evaluate("() => window.__printed") is True
    assert not page.evaluate("() => document.documentElement.classList.contains('le-print-short')")

    page.evaluate("() => document.documentElement.classList.add('le-print-short')")
    page.emulate_media(media="print")
    head = page.locator("[data-short-head]")
    assert head.is_visible()
    assert "Crisis team, band 4 peer support worker" in head.text_content()
    assert not page.locator(".le-guidance").first.is_visible()
    assert not page.locator(".le-why").first.is_visible()
    assert page.locator("#q-communities [data-status-print]").is_visible()
    assert page.locator("#q-communities [data-status-print]").text_content().endswith(data["statuses"]["done"])
    short = page.pdf(format="A4", print_background=True)
    (tmp_path / "short.pdf").write_bytes(short)
    pages = _pdf_pages(short)
    assert 1 <= pages <= 4, pages
    text = _pdf_text(tmp_path / "short.pdf")
    if text is not None:
        for q in data["questions"]:
            assert q["text"].split()[0] in text
        assert "(19)" in text

    # the full print stays, and is longer
    page.evaluate("() => document.documentElement.classList.remove('le-print-short')")
    full = page.pdf(format="A4", print_background=True)
    assert _pdf_pages(full) > pages


def _pdf_text(path: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60).stdout


def test_the_word_document_holds_every_question_and_note(page, site_url, tmp_path):
    data = open_checklist(page, site_url)
    page.fill("[data-item-name]", "Ward <b>7</b> & partners")
    fully_answered(page, data, notes="Note with <tags> & \"quotes\"")
    file = download(page, "download-docx")
    assert file.suggested_filename.endswith(".docx")
    path = tmp_path / "checklist.docx"
    path.write_bytes(Path(file.path()).read_bytes())
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} <= names
        from xml.etree import ElementTree as ET
        for name in names:
            ET.fromstring(z.read(name))  # every part is well-formed XML
        doc = ET.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = ["".join(t.text or "" for t in p.iter(w + "t")) for p in doc.iter(w + "p")]
    styles = [(p.find(f"{w}pPr/{w}pStyle").get(w + "val") if p.find(f"{w}pPr/{w}pStyle") is not None else "") for p in doc.iter(w + "p")]
    assert paragraphs[0] == "Ward <b>7</b> & partners" and styles[0] == "Heading1"
    body = "\n".join(paragraphs)
    for i, q in enumerate(data["questions"]):
        assert f"{q['number']}. {q['text']}" in paragraphs, q["id"]
        assert f"Note with <tags> & \"quotes\" ({i + 1})" in body
    assert len(list(doc.iter(w + "tbl"))) == 1  # the table of statuses
    table_rows = list(next(doc.iter(w + "tbl")).iter(w + "tr"))
    assert len(table_rows) == 20
    assert sum(1 for s in styles if s == "Heading3") == 19

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was checked as XML only")
    out = tmp_path / "out"
    result = subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(out), str(path)],
                            capture_output=True, text=True, timeout=180)
    converted = out / "checklist.txt"
    assert converted.exists(), result.stdout + result.stderr
    text = converted.read_text(encoding="utf-8-sig")
    assert "Ward <b>7</b> & partners" in text
    for i, q in enumerate(data["questions"]):
        assert q["text"] in text
        assert f"Note with <tags> & \"quotes\" ({i + 1})" in text


# ---------------------------------------------------------------------------- accessibility and privacy


def _axe(page):
    from axe_playwright_python.sync_playwright import Axe

    # Material scrolls its sidebar to keep the current page's link in view, which clips the top link
    # part-way; axe's target-size rule reads that clipped link as a small target. Check from the top.
    page.evaluate("() => { window.scrollTo(0, 0); document.querySelectorAll('.md-sidebar__scrollwrap').forEach(e => { e.scrollTop = 0; }); }")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_my_work_the_comparison_and_the_short_print(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_my_work(page, site_url)
        _axe(page)  # empty
        first, _ = two_checklists(page, site_url)
        open_my_work(page, site_url)
        page.click(f"tr[data-item='{first}'] [data-item-action='rename']")
        _axe(page)  # a list, one row being renamed
        page.keyboard.press("Escape")
        load_file(page, _colleague_file(page, first, THEIRS))
        assert page.locator("[data-compare]").is_visible()
        _axe(page)  # the comparison view
        data = open_checklist(page, site_url, query=f"?item={first}")
        page.check("[data-only-unanswered]")
        page.locator("[data-stage-toggle]").first.click()
        _axe(page)  # a checklist, filtered and with a stage collapsed
        page.uncheck("[data-only-unanswered]")
        page.locator("[data-stage-toggle]").first.click()
        fully_answered(page, data)
        page.evaluate("() => document.documentElement.classList.add('le-print-short')")
        page.emulate_media(media="print")
        _axe(page)  # the short print
    finally:
        context.close()


def test_no_request_leaves_the_site(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        first, _ = two_checklists(page, site_url)
        for action in ("download-docx", "download-csv", "download-md"):
            download(page, action)
        page.goto(f"{site_url}roles/{ROLE}/")
        page.wait_for_load_state("load")
        open_my_work(page, site_url)
        load_file(page, _colleague_file(page, first, THEIRS))
        page.locator("[data-compare] [data-compare-apply]").click()
        save_file(page)
    finally:
        context.close()
    outside = [u for u in requests if not (u.startswith(site_url) or u.startswith("blob:") or u.startswith("data:"))]
    assert requests and outside == []


def test_without_javascript_my_work_says_what_it_is(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}my-work/")
        data = json.loads(page.locator("#le-workspace-data").text_content())
        assert page.locator("[data-nojs]").is_visible()
        assert page.locator("[data-nojs]").text_content() == data["strings"]["nojs"]
        assert not page.locator("[data-work]").is_visible()
    finally:
        context.close()


def test_the_workspace_schema_is_published(built_site):
    published = json.loads((built_site / "api" / "schema" / "workspace.schema.json").read_text(encoding="utf-8"))
    assert published["properties"]["schema"] == {"const": "lived-experience-workspace"}
    assert set(published["required"]) == {"schema", "schema_version", "guide_version", "saved", "questions", "steps", "items"}


def test_my_work_strings_exist_in_welsh():
    import yaml

    root = Path(__file__).resolve().parents[2] / "data" / "strings"
    en = yaml.safe_load((root / "en.yml").read_text(encoding="utf-8"))
    cy = yaml.safe_load((root / "cy.yml").read_text(encoding="utf-8"))
    ours = [k for k in en if k.startswith("workspace.") or k.startswith("checklist.")]
    missing = [k for k in ours if k not in cy]
    assert not missing, missing
    placeholders = re.compile(r"\{\w+\}")
    assert [k for k in ours if sorted(placeholders.findall(en[k])) != sorted(placeholders.findall(cy[k]))] == []
