"""Command line for contributors and forks: `python -m macros <command>`.

validate [-f mkdocs.yml] [--github]   check every data file; --github prints ::error annotations
new <kind> "<title>"                  write a starter file (kind: role, challenge, case-study)
drift -f mkdocs.local.yml             list upstream entities a fork's overlay should re-check
generate [-f mkdocs.yml] [DIR] [--site SITE]
                                      write the generated pages (and the exports) for an engine without hooks
check                                 run what the pull request workflow runs
"""

from __future__ import annotations

import sys

from . import check, drift, generate, new, validate

COMMANDS = {
    "validate": validate.main,
    "new": new.main,
    "drift": drift.main,
    "generate": generate.main,
    "check": check.main,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"unknown command '{command}'\n{__doc__}", file=sys.stderr)
        return 2
    return COMMANDS[command](rest)
