"""The quick check for valid data (macros/data/conformance.py) never calls data valid that jsonschema
would refuse: on every data file of the guide and of the example fork, and on thousands of values
made from them to break one keyword each. Broken data then reaches jsonschema and its messages
(tests/test_bad_inputs.py checks those)."""

from __future__ import annotations

import copy
import random

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from macros.data import schema as schemas
from macros.data.conformance import conforms
from macros.model.build import build_model
from macros.settings import GuideConfig


def _checked_files(monkeypatch, cfg: GuideConfig) -> list[tuple[str, object, dict]]:
    """(file, data, schema) for every file a build checks, as the build checks it."""
    seen = []
    real_check = schemas.check

    def recording(loaded, schema):
        seen.append((loaded.file, copy.deepcopy(loaded.data), schema))
        return real_check(loaded, schema)

    monkeypatch.setattr(schemas, "check", recording)
    build_model(cfg)
    return seen


@pytest.fixture(scope="module")
def checked_files():
    with pytest.MonkeyPatch.context() as monkeypatch:
        upstream = _checked_files(monkeypatch, GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))
        fork_dir = ROOT / "examples" / "fork"
        fork = _checked_files(monkeypatch, GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs", overlay_dir=fork_dir / "overlay"))
    return upstream + [one for one in fork if one[0] not in {u[0] for u in upstream}]


def _valid(data, schema) -> bool:
    return Draft202012Validator(schema).is_valid(data)


def test_every_data_file_of_the_guide_and_the_fork_is_recognised_as_valid_without_jsonschema(checked_files):
    assert len(checked_files) > 30
    overlay = [name for name, _, _ in checked_files if "overlay" in name]
    assert overlay, "the fork's overlay files are checked too"
    for name, data, schema in checked_files:
        assert _valid(data, schema), name
        assert conforms(data, schema) is True, f"{name}: valid data should not need jsonschema"


BREAKERS = [
    123, 1.5, 1.0, True, None, "", "x" * 5000, "Not An Id!", "2026-13-45", [], {}, ["a", "a"], [1, 2], {"zz-unknown": 1},
]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _copy_at(data, path):
    """A deep copy of data, and the node at path inside the copy."""
    changed = copy.deepcopy(data)
    node = changed
    for part in path:
        node = node[part]
    return changed, node


def _variants(data, rng: random.Random, per_file: int):
    """Copies of `data` with one change each: a value replaced, a field removed or added, an item
    repeated."""
    paths = list(_paths(data))
    for path in rng.sample(paths, min(per_file, len(paths))):
        if path:
            for new in rng.sample(BREAKERS, 4):
                changed, parent = _copy_at(data, path[:-1])
                parent[path[-1]] = copy.deepcopy(new)
                yield changed
        _, node = _copy_at(data, path)
        if isinstance(node, dict) and node:
            for key in rng.sample(list(node), min(2, len(node))):
                changed, target = _copy_at(data, path)
                del target[key]
                yield changed
            changed, target = _copy_at(data, path)
            target["zz_unknown_field"] = "text"
            yield changed
        if isinstance(node, list) and node:
            changed, target = _copy_at(data, path)
            target.append(copy.deepcopy(target[0]))
            yield changed


def test_broken_values_are_never_called_valid_and_most_are_caught_without_jsonschema(checked_files):
    rng = random.Random(18)
    tried = refused = agreed = 0
    for name, data, schema in checked_files:
        for changed in _variants(data, rng, per_file=12):
            verdict, valid = conforms(changed, schema), _valid(changed, schema)
            tried += 1
            refused += not valid
            assert verdict in (valid, None), f"{name}: quick verdict {verdict}, jsonschema {valid}"
            agreed += verdict is valid
    print(f"tried {tried}, refused by jsonschema {refused}, decided by the quick check {agreed}")
    assert tried > 1000 and refused > tried // 3, (tried, refused)
    assert agreed > tried * 0.95, f"the quick check should decide nearly every case itself: {agreed} of {tried}"


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        ({"type": "integer"}, 1.0, None),  # an integer to JSON Schema: left to jsonschema
        ({"type": "integer"}, True, False),
        ({"type": "number"}, 2, True),
        ({"enum": [1]}, True, False),
        ({"const": False}, 0, False),
        ({"pattern": "b"}, "abc", True),  # not anchored
        ({"uniqueItems": True}, [{"a": 1}, {"a": 1}], None),
        ({"patternProperties": {"^x": {}}}, {"x": 1}, None),
        ({"$ref": "other.json#/x"}, 1, None),
        ({"$defs": {"s": {"type": "string"}}, "$ref": "#/$defs/s", "maxLength": 2}, "abc", False),
        ({"oneOf": [{"type": "string"}, {"maxLength": 5}]}, "abc", False),
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, None, True),
        ({"properties": {"a": False}}, {"a": 1}, False),
        ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}, False),
        ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"A": 1}, False),
        ({"format": "date-time"}, "not a date", True),  # annotation only in 2020-12 without a format checker
    ],
)
def test_the_quick_check_agrees_with_jsonschema_or_leaves_the_case_to_it(schema, value, expected):
    assert conforms(value, schema) is expected
    if expected is not None:
        assert _valid(value, schema) is expected
