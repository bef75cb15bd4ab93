"""One guide per build: the model, its generated pages and the views the macros call, built once and
shared by the hooks, the macros and the command line.

`Guide.files()` is the one plain function that makes everything the site needs beyond the
hand-written pages: the generated pages (as Markdown stubs) and the exports and downloads. The MkDocs
hook adds the pages to the build and writes the exports after it; `python -m macros generate`
writes both as files for an engine without hooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import exports
from .kinds import page_kinds
from .model import Model
from .model.build import build_model
from .pages import handwritten
from .pages.generated import GeneratedPage, clashes, generated_pages
from .pages.overlay_pages import PagePlan, page_plan
from .pages.views import Views
from .settings import GuideConfig


@dataclass
class Guide:
    cfg: GuideConfig
    model: Model
    pages: list[GeneratedPage]
    views: Views
    site_url: str = ""

    @classmethod
    def build(cls, cfg: GuideConfig, site_url: str = "") -> Guide:
        """Load and check every data file; raises DataErrors listing every problem."""
        model = build_model(cfg)
        return cls(cfg, model, generated_pages(model), Views(model, cfg.docs_dir, cfg.schema_dir, site_url), site_url)

    @cached_property
    def pages_by_src(self) -> dict[str, GeneratedPage]:
        """The generated pages by source path, built once (the hook looks a page up for every page)."""
        return {page.src_uri: page for page in self.pages}

    @cached_property
    def page_plan(self) -> PagePlan:
        """A fork's pages, navigation changes and assets (overlay docs/, assets/, nav.yml)."""
        return page_plan(self.cfg)

    @cached_property
    def hidden_sources(self) -> frozenset[str]:
        """Source paths of the pages a fork's hidden entities would have had (for plain-text links)."""
        return frozenset(
            kind.page_src(ident)
            for source, ident in self.model.hidden
            for kind in page_kinds()
            if kind.source == source
        )

    def page_problems(self, is_handwritten) -> list:
        """Generated pages that would land on a hand-written one (`is_handwritten(src_uri)`), and
        hand-written pages whose front matter a fork's terms would break: the build, the Zensical
        source and `python -m macros validate` all ask this."""
        return clashes(self.pages, is_handwritten) + handwritten.terms_problems(self.model, self.cfg, self.pages_by_src)

    def export_files(self) -> dict[str, str]:
        """The exports and downloads, by their path in the site (api/guide.json, downloads/…)."""
        return exports.files(self.model, self.cfg.schema_dir, self.site_url)

    def files(self) -> tuple[dict[str, str], dict[str, str]]:
        """Everything the data makes: (generated pages by docs-relative path, exports by site path)."""
        return {page.src_uri: page.content for page in self.pages}, self.export_files()


_current: tuple[object, Guide] | None = None


def guide_for(config) -> Guide:
    """The guide for this MkDocs config, built on first use (one config object = one build).
    Raises DataErrors; the MkDocs hook turns them into the build's error."""
    global _current
    if _current is not None and _current[0] is config:
        return _current[1]
    guide = Guide.build(GuideConfig.from_mkdocs(config), config.get("site_url") or "")
    _current = (config, guide)
    return guide
