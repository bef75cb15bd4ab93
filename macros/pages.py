"""Which pages the data makes, what each contains, and what renders them.

Plain functions of the model, so that the same pages could be written out as stub files (for a
successor of MkDocs without hooks) instead of being added by the hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import citations, textpolicy
from .checked import iter_strings
from .checklists import CSV_COLUMNS, GENERAL_CHECKLIST, STATUSES, checklist_items, checklist_rows, checklist_stages, checklist_title
from .kinds import KINDS, Kind, enum, entity_kinds, links_from, page_kinds
from .model import Model
from .render import Renderer

@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. roles/peer-support-worker.md
    content: str  # a stub that calls one macro
    data_path: str  # the YAML file behind it, for the edit link
    kind: str
    ident: str

    @property
    def url(self) -> str:
        return self.src_uri[: -len(".md")] + "/"


def _front_matter(meta: dict, kind: Kind) -> str:
    meta = dict(meta, render_macros=True)  # macros run only on pages that ask (render_by_default: false)
    if kind.search_boost is not None:
        # Material's search ranks a page's words higher by this factor: entity pages are what most
        # searches are for; the long checklists repeat every role's words and would crowd them out.
        meta = dict(meta, search={"boost": kind.search_boost})
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def _tags(model: Model, kind: Kind, entity: dict) -> list[str]:
    s = model.strings
    return [s.get(key.format(**entity), fallback.format(**entity)) for key, fallback in kind.tags]


def generated_pages(model: Model) -> list[GeneratedPage]:
    """One page per entity of every kind with pages (kinds.page_kinds()): a role, its checklist, a
    challenge, a case study. An entity's pages follow each other, kinds in registry order."""
    pages = []
    for source in entity_kinds():
        kinds = [kind for kind in page_kinds() if kind.source == source.key]
        for ident, entity in model.entities(source.key).items():
            for kind in kinds:
                stub = _front_matter({"tags": _tags(model, kind, entity)}, kind) + f'{{{{ {kind.macro}("{ident}") }}}}\n'
                pages.append(GeneratedPage(kind.page_src(ident), stub, model.sources[(source.key, ident)], kind.key, ident))
    return pages


def description(model: Model, kind: str, ident: str) -> str:
    """A page's description for search engines and link previews."""
    spec = KINDS[kind]
    entity = model.entities(spec.source)[ident]
    if spec.description.startswith("string:"):
        text = model.strings.get(spec.description[len("string:"):], "")
        return text.replace("{role}", entity["title"]).replace("{title}", entity["title"])
    return entity[spec.description].strip()


# ----------------------------------------------------------------------------- citations


HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


