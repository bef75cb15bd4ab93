"""A fork's overlay: terms, strings, and entity files merged by id, without touching upstream files.

The overlay folder (named by `extra.overlay` in the fork's config) may hold:

- `terms.yml`: `terms: {phrase: replacement}`, applied as whole words to the guidance text;
- `strings.yml`: interface string key → text, whatever the language; `strings.<language>.yml`
  (e.g. `strings.cy.yml`) over it when the build's `theme.language` is that language;
- `roles/`, `case-studies/`, `challenges/`: files merged onto the upstream entity with the same id,
  field by field (a list replaces a list, a mapping merges key by key); a new id adds an entity;
  `hidden: true` removes one;
- `questions.yml`: `questions:` and `stages:` lists of partial items by id (`hidden: true` removes a
  question);
- `strategy.yml`: `focus_areas:` and `steps:` lists of partial items by id (`hidden: true` removes a
  step or sub-step).

Any overriding file or item may record `upstream_hash`: the `entity_hash()` of the upstream entity
it was written against. The drift report (`python -m macros drift`) compares it with upstream now.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from ..data import schema as schemas
from ..data.checked import load_checked
from ..data.loader import Loaded
from ..errors import DataError, did_you_mean
from ..kinds import (
    AS_WRITTEN,
    KINDS,
    OVERLAY_ONLY,
    Kind,
    Link,
    entity_kinds,
    enum_fields,
    link_fields,
    links_to,
    overlay_collections,
)
from ..settings import GuideConfig
from . import Model, Sources
from .terms import TermReplacer, check_terms


def not_guidance(cfg: GuideConfig) -> frozenset[str]:
    """Fields a fork's terms never change: ids (kinds.LINKS), enumerations (the schemas), and the
    fields kept as written (kinds.AS_WRITTEN)."""
    return AS_WRITTEN | link_fields() | enum_fields(cfg.schema_dir)


# every overlay file and folder besides the entity folders and strings.<language>.yml; the collection
# files (questions.yml, strategy.yml, …), their lists and which may hide an item: kinds.overlay_collections()
OVERLAY_FILES = ("terms.yml", "strings.yml", "nav.yml", "reviewed.yml", "docs", "assets") + tuple(
    f"{name}.yml" for name in overlay_collections()
)
STRINGS_FOR_LANGUAGE = re.compile(r"strings\.[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*\.yml")


def merge(base: Any, change: Any) -> Any:
    """Field-by-field merge: mappings merge key by key; anything else (lists included) replaces."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            out[key] = merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(change)


def _partial_list_schema(item_schema: dict, hideable: bool) -> dict:
    item = copy.deepcopy(item_schema)
    item["required"] = ["id"]
    if hideable:
        item["properties"]["hidden"] = {"type": "boolean", "description": "true removes this item from the fork."}
    item["properties"]["upstream_hash"] = {"type": "string", "pattern": "^[0-9a-f]{8,64}$"}
    return {"type": "array", "items": item}


LANGUAGE_PROPERTY = {
    "type": "string",
    "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "description": "The language this file's text is written in (default: the build's theme.language).",
}


def with_language(schema: dict) -> dict:
    """A schema that also allows `language:` at the top of the file."""
    out = copy.deepcopy(schema)
    out.setdefault("properties", {})["language"] = LANGUAGE_PROPERTY
    return out


def _item_schema(full: dict, name: str, key: str) -> dict:
    """The schema of one item of a collection file's list (a strategy step sits inside its focus area)."""
    if name == "strategy":
        area = full["properties"]["focus_areas"]["items"]
        if key == "steps":
            return copy.deepcopy(area["properties"]["steps"]["items"])
        partial = copy.deepcopy(area)
        partial["properties"].pop("steps")  # steps are changed in the overlay's steps: list, by id
        return partial
    return copy.deepcopy(full["properties"][key]["items"])


