"""The checklist in a real browser: saving, files in and out, downloads, accessibility and print.

Every test starts from an empty browser profile (the `page` fixture). Texts are read from the page's
own strings (data/strings/en.yml through the page), so the tests follow the strings, not a copy.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

ROLE = "peer-support-worker"
OTHER_ROLE = "peer-trainer"
PREFIX = "le-work:item:"


# ---------------------------------------------------------------------------- helpers


def open_checklist(page, site_url: str, ident: str = ROLE, query: str = "") -> dict:
    page.goto(f"{site_url}checklists/{ident}/{query}")
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    return json.loads(page.locator("#le-checklist-data").text_content())


def workspace_strings(page) -> dict:
    return json.loads(page.locator("#le-workspace-data").text_content())["strings"]


def checklist_strings(page) -> dict:
    return json.loads(page.locator("#le-checklist-strings").text_content())["strings"]


def fill(template: str, **values) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def status_of(page, qid: str) -> str:
    return page.locator(f"input[name='status-{qid}']:checked").get_attribute("value")


def current_id(page) -> str | None:
    return page.evaluate("() => (new URLSearchParams(location.search)).get('item')")


def stored(page, item_id: str | None = None):
    """The saved item open on the page (or the one named), as localStorage holds it."""
    item_id = item_id or current_id(page)
    if not item_id:
        return None
    raw = page.evaluate("k => localStorage.getItem(k)", PREFIX + item_id)
    return None if raw is None else json.loads(raw)


def all_stored(page) -> list[dict]:
    return page.evaluate("""p => Object.keys(localStorage).filter(k => k.startsWith(p)).map(k => JSON.parse(localStorage.getItem(k)))""", PREFIX)


def message(page) -> str:
    return page.locator("[data-message]").text_content()


def answer(page, qid: str, status: str | None = None, notes: str | None = None) -> None:
    if status:
        page.check(f"input[name='status-{qid}'][value='{status}']")
    if notes is not None:
        page.fill(f"#notes-{qid}", notes)


def import_payload(page, payload: bytes, name: str = "work.json") -> None:
    page.evaluate("() => { document.querySelector('[data-message]').textContent = ''; }")
    with page.expect_file_chooser() as chooser:
        page.click("[data-action='import-json']")
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": payload})
    page.wait_for_function("() => document.querySelector('[data-message]').textContent !== ''")


def item(answers: dict, checklist: str = ROLE, **extra) -> dict:
    return dict({"type": "checklist", "id": "c-test" + checklist.replace("-", "")[:20], "name": "Their checklist", "started": "2026-01-02",
                 "updated": "2026-01-02T03:04:05.000Z", "checklist": checklist, "answers": answers}, **extra)


def workspace_file(items: list, **extra) -> dict:
    return dict({"schema": "lived-experience-workspace", "schema_version": 1, "guide_version": "", "saved": "2026-01-02T03:04:05.000Z",
                 "questions": {}, "steps": {}, "items": items}, **extra)


def legacy_record(answers: dict, checklist: str = ROLE, **extra) -> dict:
    return dict({"schema": "lived-experience-checklist", "version": 1, "checklist": checklist,
                 "updated": "2026-01-02T03:04:05.000Z", "answers": answers}, **extra)


def download(page, action: str):
    with page.expect_download() as info:
        page.click(f"[data-action='{action}']")
    return info.value


def page_state(page) -> list:
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-question]')).map(q => [
        q.dataset.question, q.querySelector('input[type=radio]:checked').value, q.querySelector('textarea').value])""")


SAMPLE = {
    "communities": ("done", "Ward 3 and the crisis house; Urdu and Polish speakers"),
    "lived-experience-needed": ("in-progress", "Ask the peer network, \"not\" HR alone.\nSecond line, with a comma"),
    "pay-and-parity": ("not-applicable", ""),
    "progression-routes": ("not-started", "Talk to the trust's apprenticeship lead — café at 10"),
}


