"""What changed upstream since a fork last reviewed it: a baseline commit, its model, and the comparison.

The baseline is, in order: `--base REV`; the commit `overlay/reviewed.yml` records (written by
`drift --update`); else the upstream commit the fork's last merge started from
(`git merge-base M^1 M^2` for the newest merge commit M on the fork's first-parent history). So a
fork that never ran `--update` still sees everything its last merge brought in.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..data.loader import load_file
from ..kinds import KINDS
from ..model import Model
from ..model.build import build_model
from ..model.fingerprints import entity_hash, upstream_items
from ..settings import GuideConfig

REVIEWED = "reviewed.yml"


def git(project: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def baseline_commit(cfg: GuideConfig, given: str | None) -> tuple[str | None, str]:
    """(commit, how it was found) or (None, why there is none)."""
    project = cfg.project_dir
    if given:
        commit = git(project, "rev-parse", "--verify", given + "^{commit}")
        return (commit, f"--base {given}") if commit else (None, f"'{given}' is not a commit in this repository")
    reviewed = cfg.overlay_dir / REVIEWED if cfg.overlay_dir else None
    if reviewed is not None and reviewed.is_file():
        loaded, errors = load_file(reviewed, cfg.display(reviewed))
        recorded = str((loaded.data or {}).get("upstream_commit") or "") if loaded and not errors else ""
        commit = git(project, "rev-parse", "--verify", recorded + "^{commit}") if recorded else None
        if commit:
            return commit, f"last review ({cfg.display(reviewed)})"
    merge = git(project, "rev-list", "--first-parent", "--merges", "-n", "1", "HEAD")
    if merge:
        base = git(project, "merge-base", merge + "^1", merge + "^2")
        if base:
            return base, f"where the last merge ({merge[:12]}) started from upstream (git merge-base)"
    return None, "no review recorded and no merge from upstream in the history"


def model_at(cfg: GuideConfig, commit: str) -> tuple[Model, set[str], dict[str, str]] | None:
    """Upstream as it was at a commit: its model (no overlay), its pages and its English strings."""
    rel_docs = cfg.docs_dir.resolve().relative_to(cfg.project_dir.resolve()).as_posix()
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "data", rel_docs],
            cwd=cfg.project_dir,
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    with tempfile.TemporaryDirectory(prefix="guide-base-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        root = Path(tmp)
        base_cfg = GuideConfig(project_dir=root, docs_dir=root / rel_docs)
        model = build_model(base_cfg)
        pages = {
            p.relative_to(base_cfg.docs_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in base_cfg.docs_dir.rglob("*.md")
        }
    return model, set(pages), pages


def items_of(model: Model) -> dict[tuple[str, str], dict]:
    """Every upstream item a fork can change, by (kind, id): upstream_items plus glossary and references."""
    items = upstream_items(model)
    for term in model.glossary:
        items[("glossary", term["id"])] = term
    for key, ref in model.references.items():
        items[("references", key)] = ref
    for level in model.assessment.get("scale", []):
        items[("assessment", level["id"])] = level
    return items


def word_diff(old, new) -> str:
    """A word diff: [-removed-]{+added+}."""
    a, b = _words(old), _words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            chunk = a[i1:i2]
            out.append(" ".join(chunk) if len(chunk) <= 8 else " ".join(chunk[:3] + ["…"] + chunk[-3:]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _words(value) -> list[str]:
    if value is None:
        return []
    text = value if isinstance(value, str) else repr(value)
    return re.sub(r"[\x00-\x1f\x7f]", " ", text).split()


def changed_fields(old: dict, new: dict) -> dict[str, tuple]:
    """Upstream field → (old, new) for each field that differs (a mapping: key by key, as field.key)."""
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            out.update({f"{key}.{k}": v for k, v in changed_fields(a, b).items()})
        else:
            out[key] = (a, b)
    return out


@dataclass
class Changes:
    base: str
    how: str
    new_items: list[tuple[str, str]] = field(default_factory=list)
    removed_items: list[tuple[str, str]] = field(default_factory=list)
    changed_items: dict[tuple[str, str], dict[str, tuple]] = field(default_factory=dict)
    new_pages: list[str] = field(default_factory=list)
    changed_pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    removed_pages: list[str] = field(default_factory=list)
    new_strings: list[str] = field(default_factory=list)
    changed_strings: dict[str, tuple[str, str]] = field(default_factory=dict)


def compare(cfg: GuideConfig, now: Model, commit: str, how: str) -> Changes | None:
    snapshot = model_at(cfg, commit)
    if snapshot is None:
        return None
    base_model, _pages, base_pages = snapshot
    changes = Changes(commit, how)
    old, new = items_of(base_model), items_of(now)
    changes.new_items = sorted(k for k in new if k not in old)
    changes.removed_items = sorted(k for k in old if k not in new)
    for key in sorted(set(old) & set(new)):
        if entity_hash(old[key]) != entity_hash(new[key]):
            changes.changed_items[key] = changed_fields(old[key], new[key])
    docs = cfg.docs_dir
    now_pages = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    changes.new_pages = sorted(p for p in now_pages if p not in base_pages)
    changes.removed_pages = sorted(p for p in base_pages if p not in now_pages)
    changes.changed_pages = {
        p: (base_pages[p], now_pages[p]) for p in sorted(now_pages) if p in base_pages and base_pages[p] != now_pages[p]
    }
    en_now, en_old = now.strings, base_model.strings  # both built in English, without the overlay
    changes.new_strings = sorted(k for k in en_now if k not in en_old)
    changes.changed_strings = {
        k: (en_old[k], en_now[k]) for k in sorted(en_now) if k in en_old and en_old[k] != en_now[k]
    }
    return changes


def noun(kind: str) -> str:
    return KINDS[kind].noun if kind in KINDS else kind


# ----------------------------------------------------------------------------- the report's sections


def overlay_string_keys(cfg: GuideConfig) -> dict[str, str]:
    """Interface string key → the overlay file that changes it."""
    keys: dict[str, str] = {}
    root = cfg.overlay_dir
    for path in sorted(root.glob("strings*.yml")) if root else []:
        loaded, errors = load_file(path, cfg.display(path))
        if loaded is not None and not errors and isinstance(loaded.data, dict):
            for key in loaded.data:
                keys.setdefault(str(key), cfg.display(path))
    return keys


def overlay_pages(cfg: GuideConfig) -> dict[str, str]:
    """Upstream page path → the overlay file that replaces it (docs/x.md or docs/x.<lang>.md)."""
    out: dict[str, str] = {}
    root = cfg.overlay_dir / "docs" if cfg.overlay_dir else None
    for path in sorted(root.rglob("*.md")) if root and root.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        base = re.sub(r"\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*\.md$", ".md", rel)
        out.setdefault(base, cfg.display(path))
    return out


def sections(cfg: GuideConfig, changes: Changes, overridden: set[tuple[str, str]], command: str) -> list[str]:
    """The report's lines about what upstream changed since the baseline; empty when nothing did."""
    lines: list[str] = []
    short = changes.base[:12]
    strings = overlay_string_keys(cfg)
    pages = overlay_pages(cfg)
    changed_strings = [(k, v) for k, v in changes.changed_strings.items() if k in strings]
    if changed_strings:
        lines.append(f"Interface strings you change whose English text changed upstream ({len(changed_strings)}):")
        for k, (a, b) in changed_strings:
            lines.append(f"  {strings[k]}: '{k}': {word_diff(a, b)}")
    changed_pages = [p for p in changes.changed_pages if p in pages]
    if changed_pages:
        lines.append(f"Pages you replace that changed upstream ({len(changed_pages)}):")
        for p in changed_pages:
            lines.append(f"  {pages[p]}: upstream docs/{p} changed; see: git diff {short} -- docs/{p}")
    gone_pages = [p for p in changes.removed_pages if p in pages]
    if gone_pages:
        lines.append(f"Pages you replace that upstream removed ({len(gone_pages)}):")
        for p in gone_pages:
            lines.append(
                f"  {pages[p]}: upstream has no docs/{p} any more; delete this file (or keep it as a page of "
                f"your own, then it adds a page)"
            )
    new_items = changes.new_items
    if new_items or changes.new_pages or changes.new_strings:
        count = len(new_items) + len(changes.new_pages) + len(changes.new_strings)
        lines.append(
            f"New upstream since {short} ({changes.how}): {count} to look at, they are published in your "
            f"version as they are:"
        )
        for kind, ident in new_items:
            lines.append(f"  new {noun(kind)} '{ident}'")
        for p in changes.new_pages:
            lines.append(f"  new page docs/{p}")
        for k in changes.new_strings:
            lines.append(f"  new interface string '{k}'")
        lines.append("    To leave one out, hide it (docs/localise.md); to reword it, override it.")
    return lines


