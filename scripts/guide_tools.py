"""Shared helpers for the check scripts: the npm tools folder (outside the repository) and a local
web server for a built site. Not part of the site build or of pytest."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# npm tools live outside the repository, so nothing from node_modules can be committed by mistake.
TOOLS = Path(os.environ.get("GUIDE_TOOLS", Path.home() / ".cache" / "lived-experience-guide-tools"))


def tool_path(package: str, version: str, marker: str) -> Path:
    """Where an npm tool lives: TOOLS/<package>-<version>/node_modules/<marker> (one folder per tool,
    so that installing one never prunes another)."""
    return TOOLS / f"{package}-{version}" / "node_modules" / marker


def npm_tool(package: str, version: str, marker: str) -> Path:
    """Install an exact version of an npm package into its folder under TOOLS (once); return the marker path."""
    path = tool_path(package, version, marker)
    if not path.exists():
        prefix = TOOLS / f"{package}-{version}"
        prefix.mkdir(parents=True, exist_ok=True)
        print(f"Installing {package}@{version} into {prefix} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-save", "--no-package-lock", "--no-audit",
                        "--no-fund", "-E", f"{package}@{version}"], check=True)
    return path


def build_site(dest: Path) -> Path:
    """Build the site into dest with --strict, as CI does."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)],
                   cwd=ROOT, env=env, check=True)
    return dest


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files the way static hosts (GitHub Pages, an intranet web server) do: text compressed
    with gzip when the browser accepts it, so that load-time scores reflect a real host."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the usual redirect to the address with a slash
            path = path / "index.html"
        if path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a built site on 127.0.0.1 (a free port); returns its base URL and the server to shut down."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
