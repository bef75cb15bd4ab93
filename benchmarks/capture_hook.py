"""Benchmark helper (not part of the site): during one build of the real site, write every page's
final Markdown, after the macros plugin and the guide's hook, into a plain docs folder.

The benchmark then builds that folder without macros and without the guide's hook, to measure
what being data-driven costs. The folder is named by the environment variable GUIDE_BENCH_PLAIN_DOCS.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from macros.pages import held_html

OUT = Path(os.environ.get("GUIDE_BENCH_PLAIN_DOCS", "plain-docs"))
_not_in_nav: list[str] = []


# After the macros plugin and the guide's hook (priority 0), before Material's tags plugin (-50),
# which turns its listing marker into an injection point of its own.
@event_priority(-49)
def on_page_markdown(markdown, page, config, files):
    dest = OUT / page.file.src_uri
    dest.parent.mkdir(parents=True, exist_ok=True)
    front = ""
    if page.meta:
        front = "---\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) + "---\n\n"
    # as a person would write the page: the generated HTML in the Markdown, where the guide's hook
    # had lifted it out (macros/pages/held_html.py)
    markdown = held_html.put_back(markdown, getattr(page, "guide_held_html", None) or [])
    dest.write_text(front + markdown, encoding="utf-8")
    if page.file.inclusion == InclusionLevel.NOT_IN_NAV:
        _not_in_nav.append(page.file.src_uri)
    return markdown


@event_priority(-100)
def on_env(env, config, files):
    # Values the guide hands to the theme's templates (e.g. the 404 page's words), as plain data.
    found = {key: dict(value) for key, value in env.globals.items() if key.startswith("guide_") and isinstance(value, dict)}
    (OUT.parent / "plain-globals.json").write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return env


def on_post_build(config):
    (OUT.parent / "plain-not-in-nav.json").write_text(json.dumps(sorted(_not_in_nav)), encoding="utf-8")
