"""Localise by overlay (issue 6): a fork changes terms, roles, strings and language by adding files only.

The worked example in examples/fork/ is built as a reader would get it; smaller forks made in a
temporary copy of the project cover hidden links, reference titles, bad files and the drift report.
"""

from __future__ import annotations

import csv
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, mkdocs_build
from macros.errors import DataErrors
from macros.model.build import build_model
from macros.model.fingerprints import entity_hash
from macros.model.terms import TermReplacer
from macros.settings import GuideConfig

FORK = ROOT / "examples" / "fork"
OVERLAY = FORK / "overlay"
TERMS = yaml.safe_load((OVERLAY / "terms.yml").read_text(encoding="utf-8"))["terms"]
SERVICE_USER = re.compile(r"\bservice[\s-]+users?\b", re.IGNORECASE)
BAND = re.compile(r"\bbands?\b", re.IGNORECASE)


def article(page: str) -> str:
    """The main content of a built page, as text (no tags), without the site chrome."""
    match = re.search(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', page, re.DOTALL)
    assert match, "no <article> in the page"
    text = re.sub(r"<[^>]+>", " ", match.group(1))
    return " ".join(htmllib.unescape(text).split())


IDS = {"id", "url", "see_also", "progression", "roles", "challenges", "strategy_steps", "stage", "sources"}


def text_values(value, key=None) -> str:
    """Every text in open data, leaving out ids and links (which terms must not change)."""
    if key in IDS:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(text_values(v) for v in value)
    if isinstance(value, dict):
        return " ".join(text_values(v, k) for k, v in value.items())
    return ""


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=project,
                          capture_output=True, text=True, check=True).stdout


def _project_with_fork(dest: Path) -> Path:
    """A copy of the project with the example fork, as a fork's repository would hold it."""
    project = copy_project(dest)
    shutil.copytree(FORK, project / "examples" / "fork", ignore=shutil.ignore_patterns("site", "site-*", "__pycache__"))
    return project


@pytest.fixture(scope="module")
def upstream():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


