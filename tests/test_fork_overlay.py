"""Forks that never touch an upstream file, in any language (issue 16).

A fork made only of added files, in a temporary git repository (git status proves no upstream file
changed), replaces the home page, adds a page, renames and hides navigation entries, hides a page,
translates a glossary entry, adds a logo and builds in Welsh with language marks; the drift report
on a simulated upstream update lists everything, with no --update ever run; the workflows and
`new -f` point at the fork; en-AU and ga build, and a language that is not a tag fails clearly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_valid_html import _html_checker

from conftest import ROOT, copy_project, drop_strings, mkdocs_build

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is needed to prove the fork adds files only")


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=upstream", *args],
        cwd=project, capture_output=True, text=True, check=True,
    ).stdout


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)


LOCAL = """INHERIT: mkdocs.yml
site_name: Canllaw rolau profiad bywyd
theme:
  language: cy
  logo: assets/logo.svg
extra:
  overlay: overlay
"""


def add_fork(project: Path) -> None:
    """The Welsh health board's fork: every file new, none upstream changed."""
    write(project / "mkdocs.local.yml", LOCAL)
    o = project / "overlay"
    write(o / "docs" / "index.md", "---\ndescription: Hafan y canllaw.\n---\n\n# Croeso i'r canllaw\n\n"
          "Mae'r canllaw hwn ar gyfer y bwrdd iechyd.\n")
    write(o / "docs" / "ein-tim.md", "# Ein tîm\n\nPwy ydym ni a sut i gysylltu.\n")
    write(o / "assets" / "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" '
          'height="8"/></svg>\n')
    write(o / "nav.yml", "rename:\n  index.md: Hafan\n  for-boards.md: Ar gyfer byrddau\nhide:\n"
          "  - contribute/add-a-role.md\nadd:\n  - Ein tîm: ein-tim.md\n")
    write(o / "glossary.yml", "terms:\n  - id: anchor-institution\n    term: Sefydliad angor\n"
          "    definition: Sefydliad lleol mawr sy'n defnyddio ei bwysau er lles y gymuned.\n")
    write(o / "roles" / "peer-support-worker.yml", "# yaml-language-server: $schema=../../data/schema/role.schema.json\n"
          "id: peer-support-worker\ntitle: Gweithiwr cymorth cymheiriaid\n")


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("welsh") / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "upstream")
    add_fork(project)
    site = project.parent / "site"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    status = git(project, "status", "--porcelain", "--untracked-files=all")
    return project, site, status


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_fork_only_adds_files(fork):
    _project, _site, status = fork
    lines = [line for line in status.splitlines() if line]
    assert lines and all(line.startswith("?? ") for line in lines), status  # nothing modified or deleted
    assert all(line[3:].startswith(("mkdocs.local.yml", "overlay/")) for line in lines), status


def test_overlay_replaces_the_home_page_and_adds_one(fork):
    _project, site, _ = fork
    home = page(site, "index.html")
    assert "Croeso i'r canllaw" in home or "Croeso i&rsquo;r canllaw" in home or "Croeso i&#39;r canllaw" in home
    assert "Ein tîm" in page(site, "ein-tim/index.html")


