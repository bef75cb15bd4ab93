"""The self-assessment page the build writes (/self-assessment/): every focus area and step of
data/strategy.yml, in the strategy page's order and linked to it, the scale of data/assessment.yml, what
the guide relates to each step, and a fork's overlay changing the page. Checked against the YAML
sources, not against the model."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
STRATEGY = yaml.safe_load((ROOT / "data" / "strategy.yml").read_text(encoding="utf-8"))
ASSESSMENT = yaml.safe_load((ROOT / "data" / "assessment.yml").read_text(encoding="utf-8"))
STRINGS = yaml.safe_load((ROOT / "data" / "strings" / "en.yml").read_text(encoding="utf-8"))
WELSH = yaml.safe_load((ROOT / "data" / "strings" / "cy.yml").read_text(encoding="utf-8"))
CHALLENGES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data" / "challenges").glob("*.yml")}
CASE_STUDIES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data" / "case-studies").glob("*.yml")}


def all_steps(strategy: dict) -> list[dict]:
    """Every step and sub-step, in the strategy's order."""
    out = []
    for area in strategy["focus_areas"]:
        for step in area["steps"]:
            out.append(dict(step, area=area["id"]))
            out.extend(dict(sub, area=area["id"]) for sub in step.get("substeps", []))
    return out


def words(text: str) -> str:
    return " ".join(text.split())


def article(site: Path) -> str:
    page = (site / "self-assessment" / "index.html").read_text(encoding="utf-8")
    return re.search(r"<article\b.*?</article>", page, re.S).group(0)


