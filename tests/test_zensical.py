"""A second engine (issue 18): `python -m macros generate --zensical`, then `zensical build`, builds
the guide from the same data and config, with the same pages and the same main text on every page
as the MkDocs build. Skipped where Zensical is not installed (it is in requirements-dev.txt)."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic import add_synthetic_roles
from conftest import ROOT, copy_project
from macros.zensical import _with_snippets, rebase_links, staged_path

ZENSICAL = shutil.which("zensical", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
needs_zensical = pytest.mark.skipif(ZENSICAL is None, reason="Zensical is not installed (pip install -r requirements-dev.txt)")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}


class MainText(html.parser.HTMLParser):
    """The text a reader reads in a page's article, without what the theme places differently:
    heading permalinks (¶), the page's tag list, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0  # inside an element left out
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            if self.skip or tag in ("script", "style") or "headerlink" in classes or "md-tags" in classes:
                self.skip += 1
        elif tag == "article":
            self.depth = 1

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text.append(data)


def main_text(path: Path) -> str:
    parser = MainText()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.text).split())


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=project, env=ENV, capture_output=True, text=True, timeout=600)


def warned_links(log: str) -> list[str]:
    """The link targets Zensical's warnings point at (each warning quotes the line and the column)."""
    targets = []
    for match in re.finditer(r"╭─\[ [^:\]]+:(\d+):(\d+) \]\n(?:.*\n)*?\s*\1 │ (.*)\n", log):
        line, column = match.group(3), int(match.group(2))
        targets.append(re.split(r'["\s)]', line[column - 1 :], maxsplit=1)[0])
    return targets


FORK = "examples/fork/mkdocs.cy.yml"  # the Welsh example fork: overlay pages, nav.yml, a logo, terms


@pytest.fixture(scope="module", params=["mkdocs.yml", FORK])
def two_builds(request, tmp_path_factory):
    """The same project built by MkDocs (its config, hooks) and by Zensical (after generate)."""
    if ZENSICAL is None:
        pytest.skip("Zensical is not installed (pip install -r requirements-dev.txt)")
    project = copy_project(tmp_path_factory.mktemp("zensical") / "guide")
    shutil.copytree(ROOT / "examples", project / "examples", ignore=shutil.ignore_patterns("site", ".zensical", "*.zensical.yml"))
    config = Path(request.param)
    site = config.parent / "site"
    mkdocs = run(project, sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d",
                 str(project / "mkdocs-site"))
    assert mkdocs.returncode == 0, mkdocs.stderr
    staged = run(project, sys.executable, "-m", "macros", "generate", "-f", str(config), "--zensical")
    assert staged.returncode == 0, staged.stdout + staged.stderr
    built = run(project, ZENSICAL, "build", "-f", str(config.with_name(config.stem + ".zensical.yml")))
    assert built.returncode == 0, ANSI.sub("", built.stdout + built.stderr)
    return project, project / "mkdocs-site", project / site, ANSI.sub("", built.stdout + built.stderr)


@needs_zensical
def test_zensical_builds_the_same_pages(two_builds):
    project, mkdocs_site, zensical_site, _ = two_builds
    assert len(pages(mkdocs_site)) > 50
    assert pages(zensical_site) == pages(mkdocs_site)


@needs_zensical
def test_every_page_has_the_same_main_text(two_builds):
    _, mkdocs_site, zensical_site, _ = two_builds
    differ = [rel for rel in sorted(pages(mkdocs_site)) if main_text(mkdocs_site / rel) != main_text(zensical_site / rel)]
    assert differ == []
    role = main_text(zensical_site / "roles" / "peer-support-worker" / "index.html")
    assert "Mead et al., 2001" in role  # the macros ran and the citations are linked


