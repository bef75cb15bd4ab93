"""Load ONE data file and check it: YAML with positions, its JSON Schema, the text policy, the schema line.

This knows nothing of the model: the model, the strings, the overlay and the scaffold all call it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from ..errors import DataError
from . import paths, textpolicy
from . import schema as schemas
from .loader import Loaded, load_file, lost_indent

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)")

# Files whose texts are pasted into hand-written pages as they are, so they must be plain words.
PLAIN_TEXT_FILES = {"terms"}
# Fields that are short texts whatever their length: no soft hyphen or direction mark either.
SHORT_FIELDS = {"id", "title", "short_title", "term", "abbreviation", "name", "label"}
# Fields shown as plain text (cards, link previews, search results): a citation there would show as '[@key]'.
PLAIN_FIELDS = {"summary", "title", "short_title"}


def iter_strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in a loaded value, with its path: (("questions", 3, "text"), "…")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_strings(item, path + (index,))


def check_text(loaded: Loaded, plain: bool = False) -> list[DataError]:
    """The text policy (textpolicy.py) applied to every text of a file."""
    errors = []
    for path, text in iter_strings(loaded.data):
        found = textpolicy.problems(text) + (textpolicy.plain_problems(text) if plain else [])
        if path and path[-1] in PLAIN_FIELDS and textpolicy.CITATION.search(text):
            found.append((
                f"a {path[-1].replace('_', ' ')} is shown as plain text (on cards, in link previews and search "
                f"results), so the citation {textpolicy.CITATION.search(text).group(0)} would show as it is written",
                "cite the work in the fuller text below it instead",
            ))
        short = True if path and path[-1] in SHORT_FIELDS else None
        for message, hint in found + textpolicy.invisible_problems(text, short):
            errors.append(loaded.error(path, message, hint))
    for path in iter_keys(loaded.data):  # field names (and a fork's term phrases) are short texts too
        for message, hint in textpolicy.invisible_problems(str(path[-1]), short=True):
            errors.append(loaded.error(path, f"the field name: {message}", hint, at_key=True))
    return errors


def iter_keys(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """The path of every field name in a loaded value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,)
            yield from iter_keys(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_keys(item, path + (index,))


def check_schema_line(path: Path, loaded: Loaded, schema_name: str) -> list[DataError]:
    """The first line must name the schema, so that editors check the file as it is typed."""
    try:
        first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    except (UnicodeDecodeError, IndexError):
        return []
    if not SCHEMA_LINE.match(first):
        return [
            DataError(
                loaded.file,
                1,
                1,
                "",
                "the first line must name the schema so that editors can check the file as you type",
                f"make the first line '# yaml-language-server: $schema=…/schema/{schema_name}.schema.json' "
                "(copy it from a file of the same kind)",
            )
        ]
    return []


def _reads_as_text(error: DataError) -> bool:
    """An unknown field named like words of a sentence ('Note', 'Second line'), not like a field
    ('guidence', a near miss of 'guidance', or any lowercase_name)."""
    if not error.line or not error.message.startswith("unknown field") or error.hint.startswith("did you mean"):
        return False
    name = error.field.rsplit(".", 1)[-1]
    return name != name.lower() or " " in name


def with_indent_hints(errors: list[DataError], path: Path) -> list[DataError]:
    """An unknown field that is really a line of the block of text above it, which lost its indent
    (`Mel Ball: a board director` ends the text of `summary: |` above it), says so."""
    if not any(e.message.startswith("unknown field") for e in errors):
        return errors
    lines = path.read_text(encoding="utf-8-sig")
    out = []
    for error in errors:
        lost = lost_indent(lines, error.line - 1, field_like=True) if _reads_as_text(error) else None
        if lost is not None:
            start, field, indent = lost
            error = replace(
                error,
                message=f"{error.message}, just after the text of '{field}' (the block from line {start}): if the "
                f"line belongs to that text, it lost its indent",
                hint=f"indent it with {indent} spaces, like the lines of the text above it"
                + (f"; if it is meant as a field: {error.hint}" if error.hint else ""),
            )
        out.append(error)
    return out


def load_checked(
    path: Path,
    display: str,
    schema: dict,
    schema_name: str,
    *,
    require_schema_line: bool = True,
    root: Path | None = None,
) -> tuple[Loaded | None, list[DataError]]:
    """Load one file and check it against its schema and the text policy (a file that leads outside
    `root`, the project or a fork's folder, is refused unread: data/paths.py)."""
    if root is not None and not paths.inside(path, root):
        return None, [paths.outside_error(display)]
    loaded, errors = load_file(path, display)
    if loaded is None:
        return None, errors
    errors = with_indent_hints(schemas.check(loaded, schema), path)
    errors += check_text(loaded, plain=schema_name in PLAIN_TEXT_FILES)
    if require_schema_line:
        errors += check_schema_line(path, loaded, schema_name)
    return loaded, errors
