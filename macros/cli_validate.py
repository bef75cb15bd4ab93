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
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config

from .build import build_model
from .config import GuideConfig
from .errors import DataErrors
from .kinds import collection_files, entity_kinds

PLACEHOLDER = "REPLACE ME"  # the marker the starter files and templates use for text to replace


@dataclass(frozen=True)
class Placeholder:
    """A data file that still holds starter text, and on which lines."""

    file: str
    lines: tuple[int, ...]
    column: int  # of the first one

    def _line_list(self) -> str:
        return ", ".join(str(n) for n in self.lines)

    def __str__(self) -> str:
        noun = "line" if len(self.lines) == 1 else "lines"
        return f"{self.file} still holds the starter text '{PLACEHOLDER}' on {noun} {self._line_list()}"

    def github_annotation(self) -> str:
        noun = "line" if len(self.lines) == 1 else "lines"
        return (
            f"::warning file={self.file},line={self.lines[0]},col={self.column},title=Starter text left in::"
            f"Replace the '{PLACEHOLDER}' text on {noun} {self._line_list()} with real content before this is merged."
        )


def load_guide_config(config_file: str) -> GuideConfig:
    """The GuideConfig of an MkDocs config file (INHERIT and a fork's overlay included)."""
    # MkDocs logs its own progress while it reads a config; a contributor needs none of it.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=config_file)
    return GuideConfig.from_mkdocs(config)


def data_files(cfg: GuideConfig) -> list[Path]:
    """Every data file the model reads for this configuration."""
    files: list[Path] = []
    for kind in entity_kinds():
        directory = cfg.data_dir / kind.folder
        if directory.is_dir():
            files += sorted(p for p in directory.iterdir() if p.suffix in (".yml", ".yaml") and not p.name.startswith("."))
    files += [cfg.data_dir / name for name in collection_files().values() if (cfg.data_dir / name).exists()]
    for language in dict.fromkeys(("en", cfg.language)):
        path = cfg.data_dir / "strings" / f"{language}.yml"
        if path.exists():
            files.append(path)
    if cfg.overlay_dir is not None and cfg.overlay_dir.is_dir():
        files += sorted(p for p in cfg.overlay_dir.rglob("*.yml") if not any(part.startswith(".") for part in p.parts))
    return files


def placeholders(cfg: GuideConfig, files: list[Path]) -> list[Placeholder]:
    """Files with lines (other than whole-line comments) that still hold the starter text marker."""
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the model has already reported an unreadable file
        hits = [
            (number, line.find(PLACEHOLDER) + 1)
            for number, line in enumerate(text.splitlines(), start=1)
            if PLACEHOLDER in line and not line.lstrip().startswith("#")
        ]
        if hits:
            found.append(Placeholder(cfg.display(path), tuple(n for n, _ in hits), hits[0][1]))
    return found


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros validate",
        description="Check every data file of the guide and list every problem found.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config to check (default: mkdocs.yml)")
    parser.add_argument("--github", action="store_true", help="also print GitHub workflow annotations (::error file=…,line=…::)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not Path(args.config_file).is_file():
        print(f"There is no config file '{args.config_file}'.\n    How to fix: run this from the folder that holds mkdocs.yml, or name the file with -f.", file=sys.stderr)
        return 2
    try:
        cfg = load_guide_config(args.config_file)
    except Exception as exc:  # noqa: BLE001 - MkDocs raises several kinds; the contributor needs the message only
        print(f"{args.config_file}: MkDocs cannot read this config: {exc}\n    How to fix: correct the config file, or name another with -f.", file=sys.stderr)
        return 2

    try:
        build_model(cfg)
    except DataErrors as problems:
        if args.github:
            for error in problems.errors:
                print(error.github_annotation())
        print(problems.report())
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug in the engine, not in the data: say so, no traceback
        print(
            f"The check itself failed ({type(exc).__name__}: {exc}). This is a fault in the guide's code, not in your file.\n"
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
