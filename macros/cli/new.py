"""`python -m macros new <kind> "<title>"`: write a complete, valid, commented starter file.

    python -m macros new role "Peer navigator"        -> data/roles/peer-navigator.yml
    python -m macros new challenge "Short contracts"  -> data/challenges/short-contracts.yml
    python -m macros new case-study "…" --id my-id    -> data/case-studies/my-id.yml
    python -m macros new --templates                  -> docs/contribute/templates/*.yml

One source for both: the Jinja templates in `macros/templates/scaffold/` render the starter file
(with the ids that exist today listed in its comments) and the downloadable templates for people
who work in the GitHub web editor (which point to the data folders instead, so they never go
stale). A test keeps the committed templates equal to what `--templates` writes.

The scaffold never overwrites: an id that already exists, or a title that gives no id, is refused
with exit status 1. The starter is checked (schema, text rules, schema line) before it is written.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import textwrap
import unicodedata
from pathlib import Path

import jinja2
import yaml

from ..data import schema as schemas
from ..data.checked import load_checked
from ..data.loader import load_file
from ..errors import DataError
from ..kinds import Kind, entity_kinds, enum
from ..settings import GuideConfig
from .config import load_guide_config

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "scaffold"
DOCS_TEMPLATES = Path("docs") / "contribute" / "templates"  # relative to the project folder
MAX_ID = 80
GENERIC_DATE = "2000-01-01"  # the web templates' obviously-old date, to be replaced


# the kinds a contributor can add, by the name typed on the command line (the schema's name)
KINDS: dict[str, Kind] = {kind.schema: kind for kind in entity_kinds() if kind.scaffold}


class ScaffoldError(Exception):
    """A refusal the contributor can act on: message and how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return self.message + (f"\n    How to fix: {self.hint}" if self.hint else "")


# ----------------------------------------------------------------------------- ids


def slug_for(title: str) -> str:
    """The id a title gives: accents dropped, lowercase words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return schemas.slugify(plain)


def _shorter(slug: str) -> str:
    cut = slug[:MAX_ID]
    return cut.rsplit("-", 1)[0] if "-" in cut and len(slug) > MAX_ID else cut


def choose_id(title: str, given: str | None) -> str:
    if given is not None:
        if not schemas.is_slug(given) or len(given) > MAX_ID:
            raise ScaffoldError(
                f"'{given}' cannot be an id",
                f"use lowercase letters, digits and single hyphens, at most {MAX_ID} characters, e.g. "
                f"'{slug_for(given) or 'peer-navigator'}'",
            )
        return given
    ident = slug_for(title)
    if not ident:
        raise ScaffoldError(
            f"the title '{title}' gives an empty id: it has no letters or digits from a to z or 0 to 9",
            "choose the id yourself with --id, e.g. --id peer-navigator",
        )
    if len(ident) > MAX_ID:
        raise ScaffoldError(
            f"the title gives an id longer than {MAX_ID} characters",
            f"give a shorter title, or choose the id with --id, e.g. --id {_shorter(ident)}",
        )
    return ident


# ----------------------------------------------------------------------------- what the comments list


def _load(path: Path):
    """A data file's content for the comments, or None when it cannot be read cleanly."""
    loaded, errors = load_file(path, path.name)
    return None if errors or loaded is None else loaded.data


def _stems(directory: Path) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yml")) if directory.is_dir() else []


def existing_ids(data_dir: Path) -> dict:
    """The ids a new file may link to, as they are in the data today."""
    questions = _load(data_dir / "questions.yml") or {}
    strategy = _load(data_dir / "strategy.yml") or {}
    references = _load(data_dir / "references.yml") or {}
    steps = []
    for area in strategy.get("focus_areas", []) if isinstance(strategy, dict) else []:
        for step in area.get("steps", []) if isinstance(area, dict) else []:
            if isinstance(step, dict) and "id" in step:
                steps.append((step["id"], str(step.get("text", "")).strip()))
                steps += [
                    (sub["id"], str(sub.get("text", "")).strip())
                    for sub in step.get("substeps", [])
                    if isinstance(sub, dict) and "id" in sub
                ]
    return {
        "roles": _stems(data_dir / "roles"),
        "challenges": _stems(data_dir / "challenges"),
        "questions": [
            (q["id"], str(q.get("text", "")).strip())
            for q in (questions.get("questions", []) if isinstance(questions, dict) else [])
            if isinstance(q, dict) and "id" in q and not q.get("hidden")
        ],
        "steps": steps,
        "references": [
            r["id"]
            for r in (references.get("references", []) if isinstance(references, dict) else [])
            if isinstance(r, dict) and "id" in r
        ],
    }


