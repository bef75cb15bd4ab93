"""`python -m macros validate [-f mkdocs.yml] [--github]`: check every data file, list every problem.

This is the check a contributor runs before a pull request, the first step of the pull request
workflow and a pre-commit hook. It builds the same model as the site build (so it finds exactly
what the build would refuse) but writes nothing.

With `--github` each problem is also printed as a GitHub workflow command
(`::error file=data/roles/x.yml,line=12,col=3::…`), which GitHub shows on the changed line of the
pull request. Starter text left over from `python -m macros new` ("REPLACE ME") is reported as a
warning: the file is valid, but a reviewer should not merge it yet.

Exit status: 0 when the data is valid, 1 when it has problems, 2 when the command itself could not
run (no such config file, a config MkDocs refuses).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..data.files import PLACEHOLDER, data_files, placeholders
from ..errors import DataErrors, printable
from ..guide import Guide
from ..pages import search_terms
from ..pages.generated import handwritten_on_disk
from ..pages.overlay_pages import configure_language
from ..settings import GuideConfig
from .config import load_mkdocs_config


def _page_urls(cfg: GuideConfig, guide: Guide) -> list[str]:
    """Every page address the build will have: the docs on disk and a fork's added pages, less the
    ones it drops or hides, and the generated pages (as the hook's files would list them)."""
    plan = guide.page_plan
    sources = {p.relative_to(cfg.docs_dir).as_posix() for p in cfg.docs_dir.rglob("*.md")} | set(plan.add)
    sources -= plan.drop | plan.hide
    return [search_terms.page_url(src) for src in sources if src.endswith(".md")] + [page.url for page in guide.pages]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros validate",
        description="Check every data file of the guide and list every problem found.",
    )
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="the MkDocs config to check (default: mkdocs.yml)"
    )
    parser.add_argument(
        "--github", action="store_true", help="also print GitHub workflow annotations (::error file=…,line=…::)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not Path(args.config_file).is_file():
        print(
            f"There is no config file '{printable(args.config_file)}'.\n    How to fix: run this from the folder that "
            f"holds mkdocs.yml, or name the file with -f.",
            file=sys.stderr,
        )
        return 2
    try:
        mkdocs_config = load_mkdocs_config(args.config_file)
        cfg = GuideConfig.from_mkdocs(mkdocs_config)
    except Exception as exc:  # noqa: BLE001 - MkDocs raises several kinds; the contributor needs the message only
        print(
            f"{printable(args.config_file)}: MkDocs cannot read this config: {printable(exc)}\n"
            "    How to fix: correct the config file, or name another with -f.",
            file=sys.stderr,
        )
        return 2

    try:  # what the build's on_config checks, in the same functions: the configuration, then the data
        configure_language(mkdocs_config, logging.getLogger("mkdocs.plugins.guide"))
        guide = Guide.build(cfg)
        problems = guide.page_problems(handwritten_on_disk(cfg.docs_dir))
        problems += search_terms.unknown_pages(guide.model, _page_urls(cfg, guide))
        if problems:
            raise DataErrors(problems)
    except DataErrors as problems:
        if args.github:
            for error in problems.errors:
                print(error.github_annotation())
        print(problems.report())
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug in the engine, not in the data: say so, no traceback
        print(
            f"The check itself failed ({type(exc).__name__}: {printable(exc)}). This is a fault in the guide's "
            "code, not in your file.\n"
            "    How to fix: please open an issue ('Report a problem') and paste this message.",
            file=sys.stderr,
        )
        return 2

    files = data_files(cfg)
    left = placeholders(cfg, files)
    if args.github:
        for item in left:
            print(item.github_annotation())
    for item in left:
        print(f"Warning: {item}")
    noun = "file is" if len(files) == 1 else "files are"
    print(f"All {len(files)} data {noun} valid.")
    if left:
        print(f"Replace the starter text ('{PLACEHOLDER}') in {len(left)} file(s) before the pull request is merged.")
    return 0
