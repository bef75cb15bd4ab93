"""Shared fixtures: a built copy of the real site, a local web server for it, and headless Chromium.

Browser tests use Debian's Chromium (/usr/bin/chromium) through Playwright's Python package. Without
a browser they skip with a reason, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (tests/browser/); skip with -m 'not browser'")


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser/ is a browser test: `pytest -m "not browser"` is the quick run."""
    browser_dir = Path(__file__).resolve().parent / "browser"
    for item in items:
        if browser_dir in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def mkdocs_build(project: Path, site_dir: Path, config: str = "mkdocs.yml", strict: bool = True) -> subprocess.CompletedProcess:
    """Run `mkdocs build` as a contributor would, in a subprocess; returns the completed process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / config), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def copy_project(dest: Path) -> Path:
    """A copy of the repository's site sources (no git, no built site) to change freely in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "docs", "macros", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """A local web server (127.0.0.1, a free port) serving the built site."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped (locally) when there is none."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("Playwright is not installed: pip install -r requirements-dev.txt")
        pytest.skip("Playwright is not installed (pip install -r requirements-dev.txt)")
    if not Path(CHROMIUM).exists():
        if in_ci:
            pytest.fail(f"No Chromium at {CHROMIUM}: CI must install Debian's chromium (apt-get install chromium)")
        pytest.skip(f"No Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (empty storage) and page for each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def edit(project: Path, rel: str, old: str, new: str) -> str:
    """Replace the first `old` in a file of a copied project; return the new text."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def drop_strings(project: Path, language: str, keys) -> None:
    """Take interface strings out of a copy's data/strings/<language>.yml (they fall back to English)."""
    path = project / "data" / "strings" / f"{language}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(tuple(f"{k}:" for k in keys))),
                    encoding="utf-8")
