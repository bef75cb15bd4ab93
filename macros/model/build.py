"""Build the model: load and check every file → overlay → number → cross-check → back-links.

`build_model(cfg)` is the pipeline of DESIGN.md in that order, and raises `DataErrors` listing
every problem found.
"""

from __future__ import annotations

from ..data import schema as schemas
from ..data import textpolicy
from ..data.checked import iter_strings, load_checked
from ..data.loader import Loaded
from ..data.paths import outside_sources
from ..errors import DataError, DataErrors, did_you_mean
from ..kinds import KINDS, LINKS, Kind, collection_files, entity_kinds
from ..settings import GuideConfig
from . import Model, Sources
from . import overlay as overlays
from .strings import load_strings_with_languages

# ----------------------------------------------------------------------------- loading


def _load_entities(cfg: GuideConfig, kind: Kind, errors: list[DataError]) -> tuple[dict[str, dict], dict[str, Loaded]]:
    schema_name = kind.schema
    schema = schemas.load_schema(str(cfg.schema_dir), schema_name)
    entities: dict[str, dict] = {}
    loaded_by_id: dict[str, Loaded] = {}
    directory = cfg.data_dir / kind.folder
    paths = sorted(directory.glob("*")) if directory.is_dir() else []
    for path in paths:
        if path.is_dir() or path.name.startswith("."):
            continue
        display = cfg.display(path)
        if path.suffix == ".yaml":
            errors.append(DataError(display, None, None, "", "data files end in .yml", f"rename it to {path.stem}.yml"))
            continue
        if path.suffix != ".yml":
            continue
        loaded, file_errors = load_checked(path, display, schema, schema_name, root=cfg.project_dir)
        errors.extend(file_errors)
        if loaded is None:
            continue
        stem = path.stem
        ident = loaded.data.get("id")
        if not schemas.is_slug(stem):
            name = ident if schemas.is_slug(ident) else schemas.slugify(stem) or "a-lowercase-name"
            errors.append(
                DataError(
                    display,
                    None,
                    None,
                    "",
                    f"the file name '{path.name}' is not a valid id",
                    f"rename it to {name}.yml",
                )
            )
        elif isinstance(ident, str) and ident != stem:
            errors.append(
                loaded.error(
                    ("id",),
                    f"the id '{ident}' does not match the file name '{path.name}'",
                    f"make the id '{stem}', or rename the file to {ident}.yml",
                )
            )
        entities[stem] = loaded.data
        loaded_by_id[stem] = loaded
    return entities, loaded_by_id


def _load_collection(cfg: GuideConfig, schema_name: str, filename: str, errors: list[DataError]) -> Loaded | None:
    path = cfg.data_dir / filename
    display = cfg.display(path)
    if not path.exists():
        errors.append(
            DataError(display, None, None, "", "the file is missing", f"restore {display} from the repository")
        )
        return None
    loaded, file_errors = load_checked(
        path, display, schemas.load_schema(str(cfg.schema_dir), schema_name), schema_name, root=cfg.project_dir
    )
    errors.extend(file_errors)
    return loaded


# ----------------------------------------------------------------------------- checks


