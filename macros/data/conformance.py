"""A quick yes for data that meets its JSON Schema, so that a build of valid data needs no jsonschema.

Checking the guide's 32 data files with jsonschema took about a quarter of a second in a cold build:
its import (about 0.1 s) and its validator, which builds a new validator object for every value it
descends into. Nearly every build checks valid data, and all it needs to know then is "valid".
`conforms()` answers that for the keywords the guide's schemas use, in the meaning JSON Schema
2020-12 gives them. It answers True only when it is sure: False, or None for a keyword, a value or
a `$ref` it does not know, sends the file to jsonschema (data/schema.py), which stays the authority
and writes the contributor's messages. tests/test_conformance.py holds the two to the same verdict
on every data file, every broken input of tests/test_bad_inputs.py and values made to break each
keyword.
"""

from __future__ import annotations

import re
from functools import lru_cache

# keywords that say nothing about validity (annotations), and `format`, which Draft 2020-12 only
# annotates unless a format checker is asked for (data/schema.py asks for none)
IGNORED = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
                     "deprecated", "readOnly", "writeOnly", "format"})

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_PLAIN = (str, int, float, bool, type(None), list, dict)  # what YAML and JSON give; anything else: not sure


@lru_cache(maxsize=512)
def _pattern(source: str) -> re.Pattern:
    return re.compile(source)


def conforms(value, schema: dict) -> bool | None:
    """True when `value` meets `schema` (JSON Schema 2020-12); False when it does not; None when this
    checker cannot tell (the caller asks jsonschema)."""
    return _Check(schema).meets(value, schema)


def _all(verdicts) -> bool | None:
    """False as soon as one verdict is False (one broken keyword is enough); else None if any is
    None; else True."""
    result: bool | None = True
    for verdict in verdicts:
        if verdict is False:
            return False
        if verdict is None:
            result = None
    return result


class _Check:
    def __init__(self, root: dict):
        self.root = root

    def meets(self, value, schema) -> bool | None:
        if schema is True:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict) or not isinstance(value, _PLAIN):
            return None
        return _all(
            # a keyword this checker does not know (patternProperties, allOf, …): not sure
            _RULES[keyword](self, value, expected, schema) if keyword in _RULES else None
            for keyword, expected in schema.items()
            if keyword not in IGNORED
        )

    def all_meet(self, pairs) -> bool | None:
        return _all(self.meets(value, schema) for value, schema in pairs)

    def resolved(self, ref: str):
        """A `#/$defs/name` (or other `#/…` pointer) inside the same schema; None for anything else."""
        if not ref.startswith("#/"):
            return None
        node = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


def _type(check, value, expected, schema):
    names = expected if isinstance(expected, list) else [expected]
    if any(name not in _TYPES for name in names):
        return None
    if isinstance(value, float) and value.is_integer() and "integer" in names:
        return None  # 1.0 is an integer to JSON Schema; leave the rare case to jsonschema
    return any(_TYPES[name](value) for name in names)


def _same(a, b) -> bool | None:
    """JSON equality for the simple values enum and const hold (True is not 1 in JSON Schema)."""
    simple = (str, int, float, bool, type(None))
    if not isinstance(a, simple) or not isinstance(b, simple):
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _enum(check, value, expected, schema):
    verdicts = [_same(value, option) for option in expected]
    return True if True in verdicts else (None if None in verdicts else False)


def _const(check, value, expected, schema):
    return _same(value, expected)


def _limit(applies, measure, within):
    """minLength, maxItems, maximum and the like: `within(measure(value), limit)` for the values the
    keyword applies to; any other value meets it."""
    def rule(check, value, expected, schema):
        return within(measure(value), expected) if applies(value) else True
    return rule


def _as_is(value):
    return value


def _at_least(n, limit):
    return n >= limit


def _at_most(n, limit):
    return n <= limit


def _pattern_rule(check, value, expected, schema):
    return _pattern(expected).search(value) is not None if isinstance(value, str) else True


def _unique(check, value, expected, schema):
    if not expected or not isinstance(value, list):
        return True
    if all(isinstance(item, str) for item in value):
        return len(set(value)) == len(value)
    return None


def _required(check, value, expected, schema):
    return all(name in value for name in expected) if isinstance(value, dict) else True


def _properties(check, value, expected, schema):
    if not isinstance(value, dict):
        return True
    return check.all_meet((value[name], sub) for name, sub in expected.items() if name in value)


def _additional(check, value, expected, schema):
    if not isinstance(value, dict):
        return True
    named = schema.get("properties", {})
    return check.all_meet((item, expected) for name, item in value.items() if name not in named)


def _property_names(check, value, expected, schema):
    if not isinstance(value, dict):
        return True
    return check.all_meet((name, expected) for name in value)


def _items(check, value, expected, schema):
    if not isinstance(value, list):
        return True
    return check.all_meet((item, expected) for item in value)


def _ref(check, value, expected, schema):
    target = check.resolved(expected) if isinstance(expected, str) else None
    return None if target is None else check.meets(value, target)


def _one_of(check, value, expected, schema):
    verdicts = [check.meets(value, sub) for sub in expected]
    if None in verdicts:
        return None
    return verdicts.count(True) == 1


_RULES = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minLength": _limit(_TYPES["string"], len, _at_least),
    "maxLength": _limit(_TYPES["string"], len, _at_most),
    "pattern": _pattern_rule,
    "minItems": _limit(_TYPES["array"], len, _at_least),
    "maxItems": _limit(_TYPES["array"], len, _at_most),
    "uniqueItems": _unique,
    "minProperties": _limit(_TYPES["object"], len, _at_least),
    "maxProperties": _limit(_TYPES["object"], len, _at_most),
    "minimum": _limit(_TYPES["number"], _as_is, _at_least),
    "maximum": _limit(_TYPES["number"], _as_is, _at_most),
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "items": _items,
    "$ref": _ref,
    "oneOf": _one_of,
}
