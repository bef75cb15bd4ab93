"""The build cache (macros/data/cache.py, outside the repository): a build that finds its inputs unchanged takes
the checked model, the rendered page pieces and the downloads from the cache, and publishes exactly
the site a build without the cache would; a change to any input is never answered from the cache;
deleting the cache only costs time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project, edit, mkdocs_build
from macros import guide
from macros.data import cache
from macros.guide import CODE_DIR, build_key
from macros.settings import GuideConfig


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _same_site(a: Path, b: Path) -> list[str]:
    """The files that differ between two built sites (present in one only, or different bytes)."""
    fa, fb = _files(a), _files(b)
    return sorted({name for name in fa.keys() | fb.keys() if fa.get(name) != fb.get(name)})


def _build(project: Path, site: Path) -> None:
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("cache") / "project")


def test_a_warm_build_publishes_the_same_site_as_a_cold_one(project, tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(store))
    _build(project, tmp_path / "first")  # fills the cache
    assert list(store.glob("*.pickle")) and list(store.glob("*.zip")), "nothing was cached"
    _build(project, tmp_path / "warm")  # takes the model, pieces and downloads from it
    monkeypatch.setenv("GUIDE_CACHE", "off")
    _build(project, tmp_path / "cold")
    assert _same_site(tmp_path / "warm", tmp_path / "cold") == []
    assert (tmp_path / "warm" / "downloads" / "job-descriptions" / "peer-support-worker.docx").is_file()


def test_an_edited_data_file_is_never_answered_from_the_cache(project, tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(store))
    _build(project, tmp_path / "before")
    edit(project, "data/roles/peer-support-worker.yml", "\ntitle: ", "\ntitle: Cachecheck ")
    try:
        _build(project, tmp_path / "after")  # the cache holds the unedited inputs' entries
        monkeypatch.setenv("GUIDE_CACHE", "off")
        _build(project, tmp_path / "cold")
        assert _same_site(tmp_path / "after", tmp_path / "cold") == []
        page = (tmp_path / "after" / "roles" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
        assert "Cachecheck" in page
        job = (tmp_path / "after" / "downloads" / "job-descriptions" / "peer-support-worker.md").read_text(encoding="utf-8")
        assert "Cachecheck" in job
    finally:
        edit(project, "data/roles/peer-support-worker.yml", "\ntitle: Cachecheck ", "\ntitle: ")


def test_a_build_writes_nothing_into_the_project(project, tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if "__pycache__" not in p.parts)
    _build(project, tmp_path / "site")
    after = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if "__pycache__" not in p.parts)
    assert after == before
    assert list((tmp_path / "user-cache" / "lived-experience-guide" / "build").glob("*.pickle"))


def test_a_deleted_or_damaged_cache_only_costs_time(project, tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(store))
    _build(project, tmp_path / "first")
    for entry in store.iterdir():  # cut short, as by a full disk: neither can be read
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    _build(project, tmp_path / "damaged")
    shutil.rmtree(store)
    _build(project, tmp_path / "deleted")
    assert _same_site(tmp_path / "first", tmp_path / "damaged") == []
    assert _same_site(tmp_path / "first", tmp_path / "deleted") == []


def test_the_key_changes_with_any_byte_of_any_input(tmp_path):
    data = tmp_path / "data"
    (data / "roles").mkdir(parents=True)
    (data / "roles" / "a.yml").write_text("title: A\n", encoding="utf-8")
    (data / "b.yml").write_text("x: 1\n", encoding="utf-8")
    key = cache.fingerprint([data], ["en"])
    assert cache.fingerprint([data], ["en"]) == key  # the same inputs, the same key
    assert cache.fingerprint([data], ["cy"]) != key  # a setting
    (data / "roles" / "a.yml").write_text("title: B\n", encoding="utf-8")
    assert cache.fingerprint([data], ["en"]) != key  # one byte of one file
    (data / "roles" / "a.yml").write_text("title: A\n", encoding="utf-8")
    (data / "roles" / "a.yml").rename(data / "roles" / "c.yml")
    assert cache.fingerprint([data], ["en"]) != key  # a renamed file
    (data / "roles" / "c.yml").rename(data / "roles" / "a.yml")
    (data / "new.yml").write_text("", encoding="utf-8")
    assert cache.fingerprint([data], ["en"]) != key  # a new, empty file
    (data / "new.yml").unlink()
    assert cache.fingerprint([data], ["en"]) == key


def test_the_model_key_covers_the_data_the_pages_and_the_settings(tmp_path):
    """guide.build_key: the checked model and the rendered pieces depend on the data, the hand-written
    pages (the references page lists where they cite), the code (CODE_DIR) and the settings."""
    project = copy_project(tmp_path / "project")
    cfg = GuideConfig(project_dir=project, docs_dir=project / "docs")
    key = build_key(cfg, "")
    assert CODE_DIR == Path(guide.__file__).resolve().parent
    assert build_key(cfg, "") == key
    assert build_key(cfg, "https://example.org/") != key
    assert build_key(GuideConfig(project_dir=project, docs_dir=project / "docs", language="cy"), "") != key
    edit(project, "docs/strategy.md", "\n", "\n\n")
    assert build_key(cfg, "") != key
    edit(project, "docs/strategy.md", "\n\n", "\n")
    assert build_key(cfg, "") == key
    edit(project, "data/search.yml", "pages:", "pages:\n")
    assert build_key(cfg, "") != key
