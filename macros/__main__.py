"""`python -m macros <command>`: see macros/cli/__init__.py."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
