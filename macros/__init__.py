"""The lived experience roles guide: data model, validation and rendering for MkDocs.

`define_env` is the entry point of mkdocs-macros-plugin: it registers the few functions that pages
call. Each renders a Jinja template from the model; YAML text is never evaluated as a template.
"""

from __future__ import annotations


from .markup import md_text
from .runtime import guide_for


def define_env(env):
    def renderers():
        return guide_for(env.conf).renderers

    def page_url() -> str:
        page = env.page
        return page.url if page is not None else ""

    @env.macro
    def role_page(ident: str) -> str:
        return renderers().role_page(ident, page_url())

    @env.macro
    def checklist_page(ident: str | None = None) -> str:
        return renderers().checklist_page(ident, page_url())

    @env.macro
    def challenge_page(ident: str) -> str:
        return renderers().challenge_page(ident, page_url())

    @env.macro
    def case_study_page(ident: str) -> str:
        return renderers().case_study_page(ident, page_url())

    @env.macro
    def role_catalogue() -> str:
        return renderers().role_catalogue(page_url())

    @env.macro
    def checklist_catalogue() -> str:
        return renderers().role_catalogue(page_url(), target="checklists")

    @env.macro
    def challenge_catalogue() -> str:
        return renderers().challenge_catalogue(page_url())

    @env.macro
    def case_study_catalogue() -> str:
        return renderers().case_study_catalogue(page_url())

    @env.macro
    def strategy() -> str:
        return renderers().strategy(page_url())

    @env.macro
    def reference_list() -> str:
        return renderers().reference_list(page_url())

    @env.macro
    def glossary() -> str:
        return renderers().glossary(page_url())

    @env.macro
    def tool_page(name: str) -> str:
        """A page of one of the guide's tools (my work, self-assessment): templates/tools/<name>.md.j2."""
        return renderers().tool_page(name, page_url())

    @env.macro
    def count(kind: str) -> int:
        model = guide_for(env.conf).model
        return len(model.questions if kind == "questions" else model.steps if kind == "steps" else model.entities(kind))

    @env.macro
    def string(key: str) -> str:
        """An interface string, escaped for use in Markdown (strings are data too)."""
        return md_text(guide_for(env.conf).model.strings.get(key, key))