@needs_zensical
@pytest.mark.parametrize("two_builds", [FORK], indirect=True)
def test_a_fork_on_zensical_keeps_its_pages_nav_and_language(two_builds):
    _, _, zensical_site, _ = two_builds
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in home
    assert "For network boards" in home  # nav.yml renames the boards page
    assert (zensical_site / "our-network" / "index.html").is_file()  # an overlay page, added to the nav
    assert re.search(r'href="(\./)?our-network/"', home)
    assert not (zensical_site / "contribute" / "add-a-role").exists()  # nav.yml hides it
    assert (zensical_site / "assets" / "logo.svg").is_file() and 'src="./assets/logo.svg"' in home
    # an English page in the Welsh build says so, as its article does on MkDocs; its headings stay in the contents
    drivers = (zensical_site / "why" / "drivers" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div lang="en">\s*<h1 id="what-is-driving', drivers)
    assert 'href="#driver-1-attitudes-to-mental-health-are-changing"' in drivers


@needs_zensical
def test_links_and_scripts_work_on_zensical(two_builds):
    """Addresses written for the page's address stay right (Zensical reads them from the source file)."""
    _, mkdocs_site, zensical_site, log = two_builds
    role = (zensical_site / "roles" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../checklists/peer-support-worker/"' in role
    assert 'src="../../assets/javascripts/workspace.js"' in role
    assert 'href="../../references/#mead2001"' in role
    # the only links Zensical cannot check are the Markdown downloads: it copies them from the theme's
    # folder instead of making them pages
    assert warned_links(log) and all(re.search(r"downloads/.+\.md$", target) for target in warned_links(log))
    assert json.loads((zensical_site / "api" / "guide.json").read_text(encoding="utf-8"))["roles"]


@needs_zensical
def test_zensical_publishes_the_same_exports_and_downloads(two_builds):
    """Every export and download of the MkDocs build, byte for byte, straight from `zensical build`: the
    Markdown downloads stay files to download, not pages."""
    _, mkdocs_site, zensical_site, _ = two_builds
    exports = sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*")
                     if p.is_file() and p.relative_to(mkdocs_site).parts[0] in ("api", "downloads"))
    assert len(exports) > 40 and "downloads/checklists/peer-support-worker.md" in exports
    assert [rel for rel in exports if (zensical_site / rel).read_bytes() != (mkdocs_site / rel).read_bytes()] == []
    assert not (zensical_site / "downloads" / "checklists" / "peer-support-worker" / "index.html").exists()


@needs_zensical
def test_zensical_pages_ask_no_other_host(two_builds):
    """The repository link stays a link: no script asks the code host for stars and forks."""
    _, _, zensical_site, _ = two_builds
    for rel in sorted(pages(zensical_site)):
        text = (zensical_site / rel).read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in text, rel
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', text), rel


def test_a_page_moves_to_its_address():
    assert staged_path("why/drivers.md") == "why/drivers/index.md"
    assert staged_path("index.md") == "index.md"
    assert staged_path("roles/index.md") == "roles/index.md"
    assert staged_path("assets/logo.svg") == "assets/logo.svg"


def test_hand_written_links_move_with_the_page():
    text = (
        "See [markers](why/markers.md#presence), [roles](roles/index.md), [home](index.md) and "
        "![a logo](assets/logo.svg).\n\n[ref]: strategy.md\n\n"
        "Write `[text](page.md)` for a link.\n\n```\n[not](a-link.md)\n```\n"
        '<a href="glossary.md">glossary</a> [out](https://example.org/x.md) [here](#top)'
    )
    moved = rebase_links(text, "for-boards.md", "for-boards/index.md")
    assert "[markers](../why/markers/index.md#presence)" in moved
    assert "[roles](../roles/index.md)" in moved and "[home](../index.md)" in moved
    assert "![a logo](../assets/logo.svg)" in moved
    assert "[ref]: ../strategy/index.md" in moved
    assert "`[text](page.md)`" in moved and "[not](a-link.md)" in moved  # code is left as written
    assert '<a href="../glossary/index.md">' in moved
    assert "(https://example.org/x.md)" in moved and "(#top)" in moved


def test_starter_text_stops_the_zensical_source_too(tmp_path):
    """REPLACE ME fails `generate --zensical` as it fails a strict MkDocs build: nothing is written."""
    project = copy_project(tmp_path / "guide")
    role = project / "data" / "roles" / "peer-trainer.yml"
    role.write_text(re.sub(r"(?m)^title: .*$", "title: REPLACE ME", role.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(project, sys.executable, "-m", "macros", "generate", "--zensical")
    assert result.returncode == 1
    assert "data/roles/peer-trainer.yml" in result.stderr and "REPLACE ME" in result.stderr
    assert not (project / ".zensical").exists() and not (project / "mkdocs.zensical.yml").exists()


def test_the_old_third_step_says_it_has_nothing_to_do(tmp_path):
    """`generate --zensical --site` copied the exports after Zensical's build until Zensical's build
    made them itself: a script that still runs it goes on working and is told why."""
    project = copy_project(tmp_path / "guide")
    result = run(project, sys.executable, "-m", "macros", "generate", "--zensical", "--site", "site")
    assert result.returncode == 0, result.stderr
    assert "Nothing to do" in result.stdout and "zensical build" in result.stdout
    assert not (project / "site").exists()


def test_a_deleted_roles_downloads_leave_the_zensical_source(tmp_path):
    """Staged for Zensical, a role's page, its held HTML and its downloads go when the role does."""
    project = copy_project(tmp_path / "guide")
    (ident,) = add_synthetic_roles(project, 1)  # a role nothing else links to
    first = run(project, sys.executable, "-m", "macros", "generate", "--zensical")
    assert first.returncode == 0, first.stdout + first.stderr
    staged = project / ".zensical"
    assert (staged / "overrides" / "downloads" / "job-descriptions" / f"{ident}.docx").is_file()
    assert (staged / "held" / "roles" / ident).is_dir() and (staged / "docs" / "roles" / ident / "index.md").is_file()
    (project / "data" / "roles" / f"{ident}.yml").unlink()
    again = run(project, sys.executable, "-m", "macros", "generate", "--zensical")
    assert again.returncode == 0, again.stdout + again.stderr
    assert [p.relative_to(staged).as_posix() for p in staged.rglob(f"*{ident}*")] == []
    assert (staged / "overrides" / "downloads" / "job-descriptions" / "peer-support-worker.docx").is_file()


def test_a_forks_own_snippets_settings_are_kept_and_the_held_folder_added(tmp_path):
    """A fork that already uses pymdownx.snippets keeps its folders and settings; a second copy of the
    extension would clash."""
    held = (tmp_path / "held").resolve().as_posix()
    added = _with_snippets(["toc"], tmp_path / "held")
    assert added == ["toc", {"pymdownx.snippets": {"base_path": [held], "check_paths": True}}]
    merged = _with_snippets([{"pymdownx.snippets": {"base_path": "includes", "url_download": False}}], tmp_path / "held")
    assert merged == [{"pymdownx.snippets": {"base_path": ["includes", held], "url_download": False}}]
    assert _with_snippets(["pymdownx.snippets"], tmp_path / "held") == [{"pymdownx.snippets": {"base_path": [".", held]}}]