def _collection_overlay_schema(cfg: GuideConfig, name: str) -> dict:
    full = schemas.load_schema(str(cfg.schema_dir), name)
    props = {}
    for key, kind in overlay_collections()[name].items():
        item = _item_schema(full, name, key)
        if kind.overlay_fields:
            item["properties"] = {k: v for k, v in item["properties"].items() if k in ("id",) + kind.overlay_fields}
            item["additionalProperties"] = False
        props[key] = _partial_list_schema(item, kind.hideable)
        for field_name in kind.overlay_text:
            props[field_name] = full["properties"][field_name]
    props["language"] = LANGUAGE_PROPERTY
    return {"type": "object", "additionalProperties": False, "properties": props}


def _overlay_targets(model: Model, kind: Kind) -> list[dict]:
    """The upstream items an overlay list changes in place, by id (steps: sub-steps too)."""
    if kind.key == "steps":
        steps = [s for area in model.strategy["focus_areas"] for s in area["steps"]]
        return steps + [sub for s in steps for sub in s.get("substeps", [])]
    if kind.key == "assessment":
        return model.assessment.get("scale", [])
    return model.items(kind.key)


def apply(cfg: GuideConfig, model: Model, src: Sources, errors: list[DataError]) -> None:
    """Merge the overlay into the model in place; append errors naming the overlay files.
    In order: files the overlay does not use, interface strings, entities, collection files, terms."""
    root = cfg.overlay_dir
    if not root.is_dir():
        errors.append(
            DataError(
                cfg.display(root),
                None,
                None,
                "extra.overlay",
                "the overlay folder does not exist",
                "create the folder, or correct extra.overlay in your config",
            )
        )
        return
    run = _OverlayRun(cfg, model, src, errors, root)
    run.unused_files()
    run.strings()
    for spec in entity_kinds():
        run.entities(spec)
    run.collections()
    run.terms()


