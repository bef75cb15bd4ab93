"""The self-assessment in a real browser: rating and saving, the chart and the table against figures
computed here from the ratings, the action plan, a team's files, the board paper (print and .docx),
accessibility and privacy.

Every test starts from an empty browser profile (the `page` fixture). The structure (focus areas,
steps, levels, which areas feed which marker) is read from the YAML files, not from the page, so the
figures the tests expect are computed independently of the page's script.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STRATEGY = yaml.safe_load((ROOT / "data" / "strategy.yml").read_text(encoding="utf-8"))
ASSESSMENT = yaml.safe_load((ROOT / "data" / "assessment.yml").read_text(encoding="utf-8"))
VALUE = {level["id"]: level["value"] for level in ASSESSMENT["scale"]}
LABEL = {level["id"]: level["label"] for level in ASSESSMENT["scale"]}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def area_steps(area_id: str) -> list[str]:
    area = next(a for a in STRATEGY["focus_areas"] if a["id"] == area_id)
    out = []
    for step in area["steps"]:
        out.append(step["id"])
        out.extend(sub["id"] for sub in step.get("substeps", []))
    return out


ALL_STEPS = [s for a in STRATEGY["focus_areas"] for s in area_steps(a["id"])]

# Ratings chosen so that a sum and a mean differ, and the two expertise areas differ from each other.
RATINGS = {
    "promote-applications": ("planned", "embedded"),
    "target-under-represented": ("in-place", "embedded"),
    "values-based-recruitment": ("embedded", "embedded"),
    "awareness-training": ("not-started", "in-place"),
    "co-produce-roles": ("in-place", "embedded"),
    "review-roles": ("planned", "in-place"),
    "agree-pay-standards": ("not-started", "planned"),
    "connect-involvement-structures": ("embedded", "embedded"),
    "network-budgets": ("planned", ""),
}
SKIPPED = {"fund-user-led-organisations": "A partner's work here"}
LEADS = {"promote-applications": ("HR business partner", "2027-03-31"), "awareness-training": ("Peer trainer, \"team A\"", "2027-06-30")}


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def expected_figures(ratings: dict, skipped: dict) -> dict[str, tuple]:
    """{row key: (now, target, rated, total)} as the page should show them: means of the steps rated."""
    def score(steps):
        steps = [s for s in steps if s not in skipped]
        nows = [VALUE[ratings[s][0]] for s in steps if s in ratings and ratings[s][0]]
        targets = [VALUE[ratings[s][1]] for s in steps if s in ratings and ratings[s][1]]
        return mean(nows), mean(targets), len(nows), len(steps)
    out = {}
    for area in STRATEGY["focus_areas"]:
        out["area:" + area["id"]] = score(area_steps(area["id"]))
    for marker, areas in ASSESSMENT["markers"].items():
        out["marker:" + marker] = score([s for a in areas for s in area_steps(a)])
    return out


def shown(x: float | None) -> str:
    """One decimal place, halves rounded up (2.25 shows as 2.3), as people round by hand."""
    return "–" if x is None else f"{math.floor(x * 10 + 0.5) / 10:.1f}"


# ---------------------------------------------------------------------------- helpers


def open_page(page, site_url: str, query: str = "") -> dict:
    page.goto(f"{site_url}self-assessment/{query}")
    page.wait_for_selector("[data-assess-tools]:not([hidden])")
    return json.loads(page.locator("#le-assessment-data").text_content())


def rate(page, ratings: dict = RATINGS, skipped: dict = SKIPPED, leads: dict = LEADS) -> None:
    for step, (now, target) in ratings.items():
        page.select_option(f"#now-{step}", now)
        if target:
            page.select_option(f"#target-{step}", target)
    for step, reason in skipped.items():
        page.check(f"#skip-{step}")
        page.fill(f"#reason-{step}", reason)
    for step, (lead, due) in leads.items():
        page.fill(f"#lead-{step}", lead)
        page.fill(f"#due-{step}", due)


def stored_items(page) -> list[dict]:
    return page.evaluate("""() => Object.keys(localStorage).filter(k => k.startsWith('le-work:item:'))
        .map(k => JSON.parse(localStorage.getItem(k)))""")


def workspace_file(items: list[dict], steps: dict | None = None) -> bytes:
    """A saved workspace file; `steps` gives fingerprints of the steps' wording when it was saved."""
    return json.dumps({"schema": "lived-experience-workspace", "schema_version": 1, "guide_version": "test",
                       "saved": "2027-01-02T03:04:05.000Z", "questions": {}, "steps": steps or {}, "items": items}).encode("utf-8")


