"""The benchmark's synthetic roles (benchmarks/synthetic.py) make a site a reader can use: every
added role gets its page and its checklist, both reachable from the catalogues and found by search,
and the sidebar does not list them (large collections live on their catalogue pages)."""

from __future__ import annotations

import html.parser
import json
import posixpath
from pathlib import Path

import pytest

from benchmarks.synthetic import add_synthetic_roles, copy_project
from conftest import mkdocs_build

COUNT = 20


class _Links(html.parser.HTMLParser):
    """Every link on a page, and separately the links inside the primary (sidebar) navigation."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self._navs: list[bool] = []  # one entry per open <nav>: is it (inside) the primary navigation?

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav":
            inside = bool(self._navs and self._navs[-1]) or "md-nav--primary" in (a.get("class") or "")
            self._navs.append(inside)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._navs and self._navs[-1]:
                self.nav_links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._navs:
            self._navs.pop()


def links_of(site: Path, page_dir: str) -> _Links:
    parser = _Links()
    parser.feed((site / page_dir / "index.html").read_text(encoding="utf-8"))
    return parser


def targets(site: Path, page_dir: str) -> set[str]:
    """The site paths ('roles/x/') that a page links to, resolved from its relative links."""
    out = set()
    for href in links_of(site, page_dir).links:
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        path = posixpath.normpath(posixpath.join(page_dir, href.split("#")[0]))
        out.add(path.rstrip("/") + "/")
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    base = tmp_path_factory.mktemp("synthetic")
    project = copy_project(base / "project")
    idents = add_synthetic_roles(project, COUNT)
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, idents


def test_generator_writes_the_roles_it_was_asked_for(tmp_path):
    project = copy_project(tmp_path / "project")
    before = {p.stem for p in (project / "data" / "roles").glob("*.yml")}
    idents = add_synthetic_roles(project, 3)
    after = {p.stem for p in (project / "data" / "roles").glob("*.yml")}
    assert len(set(idents)) == 3 and after == before | set(idents)
    text = (project / "data" / "roles" / f"{idents[0]}.yml").read_text(encoding="utf-8")
    assert f"\nid: {idents[0]}\n" in text and "synthetic copy 1" in text


@pytest.mark.parametrize("folder", ["roles", "checklists"])
def test_every_synthetic_role_has_pages_reachable_from_the_catalogues(synthetic, folder):
    """/roles/ links every role page and /checklists/ every role's checklist."""
    site, idents = synthetic
    linked = targets(site, folder)
    for ident in idents:
        assert (site / folder / ident / "index.html").is_file(), ident
        assert f"{folder}/{ident}/" in linked, f"/{folder}/ does not link to {ident}"


def test_synthetic_role_pages_are_in_the_search_index(synthetic):
    site, idents = synthetic
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for ident in idents:
        assert f"roles/{ident}/" in locations, ident
        assert f"checklists/{ident}/" in locations, ident


def test_the_sidebar_does_not_list_the_roles_one_by_one(synthetic):
    # Material renders the whole sidebar into every page: a sidebar entry per role would make the
    # build quadratic in the number of roles. The catalogue pages list them instead.
    site, idents = synthetic
    for page_dir in ("roles", f"roles/{idents[0]}", "checklists"):
        nav = links_of(site, page_dir).nav_links
        assert nav, f"no sidebar found on {page_dir}/"
        assert not [href for href in nav if "synthetic-role-" in href], f"the sidebar of {page_dir}/ lists synthetic roles"


def test_the_plain_markdown_copy_builds_the_same_pages(tmp_path, built_site):
    """The baseline the build is compared with (benchmarks/run.py): every page's Markdown as the
    macros plugin and the guide's hook hand it on, written out and built without them. It must be
    the same pages, with the generated HTML in the Markdown, not the words the hook leaves in its
    place while Markdown runs (macros/pages/held_html.py)."""
    import os
    import subprocess
    import sys

    from benchmarks.run import plain_equivalent
    from macros.pages import held_html

    project = copy_project(tmp_path / "project")
    config = plain_equivalent(project, tmp_path)
    checklist = (project / "plain-docs" / "checklists" / "peer-support-worker.md").read_text(encoding="utf-8")
    assert held_html.WORD not in checklist and held_html.OPEN not in checklist
    assert checklist.count('<div class="le-question"') == 19
    site = tmp_path / "plain-site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GUIDE_BENCH_PLAIN_GLOBALS=str(project / "plain-globals.json"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    def article(root: Path) -> str:
        text = (root / "checklists" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
        return text[text.index("<h1"): text.index("</article>")]  # the edit link names each one's source

    assert article(site) == article(built_site)
