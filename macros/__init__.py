"""The lived experience roles guide: data model, validation and rendering for MkDocs.

`define_env` is the entry point of mkdocs-macros-plugin: it registers the few functions that pages
call. Each renders a Jinja template from the model; YAML text is never evaluated as a template.
The page macros of the kinds of content (`role_page`, `challenge_page`, …) come from the registry
of kinds (kinds.py); the rest are listed here.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

if __name__ not in sys.modules:  # run from its file by an engine that does not import it (Zensical)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    importlib.import_module(__name__)

from .guide import guide_for
from .kinds import page_kinds
from .pages.markup import md_text


def define_env(env):
    def views():
        return guide_for(env.conf).views

    def page_url() -> str:
        page = env.page
        return page.url if page is not None else ""

    def entity_page_macro(kind: str):
        def page(ident: str) -> str:
            return views().entity_page(kind, ident, page_url())

        return page

    for kind in page_kinds():
        if kind.page_of is None:
            env.macro(entity_page_macro(kind.key), kind.macro)

    @env.macro
    def checklist_page(ident: str | None = None) -> str:
        return views().checklist_page(ident, page_url())

    @env.macro
    def questions_introduction() -> str:
        return views().questions_introduction(page_url())

    @env.macro
    def role_catalogue() -> str:
        return views().role_catalogue(page_url())

    @env.macro
    def checklist_catalogue() -> str:
        return views().role_catalogue(page_url(), target="checklists")

    @env.macro
    def challenge_catalogue() -> str:
        return views().challenge_catalogue(page_url())

    @env.macro
    def case_study_catalogue() -> str:
        return views().case_study_catalogue(page_url())

    @env.macro
    def strategy() -> str:
        return views().strategy(page_url())

    @env.macro
    def reference_list() -> str:
        return views().reference_list(page_url())

    @env.macro
    def glossary() -> str:
        return views().glossary(page_url())

    @env.macro
    def tool_page(name: str) -> str:
        """A page of one of the guide's tools (my work, self-assessment): templates/tools/<name>.md.j2."""
        return views().tool_page(name, page_url())

    @env.macro
    def count(kind: str) -> int:
        """How many items a kind has (kinds.KINDS): count("roles"), count("questions")."""
        return len(guide_for(env.conf).model.ids(kind))

    @env.macro
    def string(key: str) -> str:
        """An interface string, escaped for use in Markdown (strings are data too)."""
        return md_text(guide_for(env.conf).model.strings.get(key, key))
