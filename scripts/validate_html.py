#!/usr/bin/env python3
"""Validate the built site's HTML with the Nu HTML Checker (vnu.jar from npm's vnu-jar; needs Java).

    python scripts/validate_html.py                 # build the site, validate every page
    python scripts/validate_html.py --site site     # validate an already built site
    python scripts/validate_html.py --no-install    # exit 2 when the checker is not installed

Errors in Material for MkDocs' own markup (listed in MATERIAL_MARKUP) are counted apart: we do not
control them. Exit 1 when our templates or content cause an error.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_tools import TOOLS, build_site, npm_tool, tool_path  # noqa: E402

VNU = "26.9.27"
JAR = Path("vnu-jar/build/dist/vnu.jar")

# Errors in Material's navigation and toggles: (message, the markup the checker quotes).
MATERIAL_MARKUP = [
    (r"Bad value “” for attribute “tabindex” on element “label”", r'class="md-nav__link'),
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-(toggle|nav__toggle)'),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control", r'for="__toc"'),
]


def is_material(message: dict) -> bool:
    return any(re.search(text, message.get("message", "")) and re.search(markup, message.get("extract", ""))
               for text, markup in MATERIAL_MARKUP)


def validate(site: Path, jar: Path) -> tuple[list[str], int]:
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run([shutil.which("java") or "java", "-jar", str(jar), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    ours = []
    for m in errors:
        if not is_material(m):
            page = Path(m.get("url", "").removeprefix("file:")).relative_to(site) if m.get("url") else "?"
            ours.append(f"{page}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}")
    return ours, len(errors) - len(ours)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--no-install", action="store_true", help="do not install the checker; exit 2 if it is missing")
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
    with tempfile.TemporaryDirectory() as tmp:
        site = (args.site or build_site(Path(tmp) / "site")).resolve()
        ours, material = validate(site, jar)
    print(f"{len(ours)} error(s) from our templates and content; {material} from Material for MkDocs' own markup.")
    for line in ours:
        print(line)
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
