"""The one read-only model of the guide, and the record of the files it was built from.

`build.build_model` makes it, once per build; everything the site shows comes from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..data.loader import Loaded
from ..kinds import KINDS, entity_kinds
from .terms import TermReplacer


def _links_by_id() -> defaultdict:
    """One kind's back-links, by id (a named function, not a lambda, so that a model can be pickled
    into the build cache)."""
    return defaultdict(list)


@dataclass
class Model:
    """The whole guide. Entities are plain dicts; treat them as read-only."""

    # the entities of every kind stored one file each (kinds.entity_kinds()), by kind and id
    entity_sets: dict[str, dict[str, dict]] = field(default_factory=lambda: {k.key: {} for k in entity_kinds()})
    questions_doc: dict = field(default_factory=dict)
    strategy: dict = field(default_factory=dict)
    references: dict[str, dict] = field(default_factory=dict)
    glossary: list[dict] = field(default_factory=list)
    assessment: dict = field(default_factory=dict)
    search: dict = field(default_factory=dict)  # data/search.yml: keywords by page address
    source_id: str | None = None  # the key of the paper itself among `references`, if the data names it
    strings: dict[str, str] = field(default_factory=dict)
    string_langs: dict[str, str] = field(default_factory=dict)  # string key → the language of its text
    language: str = "en"
    content_language: str = "en"
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    hidden: set[tuple[str, str]] = field(default_factory=set)
    # computed
    stages: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    steps: dict[str, dict] = field(default_factory=dict)
    backlinks: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(_links_by_id))
    text_langs: dict[str, str] = field(default_factory=dict)  # overlay text → its language (the rest: en)
    term_replacer: TermReplacer | None = None  # a fork's terms, for hand-written pages too
    citation_suffixes: dict[str, str] | None = field(default=None, repr=False)  # filled by citations.suffixes

    @property
    def roles(self) -> dict[str, dict]:
        return self.entity_sets["roles"]

    @property
    def challenges(self) -> dict[str, dict]:
        return self.entity_sets["challenges"]

    @property
    def case_studies(self) -> dict[str, dict]:
        return self.entity_sets["case_studies"]

    def entities(self, kind: str) -> dict[str, dict]:
        """The entities of one kind stored a file each (roles, challenges, case_studies, …), by id."""
        if kind not in self.entity_sets:
            raise KeyError(f"there is no kind of entity called {kind!r}")
        return self.entity_sets[kind]

    def items(self, kind: str) -> list[dict]:
        """The items of any kind (kinds.KINDS), each a dict with an 'id', in data order."""
        spec = KINDS[kind]
        if spec.entity:
            return list(self.entities(kind).values())
        if not spec.store or not (spec.list_key or spec.store in ("references", "steps")):
            return []  # a kind without items of its own (the self-assessment scale)
        attribute, _, key = spec.store.partition(".")
        value = getattr(self, attribute)
        if key:
            value = value.get(key, [])
        return list(value.values()) if isinstance(value, dict) else list(value)

    def ids(self, kind: str) -> list[str]:
        """The ids of a kind's items (a kind of page made from another kind: that kind's ids)."""
        spec = KINDS[kind]
        if spec.page_of:
            return list(self.entities(spec.page_of))
        if spec.store in ("references", "steps"):
            return list(getattr(self, spec.store))
        return [item["id"] for item in self.items(kind)]

    def paper_references(self) -> dict[str, dict]:
        """The paper's own reference list: every reference but the paper itself."""
        return {k: r for k, r in self.references.items() if k != self.source_id}

    def question(self, ident: str) -> dict:
        return next(q for q in self.questions if q["id"] == ident)

    def links(self, name: str, ident: str) -> list[str]:
        """Computed back-links, e.g. links('challenge_roles', 'role-clarity')."""
        return list(self.backlinks[name].get(ident, []))


@dataclass
class Sources:
    """Every loaded file, kept for line numbers in cross-reference errors."""

    entities: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    collections: dict[str, Loaded | None] = field(default_factory=dict)
    overlay_files: list[Loaded] = field(default_factory=list)
