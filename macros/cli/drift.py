"""Drift report for a fork: which overlay files change upstream things that have changed since.

    python -m macros drift -f mkdocs.local.yml            list what to re-check (exit 1 if anything)
    python -m macros drift -f mkdocs.local.yml --update   record upstream as it is now (after re-checking)

Every overlay file (or item in the overlay's questions.yml and strategy.yml) that changes or hides an
upstream entity records `upstream_hash`: the fingerprint (`overlay.entity_hash`) of the upstream
entity it was written against. After a merge from upstream, this command fingerprints the upstream
entities again, without the overlay, and lists each override whose upstream has changed, has no
recorded fingerprint, or has gone, with the fields that the override replaces.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..data.loader import Loaded, load_file
from ..errors import DataErrors
from ..kinds import KINDS, OVERLAY_ONLY, entity_kinds, overlay_collections
from ..model import Model
from ..model.build import build_model
from ..model.fingerprints import entity_hash
from ..settings import GuideConfig
from . import drift_baseline as baseline
from .config import load_guide_config


@dataclass
class Override:
    """One overlay file or item that changes (or hides) an upstream entity."""

    path: Path
    display: str
    loaded: Loaded
    item_path: tuple  # () for a whole file; ("questions", 3) for an item of a list
    kind: str
    ident: str
    recorded: str | None
    current: str | None  # None when upstream has no such entity (any more)
    fields: list[str] = field(default_factory=list)
    hidden: bool = False

    @property
    def status(self) -> str:
        if self.current is None:
            return "gone"
        if self.recorded is None:
            return "unrecorded"
        return "ok" if self.recorded == self.current else "changed"

    @property
    def line(self) -> int | None:
        return self.loaded.position(self.item_path + ("id",))[0]


def find_overrides(cfg: GuideConfig, upstream: dict[tuple[str, str], dict]) -> tuple[list[Override], list[str]]:
    """Every override in the fork's overlay, and problems that stop a file being read."""
    root = cfg.overlay_dir
    overrides: list[Override] = []
    problems: list[str] = []

    def read(path: Path) -> Loaded | None:
        loaded, errors = load_file(path, cfg.display(path))
        problems.extend(str(e) for e in errors)
        if loaded is not None and not isinstance(loaded.data, dict):
            problems.append(f"{cfg.display(path)}: expected fields (name: value) at the top level")
            return None
        return None if errors else loaded

    def add(path, loaded, item_path, kind, data):
        ident = data.get("id")
        if not isinstance(ident, str):
            return
        item = upstream.get((kind, ident))
        recorded = data.get("upstream_hash")
        if item is None and recorded is None and not data.get("hidden"):
            return  # an entity or item of the fork's own, not an override
        fields = []
        for key, value in data.items():
            if key in ("id",) + OVERLAY_ONLY or item is None or key not in item:
                continue
            if isinstance(value, dict) and isinstance(item[key], dict):  # a mapping merges key by key
                fields += [f"{key}.{sub}" for sub in value if sub in item[key]]
            else:
                fields.append(key)
        overrides.append(
            Override(
                path,
                cfg.display(path),
                loaded,
                item_path,
                kind,
                ident,
                str(recorded) if recorded is not None else None,
                entity_hash(item) if item is not None else None,
                fields,
                bool(data.get("hidden")),
            )
        )

    for spec in entity_kinds():
        kind, directory = spec.key, root / spec.folder
        for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
            loaded = read(path)
            if loaded is not None:
                add(path, loaded, (), kind, loaded.data)
    for name, lists in overlay_collections().items():
        path = root / f"{name}.yml"
        if not path.exists():
            continue
        loaded = read(path)
        if loaded is None:
            continue
        for key, kind in lists.items():
            for index, data in enumerate(loaded.data.get(key) or []):
                if isinstance(data, dict):
                    add(path, loaded, (key, index), kind.key, data)
    return overrides, problems


