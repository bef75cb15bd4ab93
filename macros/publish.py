"""MkDocs hook (the second file under `hooks:`): publish the site only when the whole build succeeded.

`mkdocs build` writes into a staging folder next to `site_dir`; after the build (and after
macros/hooks.py has written the exports into it) the staging folder replaces `site_dir`. A strict
build with warnings, a build error or Ctrl+C leaves `site_dir` as it was. Nothing here knows about
the guide: it can go when the site moves to an engine without hooks (a CI step can publish instead).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.plugins.guide")

_state: dict = {"command": None, "staging": None, "target": None, "warnings": None}


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _warning_count() -> int:
    """Warnings logged in this build so far. MkDocs' own strict-mode counter starts before any plugin's
    on_config (ours starts at this hook's on_config), so it decides when present; ours is the fallback."""
    counts = [counter.count] if (counter := _state.get("warnings")) is not None else []
    counts += [
        sum(n for _, n in h.get_counts()) for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)
    ]
    return max(counts, default=0)


def _drop_staging() -> None:
    staging, counter = _state.get("staging"), _state.get("warnings")
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    _state.update(staging=None, target=None, warnings=None)


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    if _state["command"] == "build":
        target = Path(config.site_dir).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        _state.update(staging=staging, target=target)
        config.site_dir = str(staging)
        counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(counter)
        _state["warnings"] = counter
    return config


def on_post_build(config):
    staging, target = _state.get("staging"), _state.get("target")
    if staging is None:
        return
    if config.strict and _warning_count():
        _drop_staging()
        config.site_dir = str(target)
        log.error("The site was not published: the strict build has warnings; %s is unchanged.", target)
        return
    logging.getLogger("mkdocs").removeHandler(_state["warnings"])
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(target)
    _state.update(staging=None, target=None, warnings=None)


def on_build_error(error):
    _drop_staging()


def on_shutdown():
    # A build stopped by Ctrl+C (no build error event) must not leave a half-made staging folder.
    _drop_staging()