class _OverlayRun:
    """One overlay applied to one model: the files it reads, and which text it wrote in which language."""

    def __init__(self, cfg: GuideConfig, model: Model, src: Sources, errors: list[DataError], root: Path):
        self.cfg, self.model, self.src, self.errors, self.root = cfg, model, src, errors, root
        self.texts: dict[str, str] = {}  # overlay text → its language (before terms)

    def load(self, path: Path, schema: dict, schema_name: str, *, schema_line: bool = True) -> Loaded | None:
        loaded, file_errors = load_checked(
            path, self.cfg.display(path), schema, schema_name, require_schema_line=schema_line, root=self.root
        )
        self.errors.extend(file_errors)
        if loaded is not None and not file_errors:
            self.src.overlay_files.append(loaded)
            return loaded
        return None

    def file_error(self, path: Path, message: str, hint: str) -> None:
        """A problem with a whole file of the overlay (no line to point at)."""
        self.errors.append(DataError(self.cfg.display(path), None, None, "", message, hint))

    def record(self, value, lang: str) -> None:
        for text in _strings_in(value):
            self.texts[text] = lang

    def unused_files(self) -> None:
        known = set(OVERLAY_FILES) | {kind.folder for kind in entity_kinds()}
        for path in sorted(self.root.iterdir()):
            if path.name.startswith(".") or path.name.lower() in ("readme.md", "readme.txt"):
                continue
            if path.name not in known and not STRINGS_FOR_LANGUAGE.fullmatch(path.name):
                hint = did_you_mean(path.name, known) or f"an overlay holds only: {', '.join(sorted(known))}"
                self.file_error(path, "the overlay does not use this file or folder, so it would change nothing", hint)

    def strings(self) -> None:
        """strings.yml in any language, then strings.<language>.yml for this one (every strings file
        is checked, whatever the language of this build)."""
        cfg, model, root = self.cfg, self.model, self.root
        string_files = sorted(p for p in root.iterdir() if STRINGS_FOR_LANGUAGE.fullmatch(p.name))
        ordered = ([root / "strings.yml"] if (root / "strings.yml").exists() else []) + string_files
        for strings_path in ordered:
            loaded = self.load(strings_path, schemas.load_schema(str(cfg.schema_dir), "strings"), "strings")
            if loaded is None:
                continue
            for key in loaded.data:
                if key not in model.strings:
                    hint = did_you_mean(key, model.strings) or "use a key from data/strings/en.yml"
                    self.errors.append(
                        loaded.error((key,), f"there is no interface string with the key '{key}'", hint, at_key=True)
                    )
            if strings_path.name in ("strings.yml", f"strings.{cfg.language}.yml"):
                model.strings.update(loaded.data)  # the fork's own wording: in the build's language
                model.string_langs.update(dict.fromkeys(loaded.data, cfg.language))

    def entities(self, spec: Kind) -> None:
        """One kind's folder (roles/, challenges/, …): each file changes, hides or adds one entity."""
        directory = self.root / spec.folder
        if not directory.is_dir():
            return
        partial = with_language(schemas.load_schema(str(self.cfg.schema_dir), spec.schema, partial=True))
        full = schemas.load_schema(str(self.cfg.schema_dir), spec.schema)
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yml":
                ignored = "overlay files end in .yml, so this one would be ignored"
                self.file_error(path, ignored, f"rename it to {path.stem}.yml")
                continue
            loaded = self.load(path, partial, spec.schema)
            if loaded is not None:
                self.entity(spec, path, loaded, full)

    def entity(self, spec: Kind, path: Path, loaded: Loaded, full: dict) -> None:
        kind, what, stem, data = spec.key, spec.noun, path.stem, loaded.data
        entities = self.model.entities(kind)
        if data.get("id") != stem:
            message = f"the id '{data.get('id')}' does not match the file name '{path.name}'"
            self.errors.append(loaded.error(("id",), message, f"make the id '{stem}'"))
            return
        change = {k: v for k, v in data.items() if k not in OVERLAY_ONLY}
        guidance = {k: v for k, v in change.items() if k not in not_guidance(self.cfg)}
        self.record(guidance, data.get("language") or self.cfg.language)
        if data.get("hidden"):
            if stem not in entities:
                hint = did_you_mean(stem, entities) or f"name the file after an upstream {what} (its id)"
                self.errors.append(loaded.error(("hidden",), f"there is no upstream {what} '{stem}' to hide", hint))
                return
            entities.pop(stem)
            self.model.hidden.add((kind, stem))
            return
        if stem in entities:
            entities[stem] = merge(entities[stem], change)
        elif "upstream_hash" in data:
            self.errors.append(
                loaded.error(
                    ("upstream_hash",),
                    f"this file changes the upstream {what} '{stem}', but upstream has no {what} with that "
                    f"id any more",
                    f"run 'python -m macros drift' to see what changed; if upstream renamed it, rename this "
                    f"file; to keep it as a {what} of your own, write it in full and delete upstream_hash",
                    at_key=True,
                )
            )
            return
        else:
            new_errors = schemas.check(Loaded(loaded.file, change, loaded.positions, loaded.key_positions), full)
            self.errors.extend(new_errors)
            if new_errors:
                return
            entities[stem] = change
        self.model.sources[(kind, stem)] = loaded.file
        self.src.entities[kind][stem] = loaded

    def collections(self) -> None:
        """Collection files (questions.yml, strategy.yml, glossary.yml, …): partial items by id."""
        cfg, model = self.cfg, self.model
        loaded_files: dict[str, Loaded] = {}
        for name, lists in overlay_collections().items():
            path = self.root / f"{name}.yml"
            if not path.exists():
                continue
            loaded = self.load(path, _collection_overlay_schema(cfg, name), name, schema_line=False)
            if loaded is None:
                continue
            loaded_files[name] = loaded
            lang = loaded.data.get("language") or cfg.language
            for key, kind in lists.items():
                left_out = set(OVERLAY_ONLY) | not_guidance(cfg)
                for change in loaded.data.get(key, []):
                    self.record({k: v for k, v in change.items() if k not in left_out}, lang)
                _merge_items(model, loaded, key, _overlay_targets(model, kind), self.errors, kind=kind.key)
                for field_name in kind.overlay_text:
                    if field_name in loaded.data:
                        getattr(model, kind.store.partition(".")[0])[field_name] = loaded.data[field_name]
                        self.record(loaded.data[field_name], lang)
        _prune_hidden_items(model)
        _check_collection_refs(model, loaded_files, self.errors)

    def terms(self) -> None:
        """Terms last, over the merged text; then which text is in which language: what the overlay
        wrote (as terms left it), the rest is upstream's."""
        replace_terms = None
        terms_path = self.root / "terms.yml"
        if terms_path.exists():
            loaded = self.load(terms_path, schemas.load_schema(str(self.cfg.schema_dir), "terms"), "terms")
            if loaded is not None:
                term_errors = check_terms(loaded)
                self.errors.extend(term_errors)
                if not term_errors:
                    apply_terms(self.cfg, self.model, loaded.data["terms"])
                    replace_terms = self.model.term_replacer
        self.model.text_langs = {(replace_terms(t) if replace_terms else t): lang for t, lang in self.texts.items()}