def test_nav_entries_renamed_and_a_hidden_page_gone_with_its_links(fork):
    _project, site, _ = fork
    home = page(site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    assert "Hafan" in nav and "Ar gyfer byrddau" in nav and "For boards" not in nav
    assert re.search(r'href="ein-tim/"[^>]*>\s*(<[^>]+>\s*)*Ein tîm', nav)  # the fork's page, added to the nav
    assert not (site / "contribute" / "add-a-role" / "index.html").exists()
    assert "add-a-role/" not in page(site, "contribute/index.html")


def test_logo_is_published_and_shown(fork):
    _project, site, _ = fork
    assert (site / "assets" / "logo.svg").is_file()
    assert re.search(r'<img src="assets/logo\.svg"', page(site, "index.html"))


def test_welsh_build_marks_english_text_and_not_the_translated_parts(fork):
    _project, site, _ = fork
    home = page(site, "index.html")
    assert '<html lang="cy"' in home
    assert re.search(r'<article class="md-content__inner md-typeset">', home)  # the fork's own Welsh page
    why = page(site, "why/index.html")  # an upstream hand-written page, English
    assert '<article class="md-content__inner md-typeset" lang="en">' in why
    glossary = page(site, "glossary/index.html")
    assert re.search(r'<dt id="anchor-institution">Sefydliad angor', glossary)  # translated: no mark
    assert re.search(r'<dt id="care-programme-approach" lang="en">', glossary)  # upstream English: marked
    role = page(site, "roles/peer-support-worker/index.html")
    assert re.search(r'<h1 id="[^"]+">Gweithiwr cymorth cymheiriaid', role)
    assert re.search(r'<p class="le-summary" lang="en">', role)  # its summary is still upstream's English
    other = page(site, "roles/peer-researcher/index.html")
    assert re.search(r'<h1 id="peer-researcher"><span lang="en">Peer researcher</span>', other)
    checklist = page(site, "checklists/peer-support-worker/index.html")
    assert re.search(r'<span lang="en">[^<]+</span>', checklist)  # stage titles and questions in English


def _between(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i:html.index(end, i)]


def test_welsh_build_marks_english_navigation_labels_and_not_the_translated_ones(fork):
    """Labels stay in the language they were written in: mkdocs.yml's nav titles and upstream page
    titles are English (lang="en"), nav.yml's renames and additions and translated titles are Welsh
    (no mark), in the sidebar, the breadcrumbs, the header, the footer and the table of contents."""
    _project, site, _ = fork
    home = page(site, "index.html")
    assert '<html lang="cy"' in home
    nav = _between(home, '<nav class="md-nav md-nav--primary"', '<div class="md-sidebar md-sidebar--secondary"')
    assert re.search(r'<span lang="en">Roles</span>', nav) and re.search(r'<span lang="en">Glossary</span>', nav)
    assert re.search(r'<span lang="en">Why lived experience matters</span>', nav)  # a section's label
    for welsh in ("Hafan", "Ar gyfer byrddau", "Ein tîm"):  # nav.yml: renamed, added
        assert re.search(rf">\s*{welsh}\s*<", nav), welsh
        assert f'<span lang="en">{welsh}' not in nav, welsh

    other = page(site, "roles/peer-researcher/index.html")  # an upstream role, English title
    path = _between(other, '<nav class="md-path"', "</nav>")
    assert re.search(r'<a href="../.." class="md-path__link">\s*<span class="md-ellipsis">\s*Hafan\s*</span>', path)
    assert re.search(r'<span lang="en">Roles</span>', path)
    assert 'aria-current="page"><span lang="en">Peer researcher</span></span>' in path
    topic = _between(other, 'data-md-component="header-topic"', "</div>")
    assert '<span lang="en">Peer researcher</span>' in topic

    translated = page(site, "roles/peer-support-worker/index.html")  # the fork's Welsh title
    assert 'aria-current="page">Gweithiwr cymorth cymheiriaid</span>' in translated
    assert re.search(r"<span class=\"md-ellipsis\">\s*Gweithiwr cymorth cymheiriaid\s*</span>",
                     _between(translated, 'data-md-component="header-topic"', "</div>"))

    # a checklist's title: a Welsh interface string, then the role's title in its own language
    english_role = _between(page(site, "checklists/peer-researcher/index.html"), 'data-md-component="header-topic"', "</div>")
    assert re.search(r'Rhestr wirio: <span lang="en">Peer researcher</span>', english_role)
    welsh_role = _between(page(site, "checklists/peer-support-worker/index.html"), 'data-md-component="header-topic"', "</div>")
    assert "Rhestr wirio: Gweithiwr cymorth cymheiriaid" in welsh_role and "lang=" not in welsh_role

    drivers = page(site, "why/drivers/index.html")  # an upstream page between two upstream pages
    footer = _between(drivers, '<footer class="md-footer">', "</nav>")
    assert re.search(r'<div class="md-ellipsis">\s*<span lang="en">[^<]+</span>\s*</div>', footer)
    assert not re.search(r'class="md-footer__link[^"]*"[^>]*aria-label=', footer)  # its name: its marked text
    toc = _between(drivers, '<nav class="md-nav md-nav--secondary"', "</nav>")
    assert re.search(r'<span class="md-ellipsis" lang="en">', toc)
    boards = page(site, "for-boards/index.html")  # its previous page is "Hafan": Welsh, no mark
    footer = _between(boards, '<footer class="md-footer">', "</nav>")
    assert re.search(r'aria-label="[^"]+: Hafan"', footer) and re.search(r'<div class="md-ellipsis">\s*Hafan\s*</div>', footer)


def test_welsh_search_keeps_words_whole(fork):
    _project, site, _ = fork
    config = json.loads(page(site, "search/search_index.json"))["config"]
    assert config["pipeline"] == []  # no English stemmer or stop words over Welsh text
    assert re.split(config["separator"], "mae'r tîm") == ["mae", "r", "tîm"]


# ----------------------------------------------------------------------------- drift


def test_drift_lists_an_upstream_update_when_update_was_never_run(tmp_path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "upstream")
    git(project, "checkout", "-q", "-b", "main")
    write(project / "mkdocs.local.yml", "INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n")
    o = project / "overlay"
    write(o / "roles" / "peer-support-worker.yml", "# yaml-language-server: $schema=../../data/schema/role.schema.json"
          "\nid: peer-support-worker\ntitle: Peer practitioner\n")
    write(o / "case-studies" / "patchwork-career.yml", "# yaml-language-server: $schema=../../data/schema/"
          "case-study.schema.json\nid: patchwork-career\nhidden: true\n")
    write(o / "strings.yml", "# yaml-language-server: $schema=../data/schema/strings.schema.json\n"
          "role.skills: Skills it needs\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "fork")
    # upstream moves on: a changed role the fork overrides, a new role, a changed string, a removed case study
    git(project, "checkout", "-q", "upstream")
    role = project / "data" / "roles" / "peer-support-worker.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("peer support worker uses", "peer support worker draws on",
                                                            1), encoding="utf-8")
    new = project / "data" / "roles" / "peer-mentor.yml"
    new.write_text((project / "data" / "roles" / "peer-researcher.yml").read_text(encoding="utf-8")
                   .replace("id: peer-researcher", "id: peer-mentor", 1), encoding="utf-8")
    strings = project / "data" / "strings" / "en.yml"
    text = strings.read_text(encoding="utf-8")
    strings.write_text(re.sub(r"(?m)^role\.skills: .*$", "role.skills: What skills does the role need?", text),
                       encoding="utf-8")
    assert "patchwork-career" not in "".join(p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md"))
    (project / "data" / "case-studies" / "patchwork-career.yml").unlink()
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "upstream update")
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-edit", "upstream")

    result = run(project, "drift", "-f", "mkdocs.local.yml")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "git merge-base" in out
    assert "overlay/roles/peer-support-worker.yml" in out and "no upstream_hash is recorded" in out
    assert "summary: " in out and "[-uses-] {+draws on+}" in out  # the upstream field, word by word
    assert "new role 'peer-mentor'" in out
    assert "overlay/strings.yml: 'role.skills'" in out and "{+the role+}" in out
    assert "upstream has no case study 'patchwork-career'" in out and "delete this file" in out

    # after the review is recorded, the same state reports nothing new
    assert run(project, "drift", "-f", "mkdocs.local.yml", "--update").returncode == 1  # the hidden one is gone
    (o / "case-studies" / "patchwork-career.yml").unlink()
    assert run(project, "drift", "-f", "mkdocs.local.yml", "--update").returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "reviewed")
    again = run(project, "drift", "-f", "mkdocs.local.yml")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "overlay/reviewed.yml" in again.stdout and "peer-mentor" not in again.stdout


