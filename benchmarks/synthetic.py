"""A temporary copy of the project, and synthetic roles added to it (copies of the real roles).

Used by the benchmark (benchmarks/run.py) and by its smoke test. Each synthetic role is the text
of a real role file with a new id and title, so that it goes through the same loading, validation,
rendering and search indexing as the real ones.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "data", "docs", "macros", "overrides")

_ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title: (.*)$", re.MULTILINE)


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A copy of the site sources (no git, no built site) that can be changed freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def synthetic_id(number: int) -> str:
    return f"synthetic-role-{number:04d}"


def add_synthetic_roles(project: Path, count: int) -> list[str]:
    """Write `count` roles into project/data/roles/, copies of the real ones in turn; return their ids."""
    roles_dir = project / "data" / "roles"
    templates = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(roles_dir.glob("*.yml"))]
    if not templates:
        raise ValueError(f"no role files to copy in {roles_dir}")
    idents = []
    for number in range(1, count + 1):
        _, text = templates[(number - 1) % len(templates)]
        ident = synthetic_id(number)
        text, ids = _ID_LINE.subn(f"id: {ident}", text, count=1)
        text, titles = _TITLE_LINE.subn(lambda m, number=number: f"title: {m.group(1).strip()} (synthetic copy {number})", text, count=1)
        if ids != 1 or titles != 1:
            raise ValueError("a role file has no top-level 'id:' or 'title:' line to replace")
        (roles_dir / f"{ident}.yml").write_text(text, encoding="utf-8")
        idents.append(ident)
    return idents
