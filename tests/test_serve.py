"""`mkdocs serve` with a mistake in the data: the browser shows the same report as the terminal
(file, line, field, how to fix) on every page, and the guide comes back when the file is fixed."""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(server: subprocess.Popen, url: str, condition, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    text = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"mkdocs serve stopped (exit {server.returncode}):\n{server.stdout.read()}")
        text = _get(url)
        if text is not None and condition(text):
            return text
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show what was expected in {seconds} s; last: {(text or '')[:300]}")


def test_serve_shows_a_data_error_in_the_browser_and_recovers(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    role = project / "data" / "roles" / "peer-support-worker.yml"
    good = role.read_text(encoding="utf-8")
    role.write_text(good.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        home = f"http://127.0.0.1:{port}/guide/"
        page = html.unescape(_wait_for(server, home, lambda text: "le-data-errors" in text))
        assert "The guide's data has problems" in page
        assert "data/roles/peer-support-worker.yml, line" in page and "unknown field 'titel'" in page
        assert "did you mean 'title'?" in page
        other = html.unescape(_wait_for(server, f"http://127.0.0.1:{port}/guide/strategy/", lambda text: "le-data-errors" in text))
        assert "unknown field 'titel'" in other
        role.write_text(good, encoding="utf-8")  # fixed: the next rebuild is the guide again
        page = _wait_for(server, home, lambda text: "le-data-errors" not in text and "roles/" in text)
        assert "Lived experience roles guide" in page
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "unknown field 'titel'" in output  # the terminal says the same
