"""THE registry of kinds of content: one entry says everything the engine needs to know about a kind.

For every kind: where its data lives (a folder of files, one per entity, or a list inside one file),
its schema, its noun in words, the page each entity gets (folder, template, macro, tags, search boost,
description), and which of its fields hold ids of which kind (`LINKS`). The loader, the cross-checks,
the back-links, the generated pages, the open data, the overlay's pruning of hidden items, the
hidden-page set, the drift report's wording and the scaffold all read this module, so that adding a
kind of content is a schema, a template and one entry here (see CONTRIBUTING.md, "Add a kind of
content").

Enumerations (role families and levels, challenge scopes) are read from the schemas: `enum()`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Kind:
    """One kind of content."""

    key: str  # as the model, the macros and the open data name it: roles, case_studies
    noun: str  # in words, for messages: "case study"
    schema: str = ""  # data/schema/<schema>.schema.json ("" for a kind of page made from another kind)
    folder: str | None = None  # data/<folder>/<id>.yml: one file per entity
    file: str | None = None  # or data/<file>: a collection in one file …
    list_key: str | None = None  # … whose items are the list under this key
    store: str | None = None  # where the model holds a collection's items: attribute[.key]
    # one generated page per entity, at <page_folder>/<id>/
    page_folder: str | None = None
    template: str | None = None  # under macros/templates/
    macro: str | None = None  # the macro the generated page calls, e.g. role_page
    context: str | None = None  # the template variable that holds the entity (and `entity`)
    page_of: str | None = None  # the kind whose entities give this kind's pages (checklists: roles)
    page_fields: tuple[str, ...] = ()  # fields of page_of's entities shown on this kind's page, not theirs
    tags: tuple[tuple[str, str], ...] = ()  # (string key, fallback), each formatted with the entity's fields
    search_boost: float | None = None  # Material's search weight for its pages
    description: str = "summary"  # the page's description: a field, or "string:<key>" with {role}/{title}
    scaffold: bool = False  # `python -m macros new <schema>` writes a starter (templates/scaffold/<schema>.yml.j2)
    # a fork's overlay: a kind kept in a collection file is changed by `<schema>.yml` in the overlay, whose
    # list `overlay_list` holds partial items by id; `hideable`: an item may say `hidden: true` (a stage or
    # a focus area may not: it would orphan its questions or steps). An entity's overlay file may always hide it.
    overlay_list: str | None = None
    hideable: bool = False
    overlay_fields: tuple[str, ...] = ()  # the only fields an overlay item may change, besides id (all if empty)
    overlay_text: tuple[str, ...] = ()  # fields of the overlay file, not items, that replace upstream's whole

    @property
    def entity(self) -> bool:
        """Stored one file per entity (roles, challenges, case studies)."""
        return self.folder is not None

    @property
    def has_pages(self) -> bool:
        return self.page_folder is not None

    @property
    def source(self) -> str:
        """The kind whose entities this kind's pages show (itself, unless it is a page of another)."""
        return self.page_of or self.key

    def where(self) -> str:
        """Where its ids are written down, for a hint when a wrong id has nothing close."""
        if self.folder:
            return f"the file name in data/{self.folder}/ without .yml"
        if not self.file:
            return "its id"
        shared = [kind for kind in KINDS.values() if kind.file == self.file and kind.list_key]
        if len(shared) > 1 and self.list_key:
            return f"an 'id:' under {self.list_key} in data/{self.file}"
        return f"an 'id:' in data/{self.file}"

    def page_src(self, ident: str) -> str:
        return f"{self.page_folder}/{ident}.md"

    def page_url(self, ident: str) -> str:
        return f"{self.page_folder}/{ident}/"


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "roles",
            "role",
            "role",
            folder="roles",
            page_folder="roles",
            template="role.md.j2",
            macro="role_page",
            context="role",
            tags=(("family.{family}", "{family}"), ("level.{level}", "{level}")),
            search_boost=3,
            scaffold=True,
        ),
        Kind(
            "checklists",
            "checklist",
            page_of="roles",
            page_folder="checklists",
            template="checklist.md.j2",
            macro="checklist_page",
            page_fields=("questions", "suggestions"),
            tags=(("tag.checklist", "Checklist"),),
            search_boost=0.5,
            description="string:checklist.intro_role",
        ),
        Kind(
            "challenges",
            "challenge",
            "challenge",
            folder="challenges",
            page_folder="challenges",
            template="challenge.md.j2",
            macro="challenge_page",
            context="challenge",
            tags=(("scope.{scope}", "{scope}"),),
            search_boost=3,
            scaffold=True,
        ),
        Kind(
            "case_studies",
            "case study",
            "case-study",
            folder="case-studies",
            page_folder="case-studies",
            template="case_study.md.j2",
            macro="case_study_page",
            context="case",
            tags=(("tag.case_study", "Case study"),),
            search_boost=3,
            scaffold=True,
        ),
        Kind(
            "stages",
            "stage",
            "questions",
            file="questions.yml",
            list_key="stages",
            store="questions_doc.stages",
            overlay_list="stages",
        ),
        Kind(
            "questions",
            "question",
            "questions",
            file="questions.yml",
            list_key="questions",
            store="questions_doc.questions",
            overlay_list="questions",
            hideable=True,
        ),
        Kind(
            "focus_areas",
            "focus area",
            "strategy",
            file="strategy.yml",
            list_key="focus_areas",
            store="strategy.focus_areas",
            overlay_list="focus_areas",
        ),
        Kind(
            "steps",
            "strategy step",
            "strategy",
            file="strategy.yml",
            store="steps",
            overlay_list="steps",
            hideable=True,
        ),
        Kind(
            "references",
            "reference",
            "references",
            file="references.yml",
            list_key="references",
            store="references",
            overlay_list="references",
            overlay_fields=("note",),  # its display text; what identifies the published work stays as published
        ),
        Kind(
            "glossary",
            "glossary term",
            "glossary",
            file="glossary.yml",
            list_key="terms",
            store="glossary",
            overlay_list="terms",
            hideable=True,
        ),
        Kind(
            "assessment",
            "self-assessment scale",
            "assessment",
            file="assessment.yml",
            store="assessment",
            overlay_list="scale",
            overlay_text=("note",),
        ),
        Kind("search", "search keywords", "search", file="search.yml", store="search"),
    )
}