def visible_text(markup: str) -> str:
    markup = re.sub(r"<script\b.*?</script>", " ", markup, flags=re.S)
    return words(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def page_data(markup: str) -> dict:
    raw = re.search(r'<script type="application/json" id="le-assessment-data">(.*?)</script>', markup, re.S).group(1)
    return json.loads(html.unescape(raw))


def test_the_strategy_has_the_steps_the_issue_names():
    areas = STRATEGY["focus_areas"]
    assert len(areas) == 4
    assert sum(len(a["steps"]) for a in areas) == 25
    assert len(all_steps(STRATEGY)) == 27  # 25 steps and 2 sub-steps


def test_every_step_appears_in_the_strategy_order_linked_to_the_strategy_page(built_site):
    markup = article(built_site)
    text = visible_text(markup)
    strategy_page = (built_site / "strategy" / "index.html").read_text(encoding="utf-8")
    positions = []
    for step in all_steps(STRATEGY):
        block = re.search(rf'<div class="le-assess-step[^"]*" id="step-{step["id"]}" data-step="{step["id"]}">(.*?)<div class="le-assess-controls"', markup, re.S)
        assert block, step["id"]
        positions.append(block.start())
        assert words(step["text"]) in visible_text(block.group(1)), step["id"]
        assert f'href="../strategy/#{step["id"]}"' in block.group(1), step["id"]
        assert f'id="{step["id"]}"' in strategy_page, f"the strategy page has no anchor for {step['id']}"
        assert f'data-controls="{step["id"]}"' in markup
    assert positions == sorted(positions), "steps are not in the strategy's order"
    for number, area in enumerate(STRATEGY["focus_areas"], 1):
        assert f"{number}. {words(area['title'])}" in text
        assert words(area["goal"]) in text
        assert f'href="../strategy/#{area["id"]}"' in markup


def test_the_scale_and_its_reading_come_from_the_data(built_site):
    markup = article(built_site)
    text = visible_text(markup)
    for level in ASSESSMENT["scale"]:
        assert f"{level['label']} ({level['value']})" in text
        assert words(level["description"]) in text
    # the one sentence on the scale being the guide's own, rendered with its citation
    note = re.sub(r"\s*\[@[^\]]+\]", "", words(ASSESSMENT["note"]))
    assert note.split(" (")[0][:60] in text and "guide's own" in ASSESSMENT["note"]
    assert 'href="../references/#byrne2022"' in markup
    data = page_data(markup)
    assert [(l["id"], l["value"], l["label"]) for l in data["levels"]] == [(l["id"], l["value"], l["label"]) for l in sorted(ASSESSMENT["scale"], key=lambda l: l["value"])]
    assert {m["id"]: m["areas"] for m in data["markers"]} == ASSESSMENT["markers"]
    assert [s["id"] for s in data["steps"]] == [s["id"] for s in all_steps(STRATEGY)]
    assert STRINGS["assessment.private"] in text  # nothing leaves the browser, in one sentence


def test_the_marker_reading_agrees_with_the_strategy_focus_areas():
    """assessment.yml says which focus areas feed which marker; strategy.yml badges each area with a
    marker. Upstream, the two readings must be the same one."""
    by_area = {a["id"]: a.get("marker") for a in STRATEGY["focus_areas"]}
    for marker, areas in ASSESSMENT["markers"].items():
        for area in areas:
            assert by_area[area] == marker, (marker, area)
    assert sorted(a for areas in ASSESSMENT["markers"].values() for a in areas) == sorted(by_area)


def test_each_step_shows_what_the_guide_relates_to_it(built_site):
    markup = article(built_site)
    checked = 0
    for step in all_steps(STRATEGY):
        challenges = sorted(c for c, data in CHALLENGES.items() if step["id"] in data.get("strategy_steps", []))
        cases = sorted({cs for cs, data in CASE_STUDIES.items() if set(data.get("challenges", [])) & set(challenges)})
        block = re.search(rf'id="step-{step["id"]}".*?<div class="le-assess-controls"', markup, re.S).group(0)
        for c in challenges:
            assert f'href="../challenges/{c}/"' in block, (step["id"], c)
        for cs in cases:
            assert f'href="../case-studies/{cs}/"' in block, (step["id"], cs)
        checked += bool(challenges)
    assert checked >= 10  # most steps answer a challenge
    # a checklist question that names a step links to the general checklist
    questions = yaml.safe_load((ROOT / "data" / "questions.yml").read_text(encoding="utf-8"))["questions"]
    q = next(q for q in questions if q.get("strategy_steps"))
    block = re.search(rf'id="step-{q["strategy_steps"][0]}".*?<div class="le-assess-controls"', markup, re.S).group(0)
    assert f'href="../checklists/new-role/#q-{q["id"]}"' in block


def test_the_page_reads_without_its_script(built_site):
    markup = article(built_site)
    # the controls, the tools and the board paper are added or shown by the script only
    assert re.search(r'<div class="le-assess-tools"[^>]*\bhidden\b', markup)
    assert re.search(r'<section class="le-board"[^>]*\bhidden\b', markup)
    assert markup.count('class="le-assess-controls"') == len(all_steps(STRATEGY))
    assert all(re.search(r'data-controls="[^"]+" data-search-exclude hidden', m.group(0)) for m in re.finditer(r'<div class="le-assess-controls"[^>]*>', markup))
    # on paper without the script: boxes to tick for every step
    assert markup.count('class="le-assess-handwrite"') == len(all_steps(STRATEGY))
    # the results table is there with a row per focus area and per marker
    for area in STRATEGY["focus_areas"]:
        assert f'data-row="area:{area["id"]}"' in markup
    for marker in ("presence", "literacy", "expertise"):
        assert f'data-row="marker:{marker}"' in markup
    assert 'src="../assets/javascripts/assessment.js"' in markup
    assert 'src="../assets/javascripts/workspace.js"' in markup


def test_the_board_paper_lists_the_references_the_strategy_cites(built_site):
    markup = article(built_site)
    refs = re.search(r'<ul class="le-board__refs" data-paper-refs>(.*?)</ul>', markup, re.S).group(1)
    cited = set()
    texts = [STRATEGY.get("introduction", ""), ASSESSMENT.get("note", "")]
    texts += [t for a in STRATEGY["focus_areas"] for t in (a.get("goal", ""), a.get("summary", ""))]
    texts += [s["text"] for s in all_steps(STRATEGY)]
    for text in texts:
        for group in re.findall(r"\[([^\]]*@[^\]]*)\]", text):
            cited.update(re.findall(r"@([A-Za-z0-9_:-]+)", group))
    assert cited, "the strategy cites nothing?"
    for key in cited | {"owen-paper"}:
        assert f'id="board-ref-{key}"' in refs, key
    # the entries as the references page words them (author names), plain text for paper
    assert "Byrne, L." in refs and "<a " not in refs


# ----------------------------------------------------------------------------- a fork


HIDDEN_STEP = "network-budgets"


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory) -> Path:
    """A Welsh fork whose overlay hides one step of the strategy and rewords one level of the scale."""
    project = copy_project(tmp_path_factory.mktemp("assessment-fork"))
    (project / "mkdocs.local.yml").write_text(
        "INHERIT: mkdocs.yml\nsite_name: Assessment fork\ntheme:\n  language: cy\nextra:\n  overlay: overlay\n", encoding="utf-8")
    overlay = project / "overlay"
    overlay.mkdir()
    (overlay / "strategy.yml").write_text(
        "# The fork does not do this step.\n"
        f"steps:\n  - id: {HIDDEN_STEP}\n    hidden: true\n", encoding="utf-8")
    (overlay / "assessment.yml").write_text(
        "# The fork's own words for one level of the scale.\n"
        f"scale:\n  - id: {REWORDED_LEVEL}\n    label: {REWORDED_LABEL}\n    description: {REWORDED_DESCRIPTION}\n",
        encoding="utf-8")
    site = project / "built"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