def assessment_item(ident: str, name: str, ratings: dict) -> dict:
    steps = {s: {"now": now, "target": target, "notes": "", "lead": "", "due": "", "skip": False, "reason": ""}
             for s, (now, target) in ratings.items()}
    return {"type": "assessment", "id": ident, "name": name, "started": "2027-01-01", "updated": "2027-01-02T03:04:05.000Z",
            "steps": steps, "cover": {"organisation": "", "date": "", "author": "", "ask": ""}}


def table_figures(page, selector: str) -> dict[str, tuple]:
    return page.evaluate("""s => Object.fromEntries(Array.from(document.querySelectorAll(s + ' tr[data-row]')).map(tr =>
        [tr.dataset.row, ['now', 'target', 'rated'].map(c => tr.querySelector('[data-cell=' + c + ']').textContent.trim())]))""", selector)


def chart_bars(page, selector: str) -> dict[str, dict]:
    """Per row of the chart: each bar's value as labelled and its length as a share of the plot width."""
    return page.evaluate("""s => {
        const svg = document.querySelector(s + ' svg[data-chart-svg]');
        const lines = Array.from(svg.querySelectorAll('.le-chart__gridline'));
        const xs = lines.map(l => parseFloat(l.getAttribute('x1')));
        const left = Math.min(...xs), right = Math.max(...xs);
        const out = {};
        svg.querySelectorAll('g[data-row]').forEach(g => {
          out[g.dataset.row] = {};
          g.querySelectorAll('rect[data-series]').forEach(r => {
            out[g.dataset.row][r.dataset.series] = {label: r.dataset.value, share: parseFloat(r.getAttribute('width')) / (right - left),
              text: g.querySelector('[data-series-value=' + r.dataset.series + ']').textContent};
          });
        });
        return out; }""", selector)


def check_figures(page, table_selector: str, chart_selector: str, expected: dict) -> None:
    top = max(VALUE.values()) - min(VALUE.values())
    table = table_figures(page, table_selector)
    bars = chart_bars(page, chart_selector)
    assert set(table) == set(expected) == set(bars)
    for key, (now, target, rated, total) in expected.items():
        assert table[key] == [shown(now), shown(target), f"{rated} of {total}"], key
        for series, value in (("now", now), ("target", target)):
            bar = bars[key][series]
            assert bar["text"] == shown(value), (key, series)
            if value is None:
                assert bar["label"] == "" and bar["share"] == 0, (key, series)
            else:
                assert bar["label"] == shown(value), (key, series)
                assert bar["share"] == pytest.approx((value - min(VALUE.values())) / top, abs=0.01), (key, series)


# ---------------------------------------------------------------------------- saving


