"""The functions the macros expose (`define_env` in macros/__init__.py): each renders one piece of
page content from the model through a Jinja template."""

from __future__ import annotations

import re
from pathlib import Path

from ..kinds import KINDS, enum
from ..model import Model
from . import citations
from .checklists import (
    CSV_COLUMNS,
    GENERAL_CHECKLIST,
    STATUSES,
    checklist_rows,
    checklist_stages,
    checklist_title,
    introduction_paragraphs,
)
from .cited_by import docs_citations, entity_citations
from .render import Renderer
from .search_terms import keywords_for


class Views:
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
            {
                "id": row["id"],
                "number": row["number"],
                "text": row["question"],
                "stage": row["stage_number"],
                "guidance": row["guidance"],
                "tailored": row["tailored"],
                "why": row["why"],
                "involve": row["involve"],
            }
            for row in checklist_rows(self.model, role, stages)
        ]
        label_keys = [
            "checklist.printed_from",
            "checklist.stage",
            "checklist.for_this_role",
            "checklist.general_guidance",
            "checklist.why",
            "checklist.involve",
            "questions.intro_heading",
        ] + [f"csv.{c}" for c in CSV_COLUMNS]
        return {
            "schema": "lived-experience-checklist",
            "version": 1,
            "checklist": checklist,
            "title": role["title"] if role else s.get("checklist.general_title", ""),
            "heading": checklist_title(self.model, role),
            "address": f"{self.site_url}checklists/{checklist}/" if self.site_url else "",
            "introduction": introduction_paragraphs(self.model),
            "stages": [{"number": stage["number"], "title": stage["title"]} for stage in stages],
            "questions": questions,
            "statuses": {status: s.get(f"status.{status}", status) for status in STATUSES},
            "csv_columns": CSV_COLUMNS,
            "labels": {key: s.get(key, key) for key in label_keys},
            "strings": {k[len("js.") :]: v for k, v in s.items() if k.startswith("js.")},
        }

    def checklist_page(self, ident: str | None, page_url: str) -> str:
        role = self.model.roles.get(ident) if ident else None
        stages = checklist_stages(self.model, role)
        return self.renderer.render(
            "checklist.md.j2",
            page_url,
            role=role,
            title=checklist_title(self.model, role),
            checklist_id=ident or GENERAL_CHECKLIST,
            stages=stages,
            statuses=STATUSES,
            checklist_json=self.checklist_data(ident, stages),
            site_url=self.site_url,
        )

    TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

    def tool_page(self, name: str, page_url: str) -> str:
        """A tool's page (templates/tools/<name>.md.j2). The template reads the model directly and
        embeds what its script needs as JSON (`|tojson` in a <script type="application/json">)."""
        if not self.TOOL_NAME.match(name or ""):
            raise ValueError(f"unknown tool page {name!r}")
        return self.renderer.render(f"tools/{name}.md.j2", page_url, site_url=self.site_url)

    def questions_introduction(self, page_url: str) -> str:
        """The paper's framing of the fundamental questions and its reading list (questions.yml)."""
        return self.renderer.render("questions_intro.md.j2", page_url)

    def keywords(self, page_url: str) -> str:
        """The page's "Also searched for" line (data/search.yml), or nothing."""
        words = keywords_for(self.model, page_url)
        return self.renderer.render("keywords.md.j2", page_url, keywords=words) if words else ""

    def role_catalogue(self, page_url: str, target: str = "roles") -> str:
        s = self.renderer.strings  # labels that fell back to English mark themselves in the page
        groups = []
        families, levels = enum(self.schema_dir, "role", "family"), enum(self.schema_dir, "role", "level")
        for family in families:
            roles = [r for r in self.model.roles.values() if r["family"] == family]
            roles.sort(key=lambda r: (levels.index(r["level"]), r["title"].lower()))
            if roles:
                groups.append((family, s.get(f"family.{family}", family), roles))
        present_levels = {r["level"] for r in self.model.roles.values()}
        return self.renderer.render(
            "role_catalogue.md.j2",
            page_url,
            groups=groups,
            target=target,
            families_present=[(f, label) for f, label, _ in groups],
            levels_present=[(lv, s.get(f"level.{lv}", lv)) for lv in levels if lv in present_levels],
        )

    def challenge_catalogue(self, page_url: str) -> str:
        s = self.renderer.strings
        groups = []
        for scope in enum(self.schema_dir, "challenge", "scope"):
            items = sorted(
                (c for c in self.model.challenges.values() if c["scope"] == scope), key=lambda c: c["title"].lower()
            )
            if items:
                groups.append((scope, s.get(f"scope.{scope}.plural", scope), items))
        return self.renderer.render(
            "challenge_catalogue.md.j2",
            page_url,
            groups=groups,
            scopes_present=[(sc, s.get(f"scope.{sc}", sc)) for sc, _, _ in groups],
        )

    def case_study_catalogue(self, page_url: str) -> str:
        return self.renderer.render(
            "case_study_catalogue.md.j2", page_url, items=list(self.model.case_studies.values())
        )

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


def data_errors_page(strings: dict[str, str], report: str) -> str:
    """The page `mkdocs serve` shows in place of every page while the data has problems: the same
    report the terminal shows (file, line, field, how to fix), so a contributor sees it in the browser."""
    return Renderer(Model(strings=dict(strings))).render("data_errors.md.j2", "", report=report)
