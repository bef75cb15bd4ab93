"""Search keywords (data/search.yml): shown on their page, weighed in the search index, and a typo in
a page address stops the build with a fix."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import copy_project, mkdocs_build
from macros.model import Model
from macros.pages.search_terms import page_url, unknown_pages, with_keywords


def test_keywords_go_to_the_first_entry_of_their_page_only():
    model = Model(search={"pages": {"recruitment/": ["job description", "HR"]}})
    index = {"docs": [{"location": "recruitment/", "title": "Recruitment"},
                      {"location": "recruitment/#steps", "title": "Steps"},
                      {"location": "roles/", "title": "Roles"}]}
    docs = with_keywords(index, model)["docs"]
    assert docs[0]["keywords"] == "job description HR"
    assert "keywords" not in docs[1] and "keywords" not in docs[2]


def test_an_unknown_page_address_is_named_with_a_suggestion():
    model = Model(search={"pages": {"recruitmnt/": ["HR"], "roles/": ["x"]}})
    errors = unknown_pages(model, ["recruitment/", "roles/"])
    assert len(errors) == 1
    assert "recruitmnt/" in str(errors[0]) and "recruitment/" in str(errors[0]) and "data/search.yml" in str(errors[0])


def test_the_built_site_shows_and_indexes_the_keywords(built_site):
    html = (built_site / "roles" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    assert "PSW" in html and "le-keywords" in html
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    first = next(d for d in index["docs"] if d["location"] == "roles/peer-support-worker/")
    assert "PSW" in first["keywords"]
    assert index["config"]["fields"]["keywords"]["boost"] > index["config"]["fields"]["text"]["boost"]


def test_a_typo_in_a_page_address_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / "search.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("recruitment/:", "recruitmant/:"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/search.yml" in result.stderr and "recruitmant/" in result.stderr and "Traceback" not in result.stderr
    check = subprocess.run([sys.executable, "-m", "macros", "validate"], cwd=project, capture_output=True, text=True)
    assert check.returncode == 1  # validate makes the same check as the build
    assert "data/search.yml" in check.stdout and "did you mean 'recruitment/'" in check.stdout.lower()


def test_page_addresses_follow_mkdocs_directory_urls():
    assert [page_url(s) for s in ("index.md", "why/index.md", "for-boards.md", "support/supervision.md")] == [
        "", "why/", "for-boards/", "support/supervision/"]