def report(overrides: list[Override], command: str, changes: baseline.Changes | None = None) -> list[str]:
    lines = []
    for o in overrides:
        if o.status == "ok":
            continue
        where = f"{o.display}, line {o.line}" if o.line else o.display
        what = f"{KINDS[o.kind].noun} '{o.ident}'"
        if o.status == "changed":
            lines.append(
                f"{where}: upstream changed the {what} since this was written (recorded {o.recorded}, now {o.current})."
            )
        elif o.status == "unrecorded":
            lines.append(
                f"{where}: no upstream_hash is recorded for the {what}, so nobody knows which upstream version "
                f"it was written against."
            )
        else:
            lines.append(
                f"{where}: upstream has no {what} any more"
                + (f" (recorded {o.recorded})" if o.recorded else "")
                + "; it may have been renamed or removed."
            )
        if o.hidden and o.status == "gone":
            lines.append("    It hides something upstream has removed: delete this file.")
        elif o.hidden:
            lines.append(
                "    It hides the upstream one: read the upstream version again and decide whether to keep it hidden."
            )
        elif o.status == "gone":
            lines.append("    Find where it went, then rename or delete this file (the build refuses it as it is).")
        elif o.fields:
            lines.append(f"    Re-check the fields this overrides against upstream: {', '.join(o.fields)}.")
        else:
            lines.append("    It overrides no field that upstream has; check that it is still needed.")
        upstream_fields = (changes.changed_items.get((o.kind, o.ident)) if changes else None) or {}
        if upstream_fields and o.status != "gone":
            lines.append(f"    Upstream changed since {changes.base[:12]}: {', '.join(upstream_fields)}:")
            for name, (old, new) in upstream_fields.items():
                lines.append(f"      {name}: {baseline.word_diff(old, new)}")
        if o.status == "unrecorded":
            lines.append(f"    To fix: check it against upstream, then run {command} --update to record the hash.")
    if lines:
        lines.append(f"After re-checking, record upstream as it is now: {command} --update")
    return lines


# ----------------------------------------------------------------------------- --update

_HASH_LINE = re.compile(r"^(\s*(?:-\s+)?upstream_hash:\s*)(\S+)(.*)$")


def update_file(path: Path, loaded: Loaded, items: list[Override]) -> list[str]:
    """Write each override's current upstream hash into its file, keeping everything else as written."""
    text = path.read_text(encoding="utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    problems = []
    edits: list[tuple[int, str, str]] = []  # (0-based line, "set" | "insert", text)
    for o in items:
        hash_at = loaded.key_positions.get(o.item_path + ("upstream_hash",))
        if hash_at is not None:
            edits.append((hash_at[0] - 1, "set", o.current))
            continue
        id_at = loaded.key_positions.get(o.item_path + ("id",))
        if id_at is None or not re.match(r"^\s*(-\s+)?id:", lines[id_at[0] - 1]):  # e.g. {id: x, …} on one line
            problems.append(
                f"{o.display}: could not place upstream_hash for '{o.ident}'; add 'upstream_hash: {o.current}' "
                f"under its id by hand"
            )
            continue
        line, column = id_at
        edits.append((line - 1, "insert", " " * (column - 1) + f"upstream_hash: {o.current}"))
    for index, action, value in sorted(edits, key=lambda e: e[0], reverse=True):
        if action == "set":
            match = _HASH_LINE.match(lines[index])
            if match is None:
                problems.append(
                    f"{items[0].display}, line {index + 1}: could not read the upstream_hash line; set it to "
                    f"{value} by hand"
                )
                continue
            lines[index] = match.group(1) + value + match.group(3)
        else:
            lines.insert(index + 1, value)
    path.write_text(newline.join(lines), encoding="utf-8", newline="")
    return problems


# ----------------------------------------------------------------------------- command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros drift", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.local.yml", help="the fork's MkDocs config (default: mkdocs.local.yml)"
    )
    parser.add_argument(
        "--update", action="store_true", help="record the current upstream fingerprints in the overlay files"
    )
    parser.add_argument(
        "--base",
        help="the upstream commit you last reviewed (default: the one --update recorded in overlay/reviewed.yml, "
        "else where your last merge from upstream started, by git merge-base)",
    )
    return parser


def _fork_config(config_file: Path) -> GuideConfig | str:
    """The fork's guide settings, or why there is nothing to compare (a message for the terminal)."""
    if not config_file.is_file():
        return f"{config_file}: no such config file; name your fork's config with -f"
    try:
        cfg = load_guide_config(config_file)
    except Exception as exc:  # noqa: BLE001 - MkDocs reports a bad config as one of several exception types
        return f"{config_file}: MkDocs cannot read this config: {exc}"
    if cfg.overlay_dir is None:
        return f"{config_file}: sets no extra.overlay, so there is nothing to compare with upstream"
    if not cfg.overlay_dir.is_dir():
        return f"{cfg.display(cfg.overlay_dir)}: the overlay folder named by extra.overlay does not exist"
    return cfg


