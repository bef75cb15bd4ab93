"""Build the model: load and check every file → overlay → number → cross-check → back-links.

`build_model(cfg)` is the pipeline of DESIGN.md in that order, and raises `DataErrors` listing
every problem found.
"""

from __future__ import annotations

from . import overlay as overlays
from . import schema as schemas
from . import textpolicy
from .checked import iter_strings, load_checked
from .config import COLLECTIONS, ENTITY_KINDS, GuideConfig
from .errors import DataError, DataErrors, did_you_mean
from .loader import Loaded
from .model import Model, Sources
from .strings import load_strings

# ----------------------------------------------------------------------------- loading


def _load_entities(cfg: GuideConfig, kind: str, errors: list[DataError]) -> tuple[dict[str, dict], dict[str, Loaded]]:
    folder, schema_name, _ = ENTITY_KINDS[kind]
    schema = schemas.load_schema(str(cfg.schema_dir), schema_name)
    entities: dict[str, dict] = {}
    loaded_by_id: dict[str, Loaded] = {}
    directory = cfg.data_dir / folder
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
        loaded, file_errors = load_checked(path, display, schema, schema_name)
        errors.extend(file_errors)
        if loaded is None:
            continue
        stem = path.stem
        ident = loaded.data.get("id")
        if not schemas.is_slug(stem):
            name = ident if schemas.is_slug(ident) else schemas.slugify(stem) or "a-lowercase-name"
            errors.append(DataError(display, None, None, "", f"the file name '{path.name}' is not a valid id", f"rename it to {name}.yml"))
        elif isinstance(ident, str) and ident != stem:
            errors.append(loaded.error(("id",), f"the id '{ident}' does not match the file name '{path.name}'", f"make the id '{stem}', or rename the file to {ident}.yml"))
        entities[stem] = loaded.data
        loaded_by_id[stem] = loaded
    return entities, loaded_by_id


def _load_collection(cfg: GuideConfig, kind: str, errors: list[DataError]) -> Loaded | None:
    filename, schema_name = COLLECTIONS[kind]
    path = cfg.data_dir / filename
    display = cfg.display(path)
    if not path.exists():
        errors.append(DataError(display, None, None, "", "the file is missing", f"restore {display} from the repository"))
        return None
    loaded, file_errors = load_checked(path, display, schemas.load_schema(str(cfg.schema_dir), schema_name), schema_name)
    errors.extend(file_errors)
    return loaded


# ----------------------------------------------------------------------------- checks


class _Refs:
    """Collects cross-reference errors with 'did you mean' hints."""

    # what → where its ids are written down, for the hint when nothing is close
    WHERE = {"role": "the file name in data/roles/ without .yml", "challenge": "the file name in data/challenges/ without .yml",
             "case study": "the file name in data/case-studies/ without .yml", "strategy step": "an 'id:' in data/strategy.yml",
             "stage": "an 'id:' under stages in data/questions.yml", "reference": "an 'id:' in data/references.yml",
             "glossary term": "an 'id:' in data/glossary.yml"}

    def __init__(self, errors: list[DataError]):
        self.errors = errors

    def check(self, loaded: Loaded | None, path: tuple, value: str, known, hidden, what: str) -> bool:
        if value in known or value in hidden:
            return True
        if loaded is None:
            return False
        hint = did_you_mean(value, known) or f"use the id of an existing {what} ({self.WHERE.get(what, 'its id')})"
        self.errors.append(loaded.error(path, f"there is no {what} with the id '{value}'", hint))
        return False


def _unique(items: list[dict], loaded: Loaded, path: tuple, what: str, errors: list[DataError], seen: dict | None = None) -> None:
    seen = {} if seen is None else seen
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            errors.append(loaded.error(path + (index, "id"), f"the {what} id '{ident}' is used twice (first on line {seen[ident]})", f"give each {what} its own id"))
        else:
            seen[ident] = loaded.position(path + (index, "id"))[0]


# ----------------------------------------------------------------------------- the pipeline


def build_model(cfg: GuideConfig) -> Model:
    """Load, validate and assemble the model; raise DataErrors listing every problem found."""
    errors: list[DataError] = []
    model = Model(language=cfg.language, content_language=cfg.content_language)
    src = Sources()
    for kind in ENTITY_KINDS:
        entities, loaded = _load_entities(cfg, kind, errors)
        setattr(model, kind, entities)
        src.entities[kind] = loaded
        for ident in entities:
            model.sources[(kind, ident)] = loaded[ident].file
    for kind in COLLECTIONS:
        src.collections[kind] = _load_collection(cfg, kind, errors)
    model.strings = load_strings(cfg, errors)
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
    stage_ids = [s["id"] for s in qdoc["stages"]]
    model.stages = [dict(stage, number=i + 1) for i, stage in enumerate(qdoc["stages"])]
    model.questions = [dict(q, number=i + 1) for i, q in enumerate(qdoc["questions"])]  # hidden ones were pruned by the overlay
    refs = _Refs(errors)
    for index, question in enumerate(qdoc["questions"]):
        refs.check(qloaded, ("questions", index, "stage"), question["stage"], stage_ids, (), "stage")

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
                model.steps[sub["id"]] = dict(sub, focus=area["id"], number=f"{number}.{sub_index + 1}", parent=step["id"])

    rloaded = src.collections["references"]
    _unique(rloaded.data["references"], rloaded, ("references",), "reference", errors)
    gloaded = src.collections["glossary"]
    _unique(gloaded.data["terms"], gloaded, ("terms",), "glossary term", errors)


