"""MkDocs hook (the second file under `hooks:`): publish the site only when the whole build succeeded.

`mkdocs build` writes into a staging folder next to `site_dir`; after the build (and after
macros/hooks.py has written the exports into it) the staging folder replaces `site_dir`. A strict
build with warnings, a build error or Ctrl+C leaves `site_dir` as it was. Nothing here knows about
the guide: it can go when the site moves to an engine without hooks (a CI step can publish instead).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
try:
    import msvcrt
except ImportError:
    msvcrt = None

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
    try:
        with _swap_lock(target):
            _swap(staging, target)
    except OSError as exc:
        _drop_staging()
        config.site_dir = str(target)
        raise PluginError(
            f"The site was not published: the new site could not replace the site folder ({exc.strerror or exc}). "
            "The site folder is as it was before this build.\n    How to fix: run the build again; if another "
            "program holds the site folder open, close it first."
        ) from None
    config.site_dir = str(target)
    _state.update(staging=None, target=None, warnings=None)


def _swap(staging: Path, target: Path) -> None:
    """Put the staging folder in the site folder's place: the old site is moved aside under a name of
    its own (two builds never share one), then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(old / "site")
    try:
        staging.rename(target)
    except OSError:
        if old is not None:
            (old / "site").rename(target)  # put the previous site back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _swap_lock(target: Path, timeout: float = 120.0):
    """One swap at a time for a site folder, across processes: two builds into the same folder (an
    editor's save during a build, two terminals, a CI retry) publish one after the other, and the
    later one wins. A lock file next to the site folder, held with an OS lock, so a killed build
    never leaves it locked."""
    path = target.with_name(f".{target.name}.lock")
    handle = open(path, "a+b")
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OSError(f"another build held {path.name} for {timeout:.0f} seconds") from None
                    time.sleep(0.05)
        elif msvcrt is not None:  # Windows
            handle.seek(0)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing releases the lock


def on_build_error(error):
    _drop_staging()


def on_shutdown():
    # A build stopped by Ctrl+C (no build error event) must not leave a half-made staging folder.
    _drop_staging()
