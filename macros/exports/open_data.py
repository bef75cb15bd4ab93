"""/api/guide.json: the whole guide as open data, each kind's items (kinds.OPEN_DATA), every entity
with its page's address; ids of entities a fork has hidden are left out of the links."""

from __future__ import annotations

from ..kinds import KINDS, OPEN_DATA, SCHEMA_VERSION, entity_kinds, links_from
from ..model import Model


def _without_hidden(model: Model, kind: str, item: dict) -> dict:
    """An item for the open data: ids of entities a fork has hidden are left out of its links."""
    out = dict(item)
    for link in links_from(kind):
        value = link.value(out)
        if link.many and not link.keys and isinstance(value, list):
            out = link.with_value(out, [i for i in value if (link.target, i) not in model.hidden])
    return out


def guide_json(model: Model) -> dict:
    """/api/guide.json: every kind's items (each entity with its page's url), keys in kinds.OPEN_DATA order."""
    out: dict = {"schema_version": SCHEMA_VERSION, "language": model.language}
    for key in OPEN_DATA:
        kind = KINDS.get(key)
        if kind is not None and kind.entity:
            out[key] = [
                dict(_without_hidden(model, key, entity), url=kind.page_url(ident))
                for ident, entity in model.entities(key).items()
            ]
        elif key == "stages":
            out[key] = [dict(stage) for stage in model.stages]
        elif key == "questions":
            out[key] = [_without_hidden(model, key, q) for q in model.questions]
        elif key == "strategy":
            out[key] = [dict(area) for area in model.strategy["focus_areas"]]
        elif key == "references":
            out[key] = [dict(ref) for ref in model.paper_references().values()]
        elif key == "source":
            out[key] = dict(model.references[model.source_id]) if model.source_id else None
        elif key == "glossary":
            out[key] = [dict(term) for term in model.glossary]
    for kind in entity_kinds():  # a kind added to the registry is open data too, after the ones above
        if kind.key not in out:
            out[kind.key] = [
                dict(_without_hidden(model, kind.key, entity), url=kind.page_url(ident) if kind.has_pages else None)
                for ident, entity in model.entities(kind.key).items()
            ]
    return out