@dataclass(frozen=True)
class Link:
    """A field of one kind that holds ids of another (or the same) kind."""

    source: str  # the kind whose items hold the field
    field: str  # a field of the item, or a dotted path to one inside a block: in_post.questions
    target: str  # the kind the ids name
    backlink: str | None = None  # the name of the computed reverse list: model.links(name, target_id)
    many: bool = True  # a list of ids (False: one id)
    keys: bool = False  # the ids are the keys of a mapping (a role's tailored questions)
    self_error: tuple[str, str] | None = None  # (message, hint) when an item names itself

    @property
    def path(self) -> tuple[str, ...]:
        """The field's path from the item: ("in_post", "questions")."""
        return tuple(self.field.split("."))

    def value(self, item: dict):
        """The field's value in an item, or None when the item (or its block) does not have it."""
        for key in self.path:
            if not isinstance(item, dict) or key not in item:
                return None
            item = item[key]
        return item

    def with_value(self, item: dict, value) -> dict:
        """A copy of the item with the field set to value (the blocks on the way copied, not changed)."""
        out = dict(item)
        inner = out
        for key in self.path[:-1]:
            inner[key] = dict(inner.get(key) or {})
            inner = inner[key]
        inner[self.path[-1]] = value
        return out


LINKS: tuple[Link, ...] = (
    Link(
        "roles",
        "progression",
        "roles",
        "role_leads_from",
        self_error=("a role cannot progress to itself", "remove this id from progression"),
    ),
    Link("roles", "challenges", "challenges", "challenge_roles"),
    Link("roles", "questions", "questions", keys=True),
    Link("case_studies", "roles", "roles", "role_case_studies"),
    Link("case_studies", "challenges", "challenges", "challenge_case_studies"),
    Link("case_studies", "sources", "references"),
    Link("challenges", "strategy_steps", "steps", "step_challenges"),
    Link("challenges", "in_post.questions", "questions"),  # what someone in post can raise
    Link("questions", "stage", "stages", many=False),
    Link("questions", "challenges", "challenges", "challenge_questions"),
    Link("questions", "strategy_steps", "steps", "step_questions"),
    Link(
        "glossary",
        "see_also",
        "glossary",
        self_error=("a glossary term cannot point to itself", "remove this id from see_also"),
    ),
)

