"""Garbage collection during one build.

Almost everything a build makes lives until the build ends: MkDocs, the theme and the plugins, the
checked model, the pages. Python's cyclic collector nevertheless walks all of it again at each of its
full collections, and a cold build of this guide ran two of them (about 0.17 s, while importing the
Word and JSON Schema libraries). `hold()` moves everything alive at that moment out of the collector's
view (`gc.freeze`), so its collections look only at what is new; `let_go()` gives it all back when the
build ends, so that under `mkdocs serve` a finished build's objects can be collected before the next.
Reference counting frees objects as usual either way: nothing stays in memory longer than before.
"""

from __future__ import annotations

import gc


def hold() -> None:
    """Leave everything alive now out of the collector's walks until let_go() (each call adds to it)."""
    gc.freeze()


def let_go() -> None:
    """Put everything held back into the collector's care (the build is over, or has failed)."""
    gc.unfreeze()
