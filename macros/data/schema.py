"""Check loaded data against the JSON Schemas in data/schema/, with contributor-friendly messages."""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, did_you_mean
from .conformance import conforms
from .loader import Loaded

TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "fields (name: value)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _found(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "fields (name: value)"
    return f"the text '{_short(value)}'"


def _short(text, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def is_slug(text) -> bool:
    """An id: lowercase letters and digits in words joined by single hyphens."""
    return isinstance(text, str) and SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


@functools.lru_cache(maxsize=None)
def load_schema(schema_dir: str, kind: str, partial: bool = False) -> dict:
    """A schema by kind. `partial` gives the overlay variant: nothing required but the id, plus `hidden`
    and `upstream_hash` (the drift report's record of the upstream entity an overlay was written against)."""
    schema = json.loads((Path(schema_dir) / f"{kind}.schema.json").read_text(encoding="utf-8"))
    if partial:
        schema = copy.deepcopy(schema)
        schema["required"] = ["id"] if "id" in schema.get("properties", {}) else []
        schema["properties"]["hidden"] = {"type": "boolean", "description": "true removes this entity from the fork."}
        schema["properties"]["upstream_hash"] = {"type": "string", "pattern": "^[0-9a-f]{8,64}$"}
    return schema  # each schema, and its partial variant, is checked against the meta-schema by tests/test_kinds.py


def _sort_key(error):
    return list(error.absolute_path).__len__(), str(list(error.absolute_path))


def check(loaded: Loaded, schema: dict) -> list[DataError]:
    """All schema problems of one file, each with its line and a hint. Valid data is recognised without
    jsonschema (data/conformance.py); jsonschema checks anything else and explains what is wrong."""
    if conforms(loaded.data, schema):
        return []
    from jsonschema import Draft202012Validator  # a heavy import (~0.1 s) that valid data never needs

    validator = Draft202012Validator(schema)
    errors: list[DataError] = []
    for err in sorted(validator.iter_errors(loaded.data), key=_sort_key):
        errors.extend(_explain(loaded, err))
    return errors


def _explain(loaded: Loaded, err) -> list[DataError]:
    """A JSON Schema error in the contributor's words: what is wrong at which line, and how to fix it."""
    problem = _Problem(loaded, tuple(err.absolute_path), err.instance, err.schema, err.message)
    return EXPLAIN.get(err.validator, _as_reported)(problem)


@dataclass(frozen=True)
class _Problem:
    """One schema error: the file, where (`path`), the value found, the part of the schema it broke."""

    loaded: Loaded
    path: tuple
    value: object
    schema: dict
    message: str

    def error(self, message: str, hint: str, path: tuple | None = None, at_key: bool = False) -> DataError:
        return self.loaded.error(self.path if path is None else path, message, hint, at_key=at_key)


def _as_reported(p: _Problem) -> list[DataError]:
    """The library's own message, for a keyword without words of ours."""
    return [p.error(_short(p.message, 200), "")]


def _unknown_fields(p: _Problem) -> list[DataError]:
    if not isinstance(p.value, dict):
        return _as_reported(p)
    allowed = list(p.schema.get("properties", {}))
    out = []
    for key in p.value:
        if key in allowed:
            continue
        hint = did_you_mean(key, allowed) or (
            f"remove it; the fields allowed here are: {', '.join(allowed)}" if allowed else "remove it"
        )
        out.append(p.error(f"unknown field '{_short(key)}'", hint, path=p.path + (key,), at_key=True))
    # none unknown: additionalProperties with a schema, the value of some field is wrong; let it speak
    return out or _as_reported(p)


def _missing_field(p: _Problem) -> list[DataError]:
    missing = re.findall(r"'([^']+)' is a required property", p.message)
    name = missing[0] if missing else "?"
    description = p.schema.get("properties", {}).get(name, {}).get("description", "")
    hint = f"add a line '{name}: …'" + (f" ({description})" if description else "")
    return [p.error(f"missing required field '{name}'", hint)]


TYPE_HINTS = {
    "text": "put the value in quotes if it looks like a number, a date, true/false or a list",
    "a list": "write each item on its own line starting with '- ', or as [a, b]",
    "fields (name: value)": "write 'name: value' lines indented under the field",
}


def _wrong_type(p: _Problem) -> list[DataError]:
    expected = p.schema.get("type")
    expected = expected if isinstance(expected, list) else [expected]
    words = " or ".join(TYPE_WORDS.get(t, t) for t in expected)
    return [p.error(f"expected {words}, but found {_found(p.value)}", TYPE_HINTS.get(words, ""))]


def _not_allowed_value(p: _Problem) -> list[DataError]:
    options = [str(o) for o in p.schema["enum"]]
    if isinstance(p.value, (list, dict)) or p.value is None:
        return [p.error(f"expected one of: {', '.join(options)}, but found {_found(p.value)}",
                        "write one of the allowed words on the same line as the field name")]
    hint = did_you_mean(p.value, options) or f"use one of: {', '.join(options)}"
    return [p.error(f"'{_short(p.value)}' is not one of the allowed values", hint)]


# the forms the schemas ask for, by how their pattern starts (or what it holds): what the value is not, and the fix
PATTERN_FORMS = [
    (lambda pattern: pattern.startswith("^\\d{4}"), "a date", "write the date as YYYY-MM-DD, e.g. 2026-11-26"),
    (lambda pattern: pattern.startswith("^https?"), "a web address", "start it with https://"),
    (lambda pattern: pattern.startswith("^10\\."), "a bare DOI",
     "write the DOI alone, e.g. 10.1136/bmj.o2481, without https://doi.org/"),
    (lambda pattern: pattern.startswith("^[a-z0-9_.-]"), "a valid key", "use lowercase letters, digits, '_' and '.'"),
]


def _wrong_form(p: _Problem) -> list[DataError]:
    pattern = p.schema.get("pattern", "")
    if "[a-z0-9]+(-[a-z0-9]+)*" in pattern:
        suggestion = slugify(p.value)
        hint = "use lowercase letters, digits and single hyphens" + (f", e.g. '{suggestion}'" if suggestion else "")
        return [p.error(f"'{_short(p.value)}' is not a valid id", hint)]
    for matches, form, hint in PATTERN_FORMS:
        if matches(pattern):
            return [p.error(f"'{_short(p.value)}' is not {form}", hint)]
    return [p.error(f"'{_short(p.value)}' does not have the expected form", f"it must match {pattern}")]


def _too_long(p: _Problem) -> list[DataError]:
    return [p.error(f"the text is too long ({len(p.value):,} characters; the limit is {p.schema['maxLength']:,})",
                    "shorten it, or split it into the fields meant for the detail")]


def _too_short(p: _Problem) -> list[DataError]:
    limit = p.schema["minLength"]
    message = "the text is empty" if not p.value else f"the text is too short (at least {limit} characters)"
    return [p.error(message, "write the text, or remove the field if it is optional")]


def _too_many(p: _Problem) -> list[DataError]:
    return [p.error(f"the list is too long (the limit is {p.schema['maxItems']} items)",
                    "keep the most important items")]


def _too_few(p: _Problem) -> list[DataError]:
    return [p.error(f"the list needs at least {p.schema['minItems']} item(s)",
                    "add an item on a line starting with '- '")]


def _repeated(p: _Problem) -> list[DataError]:
    seen, dupes = set(), []
    for item in p.value:
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            dupes.append(str(item))
        seen.add(key)
    return [p.error(f"the list repeats {', '.join(repr(d) for d in dupes) or 'an item'}", "remove the repeated item")]


def _bad_key(p: _Problem) -> list[DataError]:
    return [p.error(f"'{_short(p.value)}' is not a valid key", "use lowercase letters, digits and hyphens",
                    path=p.path + (p.value,), at_key=True)]


# JSON Schema keyword → its explanation; any other keyword gets the library's own message (_as_reported)
EXPLAIN = {
    "additionalProperties": _unknown_fields,
    "required": _missing_field,
    "type": _wrong_type,
    "enum": _not_allowed_value,
    "pattern": _wrong_form,
    "maxLength": _too_long,
    "minLength": _too_short,
    "maxItems": _too_many,
    "minItems": _too_few,
    "uniqueItems": _repeated,
    "propertyNames": _bad_key,
}
