"""Is this path inside the project (or a fork's folder)? The one resolver for every path the build reads.

A pull request can add a link (symlink) or a `..` path: a data folder that is a link to a folder
elsewhere on the machine, an overlay named `../other`, a page in `docs/` that links to a file in the
home folder. The build must never read such a file, publish it or quote it in a public log. So every
folder and file the build reads is checked with `inside()` (every link followed, `..` resolved) and
refused with `outside_error()`, which names the path only as the contributor wrote it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DataError
from ..kinds import collection_files, entity_kinds


def inside(path: Path | str, root: Path | str) -> bool:
    """True when `path`, with every link followed and every `..` resolved, is `root` or lies inside it
    (`root` resolved the same way). A path that cannot be resolved (a link loop) is not inside."""
    try:
        real = Path(os.path.realpath(path))
        base = Path(os.path.realpath(root))
    except (OSError, RuntimeError, ValueError):
        return False
    return real == base or base in real.parents


def as_written(path: Path | str, root: Path | str) -> str:
    """A path as the contributor wrote it: relative to `root` without following links, with forward
    slashes; never an absolute path (a path that is not under `root` even as written shows its name only)."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root))
    try:
        return absolute.relative_to(base).as_posix() or "."
    except ValueError:
        pass
    try:  # the root itself may be reached through a link (e.g. /tmp on some systems)
        return absolute.relative_to(Path(os.path.realpath(base))).as_posix() or "."
    except ValueError:
        return absolute.name or "."


def outside_error(shown: str, where: str = "the project", field: str = "") -> DataError:
    """The error for a path that leads outside `where`; `shown` is the path as written (as_written)."""
    return DataError(
        shown,
        None,
        None,
        field,
        f"refused: this path leads outside {where} (through a link or '..'), so the build does not read it",
        f"keep the files inside {where}: replace a link with a copy of what it points to, and write paths without '..'",
    )


def confine(path: Path, root: Path, shown: str, where: str = "the project", field: str = "") -> DataError | None:
    """None when `path` is inside `root`; otherwise the error to report (nothing of the path is read)."""
    return None if inside(path, root) else outside_error(shown, where, field)


def outside_sources(cfg) -> list[DataError]:
    """Every folder and file the build reads from (data, each kind's folder, the strings, the
    collections, the docs, a fork's overlay and everything in it) that leads outside the project,
    or outside the fork's folder for what is in the overlay. Checked before any of them is listed or
    read, so that nothing of a folder elsewhere (not even its file names) reaches the build or its log."""
    project = cfg.project_dir
    errors: list[DataError] = []

    def check(path: Path, root: Path, where: str, field: str = "", shown: str | None = None) -> bool:
        if not os.path.lexists(path):
            return True
        error = confine(path, root, shown or as_written(path, project), where, field)
        if error is not None:
            errors.append(error)
        return error is None

    if check(cfg.data_dir, project, "the project"):
        for folder in [kind.folder for kind in entity_kinds()] + ["strings", "schema"]:
            directory = cfg.data_dir / folder
            if check(directory, project, "the project") and directory.is_dir():
                for path in sorted(directory.iterdir()):
                    check(path, project, "the project")
        for name in collection_files().values():
            check(cfg.data_dir / name, project, "the project")
    # docs_dir is set in the config (reviewed as code); what is inside it must stay inside it or the project
    for top, folders, files in os.walk(cfg.docs_dir):
        for name in folders + files:  # os.walk does not follow links into folders: each is checked here
            path = Path(top) / name
            if os.path.islink(path) and not inside(path, cfg.docs_dir):
                check(path, project, "the project")
    overlay = cfg.overlay_dir
    if overlay is not None:
        # the overlay folder itself: inside the project or the fork's folder (the folder of its config)
        roots = [project] + ([cfg.config_dir] if cfg.config_dir is not None else [])
        allowed = cfg.config_dir is None or any(inside(overlay, root) for root in roots)
        if not allowed:
            errors.append(
                outside_error(as_written(overlay, cfg.config_dir), "the project or the fork's folder", "extra.overlay")
            )
        elif overlay.is_dir():
            for top, folders, files in os.walk(overlay):
                for name in folders + files:
                    check(Path(top) / name, overlay, "the fork's overlay folder")
    return errors