def enter_sample(page) -> None:
    for qid, (status, notes) in SAMPLE.items():
        answer(page, qid, status if status != "not-started" else None, notes)


def assert_sample_shown(page) -> None:
    for qid, (status, notes) in SAMPLE.items():
        assert status_of(page, qid) == status, qid
        assert page.input_value(f"#notes-{qid}") == notes, qid


# ---------------------------------------------------------------------------- saving


def test_tick_and_annotate_survive_a_reload(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    data = open_checklist(page, site_url)
    s = data["strings"]
    assert page.locator("[data-controls]:visible").count() == len(data["questions"]) == 19

    enter_sample(page)
    page.reload()
    page.wait_for_selector("[data-checklist-tools][data-ready]")

    assert_sample_shown(page)
    assert status_of(page, "team-readiness") == "not-started"  # never answered
    expected = fill(s["progress"], done=1, total=19, progress=1, na=1) + " " + s["saved"]
    assert page.locator("[data-progress]").text_content() == expected

    saved = stored(page)
    assert saved["type"] == "checklist" and saved["checklist"] == ROLE
    assert saved["answers"]["communities"] == {"status": "done", "notes": SAMPLE["communities"][1]}
    assert saved["answers"]["progression-routes"]["status"] == "not-started"
    assert "team-readiness" not in saved["answers"]
    assert len(all_stored(page)) == 1
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]


def test_each_role_keeps_its_own_state(page, site_url):
    open_checklist(page, site_url)
    answer(page, "communities", "done", "for the worker")
    open_checklist(page, site_url, OTHER_ROLE)
    assert status_of(page, "communities") == "not-started"
    assert page.input_value("#notes-communities") == ""
    answer(page, "communities", "not-applicable", "for the trainer")
    open_checklist(page, site_url, "new-role")
    assert status_of(page, "communities") == "not-started"

    open_checklist(page, site_url)
    assert status_of(page, "communities") == "done"
    assert page.input_value("#notes-communities") == "for the worker"
    open_checklist(page, site_url, OTHER_ROLE)
    assert status_of(page, "communities") == "not-applicable"
    assert page.input_value("#notes-communities") == "for the trainer"


def test_answers_to_questions_the_page_no_longer_has_are_kept(page, site_url):
    page.goto(site_url)
    seeded = item({"retired-question": {"status": "done", "notes": "keep me"},
                   "communities": {"status": "in-progress", "notes": ""}})
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [PREFIX + seeded["id"], json.dumps(seeded)])
    open_checklist(page, site_url)
    assert status_of(page, "communities") == "in-progress"
    answer(page, "team-readiness", "done")
    saved = stored(page, seeded["id"])["answers"]
    assert saved["retired-question"] == {"status": "done", "notes": "keep me"}
    assert saved["team-readiness"]["status"] == "done"


def test_delete_asks_first_and_is_set_apart(page, site_url):
    data = open_checklist(page, site_url)
    t = checklist_strings(page)
    page.fill("[data-item-name]", "Crisis team")
    enter_sample(page)
    # the destructive action is in its own group, after the others
    assert page.locator(".le-danger [data-action='delete']").count() == 1
    assert page.locator(".le-danger [data-action]").count() == 1
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.click("[data-action='delete']")
    assert questions == [fill(t["confirm_delete"], name="Crisis team")]
    assert message(page) == data["strings"]["import_cancelled"]
    assert_sample_shown(page)
    assert len(all_stored(page)) == 1

    page.once("dialog", lambda d: d.accept())
    page.click("[data-action='delete']")
    assert message(page) == fill(t["deleted"], name="Crisis team")
    assert all(status == "not-started" and notes == "" for _, status, notes in page_state(page))
    assert all_stored(page) == []
    page.reload()
    assert status_of(page, "communities") == "not-started"