def _repo_url(project_dir: Path) -> str:
    """`repo_url` from the project's mkdocs.yml (read as plain YAML; unknown tags are ignored)."""

    class _Lenient(yaml.SafeLoader):
        pass

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((project_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    return str(config.get("repo_url") or "").rstrip("/") or "the repository"


# ----------------------------------------------------------------------------- rendering


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML) for any text."""
    return json.dumps(str(text), ensure_ascii=False)


def _comment_wrap(text: str, prefix: str = "# ", width: int = 100) -> str:
    return "\n".join(
        textwrap.wrap(
            text,
            width=width,
            initial_indent=prefix,
            subsequent_indent=prefix,
            break_on_hyphens=False,
            break_long_words=False,
        )
    )


def _shorten(text: str, width: int = 96) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # YAML text, not HTML; values go through yaml_str
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(yaml_str=_yaml_str, comment_wrap=_comment_wrap, shorten=_shorten)
    return env


def render(
    kind: Kind, ident: str, title: str, *, project_dir: Path = ROOT, generic: bool = False, today: str | None = None
) -> str:
    """The starter text for one new entity (generic: the web editor template, no live id lists)."""
    data_dir = project_dir / "data"
    schema_dir = data_dir / "schema"
    ids = existing_ids(data_dir)
    context = {
        "generic": generic,
        "id": ident,
        "title": title,
        "today": today or (GENERIC_DATE if generic else datetime.date.today().isoformat()),
        "repo_url": _repo_url(project_dir),
        "families": enum(schema_dir, "role", "family"),
        "levels": enum(schema_dir, "role", "level"),
        "scopes": enum(schema_dir, "challenge", "scope"),
        "steps_first": ids["steps"][0][0] if ids["steps"] else "REPLACE-ME",
    }
    for name in ("roles", "challenges", "questions", "steps", "references"):
        context[name] = None if generic else ids[name]
    text = _environment().get_template(f"{kind.schema}.yml.j2").render(context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def generic_template(kind: Kind, project_dir: Path = ROOT) -> str:
    """The template a web-editor contributor copies (docs/contribute/templates/<kind>.yml)."""
    return render(
        kind,
        "replace-me-with-the-file-name",
        f"REPLACE ME: the {kind.noun}'s title",
        project_dir=project_dir,
        generic=True,
    )


def check_text(text: str, kind: Kind, display: str, project_dir: Path = ROOT) -> list[DataError]:
    """Check a starter before it is written: schema, text rules and the schema line."""
    schema = schemas.load_schema(str(project_dir / "data" / "schema"), kind.schema)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(display).name
        path.write_text(text, encoding="utf-8", newline="\n")
        _loaded, errors = load_checked(path, display, schema, kind.schema)
    return errors


# ----------------------------------------------------------------------------- commands


def create(
    kind: Kind, title: str, ident: str | None = None, project_dir: Path = ROOT, overlay_dir: Path | None = None
) -> Path:
    """Write data/<folder>/<id>.yml (a fork: <overlay>/<folder>/<id>.yml, with the schema line pointing back
    at data/schema/); raise ScaffoldError (and write nothing) when it cannot."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(
            "the title is empty",
            f'give the {kind.noun}\'s title in quotes, e.g. python -m macros new {kind.schema} "Peer navigator"',
        )
    ident = choose_id(title, ident)
    cfg = GuideConfig(project_dir=project_dir, docs_dir=project_dir / "docs")
    folder = (overlay_dir if overlay_dir is not None else cfg.data_dir) / kind.folder
    target = folder / f"{ident}.yml"
    upstream = cfg.data_dir / kind.folder / f"{ident}.yml"
    if overlay_dir is not None and upstream.exists():
        raise ScaffoldError(
            f"upstream already has a {kind.noun} with the id '{ident}' ({cfg.display(upstream)})",
            f"to change it in your fork, make {cfg.display(target)} with its id and only the fields you change "
            f"(see docs/localise.md); for a {kind.noun} of your own, choose another title or an id with --id",
        )
    for existing in (target, target.with_suffix(".yaml")):
        if existing.exists():
            raise ScaffoldError(
                f"there is already a {kind.noun} with the id '{ident}' ({cfg.display(existing)})",
                f"to change it, edit {cfg.display(existing)}; for a different {kind.noun}, choose another title "
                f"or an id with --id",
            )
    page = cfg.docs_dir / kind.page_folder / f"{ident}.md"
    if page.exists():
        raise ScaffoldError(
            f"the id '{ident}' is taken by the hand-written page {cfg.display(page)}",
            "choose another id with --id",
        )
    text = render(kind, ident, title, project_dir=project_dir)
    if overlay_dir is not None:  # the schema line, relative to where the file goes
        schema = os.path.relpath(cfg.schema_dir / f"{kind.schema}.schema.json", folder).replace(os.sep, "/")
        text = re.sub(r"(\$schema=)\S+", lambda m: m.group(1) + schema, text, count=1)
    errors = check_text(text, kind, cfg.display(target), project_dir)
    if errors:
        lines = "\n".join(f"  {error}" for error in errors)
        raise ScaffoldError(f"the starter file would not be valid:\n{lines}")
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def write_templates(project_dir: Path = ROOT) -> list[Path]:
    """(Re)write docs/contribute/templates/<kind>.yml from the scaffold templates."""
    out = project_dir / DOCS_TEMPLATES
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = out / f"{kind.schema}.yml"
        path.write_text(generic_template(kind, project_dir), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros new",
        description="Write a complete, commented starter file for a new role, challenge or case study.",
        epilog='Example: python -m macros new role "Peer navigator"',
    )
    parser.add_argument("kind", nargs="?", choices=sorted(KINDS), help="what to add")
    parser.add_argument("title", nargs="?", help="its title, in quotes")
    parser.add_argument(
        "-f",
        "--config-file",
        help="a fork's MkDocs config: write into its overlay folder (extra.overlay) instead of data/",
    )
    parser.add_argument("--id", dest="ident", help="the id (file name) to use instead of one made from the title")
    parser.add_argument(
        "--templates", action="store_true", help="rewrite the web editor templates in docs/contribute/templates/"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.templates:
        for path in write_templates():
            print(f"Wrote {path.relative_to(ROOT).as_posix()}")
        return 0
    if args.kind is None or args.title is None:
        parser.print_usage(sys.stderr)
        print('Name what to add and its title, e.g.: python -m macros new role "Peer navigator"', file=sys.stderr)
        return 2
    kind = KINDS[args.kind]
    overlay_dir = None
    if args.config_file:
        if not Path(args.config_file).is_file():
            print(
                f"There is no config file '{args.config_file}'.\n    How to fix: name your fork's config with -f.",
                file=sys.stderr,
            )
            return 2
        overlay_dir = load_guide_config(args.config_file).overlay_dir
        if overlay_dir is None:
            print(
                f"{args.config_file} sets no extra.overlay, so there is no overlay to write into.\n"
                "    How to fix: set extra.overlay in it (see docs/localise.md), or leave out -f.",
                file=sys.stderr,
            )
            return 2
    try:
        path = create(kind, args.title, args.ident, overlay_dir=overlay_dir)
    except ScaffoldError as refusal:
        print(f"Nothing was written: {refusal}", file=sys.stderr)
        return 1
    shown = os.path.relpath(path).replace(os.sep, "/")
    config = f" -f {args.config_file}" if args.config_file else ""
    print(f"Wrote {shown}.")
    print("Next:")
    print(f"  1. Open {shown} and replace every 'REPLACE ME' text; the comments explain each field.")
    print(f"  2. Check it:   python -m macros validate{config}")
    print(f"  3. See it:     mkdocs serve{config}, then open /{kind.page_folder}/{path.stem}/")
    return 0