def _cross_check(cfg: GuideConfig, model: Model, src: Sources, errors: list[DataError]) -> None:
    refs = _Refs(errors)
    hidden = {kind: {i for k, i in model.hidden if k == kind} for kind in ENTITY_KINDS}
    question_ids = [q["id"] for q in model.questions]
    step_ids = list(model.steps)
    ref_ids = list(model.references)

    def where(kind: str, ident: str) -> Loaded | None:
        return src.entities[kind].get(ident) if kind in src.entities else None

    for ident, role in model.roles.items():
        loaded = where("roles", ident)
        for i, target in enumerate(role.get("progression", [])):
            if target == ident:
                errors.append(loaded.error(("progression", i), "a role cannot progress to itself", "remove this id from progression"))
            refs.check(loaded, ("progression", i), target, model.roles, hidden["roles"], "role")
        for i, target in enumerate(role.get("challenges", [])):
            refs.check(loaded, ("challenges", i), target, model.challenges, hidden["challenges"], "challenge")
        for key in role.get("questions", {}):
            if key not in question_ids and loaded is not None:
                hint = did_you_mean(key, question_ids) or "use a question id from data/questions.yml"
                errors.append(loaded.error(("questions", key), f"there is no question with the id '{key}'", hint, at_key=True))
    for ident, case in model.case_studies.items():
        loaded = where("case_studies", ident)
        for i, target in enumerate(case.get("roles", [])):
            refs.check(loaded, ("roles", i), target, model.roles, hidden["roles"], "role")
        for i, target in enumerate(case.get("challenges", [])):
            refs.check(loaded, ("challenges", i), target, model.challenges, hidden["challenges"], "challenge")
        for i, target in enumerate(case.get("sources", [])):
            refs.check(loaded, ("sources", i), target, ref_ids, (), "reference")
    for ident, challenge in model.challenges.items():
        loaded = where("challenges", ident)
        for i, target in enumerate(challenge.get("strategy_steps", [])):
            refs.check(loaded, ("strategy_steps", i), target, step_ids, (), "strategy step")
    qloaded = src.collections["questions"]
    for index, question in enumerate(model.questions_doc["questions"]):
        for i, target in enumerate(question.get("challenges", [])):
            refs.check(qloaded, ("questions", index, "challenges", i), target, model.challenges, hidden["challenges"], "challenge")
        for i, target in enumerate(question.get("strategy_steps", [])):
            refs.check(qloaded, ("questions", index, "strategy_steps", i), target, step_ids, (), "strategy step")
    gloaded = src.collections["glossary"]
    glossary_ids = [t["id"] for t in model.glossary]
    for index, term in enumerate(model.glossary):
        for i, target in enumerate(term.get("see_also", [])):
            if target == term["id"]:
                errors.append(gloaded.error(("terms", index, "see_also", i), "a glossary term cannot point to itself", "remove this id from see_also"))
            refs.check(gloaded, ("terms", index, "see_also", i), target, glossary_ids, (), "glossary term")

    # citations [@key] in every text of every file
    all_loaded = [l for kind in src.entities.values() for l in kind.values()]
    all_loaded += [l for name, l in src.collections.items() if l is not None and name != "references"]
    all_loaded += src.overlay_files
    for loaded in all_loaded:
        for path, text in iter_strings(loaded.data):
            for key in textpolicy.citation_keys(text):
                if key not in model.references:
                    hint = did_you_mean(key, ref_ids) or "cite a key from data/references.yml, e.g. [@byrne2022]"
                    errors.append(loaded.error(path, f"there is no reference with the key '{key}'", hint))


def _compute_backlinks(model: Model) -> None:
    links = model.backlinks
    for ident, role in model.roles.items():
        for target in role.get("progression", []):
            links["role_leads_from"][target].append(ident)
        for target in role.get("challenges", []):
            links["challenge_roles"][target].append(ident)
    for ident, case in model.case_studies.items():
        for target in case.get("roles", []):
            links["role_case_studies"][target].append(ident)
        for target in case.get("challenges", []):
            links["challenge_case_studies"][target].append(ident)
    for ident, challenge in model.challenges.items():
        for target in challenge.get("strategy_steps", []):
            links["step_challenges"][target].append(ident)
    for question in model.questions:
        for target in question.get("challenges", []):
            links["challenge_questions"][target].append(question["id"])
        for target in question.get("strategy_steps", []):
            links["step_questions"][target].append(question["id"])