def test_without_storage_the_page_says_so_and_still_works(page, site_url):
    page.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('no', 'SecurityError'); }})")
    data = open_checklist(page, site_url)
    ws = workspace_strings(page)
    assert page.locator("[data-storage]").text_content() == ws["storage_blocked"]
    answer(page, "communities", "done", "still here")
    progress = page.locator("[data-progress]").text_content()
    assert progress == fill(data["strings"]["progress"], done=1, total=19, progress=0, na=0) + " " + ws["unsaved"]
    assert data["strings"]["saved"] not in progress
    exported = json.loads(Path(download(page, "export-json").path()).read_text(encoding="utf-8"))
    assert exported["schema"] == "lived-experience-workspace"
    assert [i["answers"]["communities"] for i in exported["items"]] == [{"status": "done", "notes": "still here"}]


# ---------------------------------------------------------------------------- files


def test_export_delete_import_restores_the_state(page, site_url):
    open_checklist(page, site_url)
    ws = workspace_strings(page)
    enter_sample(page)
    exported = download(page, "export-json")
    assert exported.suggested_filename.startswith("lived-experience-work-") and exported.suggested_filename.endswith(".json")
    payload = Path(exported.path()).read_bytes()
    saved = json.loads(payload)
    assert set(saved) == {"schema", "schema_version", "guide_version", "saved", "questions", "steps", "items"}
    assert saved["items"][0]["answers"]["communities"] == {"status": "done", "notes": SAMPLE["communities"][1]}

    page.once("dialog", lambda d: d.accept())
    page.click("[data-action='delete']")
    assert status_of(page, "communities") == "not-started"

    import_payload(page, payload)
    assert message(page) == fill(ws["loaded"], added=1, same=0, conflicts=0)
    assert_sample_shown(page)
    page.reload()
    assert_sample_shown(page)


def test_a_file_from_the_first_checklist_is_added_as_a_named_checklist(page, site_url):
    data = open_checklist(page, site_url)
    ws = workspace_strings(page)
    import_payload(page, json.dumps(legacy_record({"communities": {"status": "in-progress", "notes": "from the old file"}}, title="Old")).encode())
    assert message(page) == fill(ws["loaded"], added=1, same=0, conflicts=0)
    assert status_of(page, "communities") == "in-progress"
    assert page.input_value("#notes-communities") == "from the old file"
    assert page.input_value("[data-item-name]") == "Old"
    assert data["checklist"] == stored(page)["checklist"]


def _error_key(case: str) -> str:
    return {"not json": "not_json", "empty": "not_json", "newer version": "newer_version"}.get(case, "not_workspace" if case in TOP_LEVEL else "bad_item")


