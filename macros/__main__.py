"""Command line for contributors and forks: `python -m macros <command>`.

  validate [-f mkdocs.yml] [--github]   check every data file; --github prints ::error annotations
  new <kind> "<title>"                  write a starter file (kind: role, challenge, case-study)
  drift -f mkdocs.local.yml             list upstream entities a fork's overlay should re-check
  check                                 run what the pull request workflow runs
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "validate":
        from .cli_validate import main as run
    elif command == "new":
        from .scaffold import main as run
    elif command == "drift":
        from .drift import main as run
    elif command == "check":
        from .cli_check import main as run
    else:
        print(f"unknown command '{command}'\n{__doc__}", file=sys.stderr)
        return 2
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