def _strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    return []


def _merge_items(model: Model, loaded: Loaded, key: str, items: list[dict], errors: list[DataError], kind: str) -> None:
    by_id = {item["id"]: index for index, item in enumerate(items)}
    seen: dict[str, int] = {}
    for index, change in enumerate(loaded.data.get(key, [])):
        ident = change["id"]
        line = loaded.position((key, index, "id"))[0]
        if ident in seen:
            errors.append(
                loaded.error(
                    (key, index, "id"),
                    f"the id '{ident}' is changed twice in {key} (first on line {seen[ident]})",
                    "put all the changes to one item together",
                )
            )
            continue
        seen[ident] = line
        if ident not in by_id:
            hint = did_you_mean(ident, by_id) or "overlays can change existing items only; use an id from upstream"
            errors.append(loaded.error((key, index, "id"), f"there is no upstream item '{ident}' in {key}", hint))
            continue
        target = items[by_id[ident]]
        if change.get("hidden"):
            model.hidden.add((kind, ident))
            continue
        merged = merge(target, {k: v for k, v in change.items() if k not in OVERLAY_ONLY})
        target.clear()
        target.update(merged)  # in place: a step is also held by its focus area


def _prune_hidden_items(model: Model) -> None:
    """Take hidden questions and steps out of the model, with every reference to them (kinds.LINKS)."""
    hidden_questions = {i for kind, i in model.hidden if kind == "questions"}
    hidden_steps = {i for kind, i in model.hidden if kind == "steps"}
    if hidden_questions:
        model.questions_doc["questions"] = [
            q for q in model.questions_doc["questions"] if q["id"] not in hidden_questions
        ]
    if hidden_steps:
        for area in model.strategy["focus_areas"]:
            area["steps"] = [s for s in area["steps"] if s["id"] not in hidden_steps]
            for step in area["steps"]:
                if any(sub["id"] in hidden_steps for sub in step.get("substeps", [])):
                    step["substeps"] = [sub for sub in step["substeps"] if sub["id"] not in hidden_steps]
    hidden_terms = {i for kind, i in model.hidden if kind == "glossary"}
    if hidden_terms:
        model.glossary = [t for t in model.glossary if t["id"] not in hidden_terms]
    for target, hidden in (("questions", hidden_questions), ("steps", hidden_steps), ("glossary", hidden_terms)):
        for link in links_to(target) if hidden else []:
            _drop_ids(model, link, hidden)