TOP_LEVEL = {"a list", "other schema", "version as text", "extra top-level field", "bad saved date", "fingerprint with markup"}
MALFORMED = {
    "not json": b"this is not JSON {",
    "empty": b"",
    "a list": b"[]",
    "other schema": json.dumps(workspace_file([], schema="something-else")).encode(),
    "newer version": json.dumps(workspace_file([], schema_version=2)).encode(),
    "version as text": json.dumps(workspace_file([], schema_version="1")).encode(),
    "extra top-level field": json.dumps(workspace_file([], script="alert(1)")).encode(),
    "bad saved date": json.dumps(workspace_file([], saved="yesterday")).encode(),
    "fingerprint with markup": json.dumps(workspace_file([], questions={"communities": "<b>"})).encode(),
    "items not a list": json.dumps(workspace_file({})).encode(),  # type: ignore[arg-type]
    "no answers": json.dumps(workspace_file([{k: v for k, v in item({}).items() if k != "answers"}])).encode(),
    "answers as a list": json.dumps(workspace_file([item([])])).encode(),  # type: ignore[arg-type]
    "unknown status": json.dumps(workspace_file([item({"communities": {"status": "finished", "notes": ""}})])).encode(),
    "notes not text": json.dumps(workspace_file([item({"communities": {"status": "done", "notes": 5}})])).encode(),
    "extra field in an answer": json.dumps(workspace_file([item({"communities": {"status": "done", "notes": "", "html": "<b>"}})])).encode(),
    "extra field in an item": json.dumps(workspace_file([item({}, script="x")])).encode(),
    "prototype key": json.dumps(workspace_file([item({})])).replace('"answers": {}', '"answers": {"__proto__": {"status": "done", "notes": ""}}').encode(),
    "bad item date": json.dumps(workspace_file([item({}, updated="yesterday")])).encode(),
    "bad start date": json.dumps(workspace_file([item({}, started="1 May")])).encode(),
    "bad checklist id": json.dumps(workspace_file([item({}, checklist="../peer-support-worker")])).encode(),
    "bad item id": json.dumps(workspace_file([item({}, id="../../x")])).encode(),
    "unknown type": json.dumps(workspace_file([item({}, type="script")])).encode(),
    "the same id twice": json.dumps(workspace_file([item({}), item({})])).encode(),
    "bad level": json.dumps(workspace_file([{"type": "assessment", "id": "a-abc", "name": "", "started": "2026-01-02",
                                             "updated": "2026-01-02T03:04:05.000Z", "steps": {"promote-applications": {"now": "perfect"}}}])).encode(),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_is_refused_and_nothing_changes(page, site_url, case):
    open_checklist(page, site_url)
    ws = workspace_strings(page)
    answer(page, "communities", "done", "mine")
    before, saved_before = page_state(page), all_stored(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    import_payload(page, MALFORMED[case])
    assert message(page) == ws["error." + _error_key(case)]
    assert dialogs == []
    assert page_state(page) == before
    assert all_stored(page) == saved_before
    assert page.locator("[data-compare]").count() == 0


def test_another_checklists_file_is_added_but_not_shown_here(page, site_url):
    open_checklist(page, site_url)
    ws = workspace_strings(page)
    answer(page, "communities", "done", "mine")
    before = page_state(page)
    other = item({"communities": {"status": "in-progress", "notes": "theirs"}}, checklist=OTHER_ROLE, name="Trainer post")
    import_payload(page, json.dumps(workspace_file([other])).encode())
    assert message(page) == fill(ws["loaded"], added=1, same=0, conflicts=0)
    assert page_state(page) == before
    assert stored(page, other["id"])["checklist"] == OTHER_ROLE
    open_checklist(page, site_url, OTHER_ROLE)
    assert page.input_value("#notes-communities") == "theirs"


def test_loaded_text_never_becomes_markup(page, site_url):
    open_checklist(page, site_url)
    attack = '<img src=x onerror="window.__attacked = 1"><script>window.__attacked = 2</script><b>bold</b>'
    article = "article.md-content__inner"
    counts = page.evaluate("s => ['img', 'script', 'b'].map(t => document.querySelector(s).getElementsByTagName(t).length)", article)

    import_payload(page, json.dumps(workspace_file([item({"communities": {"status": "done", "notes": attack}}, name=attack)])).encode())
    assert page.input_value("#notes-communities") == attack
    assert page.input_value("[data-item-name]") == attack
    assert page.locator("#q-communities [data-notes-print]").text_content() == attack
    # a second checklist for this role, named with markup: the list of saved checklists shows it as text
    import_payload(page, json.dumps(workspace_file([item({}, id="c-second", name=attack)])).encode())
    assert page.locator("[data-others-list] a").all_text_contents() == [attack]
    # the same checklist with other notes: the comparison shows both as text
    import_payload(page, json.dumps(workspace_file([item({"communities": {"status": "in-progress", "notes": attack + "!"}}, name=attack)])).encode())
    assert page.locator("[data-compare]").count() == 1
    assert page.evaluate("s => ['img', 'script', 'b'].map(t => document.querySelector(s).getElementsByTagName(t).length)", article) == counts
    assert page.evaluate("() => document.querySelector('[data-message]').children.length") == 0
    assert page.evaluate("() => window.__attacked") is None


# ---------------------------------------------------------------------------- downloads


def _blank_status_and_notes(line: str, labels: dict) -> str:
    for label in (labels["csv.status"], labels["csv.notes"]):
        if line.startswith(f"  - {label}: "):
            return f"  - {label}: "
    return line.replace("- [x] ", "- [ ] ", 1)


def test_markdown_download_is_the_blank_checklist_filled_in(page, site_url, built_site):
    data = open_checklist(page, site_url)
    enter_sample(page)
    file = download(page, "download-md")
    assert file.suggested_filename.endswith(".md")
    text = Path(file.path()).read_text(encoding="utf-8")
    labels, statuses = data["labels"], data["statuses"]

    for heading in page.locator("[data-question] h3").all_text_contents():
        assert f"**{heading.strip()}**" in text
    assert f"- [x] **1. {data['questions'][0]['text']}**" in text
    assert text.count("- [x] ") == 1 and text.count("- [ ] ") == 18
    items = {q["id"]: item for q in data["questions"] for item in text.split("\n- [") if f". {q['text']}**" in item}
    for qid, (status, notes) in SAMPLE.items():
        assert f"  - {labels['csv.status']}: {statuses[status]}" in items[qid]
        assert f"  - {labels['csv.notes']}: {notes.replace(chr(10), chr(10) + '    ')}" in items[qid]

    # the checklist's own name and start date come under the heading
    lines = text.split("\n")
    item_now = stored(page)
    assert lines[2] == f"**{item_now['name']}** · {checklist_strings(page)['short_started']} {item_now['started']}"
    assert lines[3] == ""
    del lines[2:4]

    # apart from that, statuses and notes, line for line the build-time blank download
    blank = (built_site / "downloads" / "checklists" / f"{ROLE}.md").read_text(encoding="utf-8")
    continuation = [line for line in lines if line.startswith("    ")]
    assert continuation == ["    Second line, with a comma"]
    filled = [_blank_status_and_notes(line, labels) for line in lines if not line.startswith("    ")]
    assert filled == blank.split("\n")


def test_csv_download_is_the_blank_checklist_filled_in(page, site_url, built_site):
    data = open_checklist(page, site_url)
    enter_sample(page)
    answer(page, "team-readiness", "in-progress", "=HYPERLINK(\"http://example.invalid\")")
    formulas = {"skills-and-experience": "+1+2", "applicant-support": "-3", "host-organisation": "@SUM(A1)",
                "training-and-development": "\tTabbed"}
    for qid, notes in formulas.items():
        answer(page, qid, None, notes)
    answer(page, "job-description", None, "Line one\nLine two")
    file = download(page, "download-csv")
    assert file.suggested_filename.endswith(".csv")
    raw = Path(file.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))

    blank = list(csv.reader(io.StringIO((built_site / "downloads" / "checklists" / f"{ROLE}.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == blank[0]
    header = rows[0]
    status_col, notes_col, id_col = (header.index(data["labels"][f"csv.{c}"]) for c in ("status", "notes", "id"))
    question_col = header.index(data["labels"]["csv.question"])
    assert len(rows) == len(blank) == 20
    for got, want in zip(rows[1:], blank[1:]):
        assert [c for i, c in enumerate(got) if i not in (status_col, notes_col)] == [c for i, c in enumerate(want) if i not in (status_col, notes_col)]

    by_id = {row[id_col]: row for row in rows[1:]}
    for heading in page.locator("[data-question] h3").all_text_contents():
        number, question = heading.strip().split(" ", 1)
        assert any(row[question_col] == question for row in rows[1:]), heading
    for qid, (status, notes) in SAMPLE.items():
        assert by_id[qid][status_col] == data["statuses"][status]
        assert by_id[qid][notes_col] == notes
    assert by_id["job-description"][status_col] == data["statuses"]["not-started"]
    assert by_id["job-description"][notes_col] == "Line one\nLine two"
    assert by_id["visibility-and-success"][status_col] == data["statuses"]["not-started"]
    assert by_id["visibility-and-success"][notes_col] == ""
    assert by_id["team-readiness"][notes_col] == "'=HYPERLINK(\"http://example.invalid\")"  # shown as text, not run
    for qid, notes in formulas.items():
        assert by_id[qid][notes_col] == "'" + notes, qid
    # every cell of the file, whatever its column, that starts like a formula is neutralised
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]

    # the record separators are CRLF: outside quoted cells there is no bare line feed
    outside_quotes = "".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)
    assert "\n" not in outside_quotes.replace("\r\n", "")


# ---------------------------------------------------------------------------- accessibility and print


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violation(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        data = open_checklist(page, site_url)
        answer(page, "communities", "done", "notes")
        page.once("dialog", lambda d: d.dismiss())
        page.click("[data-action='delete']")  # shows a message too
        assert message(page) == data["strings"]["import_cancelled"]
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def _visible(page, selector: str) -> bool:
    return page.evaluate("""s => Array.from(document.querySelectorAll(s)).some(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })""", selector)


def test_print_shows_the_checklist_and_nothing_else(page, site_url):
    data = open_checklist(page, site_url)
    answer(page, "communities", "done", "Printed note")
    assert not _visible(page, ".le-print-only")  # on screen: no print-only address
    page.emulate_media(media="print")

    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                   "[data-checklist-tools]", ".md-content__button", ".le-downloads"):
        assert not _visible(page, chrome), chrome
    stages = page.locator(".le-stage")
    assert stages.count() == len(data["stages"]) == 7
    for i in range(stages.count()):
        assert stages.nth(i).is_visible()
    assert page.locator("h1").text_content().startswith(data["heading"])
    assert page.locator(".le-print-only").is_visible()
    assert data["address"] in page.locator(".le-print-only").text_content()
    # each stage after the first starts a new page
    breaks = page.evaluate("() => Array.from(document.querySelectorAll('.le-stage + h2')).map(h => getComputedStyle(h).breakBefore)")
    assert breaks == ["page"] * (len(data["stages"]) - 1)
    # the chosen status and the note are on paper; the textarea and the hand-writing boxes are not
    assert page.locator("#q-communities [data-notes-print]").is_visible()
    assert page.locator("#q-communities [data-notes-print]").text_content() == "Printed note"
    assert page.locator("input[name='status-communities'][value='done']").is_visible()
    assert page.locator("input[name='status-communities'][value='done']").is_checked()
    assert not page.locator("#notes-communities").is_visible()
    assert not _visible(page, ".le-handwrite")


def test_without_javascript_the_page_reads_and_prints(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}checklists/{ROLE}/")
        data = json.loads(page.locator("#le-checklist-data").text_content())
        for selector in ("[data-checklist-tools]", "[data-controls]", "[data-sticky]", "[data-stage-toggle]"):
            assert not _visible(page, selector), selector  # no control that would do nothing
        for q in data["questions"]:
            assert page.locator(f"#q-{q['id']} h3").is_visible()
        assert not _visible(page, ".le-handwrite")
        page.emulate_media(media="print")
        assert page.locator(".le-handwrite").count() == 19
        for i in range(19):
            assert page.locator(".le-handwrite").nth(i).is_visible()
        assert not _visible(page, ".md-sidebar--primary")
    finally:
        context.close()


# ---------------------------------------------------------------------------- the page does not move


# the page's layout shift score from its first paint on (a script that runs before the page's own)
LAYOUT_SHIFT = """window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"""


def _slow_scripts(route):
    """The checklist's scripts arrive late, as on a slow phone connection: the page paints first."""
    time.sleep(0.4)
    route.continue_()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
@pytest.mark.parametrize("returning", [False, True], ids=["first-visit", "saved-answers"])
def test_the_controls_do_not_move_the_page_when_the_script_starts(browser, site_url, viewport, returning):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        if returning:
            open_checklist(page, site_url)
            enter_sample(page)
        page.add_init_script(LAYOUT_SHIFT)
        page.route("**/assets/javascripts/*.js", _slow_scripts)
        page.goto(f"{site_url}checklists/{ROLE}/")
        page.wait_for_selector("[data-checklist-tools][data-ready]")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))))")
        if returning:
            assert_sample_shown(page)
        assert page.locator("[data-controls]:visible").count() == 19
        assert page.locator("[data-stage-toggle]:visible").count() == 7
        assert page.evaluate("window.__shift") < 0.02
    finally:
        context.close()