def test_ratings_targets_and_owners_survive_a_reload(page, site_url):
    data = open_page(page, site_url)
    assert page.locator("[data-controls]:visible").count() == len(ALL_STEPS) == len(data["steps"])
    assert not page.locator("[data-assess-noscript]").is_visible()
    rate(page)
    page.fill("#notes-promote-applications", "Adverts now say so.\nSecond line")
    page.reload()
    page.wait_for_selector("[data-assess-tools]:not([hidden])")

    for step, (now, target) in RATINGS.items():
        assert page.input_value(f"#now-{step}") == now, step
        assert page.input_value(f"#target-{step}") == target, step
    for step, (lead, due) in LEADS.items():
        assert page.input_value(f"#lead-{step}") == lead
        assert page.input_value(f"#due-{step}") == due
    for step, reason in SKIPPED.items():
        assert page.is_checked(f"#skip-{step}")
        assert page.input_value(f"#reason-{step}") == reason
    assert page.input_value("#notes-promote-applications") == "Adverts now say so.\nSecond line"
    assert page.input_value("#now-share-assets") == ""  # never rated
    progress = page.locator("[data-assess-progress]").text_content()
    assert progress.startswith(data["strings"]["progress"].replace("{rated}", str(len(RATINGS))).replace("{total}", str(len(ALL_STEPS))).replace("{skipped}", "1"))
    assert data["strings"]["saved"] in progress

    items = stored_items(page)
    assert len(items) == 1 and items[0]["type"] == "assessment" and re.match(r"^a-[a-z0-9-]+$", items[0]["id"])
    assert items[0]["steps"]["promote-applications"]["lead"] == "HR business partner"
    assert items[0]["steps"]["fund-user-led-organisations"]["skip"] is True
    assert "share-assets" not in items[0]["steps"]


def test_several_assessments_one_per_service(page, site_url):
    open_page(page, site_url)
    page.fill("[data-assess-name]", "Community services")
    page.select_option("#now-promote-applications", "embedded")
    page.click("[data-action='new']")
    page.fill("[data-assess-name]", "Inpatient wards")
    assert page.input_value("#now-promote-applications") == ""  # a new assessment starts blank
    page.select_option("#now-promote-applications", "planned")
    page.reload()
    page.wait_for_selector("[data-assess-tools]:not([hidden])")
    names = page.evaluate("() => Array.from(document.querySelectorAll('[data-assess-choose] option')).map(o => o.textContent)")
    assert sorted(names) == ["Community services", "Inpatient wards"]
    assert page.input_value("[data-assess-name]") == "Inpatient wards"  # the latest opens
    community = next(i["id"] for i in stored_items(page) if i["name"] == "Community services")
    page.select_option("[data-assess-choose]", community)
    assert page.input_value("#now-promote-applications") == "embedded"
    assert page.input_value("[data-assess-name]") == "Community services"
    # the address /my-work/ links each assessment with opens that one; without it, the one changed last
    open_page(page, site_url)
    assert page.input_value("[data-assess-name]") == "Inpatient wards"
    open_page(page, site_url, f"?item={community}")
    assert page.input_value("[data-assess-name]") == "Community services"
    assert page.input_value("#now-promote-applications") == "embedded"


# ---------------------------------------------------------------------------- results


def test_chart_and_table_show_the_means_computed_from_the_ratings(page, site_url):
    open_page(page, site_url)
    assert page.locator("[data-results-none]").is_visible()
    rate(page)
    assert not page.locator("[data-results-none]").is_visible()
    check_figures(page, "[data-results-table]", "[data-chart]", expected_figures(RATINGS, SKIPPED))


def test_marker_scores_are_means_not_sums(page, site_url):
    open_page(page, site_url)
    # expertise is fed by two focus areas: rate one step in each
    first, second = ASSESSMENT["markers"]["expertise"][:2]
    page.select_option(f"#now-{area_steps(first)[0]}", "embedded")
    page.select_option(f"#now-{area_steps(second)[0]}", "planned")
    figures = table_figures(page, "[data-results-table]")
    expected = (VALUE["embedded"] + VALUE["planned"]) / 2
    assert figures["marker:expertise"][0] == shown(expected) != shown(VALUE["embedded"] + VALUE["planned"])
    assert figures["marker:expertise"][2] == f"2 of {len(area_steps(first)) + len(area_steps(second))}"
    assert figures["area:" + first][0] == shown(VALUE["embedded"])
    assert figures["marker:presence"][0] == "–"


# ---------------------------------------------------------------------------- the action plan


def plan_rows(page) -> list[tuple[str, str]]:
    return page.evaluate("() => Array.from(document.querySelectorAll('[data-plan] [data-plan-step]')).map(li => [li.dataset.planStep, li.dataset.gap])")


