"""Check loaded data against the JSON Schemas in data/schema/, with contributor-friendly messages."""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

from ..errors import DataError, did_you_mean
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
    """All schema problems of one file, each with its line and a hint."""
    from jsonschema import Draft202012Validator  # a heavy import (~0.1 s) that a build from the cache never needs

    validator = Draft202012Validator(schema)
    errors: list[DataError] = []
    for err in sorted(validator.iter_errors(loaded.data), key=_sort_key):
        errors.extend(_explain(loaded, err))
    return errors


def _explain(loaded: Loaded, err) -> list[DataError]:
    path = tuple(err.absolute_path)
    kind = err.validator
    value = err.instance
    subschema = err.schema
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(subschema.get("properties", {}))
        out = []
        for key in value:
            if key in allowed:
                continue
            hint = did_you_mean(key, allowed) or (
                f"remove it; the fields allowed here are: {', '.join(allowed)}" if allowed else "remove it"
            )
            out.append(loaded.error(path + (key,), f"unknown field '{_short(key)}'", hint, at_key=True))
        if out:
            return out
        # additionalProperties with a schema: the value of some field is wrong; let the nested error speak
        return [loaded.error(path, _short(err.message, 200), "")]
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else "?"
        description = subschema.get("properties", {}).get(name, {}).get("description", "")
        hint = f"add a line '{name}: …'" + (f" ({description})" if description else "")
        return [loaded.error(path, f"missing required field '{name}'", hint)]
    if kind == "type":
        expected = subschema.get("type")
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(TYPE_WORDS.get(t, t) for t in expected)
        hint = {
            "text": "put the value in quotes if it looks like a number, a date, true/false or a list",
            "a list": "write each item on its own line starting with '- ', or as [a, b]",
            "fields (name: value)": "write 'name: value' lines indented under the field",
        }.get(words, "")
        return [loaded.error(path, f"expected {words}, but found {_found(value)}", hint)]
    if kind == "enum":
        options = [str(o) for o in subschema["enum"]]
        if isinstance(value, (list, dict)) or value is None:
            return [
                loaded.error(
                    path,
                    f"expected one of: {', '.join(options)}, but found {_found(value)}",
                    "write one of the allowed words on the same line as the field name",
                )
            ]
        hint = did_you_mean(value, options) or f"use one of: {', '.join(options)}"
        return [loaded.error(path, f"'{_short(value)}' is not one of the allowed values", hint)]
    if kind == "pattern":
        pattern = subschema.get("pattern", "")
        if "[a-z0-9]+(-[a-z0-9]+)*" in pattern:
            suggestion = slugify(value)
            hint = "use lowercase letters, digits and single hyphens" + (f", e.g. '{suggestion}'" if suggestion else "")
            return [loaded.error(path, f"'{_short(value)}' is not a valid id", hint)]
        if pattern.startswith("^\\d{4}"):
            return [
                loaded.error(path, f"'{_short(value)}' is not a date", "write the date as YYYY-MM-DD, e.g. 2026-11-26")
            ]
        if pattern.startswith("^https?"):
            return [loaded.error(path, f"'{_short(value)}' is not a web address", "start it with https://")]
        if pattern.startswith("^10\\."):
            return [
                loaded.error(
                    path,
                    f"'{_short(value)}' is not a bare DOI",
                    "write the DOI alone, e.g. 10.1136/bmj.o2481, without https://doi.org/",
                )
            ]
        if pattern.startswith("^[a-z0-9_.-]"):
            return [
                loaded.error(
                    path, f"'{_short(value)}' is not a valid key", "use lowercase letters, digits, '_' and '.'"
                )
            ]
        return [loaded.error(path, f"'{_short(value)}' does not have the expected form", f"it must match {pattern}")]
    if kind == "maxLength":
        return [
            loaded.error(
                path,
                f"the text is too long ({len(value):,} characters; the limit is {subschema['maxLength']:,})",
                "shorten it, or split it into the fields meant for the detail",
            )
        ]
    if kind == "minLength":
        return [
            loaded.error(
                path,
                "the text is empty"
                if not value
                else f"the text is too short (at least {subschema['minLength']} characters)",
                "write the text, or remove the field if it is optional",
            )
        ]
    if kind == "maxItems":
        return [
            loaded.error(
                path,
                f"the list is too long (the limit is {subschema['maxItems']} items)",
                "keep the most important items",
            )
        ]
    if kind == "minItems":
        return [
            loaded.error(
                path,
                f"the list needs at least {subschema['minItems']} item(s)",
                "add an item on a line starting with '- '",
            )
        ]
    if kind == "uniqueItems":
        seen, dupes = set(), []
        for item in value:
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                dupes.append(str(item))
            seen.add(key)
        return [
            loaded.error(
                path, f"the list repeats {', '.join(repr(d) for d in dupes) or 'an item'}", "remove the repeated item"
            )
        ]
    if kind == "propertyNames":
        return [
            loaded.error(
                path + (value,),
                f"'{_short(value)}' is not a valid key",
                "use lowercase letters, digits and hyphens",
                at_key=True,
            )
        ]
    return [loaded.error(path, _short(err.message, 200), "")]
