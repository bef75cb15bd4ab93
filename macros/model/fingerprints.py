"""Fingerprints of upstream entities and items, for a fork's drift report (`python -m macros drift`)."""

from __future__ import annotations

import hashlib
import json

from ..kinds import entity_kinds
from . import Model


def entity_hash(entity: dict) -> str:
    """A short, stable fingerprint of an upstream entity, for the drift report."""
    text = json.dumps(entity, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def upstream_items(model: Model) -> dict[tuple[str, str], dict]:
    """Every upstream thing an overlay can override, by (kind, id), as it stands before any merge.

    Call it on a model built without an overlay. Kinds are the entity kinds (`roles`, `challenges`,
    `case_studies`) and the overlay list names (`questions`, `stages`, `focus_areas`, `steps`). A focus
    area is fingerprinted without its steps, which have fingerprints of their own.
    """
    items: dict[tuple[str, str], dict] = {}
    for kind in entity_kinds():
        for ident, entity in model.entities(kind.key).items():
            items[(kind.key, ident)] = entity
    for name in ("questions", "stages"):
        for item in model.questions_doc.get(name, []):
            items[(name, item["id"])] = item
    for area in model.strategy.get("focus_areas", []):
        items[("focus_areas", area["id"])] = {k: v for k, v in area.items() if k != "steps"}
        for step in area.get("steps", []):
            items[("steps", step["id"])] = step
            for sub in step.get("substeps", []):
                items[("steps", sub["id"])] = sub
    return items
