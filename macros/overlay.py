"""A fork's overlay: terms, strings, and entity files merged by id, without touching upstream files.

The overlay folder (named by `extra.overlay` in the fork's config) may hold:

- `terms.yml`: `terms: {phrase: replacement}`, applied as whole words to the guidance text;
- `strings.yml`: interface string key → text;
- `roles/`, `case-studies/`, `challenges/`: files merged onto the upstream entity with the same id,
  field by field (a list replaces a list, a mapping merges key by key); a new id adds an entity;
  `hidden: true` removes one;
- `questions.yml`: `questions:` and `stages:` lists of partial items by id;
- `strategy.yml`: `focus_areas:` and `steps:` lists of partial items by id.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import Any

from . import schema as schemas
from .config import ENTITY_KINDS, GuideConfig
from .errors import DataError
from .loader import Loaded

NOT_GUIDANCE = {"id", "person", "organisation", "quote", "sources", "roles", "challenges", "progression",
                "strategy_steps", "stage", "see_also", "family", "level", "scope", "updated", "marker",
                "upstream_hash", "hidden", "number", "focus", "parent"}


def entity_hash(entity: dict) -> str:
    """A short, stable fingerprint of an upstream entity, for the drift report."""
    text = json.dumps(entity, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def merge(base: Any, change: Any) -> Any:
    """Field-by-field merge: mappings merge key by key; anything else (lists included) replaces."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            out[key] = merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(change)


def _partial_list_schema(item_schema: dict) -> dict:
    item = copy.deepcopy(item_schema)
    item["required"] = ["id"]
    item["properties"]["hidden"] = {"type": "boolean"}
    item["properties"]["upstream_hash"] = {"type": "string", "pattern": "^[0-9a-f]{8,64}$"}
    return {"type": "array", "items": item}


def _collection_overlay_schema(cfg: GuideConfig, name: str) -> dict:
    if name == "questions":
        full = schemas.load_schema(str(cfg.schema_dir), "questions")
        props = {
            "questions": _partial_list_schema(full["properties"]["questions"]["items"]),
            "stages": _partial_list_schema(full["properties"]["stages"]["items"]),
        }
    else:
        full = schemas.load_schema(str(cfg.schema_dir), "strategy")
        area = full["properties"]["focus_areas"]["items"]
        area_partial = copy.deepcopy(area)
        area_partial["properties"].pop("steps")
        props = {
            "focus_areas": _partial_list_schema(area_partial),
            "steps": _partial_list_schema(area["properties"]["steps"]["items"]),
        }
    return {"type": "object", "additionalProperties": False, "properties": props}


def apply(cfg: GuideConfig, model, src, errors: list[DataError]) -> None:
    """Merge the overlay into the model in place; append errors naming the overlay files."""
    from .model import load_checked

    root = cfg.overlay_dir
    if not root.is_dir():
        errors.append(DataError(cfg.display(root), None, None, "extra.overlay", "the overlay folder does not exist", "create the folder, or correct extra.overlay in your config"))
        return
    src.overlay_files = []

    def load(path, schema, schema_name, *, schema_line=True) -> Loaded | None:
        loaded, file_errors = load_checked(path, cfg.display(path), schema, schema_name, require_schema_line=schema_line)
        errors.extend(file_errors)
        if loaded is not None and not file_errors:
            src.overlay_files.append(loaded)
            return loaded
        return None

    # interface strings
    strings_path = root / "strings.yml"
    if strings_path.exists():
        loaded = load(strings_path, schemas.load_schema(str(cfg.schema_dir), "strings"), "strings")
        if loaded is not None:
            for key, value in loaded.data.items():
                if key not in model.strings:
                    from .errors import did_you_mean

                    hint = did_you_mean(key, model.strings) or "use a key from data/strings/en.yml"
                    errors.append(loaded.error((key,), f"there is no interface string with the key '{key}'", hint, at_key=True))
            model.strings.update(loaded.data)

    # entities
    for kind, (folder, schema_name, _) in ENTITY_KINDS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        entities = model.entities(kind)
        partial = schemas.load_schema(str(cfg.schema_dir), schema_name, partial=True)
        full = schemas.load_schema(str(cfg.schema_dir), schema_name)
        for path in sorted(directory.glob("*.yml")):
            stem = path.stem
            loaded = load(path, partial, schema_name)
            if loaded is None:
                continue
            data = loaded.data
            if data.get("id") != stem:
                errors.append(loaded.error(("id",), f"the id '{data.get('id')}' does not match the file name '{path.name}'", f"make the id '{stem}'"))
                continue
            change = {k: v for k, v in data.items() if k not in ("hidden", "upstream_hash")}
            if data.get("hidden"):
                if stem not in entities:
                    errors.append(loaded.error(("hidden",), f"there is no upstream {schema_name.replace('-', ' ')} '{stem}' to hide", "check the file name"))
                    continue
                entities.pop(stem)
                model.hidden.add((kind, stem))
                continue
            if stem in entities:
                entities[stem] = merge(entities[stem], change)
            else:
                new_errors = schemas.check(loaded, full)
                errors.extend(new_errors)
                if new_errors:
                    continue
                entities[stem] = change
            model.sources[(kind, stem)] = loaded.file
            src.entities[kind][stem] = loaded

    # questions and strategy: partial items by id
    for name in ("questions", "strategy"):
        path = root / f"{name}.yml"
        if not path.exists():
            continue
        loaded = load(path, _collection_overlay_schema(cfg, name), name, schema_line=False)
        if loaded is None:
            continue
        if name == "questions":
            doc = model.questions_doc
            _merge_items(loaded, "questions", doc["questions"], errors)
            _merge_items(loaded, "stages", doc["stages"], errors)
        else:
            doc = model.strategy
            _merge_items(loaded, "focus_areas", doc["focus_areas"], errors)
            steps = [s for area in doc["focus_areas"] for s in area["steps"]]
            steps += [sub for s in steps for sub in s.get("substeps", [])]
            _merge_items(loaded, "steps", steps, errors, replace_in_place=True)
            for area in doc["focus_areas"]:
                area["steps"] = [s for s in area["steps"] if not s.get("hidden")]

    # terms last, over the merged text
    terms_path = root / "terms.yml"
    if terms_path.exists():
        loaded = load(terms_path, schemas.load_schema(str(cfg.schema_dir), "terms"), "terms")
        if loaded is not None:
            apply_terms(model, loaded.data["terms"])