class _HeldScripts:
    """The page's scripts, held back until the test lets them through: the page is there and can be
    used, but none of its scripts has run yet (a slow phone connection)."""

    def __init__(self, page):
        self.held = []
        page.route("**/assets/javascripts/*.js", self.hold)

    def hold(self, route):
        self.held.append(route)

    def release(self):
        for route in self.held:
            route.continue_()


def test_an_answer_given_before_the_script_has_started_is_kept_and_saved(browser, site_url):
    """On a slow phone the questions can be answered before the page's scripts have arrived."""
    context = browser.new_context()
    try:
        page = context.new_page()
        open_checklist(page, site_url)
        answered = {"status": "in-progress", "notes": "Asked the team on Monday"}
        page.evaluate("() => localStorage.clear()")
        scripts = _HeldScripts(page)
        page.goto(f"{site_url}checklists/{ROLE}/", wait_until="commit")
        page.locator("#q-communities input[value=in-progress]").check()
        page.locator("#notes-communities").fill(answered["notes"])
        assert scripts.held and page.locator("[data-checklist-tools][data-ready]").count() == 0
        scripts.release()
        page.wait_for_selector("[data-checklist-tools][data-ready]")
        assert page.locator("#q-communities input[value=in-progress]").is_checked()
        assert page.locator("#notes-communities").input_value() == answered["notes"]
        assert stored(page)["answers"]["communities"] == answered
        assert page.locator("[data-progress]").text_content().startswith("0 of 19 questions done, 1 in progress")
    finally:
        context.close()