def _drop_ids(model: Model, link: Link, hidden: set[str]) -> None:
    """Remove hidden ids from one link field of every item (an entity is replaced, not changed)."""
    source = KINDS[link.source]
    items = (
        list(model.entities(source.key).items())
        if source.entity
        else [(None, item) for item in model.items(source.key)]
    )
    for ident, item in items:
        value = link.value(item)
        if not value or not any(i in hidden for i in value):
            continue
        if link.keys:
            kept = {k: v for k, v in value.items() if k not in hidden}
        else:
            kept = [i for i in value if i not in hidden]
        if ident is not None:
            model.entities(source.key)[ident] = link.with_value(item, kept)
        else:
            item.update(link.with_value(item, kept))


def _check_collection_refs(model: Model, collections: dict[str, Loaded], errors: list[DataError]) -> None:
    """Ids that an overlay's questions.yml puts in, checked here so that errors name the overlay file."""
    loaded = collections.get("questions")
    if loaded is None:
        return
    stage_ids = [s["id"] for s in model.questions_doc["stages"]]
    challenge_ids = set(model.challenges) | {i for kind, i in model.hidden if kind == "challenges"}
    step_ids = set(upstream_step_ids(model.strategy))
    hidden_steps = {i for kind, i in model.hidden if kind == "steps"}
    for index, change in enumerate(loaded.data.get("questions", [])):
        if "stage" in change and change["stage"] not in stage_ids:
            errors.append(
                loaded.error(
                    ("questions", index, "stage"),
                    f"there is no stage with the id '{change['stage']}'",
                    did_you_mean(change["stage"], stage_ids) or "use a stage id from data/questions.yml",
                )
            )
        for i, target in enumerate(change.get("challenges", [])):
            if target not in challenge_ids:
                errors.append(
                    loaded.error(
                        ("questions", index, "challenges", i),
                        f"there is no challenge with the id '{target}'",
                        did_you_mean(target, challenge_ids) or "use the id of an existing challenge",
                    )
                )
        for i, target in enumerate(change.get("strategy_steps", [])):
            if target not in step_ids and target not in hidden_steps:
                errors.append(
                    loaded.error(
                        ("questions", index, "strategy_steps", i),
                        f"there is no strategy step with the id '{target}'",
                        did_you_mean(target, step_ids) or "use a step id from data/strategy.yml",
                    )
                )


def upstream_step_ids(strategy: dict) -> list[str]:
    ids = []
    for area in strategy.get("focus_areas", []):
        for step in area.get("steps", []):
            ids.append(step["id"])
            ids.extend(sub["id"] for sub in step.get("substeps", []))
    return ids


def _replace_all(value: Any, replace: TermReplacer, keep: frozenset[str], path: tuple[str, ...] = ()) -> Any:
    """Terms over every text, except the fields in `keep`: a name (any field so called, at any depth)
    or a dotted path (in_post.questions: that field of that block, wherever the item sits)."""
    if path and (path[-1] in keep or any(".".join(path[-n:]) in keep for n in range(2, len(path) + 1))):
        return value
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_all(v, replace, keep, path) for v in value]
    if isinstance(value, dict):
        return {k: _replace_all(v, replace, keep, path + (k,)) for k, v in value.items()}
    return value


def apply_terms(cfg: GuideConfig, model: Model, terms: dict[str, str]) -> None:
    """Apply terms to all guidance text and interface strings; references (bibliographic data) stay as published."""
    replace = TermReplacer(terms)  # kept on the model: hand-written pages get the same terms
    model.term_replacer = replace
    keep = not_guidance(cfg)
    for kind in entity_kinds():
        entities = model.entities(kind.key)
        for ident in list(entities):
            entities[ident] = _replace_all(entities[ident], replace, keep)
    model.questions_doc = _replace_all(model.questions_doc, replace, keep)
    model.strategy = _replace_all(model.strategy, replace, keep)
    model.glossary = _replace_all(model.glossary, replace, keep)
    model.strings.update({k: replace(v) for k, v in model.strings.items()})
