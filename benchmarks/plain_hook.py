"""Benchmark helper (not part of the site): the only hook of the plain-Markdown build.

It gives the theme's templates the same interface words the guide's hook gives them (captured
as JSON by capture_hook.py), so that the plain build renders the same theme overrides, and the
helpers those overrides call, in the form a site without the guide's data would have: labels as
they are written, no language marks. It reads one small file once; it does no per-page work. With GUIDE_BENCH_THEME_CACHE=1 it also
keeps the theme's templates compiled between builds, as the guide's hook does (hooks.on_env), so
that the benchmark can show the cost of the data alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jinja2


def on_env(env, config, files):
    path = Path(os.environ.get("GUIDE_BENCH_PLAIN_GLOBALS", "plain-globals.json"))
    if path.is_file():
        env.globals.update(json.loads(path.read_text(encoding="utf-8")))
    env.filters["plain"] = str
    env.globals["guide_label_parts"] = lambda item: [(str(getattr(item, "title", item) or ""), "")]
    env.globals["guide_toc_lang"] = lambda page, item: ""
    if os.environ.get("GUIDE_BENCH_THEME_CACHE") == "1" and env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env
