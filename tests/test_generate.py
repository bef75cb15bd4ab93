"""Generation without hooks: `python -m macros generate` writes the pages and exports the hooks add to
a build, from the same function; a later `mkdocs build` with those files present gives the same site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, mkdocs_build
from macros.cli.generate import generate
from macros.guide import Guide
from macros.pages.generated import description, is_generated, yaml_text
from macros.settings import GuideConfig


def run_generate(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "macros", "generate", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A copy of the project after `python -m macros generate --site generated-site`."""
    project = copy_project(tmp_path_factory.mktemp("generate") / "project")
    result = run_generate(project, "--site", "generated-site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_generate_writes_every_generated_page_with_its_description(generated: Path):
    guide = Guide.build(GuideConfig(project_dir=generated, docs_dir=generated / "docs"))
    assert guide.pages
    for page in guide.pages:
        text = (generated / "docs" / page.src_uri).read_text(encoding="utf-8")
        assert text == page.content
        meta = yaml.safe_load(text.split("---\n")[1])
        assert meta["description"] == description(guide.model, page.kind, page.ident)
        assert meta["generated_from"] == page.data_path and is_generated(text)


def test_a_build_with_the_generated_files_present_makes_the_same_site(generated: Path, built_site: Path, tmp_path: Path):
    site = tmp_path / "site"
    result = mkdocs_build(generated, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("roles/peer-support-worker/index.html", "checklists/peer-support-worker/index.html",
                 "challenges/role-clarity/index.html", "roles/index.html", "api/guide.json",
                 "downloads/checklists/peer-support-worker.csv"):
        assert (site / page).read_bytes() == (built_site / page).read_bytes(), page
    # the exports `generate --site` wrote for an engine without hooks are the ones the hook writes
    for export in ("api/guide.json", "downloads/checklists/new-role.md", "downloads/checklists/peer-support-worker.csv"):
        assert (generated / "generated-site" / export).read_bytes() == (built_site / export).read_bytes(), export


def test_generate_again_rewrites_nothing_and_removes_pages_of_deleted_entities(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    cfg = GuideConfig(project_dir=project, docs_dir=project / "docs")
    written, removed = generate(cfg, project / "docs")
    assert written and removed == []
    assert generate(cfg, project / "docs") == ([], [])
    gone = sorted((project / "data" / "case-studies").glob("*.yml"))[0]  # nothing links to a case study
    gone.unlink()
    written, removed = generate(cfg, project / "docs")
    assert removed == [project / "docs" / "case-studies" / f"{gone.stem}.md"] and not removed[0].exists()


def test_a_hand_written_page_at_a_generated_address_is_still_refused(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "roles" / "peer-support-worker.md").write_text("# My own page\n", encoding="utf-8")
    result = run_generate(project)
    assert result.returncode == 1 and "hand-written page" in result.stderr
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert "the id 'peer-support-worker' clashes with the hand-written page docs/roles/peer-support-worker.md" in (
        build.stdout + build.stderr)


AWKWARD = [
    "Plain words",
    "A colon: then more, and a # that is not a comment",
    "'Quoted' and \"double quoted\" text",
    "---",
    "- looks like a list item",
    "Line one\nline two",
    "  leading and trailing spaces  ",
    "Gwasanaethau iechyd a gofal: ŵ ŷ â ê",
    "yes",
    "1.5",
    "null",
    "Tab\there",
    "Ends with a colon:",
    "x" * 300,
    "{not: a mapping}",
    "[not, a, list]",
    "&anchor *alias !tag %directive @at `backtick`",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_front_matter_reads_back_as_the_data_it_was_written_from(text):
    """A data text in a generated page's front matter (its description, a tag) is read back by the
    engine exactly as written, whatever it holds, and as PyYAML's own Python emitter writes it."""
    meta = {"generated_from": "data/roles/x.yml", "description": text, "tags": [text, "Experienced"]}
    written = yaml_text(meta)
    assert yaml.safe_load(written) == meta
    assert written == yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