def test_an_early_touch_does_not_overwrite_a_saved_answer(browser, site_url):
    """What a control shows before the script starts (a reload can put back older values) never
    replaces an answer already saved for that question."""
    context = browser.new_context()
    try:
        page = context.new_page()
        open_checklist(page, site_url)
        page.locator("#q-communities input[value=done]").check()
        page.locator("#notes-communities").fill("Saved first")
        page.locator("#notes-communities").blur()
        scripts = _HeldScripts(page)
        page.goto(f"{site_url}checklists/{ROLE}/", wait_until="commit")
        page.locator("#q-communities input[value=not-applicable]").check()
        scripts.release()
        page.wait_for_selector("[data-checklist-tools][data-ready]")
        assert page.locator("#q-communities input[value=done]").is_checked()
        assert stored(page)["answers"]["communities"] == {"status": "done", "notes": "Saved first"}
    finally:
        context.close()


def test_when_the_script_cannot_run_its_controls_are_not_shown(browser, site_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/assets/javascripts/workspace.js", lambda route: route.fulfill(status=404, body=""))
        page.goto(f"{site_url}checklists/{ROLE}/")
        page.wait_for_load_state("load")
        page.wait_for_function("() => document.documentElement.classList.contains('le-checklist-off')")
        for selector in ("[data-checklist-tools]", "[data-controls]", "[data-sticky]", "[data-stage-toggle]"):
            assert not _visible(page, selector), selector
        assert page.locator("#q-communities h3").is_visible()
        page.emulate_media(media="print")
        assert page.locator(".le-handwrite").first.is_visible()
    finally:
        context.close()


def test_print_from_the_dark_scheme_is_black_on_white(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        open_checklist(page, site_url)
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.emulate_media(media="print", color_scheme="dark")
        colours = page.evaluate("""() => ['.le-question__text', '.le-guidance p', '.le-status__option'].map(s =>
            getComputedStyle(document.querySelector(s)).color)""")
        assert colours == ["rgb(0, 0, 0)"] * 3
        assert page.evaluate("() => getComputedStyle(document.querySelector('.le-status__option input')).colorScheme") == "light"
    finally:
        context.close()
