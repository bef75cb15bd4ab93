#!/usr/bin/env python3
"""Lighthouse scores for the built site, served locally, in Debian's Chromium (mobile profile).

    python scripts/lighthouse.py                      # build the site, score the home page, a role page and a checklist
    python scripts/lighthouse.py --site site roles/   # score pages of an already built site
    python scripts/lighthouse.py --check              # exit 1 below performance 98, accessibility 100 or 95 elsewhere

Lighthouse comes from npm (exact version below) into a tools folder outside the repository
(GUIDE_TOOLS, default ~/.cache/lived-experience-guide-tools). Chromium: CHROME_PATH, default
/usr/bin/chromium. Not part of pytest: scores move with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_tools import build_site, npm_tool, serve  # noqa: E402

LIGHTHOUSE = "12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 95, "seo": 95}
DEFAULT_PAGES = ["", "roles/peer-support-worker/", "checklists/peer-support-worker/"]


def run_lighthouse(binary: Path, url: str) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    result = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", "--output-path=stdout", f"--chrome-flags={flags}",
         "--form-factor=mobile", "--only-categories=" + ",".join(CATEGORIES)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def below_full_marks(report: dict, category: str) -> list[str]:
    """The audits that cost points in a category, for a reader who wants to fix them."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            out.append(f"{audit['id']} ({audit['score']:.2f}): {audit.get('displayValue') or audit['title']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="paths within the site (default: home, a role page and a checklist)")
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a score is below its target")
    args = parser.parse_args(argv)

    binary = npm_tool("lighthouse", LIGHTHOUSE, ".bin/lighthouse")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(Path(tmp) / "site")
        base, server = serve(site)
        try:
            failed = False
            print(f"{'page':34} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            details = []
            for page in args.pages:
                report = run_lighthouse(binary, base + page)
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                print(f"{'/' + page:34} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
                for c in CATEGORIES:
                    if scores[c] < TARGETS[c]:
                        failed = True
                    if scores[c] < 100:
                        details += [f"  /{page} {c}: {line}" for line in below_full_marks(report, c)]
            if details:
                print("\nAudits below full marks:")
                print("\n".join(details))
        finally:
            server.shutdown()
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
