"""The engine end to end: the real site builds strictly, the data makes its pages, exports hold
every collection, and a contributor's mistake stops the build with file, line and field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from macros.model.build import build_model
from macros.settings import GuideConfig

ROLE_IDS = sorted(p.stem for p in (ROOT / "data" / "roles").glob("*.yml"))
CHALLENGE_IDS = sorted(p.stem for p in (ROOT / "data" / "challenges").glob("*.yml"))
CASE_IDS = sorted(p.stem for p in (ROOT / "data" / "case-studies").glob("*.yml"))


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


def test_every_role_challenge_and_case_study_gets_its_page(built_site: Path):
    for ident in ROLE_IDS:
        assert (built_site / "roles" / ident / "index.html").is_file()
        assert (built_site / "checklists" / ident / "index.html").is_file()
    for ident in CHALLENGE_IDS:
        assert (built_site / "challenges" / ident / "index.html").is_file()
    for ident in CASE_IDS:
        assert (built_site / "case-studies" / ident / "index.html").is_file()


def test_role_page_shows_the_role_from_its_yaml(built_site: Path, model):
    role = model.roles["peer-support-worker"]
    html = (built_site / "roles" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and role["title"] in html
    assert role["alternative_titles"][0] in html
    assert 'href="../../checklists/peer-support-worker/"' in html


def test_edit_link_of_a_generated_page_opens_its_yaml_file(built_site: Path):
    html = (built_site / "roles" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    edit = re.search(r'href="([^"]+)"[^>]*title="Edit this page"', html) or re.search(r'<a href="([^"]+/edit/[^"]+)"', html)
    assert edit, "no edit link on the role page"
    assert edit.group(1).endswith("/edit/main/data/roles/peer-support-worker.yml")


def test_open_data_holds_every_collection(built_site: Path, model):
    guide = json.loads((built_site / "api" / "guide.json").read_text(encoding="utf-8"))
    assert guide["schema_version"]
    for key in ("roles", "case_studies", "challenges", "questions", "strategy", "references", "glossary"):
        assert isinstance(guide[key], list) and guide[key], key
        assert all("id" in item for item in guide[key]), key
    assert sorted(r["id"] for r in guide["roles"]) == ROLE_IDS
    assert sorted(c["id"] for c in guide["challenges"]) == CHALLENGE_IDS
    assert len(guide["questions"]) == len(model.questions)
    schemas = sorted(p.name for p in (built_site / "api" / "schema").glob("*.json"))
    assert "role.schema.json" in schemas and "questions.schema.json" in schemas


def test_the_paper_is_all_there(model):
    """Issue 3's done-when: counts of the paper's content."""
    assert len(model.questions) == 19
    assert len(model.roles) >= 8
    assert len(model.case_studies) == 4
    assert len(model.challenges) >= 10
    assert len(model.strategy["focus_areas"]) == 4
    top_level = [s for s in model.steps.values() if s["parent"] is None]
    assert len(top_level) == 25 and len(model.steps) == 27
    assert len(model.paper_references()) == 73  # the paper itself is cited too, but is not one of its references
    assert len(model.glossary) >= 15
    for ident, challenge in model.challenges.items():
        assert challenge["strategy_steps"], ident
    for ident, role in model.roles.items():
        assert len(role.get("questions", {})) >= 10, ident


def test_every_data_file_names_its_schema():
    for path in sorted((ROOT / "data").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
        assert target.is_file(), f"{path}: schema line points at a missing file"


def test_adding_one_yaml_file_adds_a_role_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    source = (project / "data" / "roles" / "peer-support-worker.yml").read_text(encoding="utf-8")
    new = source.replace("id: peer-support-worker", "id: peer-navigator", 1)
    new = re.sub(r"^title: .*$", "title: Peer navigator", new, count=1, flags=re.MULTILINE)
    (project / "data" / "roles" / "peer-navigator.yml").write_text(new, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    page = (site / "roles" / "peer-navigator" / "index.html").read_text(encoding="utf-8")
    assert "Peer navigator" in page
    assert (site / "checklists" / "peer-navigator" / "index.html").is_file()
    assert (site / "downloads" / "checklists" / "peer-navigator.csv").is_file()
    catalogue = (site / "roles" / "index.html").read_text(encoding="utf-8")
    assert 'href="peer-navigator/"' in catalogue or 'href="../roles/peer-navigator/"' in catalogue


def test_a_typo_in_a_field_name_stops_the_build_with_file_line_and_field(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / "roles" / "peer-trainer.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = lines[index].replace("title:", "titel:", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"data/roles/peer-trainer.yml, line {index + 1}, column 1 (field 'titel'): unknown field 'titel'" in output
    assert "did you mean 'title'?" in output
    assert "missing required field 'title'" in output  # every problem is reported together
    assert "Traceback" not in output
    assert not site.exists(), "a failed build must not write a site"


def test_glossary_abbreviations_are_explained_where_they_are_used(built_site: Path, model):
    titles = {t["abbreviation"]: t["term"] for t in model.glossary if t.get("abbreviation")}
    hand_written = (built_site / "why" / "drivers" / "index.html").read_text(encoding="utf-8")
    generated = (built_site / "case-studies" / "patchwork-career" / "index.html").read_text(encoding="utf-8")
    assert f'<abbr title="{titles["CQC"]}">CQC</abbr>' in hand_written
    assert f'<abbr title="{titles["NICE"]}">NICE</abbr>' in generated