def untranslated(cfg: GuideConfig, upstream: Model, languages: list[str]) -> list[str]:
    """Per language: interface strings, pages and texts not translated yet (counts and a list)."""
    lines = []
    root = cfg.overlay_dir
    replaced = overlay_pages(cfg)
    for lang in languages:
        keys = set(upstream.strings)
        done = set()
        shipped = cfg.data_dir / "strings" / f"{lang}.yml"
        for path in [shipped, root / "strings.yml" if lang == cfg.language else None, root / f"strings.{lang}.yml"]:
            if path is not None and path.is_file():
                loaded, errors = load_file(path, cfg.display(path))
                if loaded is not None and not errors and isinstance(loaded.data, dict):
                    done |= set(loaded.data)
        missing_strings = sorted(keys - done)
        docs = sorted(p.relative_to(cfg.docs_dir).as_posix() for p in cfg.docs_dir.rglob("*.md"))
        own = {p for p in docs if re.search(r"\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*\.md$", p)}
        missing_pages = [
            p for p in docs if p not in own and p not in replaced and p.removesuffix(".md") + f".{lang}.md" not in own
        ]
        lines.append(
            f"Not yet translated into '{lang}': {len(missing_strings)} interface strings, {len(missing_pages)} pages."
        )
        if missing_strings:
            lines.append("  strings: " + ", ".join(missing_strings[:40]) + (" …" if len(missing_strings) > 40 else ""))
        if missing_pages:
            lines.append("  pages: " + ", ".join(missing_pages[:40]) + (" …" if len(missing_pages) > 40 else ""))
    return lines