def _merge_items(loaded: Loaded, key: str, items: list[dict], errors: list[DataError], replace_in_place: bool = False) -> None:
    by_id = {item["id"]: index for index, item in enumerate(items)}
    for index, change in enumerate(loaded.data.get(key, [])):
        ident = change["id"]
        if ident not in by_id:
            from .errors import did_you_mean

            hint = did_you_mean(ident, by_id) or "overlays can change existing items only; use an id from upstream"
            errors.append(loaded.error((key, index, "id"), f"there is no upstream item '{ident}' in {key}", hint))
            continue
        target = items[by_id[ident]]
        merged = merge(target, {k: v for k, v in change.items() if k != "upstream_hash"})
        target.clear()
        target.update(merged)


# ----------------------------------------------------------------------------- terms

PROTECTED = re.compile(
    r"(\{\{.*?\}\}|\{%.*?%\}|\{:.*?\}|`[^`]*`|\]\([^)]*\)|\[@[^\]]*\]|https?://\S+|<[^>]*>|^\s*\[[^\]]+\]:.*$)",
    re.MULTILINE | re.DOTALL,
)


class TermReplacer:
    """Replace phrases as whole words, keeping an initial capital; never inside links, code or macros."""

    def __init__(self, terms: dict[str, str]):
        self.terms = {k.lower(): v for k, v in terms.items() if k.strip()}
        phrases = sorted(self.terms, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])", re.IGNORECASE)
            if phrases else None
        )

    def _one(self, match: re.Match) -> str:
        found = match.group(0)
        replacement = self.terms[found.lower()]
        if found[:1].isupper() and replacement:
            replacement = replacement[0].upper() + replacement[1:]
        return replacement

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        parts = PROTECTED.split(text)
        # split() with one capturing group: even indexes are free text, odd ones are protected spans
        return "".join(part if i % 2 else self.pattern.sub(self._one, part) for i, part in enumerate(parts))


def _replace_all(value: Any, replace: TermReplacer, key: str | None = None) -> Any:
    if key in NOT_GUIDANCE:
        return value
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_all(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _replace_all(v, replace, k) for k, v in value.items()}
    return value


def apply_terms(model, terms: dict[str, str]) -> None:
    replace = TermReplacer(terms)
    model.term_replacer = replace
    for kind in ENTITY_KINDS:
        entities = model.entities(kind)
        for ident in list(entities):
            entities[ident] = _replace_all(entities[ident], replace)
    model.questions_doc = _replace_all(model.questions_doc, replace)
    model.strategy = _replace_all(model.strategy, replace)
    model.glossary = _replace_all(model.glossary, replace)
    model.strings.update({k: replace(v) for k, v in model.strings.items()})
