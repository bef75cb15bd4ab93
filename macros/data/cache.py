"""A content-addressed cache on disk for what a build makes from its inputs (the downloads).

An entry's key is a SHA-256 of every byte the result depends on: each file under the given folders
(the data, a fork's overlay, the engine's code and templates), the build's settings and the versions
of the libraries that write the files. Changing any of them gives a new key, so an entry is never
stale; the cache holds only copies and is safe to delete at any time (~/.cache/lived-experience-guide/
build/ by default, see `cache_dir`). GUIDE_CACHE=off turns it off (a cold build); GUIDE_CACHE_DIR
puts it elsewhere.

Entries are files the build itself wrote (a zip of the downloads; a pickle of the checked model and
rendered page pieces), read back only by this code: the cache folder is as trusted as the code
beside it, so do not point GUIDE_CACHE_DIR at a folder others can write to.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

FORMAT = "guide-cache-1"  # raise when the layout of an entry changes
SKIP_DIRS = {"__pycache__", ".git", ".cache"}


def versions(distributions: Iterable[str]) -> list[str]:
    out = []
    for name in distributions:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}==none")
    return out


def fingerprint(folders: Iterable[Path | None], settings: Iterable[str]) -> str:
    """The key: SHA-256 over the settings and every file (path and bytes) under the folders."""
    digest = hashlib.sha256(FORMAT.encode())
    for value in settings:
        digest.update(b"\0setting\0" + str(value).encode("utf-8", "surrogateescape"))
    for folder in folders:
        if folder is None:
            continue
        digest.update(b"\0folder\0" + str(folder).encode("utf-8", "surrogateescape"))
        if not folder.is_dir():
            continue
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(names):
                if name.endswith(".pyc"):
                    continue
                path = Path(root) / name
                rel = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
                digest.update(b"\0file\0" + rel + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir(project_dir: Path) -> Path | None:
    """Where entries live, or None when the cache is off: GUIDE_CACHE_DIR, else the user's cache folder
    (XDG_CACHE_HOME or ~/.cache, then lived-experience-guide/build), outside the repository, so that a
    build changes no file of the project (a fork's `git status` stays clean). Every project on the
    machine shares it: the key includes the project's folder (GuideConfig) as well as its contents."""
    if os.environ.get("GUIDE_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    configured = os.environ.get("GUIDE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lived-experience-guide" / "build"


def restore(folder: Path | None, key: str, dest: Path) -> list[Path] | None:
    """Write the files of the entry for key (a zip made by `store`) into dest and return their paths;
    None when there is no entry or it cannot be read (then nothing is written and the caller makes
    the files afresh)."""
    data = load(folder, f"{key}.zip")
    if data is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if any(".." in Path(name).parts or Path(name).is_absolute() for name, _ in members):
        return None
    written = []
    for name, content in members:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


def store(folder: Path | None, key: str, base: Path, files: Iterable[Path], keep: int = 8) -> None:
    """Keep the files (all under base) as the entry for key: one compressed zip (text tools that scan
    the project, such as an originality check, see no copies of the guide's text), written aside
    and renamed into place, so a reader never sees half an entry."""
    if folder is None or (folder / f"{key}.zip").is_file():
        return
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in files:
            archive.writestr(path.relative_to(base).as_posix(), path.read_bytes())
    save(folder, f"{key}.zip", out.getvalue(), keep)


def load(folder: Path | None, name: str) -> bytes | None:
    """The bytes stored under name, or None."""
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def save(folder: Path | None, name: str, data: bytes, keep: int = 8) -> None:
    """Store bytes under name (written aside, then renamed: never half a file), keeping the `keep`
    newest files of the same kind (suffix)."""
    if folder is None:
        return
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        tmp = Path(tmp_name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / name)
        tmp = None
        suffix = Path(name).suffix
        same = [p for p in folder.glob(f"*{suffix}") if not p.name.startswith(".")]
        for old in sorted(same, key=lambda p: p.stat().st_mtime)[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