def _update(cfg: GuideConfig, overrides: list[Override], problems: list[str], command: str) -> int:
    """`--update`: record the current upstream fingerprints of the changed overrides, list the ones
    whose upstream entity is gone, and record the upstream commit reviewed."""
    drifted = [o for o in overrides if o.status != "ok"]
    by_file: dict[Path, list[Override]] = {}
    for o in drifted:
        if o.status in ("changed", "unrecorded"):
            by_file.setdefault(o.path, []).append(o)
    for path, items in by_file.items():
        for problem in update_file(path, items[0].loaded, items):
            print(problem, file=sys.stderr)
            problems.append(problem)
        for o in items:
            print(f"{o.display}: recorded upstream {KINDS[o.kind].noun} '{o.ident}' as {o.current}")
    gone = [o for o in drifted if o.status == "gone"]
    for line in report(gone, command)[:-1]:
        print(line)
    head = baseline.git(cfg.project_dir, "rev-parse", "HEAD")
    if head:
        reviewed = cfg.overlay_dir / baseline.REVIEWED
        reviewed.write_text(
            "# Written by python -m macros drift --update: the upstream commit this fork last reviewed.\n"
            f"upstream_commit: {head}\n",
            encoding="utf-8",
        )
        print(f"{cfg.display(reviewed)}: recorded the review at {head[:12]}")
    if not by_file and not gone:
        print(f"Nothing to update: all {len(overrides)} overrides match upstream.")
    return 1 if gone or problems else 0


def _report(
    cfg: GuideConfig,
    upstream_model: Model,
    overrides: list[Override],
    problems: list[str],
    command: str,
    baseline_found: tuple[str | None, str],
    changes,
) -> int:
    """The drift report: the baseline, the overrides to re-check, what upstream added or changed since
    the baseline, and the strings not yet translated."""
    commit, how = baseline_found
    drifted = [o for o in overrides if o.status != "ok"]
    lines = report(overrides, command, changes)
    more = baseline.sections(cfg, changes, set(), command) if changes is not None else []
    languages = sorted({cfg.language} - {"en"} | {p.name[8:-4] for p in cfg.overlay_dir.glob("strings.*.yml")})
    if commit is None:
        print(
            f"Baseline: none ({how}); new upstream items cannot be listed. Run {command} --update after "
            f"reviewing, or name the commit you last reviewed with --base."
        )
    else:
        print(f"Baseline: upstream at {commit[:12]} ({how}).")
    if lines:
        count = len(drifted)
        print(f"{count} override{'s' if count != 1 else ''} to re-check against upstream:")
        print("\n".join(lines))
    if more:
        print("\n".join(more))
        print(f"After reviewing, record it: {command} --update")
    for line in baseline.untranslated(cfg, upstream_model, languages):
        print(line)
    if lines or more:
        return 1
    print(f"Nothing has drifted: all {len(overrides)} overrides match upstream.")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cfg = _fork_config(Path(args.config_file))
    if isinstance(cfg, str):
        print(cfg, file=sys.stderr)
        return 2
    try:  # upstream alone: the fingerprints are of upstream entities before any overlay is merged
        upstream_model = build_model(replace(cfg, overlay_dir=None, language="en"))
    except DataErrors as exc:
        print("Upstream data has problems, so it cannot be compared; fix them first.\n" + exc.report(), file=sys.stderr)
        return 2
    overrides, problems = find_overrides(cfg, baseline.items_of(upstream_model))
    for problem in problems:
        print(problem, file=sys.stderr)
    command = f"python -m macros drift -f {args.config_file}"
    commit, how = baseline.baseline_commit(cfg, args.base)
    changes = None
    if commit is not None:
        try:
            changes = baseline.compare(cfg, upstream_model, commit, how)
        except DataErrors:
            print(f"The upstream data at {commit[:12]} cannot be read, so new items are not listed.", file=sys.stderr)
    elif args.base:
        print(how, file=sys.stderr)
        return 2
    if args.update:
        return _update(cfg, overrides, problems, command)
    return _report(cfg, upstream_model, overrides, problems, command, (commit, how), changes)


if __name__ == "__main__":
    sys.exit(main())