REWORDED_LEVEL = "planned"
REWORDED_LABEL = "Wedi'i gynllunio gan y bwrdd"
REWORDED_DESCRIPTION = "Mae'r bwrdd wedi cytuno ar y gwaith ac mae gan rywun gyfrifoldeb amdano."


def test_a_fork_that_rewords_the_scale_changes_the_page(fork_site, built_site):
    upstream, fork = visible_text(article(built_site)), visible_text(article(fork_site))
    level = next(level for level in ASSESSMENT["scale"] if level["id"] == REWORDED_LEVEL)
    assert words(level["description"]) in upstream and words(level["description"]) not in fork
    assert REWORDED_LABEL in fork and REWORDED_DESCRIPTION in fork
    levels = {entry["id"]: entry for entry in page_data(article(fork_site))["levels"]}
    assert levels[REWORDED_LEVEL]["label"] == REWORDED_LABEL


def test_a_fork_that_hides_a_step_changes_the_page(fork_site, built_site):
    upstream, fork = article(built_site), article(fork_site)
    step = next(s for s in all_steps(STRATEGY) if s["id"] == HIDDEN_STEP)
    assert f'id="step-{HIDDEN_STEP}"' in upstream and f'id="step-{HIDDEN_STEP}"' not in fork
    assert words(step["text"]) in visible_text(upstream) and words(step["text"]) not in visible_text(fork)
    data = page_data(fork)
    assert HIDDEN_STEP not in [s["id"] for s in data["steps"]]
    assert len(data["steps"]) == len(all_steps(STRATEGY)) - 1
    # the numbers close up: the last step is one lower
    assert [s["number"] for s in data["steps"] if s["parent"] is None][-1] == "24"


def test_a_welsh_fork_has_the_page_in_welsh(fork_site):
    fork = article(fork_site)
    text = visible_text(fork)
    assert WELSH["assessment.title"] in text and WELSH["assessment.private"] in text
    assert STRINGS["assessment.private"] not in text
    assert page_data(fork)["strings"]["board_heading"] == WELSH["assessment.board_heading"]
