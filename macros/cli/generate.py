"""`python -m macros generate [-f mkdocs.yml] [DIR] [--site SITE]`: what the hooks add to a build, as files.

For an engine that reads `mkdocs.yml` and runs the macros but has no MkDocs hooks (Zensical), this
writes every generated page (a role, its checklist, a challenge, a case study: a Markdown stub that
calls its macro, with the page's description and tags in its front matter) and, with --site, every
export and download (api/guide.json, api/schema/, downloads/checklists/), from the same function
the hooks use (`Guide.files()`).

    python -m macros generate                 the pages into the docs folder: docs/roles/<id>.md, …
    python -m macros generate OUT             the pages into OUT/ instead (OUT/roles/<id>.md, …)
    python -m macros generate --site site     also the exports into the built site (after the other
                                              engine's build: the downloads include .md files, which
                                              an engine would otherwise turn into pages)
    python -m macros generate --zensical      the whole source for Zensical (macros/zensical.py), the
                                              exports and downloads included (staged in the theme's
                                              folder, which Zensical copies into the site); then
                                              zensical build -f mkdocs.zensical.yml

A generated page says so in its front matter (`generated_from:` and the data file). A later
`mkdocs build` replaces such a file with the page it makes itself, so stale copies never clash or
show; a hand-written page at a generated page's path is still refused. A file is rewritten only when
its content changes, and a generated page left over from an entity that no longer exists is
removed. The generated files are build output: do not commit them (`git clean` or delete them).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..build_memory import hold
from ..data.files import data_files, placeholders
from ..errors import DataErrors
from ..guide import Guide, guide_for
from ..kinds import page_kinds
from ..pages.generated import is_generated
from ..pages.overlay_pages import configure_language
from ..settings import GuideConfig
from ..zensical import THEME, config_path, remove_stale, source
from .config import load_mkdocs_config, read_config_file


def write(out: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write files under out (path → text, or bytes for a Word file), skipping those whose content is
    already the same."""
    written = []
    for rel, content in files.items():
        path = out / rel
        if isinstance(content, bytes):
            if not (path.is_file() and path.read_bytes() == content):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                written.append(path)
            continue
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        written.append(path)
    return written


def stale_pages(out: Path, pages: dict[str, str]) -> list[Path]:
    """Generated pages in out's page folders that no entity makes any more."""
    stale = []
    for kind in page_kinds():
        folder = out / kind.page_folder
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            rel = path.relative_to(out).as_posix()
            if rel not in pages and is_generated(path.read_text(encoding="utf-8")):
                stale.append(path)
    return stale


def generate(
    cfg: GuideConfig, out: Path, site_url: str = "", site: Path | None = None
) -> tuple[list[Path], list[Path]]:
    """Write the generated pages under out (and the exports under site); returns (written, removed)."""
    guide = Guide.build(cfg, site_url)
    pages = guide.page_files()
    for rel in pages:
        path = out / rel
        if path.is_file() and not is_generated(path.read_text(encoding="utf-8")):
            raise FileExistsError(
                f"{path} is a hand-written page at the address of a generated one; rename one of them"
            )
    removed = stale_pages(out, pages)
    for path in removed:
        path.unlink()
    return write(out, pages) + (write(site, guide.export_files()) if site is not None else []), removed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config (default: mkdocs.yml)")
    parser.add_argument("dir", nargs="?", help="where to write the pages (default: the config's docs folder)")
    parser.add_argument("--site", help="also write the exports and downloads into this built site folder")
    parser.add_argument(
        "--zensical", nargs="?", const="", default=None, metavar="DIR",
        help="write the whole source for Zensical instead: the pages in DIR/docs (default: .zensical beside the "
        "config), the exports in DIR/overrides (Zensical copies them into the site) and its config beside this "
        "one (mkdocs.yml → mkdocs.zensical.yml)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not Path(args.config_file).is_file():
        print(
            f"There is no config file '{args.config_file}'.\n    How to fix: run this from the folder that "
            f"holds mkdocs.yml, or name the file with -f.",
            file=sys.stderr,
        )
        return 2
    if args.zensical is not None and args.site:  # the third step of guide versions before Zensical copied the exports
        print(f"Nothing to do: zensical build has already put the exports and downloads into {args.site}.")
        return 0
    try:
        config = load_mkdocs_config(args.config_file)
    except Exception as exc:  # noqa: BLE001 - MkDocs raises several kinds; the contributor needs the message only
        print(f"{args.config_file}: MkDocs cannot read this config: {exc}", file=sys.stderr)
        return 2
    cfg = GuideConfig.from_mkdocs(config)
    hold()  # MkDocs, its config and plugins live until the command ends, as in a build (build_memory.py)
    if args.zensical is not None:
        return _zensical(Path(args.config_file), config, _zensical_dir(args))
    out = Path(args.dir) if args.dir else cfg.docs_dir
    try:
        site = Path(args.site) if args.site else None
        written, removed = generate(cfg, out, config.get("site_url") or "", site)
    except DataErrors as problems:
        print(problems.report())
        return 1
    except FileExistsError as clash:
        print(f"Nothing more was written: {clash}", file=sys.stderr)
        return 1
    print(
        f"Wrote {len(written)} file(s) under {out} ({len(removed)} stale page(s) removed); unchanged files were "
        f"left as they were."
    )
    return 0


def _zensical_dir(args) -> Path:
    """Where `--zensical` writes the source: the folder named, or .zensical beside the config."""
    return Path(args.zensical) if args.zensical else Path(args.config_file).parent / ".zensical"


def _zensical(config_file: Path, config, out: Path) -> int:
    try:
        configure_language(config, logging.getLogger("mkdocs"))
        guide = guide_for(config)
        hold()  # and so does the checked model
        if left := placeholders(guide.cfg, data_files(guide.cfg)):  # as a strict MkDocs build does
            for one in left:
                print(f"{one}; replace it with real content", file=sys.stderr)
            return 1
        files, engine_config = source(read_config_file(config_file), config_file, config, out)
        written = write(out, files) + write(config_file.parent, {config_path(config_file).name: engine_config})
        exported = guide.write_exports(out / THEME)  # from the build cache, as the MkDocs build
        remove_stale(out, set(files) | {path.relative_to(out).as_posix() for path in exported})
        guide.remember()  # for the next build (either engine) with the same inputs
    except DataErrors as problems:
        print(problems.report())
        return 1
    print(
        f"Wrote {len(written)} file(s) (unchanged files were left as they were) and {len(exported)} exports and "
        f"downloads.\nNext: zensical build -f {config_path(config_file)}"
    )
    return 0