@pytest.fixture(scope="module")
def fork_build(tmp_path_factory):
    """The example fork built in a committed copy of the project; git status afterwards (None without git)."""
    project = _project_with_fork(tmp_path_factory.mktemp("fork") / "project")
    has_git = shutil.which("git") is not None
    if has_git:
        _git(project, "init", "-q")
        _git(project, "add", "-A")
        _git(project, "commit", "-q", "-m", "upstream and the fork's files")
    site = project.parent / "site"
    result = mkdocs_build(project, site, config="examples/fork/mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site, _git(project, "status", "--porcelain", "--untracked-files=all") if has_git else None


@pytest.fixture(scope="module")
def fork_site(fork_build) -> Path:
    return fork_build[0]


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("fork-cy") / "site"
    result = mkdocs_build(ROOT, site, config="examples/fork/mkdocs.cy.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# ----------------------------------------------------------------------------- the worked example


def test_example_fork_builds_strictly_without_touching_upstream_files(fork_build):
    site, status = fork_build
    assert (site / "index.html").is_file()
    if status is None:
        pytest.skip("git is not installed")
    assert status == "", f"building the fork changed files in the repository:\n{status}"


def test_example_config_inherits_upstream_and_sets_its_own_name(fork_site):
    page = read(fork_site, "index.html")
    assert "<title>Lived experience roles guide (consumer workforce edition)</title>" in page
    # the upstream hand-written pages and nav came through INHERIT and docs_dir
    assert (fork_site / "why" / "drivers" / "index.html").is_file()
    assert 'href="localise/"' in page or 'href="./localise/"' in page


def test_example_config_repeats_upstream_plugins_and_hooks():
    """The example lives two folders down, so it repeats the lists MkDocs would not merge; keep them in step."""
    from mkdocs.utils.yaml import get_yaml_loader

    def load(path: Path) -> dict:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())

    upstream, example = load(ROOT / "mkdocs.yml"), load(FORK / "mkdocs.local.yml")
    names = lambda plugins: [p if isinstance(p, str) else next(iter(p)) for p in plugins]  # noqa: E731
    assert names(example["plugins"]) == names(upstream["plugins"])
    upstream_macros = next(p["macros"] for p in upstream["plugins"] if isinstance(p, dict) and "macros" in p)
    example_macros = next(p["macros"] for p in example["plugins"] if isinstance(p, dict) and "macros" in p)
    assert {k: v for k, v in example_macros.items() if k != "module_name"} == {k: v for k, v in upstream_macros.items() if k != "module_name"}
    assert [Path(h).name for h in example["hooks"]] == [Path(h).name for h in upstream["hooks"]]


def test_retitled_role_keeps_upstream_fields_it_does_not_override(fork_site, upstream):
    page = read(fork_site, "roles/peer-support-worker/index.html")
    text = article(page)
    assert re.search(r"<h1[^>]*>Peer practitioner", page)
    assert "Peer support worker" not in re.search(r"<h1.*?</h1>", page, re.DOTALL).group(0)
    assert "Consumer peer worker" in text  # the overlay's alternative titles replace upstream's list
    assert "Peer mentor" not in text
    first_sentence = upstream.roles["peer-support-worker"]["summary"].split(". ")[0]
    assert first_sentence in text  # not overridden: still upstream's
    # the overlay changed one question's role guidance; the others stay upstream's
    checklist = article(read(fork_site, "checklists/peer-support-worker/index.html"))
    assert "Place the peer practitioner at the award level that matches" in checklist
    communities = upstream.roles["peer-support-worker"]["questions"]["communities"].split(". ")[0]
    assert communities in checklist


def test_partial_question_override_changes_one_question_only(fork_site, upstream):
    guide = json.loads(read(fork_site, "api/guide.json"))
    by_id = {q["id"]: q for q in guide["questions"]}
    assert by_id["pay-and-parity"]["text"].startswith("Which award level will the role sit at?")
    assert by_id["communities"]["text"] == upstream.question("communities")["text"]
    assert len(guide["questions"]) == len(upstream.questions)
    general = article(read(fork_site, "checklists/new-role/index.html"))
    assert "Which award level will the role sit at?" in general


def test_added_role_gets_pages_downloads_and_a_place_in_the_lists(fork_site):
    ident = "involvement-coordinator"
    for path in (f"roles/{ident}/index.html", f"checklists/{ident}/index.html",
                 f"downloads/checklists/{ident}.csv", f"downloads/checklists/{ident}.md"):
        assert (fork_site / path).is_file(), path
    assert re.search(r"<h1[^>]*>Involvement coordinator", read(fork_site, f"roles/{ident}/index.html"))
    assert f'roles/{ident}/"' in read(fork_site, "roles/index.html")
    assert f'checklists/{ident}/"' in read(fork_site, "checklists/index.html")
    guide = json.loads(read(fork_site, "api/guide.json"))
    assert ident in [r["id"] for r in guide["roles"]]
    # its progression links to upstream roles
    assert 'roles/co-production-lead/"' in read(fork_site, f"roles/{ident}/index.html")


def test_hidden_role_has_no_pages_and_leaves_every_list(fork_site):
    ident = "carer-peer-worker"
    assert not (fork_site / "roles" / ident).exists()
    assert not (fork_site / "checklists" / ident).exists()
    assert not list((fork_site / "downloads" / "checklists").glob(f"{ident}.*"))
    assert ident not in read(fork_site, "roles/index.html")
    assert ident not in read(fork_site, "checklists/index.html")
    guide = json.loads(read(fork_site, "api/guide.json"))
    assert ident not in [r["id"] for r in guide["roles"]]
    assert all(ident not in c.get("roles", []) for c in guide["case_studies"])
    index = json.loads(read(fork_site, "search/search_index.json"))
    assert not [d for d in index["docs"] if ident in d["location"]]


def test_terms_replace_guidance_on_role_and_checklist_pages(fork_site, upstream):
    # precondition: upstream guidance does use the phrases, so their absence below means something
    visible_roles = [r for i, r in upstream.roles.items() if i != "carer-peer-worker"]
    assert any(SERVICE_USER.search(json.dumps(r)) for r in visible_roles)
    assert BAND.search(json.dumps(upstream.questions_doc))
    role_text = " ".join(article(read(fork_site, f"roles/{p.name}/index.html"))
                         for p in (fork_site / "roles").iterdir() if p.is_dir())
    assert not SERVICE_USER.search(role_text)
    assert re.search(r"\bconsumers?\b", role_text)
    for checklist in (fork_site / "checklists").iterdir():
        if checklist.is_dir():
            text = article(read(fork_site, f"checklists/{checklist.name}/index.html"))
            assert not BAND.search(text), checklist.name
            assert not SERVICE_USER.search(text), checklist.name
    general = article(read(fork_site, "checklists/new-role/index.html"))
    assert re.search(r"\baward level 3\b", general)


def test_terms_reach_downloads_and_open_data_but_not_reference_titles(fork_site, upstream):
    with open(fork_site / "downloads/checklists/new-role.csv", encoding="utf-8-sig", newline="") as f:
        cells = " ".join(" ".join(row) for row in csv.reader(f))
    markdown = read(fork_site, "downloads/checklists/peer-trainer.md")
    for text in (cells, markdown):
        assert not BAND.search(text) and not SERVICE_USER.search(text)
        assert "award level" in text
    guide = json.loads(read(fork_site, "api/guide.json"))
    guidance = text_values({k: guide[k] for k in ("roles", "case_studies", "challenges", "questions", "strategy", "glossary")})
    assert not BAND.search(guidance) and not SERVICE_USER.search(guidance)
    assert "award level" in guidance and "consumer" in guidance
    # bibliographic data is exactly upstream's
    assert guide["references"] == json.loads(json.dumps(list(upstream.paper_references().values()), default=str))


def test_terms_reach_hand_written_pages_and_keep_their_anchors(fork_site, built_site):
    upstream_page = read(built_site, "why/drivers/index.html")
    fork_page = read(fork_site, "why/drivers/index.html")
    assert SERVICE_USER.search(article(upstream_page))
    assert not SERVICE_USER.search(article(fork_page))
    assert "consumers" in article(fork_page)
    ids = lambda page: re.findall(r'<h[1-6] id="([^"]+)"', page)  # noqa: E731
    assert ids(fork_page) == ids(upstream_page)
    # macros in hand-written pages still run (the home page counts the fork's roles)
    roles = len(json.loads(read(fork_site, "api/guide.json"))["roles"])
    assert f"{roles} " in article(read(fork_site, "index.html"))


def test_overlay_strings_change_interface_text(fork_site):
    assert "Start the checklist for this role" in read(fork_site, "roles/peer-support-worker/index.html")
    assert "Save your answers to a file" in read(fork_site, "checklists/peer-support-worker/index.html")


def test_welsh_build_has_welsh_interface_and_english_guidance(welsh_site, upstream):
    cy = yaml.safe_load((ROOT / "data" / "strings" / "cy.yml").read_text(encoding="utf-8"))
    page = read(welsh_site, "roles/expert-by-experience/index.html")
    assert '<html lang="cy"' in page
    text = article(page)
    assert cy["role.what_it_does"] in text and cy["role.skills"] in text
    assert "What does the role do?" not in text
    assert upstream.roles["expert-by-experience"]["summary"].split(". ")[0] in text  # guidance stays English
    # the overlay's strings.cy.yml wins over data/strings/cy.yml
    assert "Dechrau&#39;r rhestr wirio ar gyfer y rôl hon" in page
    checklist = read(welsh_site, "checklists/expert-by-experience/index.html")
    full_print = cy["checklist.print_full"].replace("'", "&#39;")  # the full print; the short print is the other button
    assert f'data-action="print">{full_print}<' in checklist
    assert "Cadw eich atebion mewn ffeil" in checklist


def test_english_guidance_on_a_welsh_page_is_marked_as_english(welsh_site, upstream):
    """WCAG 3.1.2 (language of parts): a screen reader must read the English guidance as English."""
    import re as _re

    page = read(welsh_site, "roles/expert-by-experience/index.html").replace("&#39;", "'")
    summary = upstream.roles["expert-by-experience"]["summary"].split(". ")[0]
    assert _re.search(r'<p class="le-summary" lang="en">[^<]*' + _re.escape(summary), page)
    assert _re.search(r'<div lang="en"><p>', page), "Markdown guidance blocks carry lang=en"
    checklist = read(welsh_site, "checklists/expert-by-experience/index.html")
    question = upstream.questions[0]["text"]
    assert f'<span lang="en">{question}</span>' in checklist.replace("&#39;", "'")


def test_an_english_site_adds_no_language_marks(built_site):
    page = (built_site / "roles" / "expert-by-experience" / "index.html").read_text(encoding="utf-8")
    assert page.count('lang="en"') == 1  # only <html lang="en">


# ----------------------------------------------------------------------------- a fork at the root


@pytest.fixture(scope="module")
def root_fork(tmp_path_factory):
    """The documented layout: mkdocs.local.yml next to mkdocs.yml, in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("root-fork"))
    (project / "mkdocs.local.yml").write_text(
        "INHERIT: mkdocs.yml\nsite_name: Root fork\ntheme:\n  language: cy\nextra:\n  overlay: overlay\n", encoding="utf-8")
    overlay = project / "overlay"
    (overlay / "roles").mkdir(parents=True)
    (overlay / "roles" / "peer-support-lead.yml").write_text(
        "# yaml-language-server: $schema=../../data/schema/role.schema.json\nid: peer-support-lead\nhidden: true\n", encoding="utf-8")
    (overlay / "terms.yml").write_text(
        "# yaml-language-server: $schema=../data/schema/terms.schema.json\n"
        "terms:\n  recovery college: learning college\n  recovery colleges: learning colleges\n", encoding="utf-8")
    # a hand-written link to the role the fork hides
    why = project / "docs" / "why" / "index.md"
    why.write_text(why.read_text(encoding="utf-8") + "\nAsk [a peer support lead](../roles/peer-support-lead.md) to help.\n", encoding="utf-8")
    # a Welsh file with a key missing: that key must show in English
    cy = project / "data" / "strings" / "cy.yml"
    cy.write_text("".join(line for line in cy.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not line.startswith("role.skills:")), encoding="utf-8")
    site = project / "built"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_link_to_a_hidden_role_is_plain_text(root_fork):
    page = read(root_fork, "roles/peer-support-worker/index.html")
    assert re.search(r"<li>\s*Peer support lead\s*</li>", page)
    assert "peer-support-lead/" not in page
    why = read(root_fork, "why/index.html")
    assert "Ask a peer support lead to help." in article(why)
    assert "peer-support-lead" not in why


def test_terms_leave_reference_titles_as_published(root_fork):
    references = read(root_fork, "references/index.html")
    assert "Recovery Colleges 10 Years On" in references
    guide = json.loads(read(root_fork, "api/guide.json"))
    titles = " ".join(r["title"] for r in guide["references"])
    assert "Recovery Colleges" in titles and "Learning College" not in titles
    roles = json.dumps(guide["roles"])
    assert re.search(r"\blearning colleges?\b", roles, re.IGNORECASE)
    assert not re.search(r"\brecovery colleges?\b", roles, re.IGNORECASE)


def test_welsh_falls_back_to_english_for_a_missing_key(root_fork):
    text = article(read(root_fork, "roles/peer-support-worker/index.html"))
    assert "What skills does it need?" in text  # removed from cy.yml in this copy
    assert "Beth mae'r rôl yn ei wneud?" in text  # still Welsh


# ----------------------------------------------------------------------------- merging and validation


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ROLE_SCHEMA_LINE = "# yaml-language-server: $schema=../../data/schema/role.schema.json\n"


def model_with(tmp_path: Path, files: dict[str, str], language: str = "en"):
    overlay = tmp_path / "overlay"
    overlay.mkdir(exist_ok=True)
    for name, text in files.items():
        write(overlay, name, text)
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs", language=language, overlay_dir=overlay))


def errors_with(tmp_path: Path, files: dict[str, str]) -> str:
    with pytest.raises(DataErrors) as caught:
        model_with(tmp_path, files)
    return caught.value.report()


def test_field_merge_replaces_fields_and_lists_and_merges_question_guidance(tmp_path, upstream):
    model = model_with(tmp_path, {"roles/peer-trainer.yml": ROLE_SCHEMA_LINE + (
        "id: peer-trainer\ntitle: Recovery educator\nskills: [Teaching]\n"
        "questions:\n  communities: Our own words for this question.\n")})
    role, before = model.roles["peer-trainer"], upstream.roles["peer-trainer"]
    assert role["title"] == "Recovery educator"
    assert role["skills"] == ["Teaching"]
    assert role["description"] == before["description"]
    assert role["questions"]["communities"] == "Our own words for this question."
    assert role["questions"]["job-description"] == before["questions"]["job-description"]
    assert model.sources[("roles", "peer-trainer")].endswith("overlay/roles/peer-trainer.yml")


def test_hidden_questions_and_steps_leave_the_model_and_its_references(tmp_path, upstream):
    step = next(s for s in upstream.steps if upstream.links("step_challenges", s))
    model = model_with(tmp_path, {
        "questions.yml": "questions:\n  - id: communities\n    hidden: true\n  - id: job-description\n    why: Changed.\n",
        "strategy.yml": f"steps:\n  - id: {step}\n    hidden: true\n",
    })
    assert "communities" not in [q["id"] for q in model.questions]
    assert [q["number"] for q in model.questions] == list(range(1, len(upstream.questions)))
    assert all("communities" not in r.get("questions", {}) for r in model.roles.values())
    assert model.question("job-description")["why"] == "Changed."
    assert step not in model.steps
    assert all(step not in c["strategy_steps"] for c in model.challenges.values())


@pytest.mark.parametrize("files, expected", [
    ({"roles/peer-support-worker.yml": ROLE_SCHEMA_LINE + "id: peer-support-worker\ntitel: Peer practitioner\n"},
     ["overlay/roles/peer-support-worker.yml, line 3", "unknown field 'titel'", "did you mean 'title'"]),
    ({"roles/peer-support-worker.yml": ROLE_SCHEMA_LINE + "id: peer-worker\n"},
     ["overlay/roles/peer-support-worker.yml", "does not match the file name"]),
    ({"roles/no-such-role.yml": ROLE_SCHEMA_LINE + "id: no-such-role\nhidden: true\n"},
     ["overlay/roles/no-such-role.yml", "no upstream role 'no-such-role' to hide"]),
    ({"roles/brand-new.yml": ROLE_SCHEMA_LINE + "id: brand-new\ntitle: Brand new role\n"},
     ["overlay/roles/brand-new.yml", "missing required field 'family'"]),
    ({"roles/gone-upstream.yml": ROLE_SCHEMA_LINE + "id: gone-upstream\nupstream_hash: 0123456789ab\ntitle: X\n"},
     ["overlay/roles/gone-upstream.yml", "upstream has no role with that id any more"]),
    ({"roles/peer-trainer.yml": ROLE_SCHEMA_LINE + "id: peer-trainer\nprogression: [peer-suport-lead]\n"},
     ["overlay/roles/peer-trainer.yml", "no role with the id 'peer-suport-lead'", "did you mean 'peer-support-lead'"]),
    ({"roles/peer-trainer.yml": ROLE_SCHEMA_LINE + "id: peer-trainer\nsummary: See <script>alert(1)</script> here, a long enough text.\n"},
     ["overlay/roles/peer-trainer.yml", "HTML is not allowed"]),
    ({"strings.yml": "# yaml-language-server: $schema=../data/schema/strings.schema.json\nrole.open_checklst: Start\n"},
     ["overlay/strings.yml", "no interface string with the key 'role.open_checklst'", "did you mean 'role.open_checklist'"]),
    ({"terms.yml": "# yaml-language-server: $schema=../data/schema/terms.schema.json\nterms:\n  band: '{{ config }}'\n"},
     ["overlay/terms.yml, line 3", "'{'"]),
    ({"terms.yml": "# yaml-language-server: $schema=../data/schema/terms.schema.json\nterms:\n  Band: grade\n  band: level\n"},
     ["overlay/terms.yml", "listed twice"]),
    ({"questions.yml": "questions:\n  - id: comunities\n    text: Who?\n"},
     ["overlay/questions.yml", "no upstream item 'comunities'", "did you mean 'communities'"]),
    ({"questions.yml": "stages:\n  - id: purpose\n    hidden: true\n"},
     ["overlay/questions.yml", "unknown field 'hidden'"]),
    ({"questions.yml": "questions:\n  - id: communities\n    stage: purpse\n"},
     ["overlay/questions.yml", "no stage with the id 'purpse'"]),
    ({"role/peer-trainer.yml": ROLE_SCHEMA_LINE + "id: peer-trainer\n"},
     ["overlay/role", "did you mean 'roles'"]),
])
def test_a_bad_overlay_file_is_named_in_the_error(tmp_path, files, expected):
    report = errors_with(tmp_path, files)
    for part in expected:
        assert part in report, report


def test_a_bad_overlay_file_stops_the_build_with_its_name(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.local.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n", encoding="utf-8")
    write(project / "overlay", "roles/peer-support-worker.yml", ROLE_SCHEMA_LINE + "id: peer-support-worker\nlevel: beginner\n")
    result = mkdocs_build(project, tmp_path / "site", config="mkdocs.local.yml")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "overlay/roles/peer-support-worker.yml, line 3" in output
    assert "'beginner' is not one of the allowed values" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()


# ----------------------------------------------------------------------------- terms


def test_terms_are_whole_words_keep_capitals_and_skip_links_code_and_macros():
    replace = TermReplacer({"service user": "consumer", "service users": "consumers", "band": "award level", "NHS trust": "health service"})
    assert replace("Service users and a service user.") == "Consumers and a consumer."
    assert replace("SERVICE USER") == "CONSUMER"
    assert replace("band 5, not bandwidth or band-aid") == "award level 5, not bandwidth or band-aid"
    assert replace("an NHS trust") == "an health service"  # the phrase's own capitals: used as written
    assert replace("[band pay](https://example.org/band) `band` {{ count('band') }} {band} [@band2020]") == \
        "[award level pay](https://example.org/band) `band` {{ count('band') }} {band} [@band2020]"


def test_hand_written_headings_keep_their_anchor_and_front_matter_keys_stay():
    replace = TermReplacer({"service users": "consumers"})
    page = "---\ntitle: Service users\nhide: [toc]\n---\n\n# Why service users matter\n\n## Asked by service users {: #asked }\n\n```\nservice users\n```\n"
    out = replace.markdown_page(page)
    assert "title: Consumers\nhide: [toc]" in out
    assert "# Why consumers matter {: #why-service-users-matter }" in out
    assert "## Asked by consumers {: #asked }" in out
    assert "```\nservice users\n```" in out


# ----------------------------------------------------------------------------- interface strings


def test_welsh_strings_use_known_keys_and_keep_every_placeholder():
    en = yaml.safe_load((ROOT / "data" / "strings" / "en.yml").read_text(encoding="utf-8"))
    cy = yaml.safe_load((ROOT / "data" / "strings" / "cy.yml").read_text(encoding="utf-8"))
    assert set(cy) <= set(en), sorted(set(cy) - set(en))
    for key, text in cy.items():
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", en[key])), key


def test_welsh_model_falls_back_to_english_key_by_key(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    cy_path = project / "data" / "strings" / "cy.yml"
    cy_path.write_text("# yaml-language-server: $schema=../schema/strings.schema.json\nrole.skills: Sgiliau\n", encoding="utf-8")
    model = build_model(GuideConfig(project_dir=project, docs_dir=ROOT / "docs", language="cy"))
    assert model.strings["role.skills"] == "Sgiliau"
    assert model.strings["role.evidence"] == "What does the evidence say?"
    cy_path.write_text("# yaml-language-server: $schema=../schema/strings.schema.json\nrole.skils: Sgiliau\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=ROOT / "docs", language="cy"))
    assert "data/strings/cy.yml, line 2" in caught.value.report() and "did you mean 'role.skills'" in caught.value.report()


# ----------------------------------------------------------------------------- drift report


def drift(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "macros", "drift", "-f", "examples/fork/mkdocs.local.yml", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def fork_copy(tmp_path) -> Path:
    return _project_with_fork(tmp_path / "project")


def test_drift_report_notices_an_upstream_change_and_update_records_it(fork_copy):
    overlay_role = fork_copy / "examples/fork/overlay/roles/peer-support-worker.yml"
    result = drift(fork_copy, "--update")
    assert result.returncode == 0, result.stdout + result.stderr
    result = drift(fork_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing has drifted" in result.stdout

    upstream_role = fork_copy / "data/roles/peer-support-worker.yml"
    upstream_role.write_text(upstream_role.read_text(encoding="utf-8").replace("peer support worker uses", "peer support worker draws on", 1), encoding="utf-8")
    result = drift(fork_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"examples/fork/overlay/roles/peer-support-worker\.yml, line \d+: upstream changed the role 'peer-support-worker'", result.stdout)
    assert "title, alternative_titles, questions.pay-and-parity" in result.stdout
    assert "carer-peer-worker" not in result.stdout and "involvement-coordinator" not in result.stdout

    before = overlay_role.read_text(encoding="utf-8")
    result = drift(fork_copy, "--update")
    assert result.returncode == 0, result.stdout + result.stderr
    after = overlay_role.read_text(encoding="utf-8")
    new_hash = re.search(r"^upstream_hash: ([0-9a-f]+)$", after, re.MULTILINE).group(1)
    model = build_model(GuideConfig(project_dir=fork_copy, docs_dir=fork_copy / "docs"))
    assert new_hash == entity_hash(model.roles["peer-support-worker"])
    assert re.sub(r"upstream_hash: \w+", "", after) == re.sub(r"upstream_hash: \w+", "", before)
    assert drift(fork_copy).returncode == 0


def test_drift_report_lists_overrides_with_no_recorded_hash_and_gone_upstream(fork_copy):
    question_overlay = fork_copy / "examples/fork/overlay/questions.yml"
    question_overlay.write_text(re.sub(r"\n\s*upstream_hash: \w+", "", question_overlay.read_text(encoding="utf-8")), encoding="utf-8")
    result = drift(fork_copy)
    assert result.returncode == 1
    assert re.search(r"examples/fork/overlay/questions\.yml, line \d+: no upstream_hash is recorded for the question 'pay-and-parity'", result.stdout)
    assert drift(fork_copy, "--update").returncode == 0
    assert re.search(r"- id: pay-and-parity\n    upstream_hash: [0-9a-f]{12}\n", question_overlay.read_text(encoding="utf-8"))

    (fork_copy / "data/roles/carer-peer-worker.yml").unlink()
    result = drift(fork_copy)
    assert result.returncode == 1
    assert "upstream has no role 'carer-peer-worker' any more" in result.stdout


def test_drift_report_names_a_hidden_glossary_term_and_a_changed_reference(fork_copy):
    """The overlay's glossary.yml and references.yml are read through the registry (kinds.py): a hidden
    term and a reworded reference note are overrides like any other, named by their kind."""
    overlay = fork_copy / "examples/fork/overlay"
    (overlay / "glossary.yml").write_text("terms:\n  - id: care-programme-approach\n    hidden: true\n", encoding="utf-8")
    (overlay / "references.yml").write_text("references:\n  - id: hee2020\n    note: Our own note.\n", encoding="utf-8")
    result = drift(fork_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"overlay/glossary\.yml, line 2: no upstream_hash is recorded for the glossary term "
                     r"'care-programme-approach'", result.stdout), result.stdout + result.stderr
    assert "It hides the upstream one" in result.stdout
    assert re.search(r"overlay/references\.yml, line 2: no upstream_hash is recorded for the reference 'hee2020'",
                     result.stdout)
    assert drift(fork_copy, "--update").returncode == 0
    assert re.search(r"- id: care-programme-approach\n    upstream_hash: [0-9a-f]{12}\n",
                     (overlay / "glossary.yml").read_text(encoding="utf-8"))
    assert drift(fork_copy).returncode == 0


def test_terms_leave_the_question_ids_in_a_challenges_in_post_block_alone(tmp_path, upstream):
    """in_post.questions holds ids (kinds.LINKS names it by its dotted path): a term that is also a
    question's id ('communities') rewrites the guidance text but not the id, so the link stays."""
    owner = next(ident for ident, c in upstream.challenges.items() if "communities" in c["in_post"]["questions"])
    model = model_with(tmp_path, {"terms.yml": "# yaml-language-server: $schema=../data/schema/terms.schema.json\n"
                                              "terms:\n  communities: neighbourhoods\n"})
    assert model.challenges[owner]["in_post"]["questions"] == upstream.challenges[owner]["in_post"]["questions"]
    assert "communities" in [q["id"] for q in model.questions]
    text = {k: v for k, v in model.challenges[owner].items() if k != "in_post"}
    assert "neighbourhoods" in str(text) and "communities" in str(upstream.challenges[owner])  # the text did change


def test_a_hidden_question_leaves_the_in_post_block_of_every_challenge(tmp_path, upstream):
    hidden = upstream.challenges["hierarchy"]["in_post"]["questions"][0]
    model = model_with(tmp_path, {"questions.yml": f"questions:\n  - id: {hidden}\n    hidden: true\n"})
    assert hidden not in model.challenges["hierarchy"]["in_post"]["questions"]
    assert model.challenges["hierarchy"]["in_post"]["ask"] == upstream.challenges["hierarchy"]["in_post"]["ask"]