def docs_citations(docs_dir: Path) -> dict[str, list[dict]]:
    """Which hand-written pages cite which references."""
    out: dict[str, list[dict]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        keys = textpolicy.citation_keys(text)
        if not keys:
            continue
        rel = path.relative_to(docs_dir).as_posix()
        url = rel[:-3] + "/" if not rel.endswith("index.md") else rel[: -len("index.md")]
        match = HEADING.search(text)
        title = match.group(1).strip() if match else rel
        for key in dict.fromkeys(keys):
            out.setdefault(key, []).append({"url": url, "title": title})
    return out


def _keys(value) -> list[str]:
    return [k for _, text in iter_strings(value) for k in textpolicy.citation_keys(text)]


def checklist_citation_keys(model: Model, role: dict | None) -> list[str]:
    """The references a checklist page cites: each question's guidance (the role's own where it has
    some) and why it matters, as checklist.md.j2 renders them."""
    keys = []
    for q in checklist_items(model, role):
        keys += _keys([q.get("guidance") or "", q.get("why") or ""])
    return list(dict.fromkeys(keys))


def entity_citations(model: Model) -> dict[str, list[dict]]:
    """Which generated pages (and data-driven sections) cite which references, page by page as they
    are rendered: a role's tailored checklist guidance is cited on its checklist, not its role page."""
    s = model.strings
    out: dict[str, list[dict]] = {}

    def add(keys, url, title):
        for key in dict.fromkeys(keys):
            out.setdefault(key, []).append({"url": url, "title": title})

    for kind in page_kinds():
        if kind.page_of:
            continue  # pages of another kind's entities (checklists) are counted below
        elsewhere = {f for other in page_kinds() if other.page_of == kind.key for f in other.page_fields}
        cited_by_id = [link.field for link in links_from(kind.key) if link.target == "references"]
        for ident, entity in model.entities(kind.key).items():
            shown = {k: v for k, v in entity.items() if k not in elsewhere}
            keys = _keys(shown) + [key for f in cited_by_id for key in entity.get(f, [])]
            add(keys, kind.page_url(ident), entity["title"])
    checklist_pages = [(f"checklists/{GENERAL_CHECKLIST}/", s.get("nav.general_checklist", GENERAL_CHECKLIST), None)]
    checklist_pages += [(f"checklists/{ident}/", checklist_title(model, role), role)
                        for ident, role in model.roles.items()]
    on_checklists: dict[str, list[tuple]] = {}
    for url, title, role in checklist_pages:
        for key in checklist_citation_keys(model, role):
            on_checklists.setdefault(key, []).append((url, title))
    for key, pages in on_checklists.items():
        if len(pages) == len(checklist_pages) and len(pages) > 2:
            # Cited in a question every checklist shows: one link, not a dozen.
            pages = [("checklists/", s.get("references.all_checklists", "All checklists"))]
        for url, title in pages:
            add([key], url, title)
    add(_keys(model.strategy), "strategy/", s.get("nav.strategy", "Strategy"))
    add(_keys(model.glossary), "glossary/", s.get("nav.glossary", "Glossary"))
    return out


# ----------------------------------------------------------------------------- page renderers


class PageRenderers:
    """The functions the macros expose; each renders one piece of page content from the model."""

    def __init__(self, model: Model, docs_dir: Path, schema_dir: Path, site_url: str = ""):
        self.model = model
        self.renderer = Renderer(model)
        self.docs_dir = docs_dir
        self.schema_dir = schema_dir
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self._cited_by = None

    def entity_page(self, kind: str, ident: str, page_url: str) -> str:
        """The page of one entity, from its kind's template (kinds.KINDS); the template finds the
        entity under the kind's own name (role, challenge, case) and as `entity`."""
        spec = KINDS[kind]
        entity = self.model.entities(kind)[ident]
        return self.renderer.render(spec.template, page_url, **{spec.context or "entity": entity}, entity=entity)

    def checklist_data(self, ident: str | None, stages: list[dict] | None = None) -> dict:
        """What the checklist script needs: ids and statuses for saving, and every column and label of
        the blank downloads (exports.py) so that its filled-in Markdown and CSV have the same shape."""
        role = self.model.roles.get(ident) if ident else None
        s = self.model.strings
        checklist = ident or GENERAL_CHECKLIST
        stages = stages if stages is not None else checklist_stages(self.model, role)
        questions = [
            {"id": row["id"], "number": row["number"], "text": row["question"], "stage": row["stage_number"],
             "guidance": row["guidance"], "tailored": row["tailored"], "why": row["why"], "involve": row["involve"]}
            for row in checklist_rows(self.model, role, stages)
        ]
        label_keys = ["checklist.printed_from", "checklist.stage", "checklist.for_this_role", "checklist.general_guidance",
                      "checklist.why", "checklist.involve"] + [f"csv.{c}" for c in CSV_COLUMNS]
        return {
            "schema": "lived-experience-checklist",
            "version": 1,
            "checklist": checklist,
            "title": role["title"] if role else s.get("checklist.general_title", ""),
            "heading": checklist_title(self.model, role),
            "address": f"{self.site_url}checklists/{checklist}/" if self.site_url else "",
            "stages": [{"number": stage["number"], "title": stage["title"]} for stage in stages],
            "questions": questions,
            "statuses": {status: s.get(f"status.{status}", status) for status in STATUSES},
            "csv_columns": CSV_COLUMNS,
            "labels": {key: s.get(key, key) for key in label_keys},
            "strings": {k[len("js."):]: v for k, v in s.items() if k.startswith("js.")},
        }

    def checklist_page(self, ident: str | None, page_url: str) -> str:
        role = self.model.roles.get(ident) if ident else None
        stages = checklist_stages(self.model, role)
        return self.renderer.render(
            "checklist.md.j2", page_url, role=role, title=checklist_title(self.model, role), checklist_id=ident or GENERAL_CHECKLIST,
            stages=stages, statuses=STATUSES, checklist_json=self.checklist_data(ident, stages), site_url=self.site_url,
        )

    TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

    def tool_page(self, name: str, page_url: str) -> str:
        """A tool's page (templates/tools/<name>.md.j2). The template reads the model directly and
        embeds what its script needs as JSON (`|tojson` in a <script type="application/json">)."""
        if not self.TOOL_NAME.match(name or ""):
            raise ValueError(f"unknown tool page {name!r}")
        return self.renderer.render(f"tools/{name}.md.j2", page_url, site_url=self.site_url)

    def role_catalogue(self, page_url: str, target: str = "roles") -> str:
        s = self.model.strings
        groups = []
        families, levels = enum(self.schema_dir, "role", "family"), enum(self.schema_dir, "role", "level")
        for family in families:
            roles = [r for r in self.model.roles.values() if r["family"] == family]
            roles.sort(key=lambda r: (levels.index(r["level"]), r["title"].lower()))
            if roles:
                groups.append((family, s.get(f"family.{family}", family), roles))
        present_levels = {r["level"] for r in self.model.roles.values()}
        return self.renderer.render(
            "role_catalogue.md.j2", page_url, groups=groups, target=target,
            families_present=[(f, label) for f, label, _ in groups],
            levels_present=[(lv, s.get(f"level.{lv}", lv)) for lv in levels if lv in present_levels],
        )

    def challenge_catalogue(self, page_url: str) -> str:
        s = self.model.strings
        groups = []
        for scope in enum(self.schema_dir, "challenge", "scope"):
            items = sorted((c for c in self.model.challenges.values() if c["scope"] == scope), key=lambda c: c["title"].lower())
            if items:
                groups.append((scope, s.get(f"scope.{scope}.plural", scope), items))
        return self.renderer.render("challenge_catalogue.md.j2", page_url, groups=groups,
                                    scopes_present=[(sc, s.get(f"scope.{sc}", sc)) for sc, _, _ in groups])

    def case_study_catalogue(self, page_url: str) -> str:
        return self.renderer.render("case_study_catalogue.md.j2", page_url, items=list(self.model.case_studies.values()))

    def strategy(self, page_url: str) -> str:
        return self.renderer.render("strategy.md.j2", page_url)

    def cited_by(self) -> dict[str, list[dict]]:
        if self._cited_by is None:
            merged = entity_citations(self.model)
            for key, pages in docs_citations(self.docs_dir).items():
                merged.setdefault(key, []).extend(pages)
            self._cited_by = merged
        return self._cited_by

    def reference_list(self, page_url: str) -> str:
        keys = sorted(self.model.paper_references(), key=lambda k: citations.sort_key(self.model, k))
        cited = self.cited_by()
        entries = [dict(citations.entry(self.model, k), cited_by=cited.get(k, [])) for k in keys]
        source = None
        if self.model.source_id:
            key = self.model.source_id
            source = dict(citations.entry(self.model, key), cited_by=cited.get(key, []))
        return self.renderer.render("references.md.j2", page_url, entries=entries, source=source)

    def glossary(self, page_url: str) -> str:
        terms = sorted(self.model.glossary, key=lambda t: t["term"].lower())
        titles = {t["id"]: t["term"] for t in terms}
        return self.renderer.render("glossary.md.j2", page_url, terms=terms, glossary_titles=titles)