def test_action_plan_has_every_gap_and_every_unrated_step_in_order(page, site_url):
    open_page(page, site_url)
    rate(page)
    rows = plan_rows(page)
    ids = [r[0] for r in rows]
    # every step below its target, every step not rated yet; not those at target or not for us now
    expected = {s for s, (now, target) in RATINGS.items() if target and VALUE[target] > VALUE[now]}
    expected |= {s for s in ALL_STEPS if s not in RATINGS and s not in SKIPPED}
    assert set(ids) == expected and len(ids) == len(expected)
    assert "values-based-recruitment" not in ids and "connect-involvement-structures" not in ids  # at target
    assert "network-budgets" not in ids  # rated, no target: no gap to close
    assert "fund-user-led-organisations" not in ids  # not for us now
    # by focus area in the strategy's order, then the largest gap first, unrated steps last
    area_of = {s: i for i, a in enumerate(STRATEGY["focus_areas"]) for s in area_steps(a["id"])}
    keys = [(area_of[s], 1 if gap == "unrated" else 0, -int(gap) if gap != "unrated" else 0, ALL_STEPS.index(s)) for s, gap in rows]
    assert keys == sorted(keys)
    for s, gap in rows:
        if gap != "unrated":
            now, target = RATINGS[s]
            assert int(gap) == VALUE[target] - VALUE[now]
    # owner and date, and what the guide says about the step
    entry = page.locator("[data-plan] [data-plan-step='promote-applications']")
    assert entry.locator("[data-cell=lead]").text_content() == "HR business partner"
    assert entry.locator("[data-cell=due]").text_content() == "2027-03-31"
    links = page.locator("[data-plan] [data-plan-step='target-under-represented'] a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any(h.startswith("../challenges/") for h in links) and any(h.startswith("../case-studies/") for h in links)
    assert any(h.startswith("../checklists/new-role/#q-") for h in links)


# ---------------------------------------------------------------------------- the team


def load_team(page, files: list[tuple[str, bytes]]) -> None:
    with page.expect_file_chooser() as chooser:
        page.click("[data-action='team-load']")
    chooser.value.set_files([{"name": n, "mimeType": "application/json", "buffer": b} for n, b in files])
    page.wait_for_selector("[data-team-table]")


def test_two_colleagues_files_show_where_people_agree_and_differ(page, site_url):
    open_page(page, site_url)
    page.fill("[data-assess-name]", "Mine")
    page.select_option("#now-promote-applications", "planned")
    page.select_option("#now-awareness-training", "in-place")
    page.select_option("#now-review-roles", "planned")
    amal = assessment_item("a-amal01", "Amal", {"promote-applications": ("embedded", "embedded"), "awareness-training": ("in-place", "embedded"),
                                                "review-roles": ("planned", "")})
    bea = assessment_item("a-bea001", "Bea", {"promote-applications": ("not-started", "in-place"), "awareness-training": ("in-place", "in-place")})
    bea["steps"]["promote-applications"]["notes"] = "<b>not bold</b>"
    # Amal saved her file when step 2 was worded differently
    load_team(page, [("amal.json", workspace_file([amal], {"target-under-represented": "oldwording"})),
                     ("bea.json", workspace_file([bea])), ("junk.json", b"{not json")])

    headers = page.locator("[data-team-table] thead th").all_text_contents()
    assert any("Mine" in h for h in headers) and "Amal" in headers and "Bea" in headers
    row = page.locator("[data-team-step='promote-applications']")
    expected_spread = VALUE["embedded"] - VALUE["not-started"]
    assert row.get_attribute("data-spread") == str(expected_spread)
    assert str(expected_spread) in row.locator("[data-cell='spread-now']").text_content()
    cells = row.locator("[data-person-cell]").all_text_contents()
    assert cells[1].startswith(LABEL["embedded"]) and cells[2].startswith(LABEL["not-started"])
    assert "<b>not bold</b>" in cells[2] and row.locator("b").count() == 0  # a file's text is never markup
    agree = page.locator("[data-team-step='awareness-training']")
    assert agree.get_attribute("data-spread") == "0" and "le-team--agree" in agree.get_attribute("class")
    partly = page.locator("[data-team-step='review-roles']")  # Bea did not rate it
    assert "le-team--unrated" in partly.get_attribute("class")
    told = page.locator("[data-team-message]").text_content()
    assert "junk.json" in told
    changed = page.evaluate("() => JSON.parse(document.getElementById('le-assessment-data').textContent).strings.team_changed")
    assert changed.replace("{file}", "amal.json").replace("{steps}", "2") in told and "bea.json was" not in told

    # one agreed version: a new assessment; agreed values kept, the others left to decide
    page.click("[data-action='team-agree']")
    items = {i["name"]: i for i in stored_items(page)}
    assert set(items) == {"Mine", "Agreed: Mine"}
    agreed = items["Agreed: Mine"]["steps"]
    assert agreed["awareness-training"]["now"] == "in-place"
    assert agreed["promote-applications"]["now"] == ""
    assert "Bea: <b>not bold</b>" in agreed["promote-applications"]["notes"]
    assert page.input_value("[data-assess-name]") == "Agreed: Mine"
    assert page.input_value("#now-awareness-training") == "in-place"


def test_save_to_a_file_and_load_it_back(page, site_url, tmp_path):
    open_page(page, site_url)
    page.fill("[data-assess-name]", "Wards")
    page.select_option("#now-promote-applications", "in-place")
    with page.expect_download() as info:
        page.click("[data-action='save-file']")
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert saved["schema"] == "lived-experience-workspace" and saved["schema_version"] == 1
    assert [i["name"] for i in saved["items"]] == ["Wards"]
    assert saved["items"][0]["steps"]["promote-applications"]["now"] == "in-place"
    assert set(saved["steps"]) == set(ALL_STEPS)  # fingerprints of every step's wording
    # loading it over a changed copy never replaces silently: a comparison, then the choice applies
    page.select_option("#now-promote-applications", "planned")
    with page.expect_file_chooser() as chooser:
        page.click("[data-action='load-file']")
    chooser.value.set_files({"name": "wards.json", "mimeType": "application/json", "buffer": json.dumps(saved).encode()})
    page.wait_for_selector("[data-assess-compare] [data-compare-row='promote-applications']")
    assert page.input_value("#now-promote-applications") == "planned"
    page.click("[data-assess-compare] [data-choose-all='theirs']")
    page.click("[data-assess-compare] [data-compare-apply]")
    assert page.input_value("#now-promote-applications") == "in-place"
    assert [i["steps"]["promote-applications"]["now"] for i in stored_items(page)] == ["in-place"]
    # in a fresh browser, loading it adds the assessment
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.wait_for_selector("[data-assess-tools]:not([hidden])")
    with page.expect_file_chooser() as chooser:
        page.click("[data-action='load-file']")
    chooser.value.set_files({"name": "wards.json", "mimeType": "application/json", "buffer": json.dumps(saved).encode()})
    page.wait_for_function("() => document.querySelector('[data-assess-name]').value === 'Wards'")
    assert page.input_value("#now-promote-applications") == "in-place"


# ---------------------------------------------------------------------------- the board paper


def _visible(page, selector: str) -> bool:
    return page.evaluate("""s => Array.from(document.querySelectorAll(s)).some(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })""", selector)


def fill_cover(page) -> None:
    page.click("[data-action='board']")
    page.fill("#cover-organisation", "Northshire Partnership Trust")
    page.fill("#cover-date", "2027-02-01")
    page.fill("#cover-author", "Lived experience lead")
    page.check("input[name='cover-ask'][value='discuss']")


def test_board_paper_prints_with_cover_chart_table_and_action_plan(page, site_url, tmp_path):
    data = open_page(page, site_url)
    rate(page)
    fill_cover(page)
    s = data["strings"]
    page.emulate_media(media="print")
    # on paper: the board paper and nothing else
    for part in ("[data-paper-cover]", "[data-paper-chart] svg", "[data-paper-table] table", "[data-paper-plan] table", "[data-paper-refs]"):
        assert _visible(page, part), part
    for other in (".le-assess-step", "[data-results]", "[data-board-form]", ".md-header", ".md-sidebar--primary", "[data-assess-tools]"):
        assert not _visible(page, other), other
    cover = page.locator("[data-paper-cover]").text_content()
    assert "Northshire Partnership Trust" in cover and "2027-02-01" in cover and "Lived experience lead" in cover
    assert s["board_ask_text"].replace("{ask}", s["ask.discuss"]) in cover
    check_figures(page, "[data-paper-table]", "[data-paper-chart]", expected_figures(RATINGS, SKIPPED))
    # the largest gaps first, and the plan rows agree with the page's action plan
    gaps = page.evaluate("() => Array.from(document.querySelectorAll('[data-gap-step]')).map(li => li.dataset.gapStep)")
    sizes = [VALUE[RATINGS[g][1]] - VALUE[RATINGS[g][0]] for g in gaps]
    assert gaps and sizes == sorted(sizes, reverse=True) and sizes[0] == max(VALUE[t] - VALUE[n] for n, t in RATINGS.values() if t)
    paper_plan = page.evaluate("() => Array.from(document.querySelectorAll('[data-paper-plan] tr[data-plan-step]')).map(tr => tr.dataset.planStep)")
    assert paper_plan == [r[0] for r in plan_rows(page)]
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "board.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages


def test_board_paper_downloads_as_a_word_document(page, site_url):
    open_page(page, site_url)
    rate(page)
    fill_cover(page)
    with page.expect_download() as info:
        page.click("[data-action='board-docx']")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as z:
        assert z.testzip() is None
        body = z.read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", body.replace("</w:p>", "\n"))
    assert "Northshire Partnership Trust" in text and "2027-02-01" in text
    assert "Peer trainer, &quot;team A&quot;" in text or 'Peer trainer, "team A"' in text  # escaped, never markup
    for key, (now, target, rated, total) in expected_figures(RATINGS, SKIPPED).items():
        assert f"{rated} of {total}" in text
    step = next(s for a in STRATEGY["focus_areas"] for s in a["steps"] if s["id"] == "awareness-training")
    assert " ".join(step["text"].split())[:60] in text


# ---------------------------------------------------------------------------- accessibility, privacy, no script


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, site_url)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()
        # with everything the script adds shown: ratings, the team's table, the board paper, a message.
        # Checked within the content: once the page has scrolled, axe measures two of Material's own
        # navigation links in the sidebar (a section's index link and its first page) as 22 px apart,
        # a matter of the theme's navigation on every long page, not of this page.
        rate(page)
        load_team(page, [("amal.json", workspace_file([assessment_item("a-amal01", "Amal", {"promote-applications": ("embedded", "embedded")})]))])
        fill_cover(page)
        page.once("dialog", lambda d: d.dismiss())
        page.click("[data-action='delete']")
        results = Axe().run(page, context=".md-content", options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def test_no_request_leaves_the_site(browser, site_url):
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        open_page(page, site_url)
        rate(page)
        load_team(page, [("amal.json", workspace_file([assessment_item("a-amal01", "Amal", {"promote-applications": ("embedded", "embedded")})]))])
        fill_cover(page)
        with page.expect_download():
            page.click("[data-action='board-docx']")
        page.emulate_media(media="print")
        page.pdf()
    finally:
        context.close()
    local = urlsplit(site_url).netloc
    assert requests
    elsewhere = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != local]
    assert not elsewhere, elsewhere


def test_without_javascript_every_step_reads_and_prints(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}self-assessment/")
        assert page.locator("[data-assess-noscript]").is_visible()
        assert not _visible(page, "[data-assess-tools]") and not _visible(page, "[data-board]")
        for step in ALL_STEPS:
            assert page.locator(f"#step-{step} .le-assess-step__text").is_visible(), step
            assert not page.locator(f"[data-controls='{step}']").is_visible()
        page.emulate_media(media="print")
        assert page.locator(".le-assess-handwrite").count() == len(ALL_STEPS)
        assert page.locator(".le-assess-handwrite").first.is_visible()
        assert not _visible(page, ".md-sidebar--primary")
    finally:
        context.close()
