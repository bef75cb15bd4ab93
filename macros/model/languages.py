"""Languages: which tags are valid, which Material translates, and what a build does with the rest.

A fork may set any BCP 47 language tag as `theme.language` (`cy`, `en-AU`, `ga`). Material ships
translations of its own labels for some languages only (`partials/languages/<code>.html`); for any
other, the build uses Material's English labels and the guide's strings (the fork's included),
while `<html lang>` still says the fork's language. A value that is not a language tag is an error.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

# BCP 47, the parts forks use: language (2-3 letters, or 4-8), optional script, region, variants
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*$")


def check_language_tag(tag: str) -> bool:
    return isinstance(tag, str) and bool(LANGUAGE_TAG.match(tag))


def primary(tag: str) -> str:
    """The language without region or script: en-AU → en."""
    return str(tag).replace("_", "-").split("-")[0].lower()


def material_languages() -> set[str]:
    """The language codes Material translates its own labels into."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.origin:  # pragma: no cover - the theme is a requirement
        return {"en"}
    folder = Path(spec.origin).resolve().parent / "templates" / "partials" / "languages"
    return {p.stem for p in folder.glob("*.html")}


def material_language(tag: str, available: set[str] | None = None) -> str | None:
    """The Material translation a build in this language uses (en-AU → en), or None when it has none."""
    available = material_languages() if available is None else available
    for candidate in (tag, tag.replace("_", "-"), primary(tag)):
        if candidate in available:
            return candidate
    return None


def language_problem(tag) -> tuple[str, str] | None:
    """(message, hint) when `theme.language` is not a language tag, else None."""
    if tag is None or check_language_tag(str(tag)):
        return None
    return (
        f"theme.language is '{tag}', which is not a language tag",
        "set a language code such as en, cy, en-AU or ga (letters, then optional -REGION)",
    )