# Fields that are not guidance text although they hold text: a fork's terms leave them as written
# (besides every id field in LINKS and every enumeration in the schemas).
AS_WRITTEN = frozenset(
    {
        "id",
        "person",
        "person_role",
        "organisation",
        "quote",
        "updated",
        "marker",
        "upstream_hash",
        "hidden",
        "number",
        "focus",
        "parent",
    }
)

# The keys of /api/guide.json, in order (DESIGN.md's contract); each is a kind, but "strategy" holds
# the focus areas with their steps, and "source" the paper itself (references.yml's `source:`).
OPEN_DATA = (
    "roles",
    "case_studies",
    "challenges",
    "stages",
    "questions",
    "strategy",
    "references",
    "source",
    "glossary",
)


# the fields of an overlay file or item that are about the overlay, not data: never merged into upstream's
OVERLAY_ONLY = ("hidden", "upstream_hash", "language")


def overlay_collections() -> dict[str, dict[str, Kind]]:
    """Each overlay collection file's name (its schema: `questions` for overlay/questions.yml) → its
    lists of partial items by id, each list's key → the kind it holds, in registry order."""
    out: dict[str, dict[str, Kind]] = {}
    for kind in KINDS.values():
        if kind.overlay_list and not kind.entity:
            out.setdefault(kind.schema, {})[kind.overlay_list] = kind
    return out


def entity_kinds() -> list[Kind]:
    """The kinds stored one file per entity, in registry order."""
    return [kind for kind in KINDS.values() if kind.entity]


def page_kinds() -> list[Kind]:
    """The kinds that give every entity a generated page, in registry order."""
    return [kind for kind in KINDS.values() if kind.has_pages]


def collection_files() -> dict[str, str]:
    """Each collection file's key (its schema name) → its file name under data/, in registry order."""
    return {kind.schema: kind.file for kind in KINDS.values() if kind.file}


def links_from(source: str) -> list[Link]:
    return [link for link in LINKS if link.source == source]


def links_to(target: str) -> list[Link]:
    return [link for link in LINKS if link.target == target]


def link_fields() -> frozenset[str]:
    """The fields whose values are ids (not a mapping from ids to text, like a role's questions); a
    field inside a block is named by its dotted path (in_post.questions)."""
    return frozenset(link.field for link in LINKS if not link.keys)


def kind_for_page_folder(folder: str) -> Kind | None:
    return next((kind for kind in page_kinds() if kind.page_folder == folder), None)


@functools.lru_cache(maxsize=None)
def _schema(schema_dir: str, name: str) -> dict:
    return json.loads((Path(schema_dir) / f"{name}.schema.json").read_text(encoding="utf-8"))


def enum(schema_dir: Path, schema_name: str, field: str) -> list[str]:
    """The allowed values of a field, in the schema's order: enum(dir, "role", "family")."""
    return list(_schema(str(schema_dir), schema_name)["properties"][field]["enum"])


def enum_fields(schema_dir: Path) -> frozenset[str]:
    """Every field name that some schema restricts to an enumeration (family, level, scope, …)."""
    names: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and ("enum" in sub or "enum" in (sub.get("items") or {})):
                    names.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        walk(_schema(str(schema_dir), path.name.removesuffix(".schema.json")))
    return frozenset(names)