# ----------------------------------------------------------------------------- tools and workflows


def test_new_with_a_fork_config_writes_into_the_overlay(tmp_path):
    project = copy_project(tmp_path / "project")
    write(project / "mkdocs.local.yml", "INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n")
    (project / "overlay").mkdir()
    result = run(project, "new", "role", "Peer navigator", "-f", "mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    made = project / "overlay" / "roles" / "peer-navigator.yml"
    assert made.is_file() and not (project / "data" / "roles" / "peer-navigator.yml").exists()
    first = made.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../data/schema/role.schema.json"
    assert "validate -f mkdocs.local.yml" in result.stdout
    refused = run(project, "new", "role", "Peer researcher", "-f", "mkdocs.local.yml")
    assert refused.returncode == 1 and "upstream already has a role" in refused.stderr


CHOOSE = re.compile(r"^(?P<script>if \[ -n \"\$NAMED_CONFIG\" \].*?)^echo \"GUIDE_CONFIG", re.M | re.S)


@pytest.mark.parametrize("workflow", ["pages.yml", "pr.yml"])
@pytest.mark.parametrize(("variable", "local", "expected"), [
    ("", False, "mkdocs.yml"), ("", True, "mkdocs.local.yml"), ("mkdocs.cy.yml", True, "mkdocs.cy.yml"),
])
def test_workflows_build_the_forks_config(tmp_path, workflow, variable, local, expected):
    steps = next(iter(yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text())["jobs"].values()))["steps"]
    choose = next(s for s in steps if s.get("name") == "Choose the config to build")
    assert choose["env"]["NAMED_CONFIG"] == "${{ vars.GUIDE_CONFIG }}"
    runs = " ".join(s.get("run", "") for s in steps)
    assert 'validate -f "$GUIDE_CONFIG"' in runs and 'build --strict -f "$GUIDE_CONFIG"' in runs
    for name in ("mkdocs.yml", "mkdocs.cy.yml") + (("mkdocs.local.yml",) if local else ()):
        (tmp_path / name).write_text("site_name: x\n", encoding="utf-8")
    env_file = tmp_path / "env"
    done = subprocess.run(["bash", "-c", choose["run"]], cwd=tmp_path, capture_output=True, text=True,
                          env=dict(os.environ, NAMED_CONFIG=variable, GITHUB_ENV=str(env_file)))
    assert done.returncode == 0, done.stderr
    assert env_file.read_text(encoding="utf-8").strip() == f"GUIDE_CONFIG={expected}"