class _Refs:
    """Collects cross-reference errors with 'did you mean' hints."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors

    def check(
        self, loaded: Loaded | None, path: tuple, value: str, known, hidden, kind: Kind, at_key: bool = False
    ) -> bool:
        if value in known or value in hidden:
            return True
        if loaded is None:
            return False
        hint = did_you_mean(value, known) or f"use the id of an existing {kind.noun} ({kind.where()})"
        self.errors.append(loaded.error(path, f"there is no {kind.noun} with the id '{value}'", hint, at_key=at_key))
        return False


def _unique(
    items: list[dict], loaded: Loaded, path: tuple, what: str, errors: list[DataError], seen: dict | None = None
) -> None:
    seen = {} if seen is None else seen
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            errors.append(
                loaded.error(
                    path + (index, "id"),
                    f"the {what} id '{ident}' is used twice (first on line {seen[ident]})",
                    f"give each {what} its own id",
                )
            )
        else:
            seen[ident] = loaded.position(path + (index, "id"))[0]


# ----------------------------------------------------------------------------- the pipeline


def build_model(cfg: GuideConfig) -> Model:
    """Load, validate and assemble the model; raise DataErrors listing every problem found."""
    errors: list[DataError] = outside_sources(cfg)  # nothing outside the project is listed or read
    if errors:
        raise DataErrors(errors)
    model = Model(language=cfg.language, content_language=cfg.content_language)
    src = Sources()
    for kind in entity_kinds():
        entities, loaded = _load_entities(cfg, kind, errors)
        model.entity_sets[kind.key] = entities
        src.entities[kind.key] = loaded
        for ident in entities:
            model.sources[(kind.key, ident)] = loaded[ident].file
    for name, filename in collection_files().items():
        src.collections[name] = _load_collection(cfg, name, filename, errors)
    model.strings, model.string_langs = load_strings_with_languages(cfg, errors)
    if errors:  # cross-checks on broken data only produce noise
        raise DataErrors(errors)

    model.questions_doc = src.collections["questions"].data
    model.strategy = src.collections["strategy"].data
    model.references = {ref["id"]: ref for ref in src.collections["references"].data["references"]}
    source = src.collections["references"].data.get("source")
    if source:  # the paper itself: citable like a reference, shown apart from the paper's own list
        model.source_id = source["id"]
        model.references[source["id"]] = dict(source, guide_source=True)
    model.glossary = src.collections["glossary"].data["terms"]
    model.assessment = src.collections["assessment"].data
    model.search = src.collections["search"].data

    if cfg.overlay_dir is not None:
        overlays.apply(cfg, model, src, errors)
        if errors:
            raise DataErrors(errors)

    _assemble(model, src, errors)
    _cross_check(cfg, model, src, errors)
    if errors:
        raise DataErrors(errors)
    _compute_backlinks(model)
    return model


def _assemble(model: Model, src: Sources, errors: list[DataError]) -> None:
    qdoc = model.questions_doc
    qloaded = src.collections["questions"]
    _unique(qdoc["stages"], qloaded, ("stages",), "stage", errors)
    _unique(qdoc["questions"], qloaded, ("questions",), "question", errors)
    model.stages = [dict(stage, number=i + 1) for i, stage in enumerate(qdoc["stages"])]
    model.questions = [
        dict(q, number=i + 1) for i, q in enumerate(qdoc["questions"])
    ]  # hidden ones were pruned by the overlay

    sloaded = src.collections["strategy"]
    _unique(model.strategy["focus_areas"], sloaded, ("focus_areas",), "focus area", errors)
    seen: dict = {}
    number = 0
    for a_index, area in enumerate(model.strategy["focus_areas"]):
        _unique(area["steps"], sloaded, ("focus_areas", a_index, "steps"), "step", errors, seen)
        for s_index, step in enumerate(area["steps"]):
            number += 1
            model.steps[step["id"]] = dict(step, focus=area["id"], number=str(number), parent=None)
            subs = step.get("substeps", [])
            _unique(subs, sloaded, ("focus_areas", a_index, "steps", s_index, "substeps"), "step", errors, seen)
            for sub_index, sub in enumerate(subs):
                model.steps[sub["id"]] = dict(
                    sub, focus=area["id"], number=f"{number}.{sub_index + 1}", parent=step["id"]
                )

    rloaded = src.collections["references"]
    _unique(rloaded.data["references"], rloaded, ("references",), "reference", errors)
    gloaded = src.collections["glossary"]
    _unique(gloaded.data["terms"], gloaded, ("terms",), "glossary term", errors)


def _link_sources(model: Model, src: Sources, kind: Kind) -> list[tuple[Loaded | None, tuple, str, dict]]:
    """Every item of a kind that may hold ids, with the file and path to name in an error."""
    if kind.entity:
        loaded = src.entities.get(kind.key, {})
        return [(loaded.get(ident), (), ident, item) for ident, item in model.entities(kind.key).items()]
    loaded = src.collections.get(kind.schema)
    return [(loaded, (kind.list_key, index), item["id"], item) for index, item in enumerate(model.items(kind.key))]


def _cross_check(cfg: GuideConfig, model: Model, src: Sources, errors: list[DataError]) -> None:
    """Every id in a field of kinds.LINKS names an item that exists (or that a fork has hidden)."""
    refs = _Refs(errors)
    known = {kind: model.ids(kind) for kind in {link.target for link in LINKS}}
    hidden = {kind: {i for k, i in model.hidden if k == kind} for kind in known}
    for link in LINKS:
        target = KINDS[link.target]
        for loaded, prefix, ident, item in _link_sources(model, src, KINDS[link.source]):
            value = link.value(item)
            if value is None:
                continue
            values = list(value) if link.keys else value if link.many else [value]
            for i, other in enumerate(values):
                path = prefix + link.path + ((other,) if link.keys else (i,) if link.many else ())
                if link.self_error and other == ident and loaded is not None:
                    errors.append(loaded.error(path, *link.self_error))
                refs.check(loaded, path, other, known[link.target], hidden[link.target], target, at_key=link.keys)
    ref_ids = list(model.references)

    # citations [@key] in every text of every file
    all_loaded = [file for kind in src.entities.values() for file in kind.values()]
    all_loaded += [file for name, file in src.collections.items() if file is not None and name != "references"]
    all_loaded += src.overlay_files
    for loaded in all_loaded:
        for path, text in iter_strings(loaded.data):
            for key in textpolicy.citation_keys(text):
                if key not in model.references:
                    hint = did_you_mean(key, ref_ids) or "cite a key from data/references.yml, e.g. [@byrne2022]"
                    errors.append(loaded.error(path, f"there is no reference with the key '{key}'", hint))


def _compute_backlinks(model: Model) -> None:
    """The reverse of every link with a backlink name: model.links("challenge_roles", id) lists the
    roles that name the challenge, in data order."""
    for link in LINKS:
        if link.backlink is None:
            continue
        names = model.backlinks[link.backlink]
        for item in model.items(link.source):
            value = link.value(item)
            if value is None:
                continue
            for target in value if link.many else [value]:
                names[target].append(item["id"])
