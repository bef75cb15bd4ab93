#!/usr/bin/env python3
"""Validate the built site's HTML with the Nu HTML Checker (vnu.jar from npm's vnu-jar; needs Java).

    python scripts/validate_html.py                 # build the site, validate every page
    python scripts/validate_html.py --site site     # validate an already built site
    python scripts/validate_html.py --no-install    # exit 2 when the checker is not installed

    python scripts/validate_html.py --install-only  # install the checker and stop (CI does this first)

Every error counts, Material's own markup included: the few it had (an empty tabindex on section
labels, autocomplete on checkbox toggles, a table-of-contents label for a toggle that is not there)
are fixed by overrides in overrides/base.html and overrides/partials/. Exit 1 on any error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_tools import TOOLS, build_site, npm_tool, tool_path  # noqa: E402

VNU = "26.9.27"
JAR = Path("vnu-jar/build/dist/vnu.jar")

def validate(site: Path, jar: Path) -> list[str]:
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run([shutil.which("java") or "java", "-jar", str(jar), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    lines = []
    for m in errors:
        page = Path(m.get("url", "").removeprefix("file:")).relative_to(site) if m.get("url") else "?"
        lines.append(f"{page}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--no-install", action="store_true", help="do not install the checker; exit 2 if it is missing")
    parser.add_argument("--install-only", action="store_true", help="install the checker, validate nothing")
    args = parser.parse_args(argv)
    if not shutil.which("java"):
        print("Java is needed for the Nu HTML Checker (apt-get install default-jre-headless).", file=sys.stderr)
        return 2
    if args.no_install:
        jar = tool_path("vnu-jar", VNU, str(JAR))
        if not jar.exists():
            print(f"The Nu HTML Checker is not installed in {TOOLS}.", file=sys.stderr)
            return 2
    else:
        jar = npm_tool("vnu-jar", VNU, str(JAR))
        if args.install_only:
            return 0 if jar.exists() else 2
    with tempfile.TemporaryDirectory() as tmp:
        site = (args.site or build_site(Path(tmp) / "site")).resolve()
        errors = validate(site, jar)
    print(f"{len(errors)} HTML error(s).")
    for line in errors:
        print(line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