# ----------------------------------------------------------------------------- any language


@pytest.mark.parametrize("language", ["en-AU", "ga"])
def test_a_language_material_does_not_translate_builds(tmp_path, language):
    project = copy_project(tmp_path / "project")
    write(project / "mkdocs.local.yml", f"INHERIT: mkdocs.yml\ntheme:\n  language: {language}\n")
    result = mkdocs_build(project, tmp_path / "site", config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in home
    assert "Skip to content" in home  # Material's English labels
    if language == "ga":
        assert "Material has no translation of its own labels for theme.language 'ga'" in result.stderr


def test_a_language_that_is_not_a_tag_fails_clearly(tmp_path):
    project = copy_project(tmp_path / "project")
    write(project / "mkdocs.local.yml", "INHERIT: mkdocs.yml\ntheme:\n  language: ../x\n")
    result = mkdocs_build(project, tmp_path / "site", config="mkdocs.local.yml")
    assert result.returncode != 0
    assert "theme.language is '../x', which is not a language tag" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    checked = run(project, "validate", "-f", "mkdocs.local.yml")
    assert checked.returncode == 1 and "not a language tag" in checked.stdout + checked.stderr


def test_a_missing_logo_fails_the_strict_build(tmp_path):
    project = copy_project(tmp_path / "project")
    write(project / "mkdocs.local.yml", "INHERIT: mkdocs.yml\ntheme:\n  logo: assets/nothing.svg\n")
    result = mkdocs_build(project, tmp_path / "site", config="mkdocs.local.yml")
    assert result.returncode != 0
    assert "theme.logo names 'assets/nothing.svg', which does not exist" in result.stdout + result.stderr


# ----------------------------------------------------------------------------- English fallback strings

MISSING = ("role.what_it_does", "role.open_checklist", "filter.all", "az.glossary", "checklist.intro_role",
           "notfound.title")


@pytest.fixture(scope="module")
def partly_translated(tmp_path_factory):
    """The Welsh fork over a Welsh translation that lacks a few strings (they fall back to English)."""
    project = copy_project(tmp_path_factory.mktemp("partly") / "project")
    drop_strings(project, "cy", MISSING)
    add_fork(project)
    site = project.parent / "site"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_an_english_fallback_string_is_marked_and_a_welsh_one_is_not(partly_translated):
    site = partly_translated
    role = page(site, "roles/peer-researcher/index.html")
    assert '<h2 id="what-it-does"><span lang="en">What does the role do?</span>' in role  # fell back
    assert re.search(r'<h2 id="skills">Pa sgiliau sydd eu hangen\?', role)  # in Welsh: no mark
    assert re.search(r'<a class="md-button md-button--primary" href="[^"]+"><span lang="en">Open the checklist '
                     r'for this role</span></a>', role)
    toc = role[role.index('<nav class="md-nav md-nav--secondary"'):]
    assert re.search(r'href="#what-it-does" class="md-nav__link">\s*<span class="md-ellipsis" lang="en">', toc)
    assert re.search(r'href="#skills" class="md-nav__link">\s*<span class="md-ellipsis">', toc)

    # a sentence that fell back to English, around a role title in Welsh (marked back) or in English
    welsh_title = page(site, "checklists/peer-support-worker/index.html")
    assert re.search(r'<p class="le-summary" lang="en">Work through [^<]+<span lang="cy">Gweithiwr cymorth '
                     r'cymheiriaid</span>\.</p>', welsh_title)
    english_title = page(site, "checklists/peer-researcher/index.html")
    assert re.search(r'<p class="le-summary" lang="en">Work through [^<]+ Peer researcher\.</p>', english_title)

    # where no element can go, the text stays plain: attributes, <option>, <title>
    assert 'aria-label="Glossary terms from A to Z"' in page(site, "glossary/index.html")
    assert '<option value="" lang="en">All</option>' in page(site, "roles/index.html")
    missing = page(site, "404.html")
    assert "<title>Page not found - " in missing
    assert '<h1 id="main-content" tabindex="-1"><span lang="en">Page not found</span></h1>' in missing


def test_a_complete_translation_adds_no_string_marks(fork):
    _project, site, _ = fork
    role = page(site, "roles/peer-researcher/index.html")
    assert re.search(r'<h2 id="what-it-does">Beth mae', role)
    assert '<option value="">Y cyfan</option>' in page(site, "roles/index.html")


def test_pages_with_fallback_strings_are_valid_html(partly_translated, tmp_path):
    """Marks go only where an element may: the Nu HTML Checker finds no error in the pages that show them."""
    pages = ["index.html", "404.html", "roles/index.html", "roles/peer-researcher/index.html", "glossary/index.html",
             "checklists/peer-support-worker/index.html", "why/drivers/index.html", "self-assessment/index.html"]
    for rel in pages:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(partly_translated / rel, target)
    result = _html_checker("--site", str(tmp_path))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
