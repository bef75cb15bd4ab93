"""One guide per build: the model and its renderers, built once and shared by hook, macros and exports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mkdocs.exceptions import PluginError

from .config import GuideConfig
from .errors import DataErrors
from .build import build_model
from .model import Model
from .pages import GeneratedPage, PageRenderers, generated_pages
from .kinds import page_kinds


@dataclass
class Guide:
    cfg: GuideConfig
    model: Model
    pages: list[GeneratedPage]
    renderers: PageRenderers

    @cached_property
    def pages_by_src(self) -> dict[str, GeneratedPage]:
        """The generated pages by source path, built once (the hook looks a page up for every page)."""
        return {page.src_uri: page for page in self.pages}

    @cached_property
    def hidden_sources(self) -> frozenset[str]:
        """Source paths of the pages a fork's hidden entities would have had (for plain-text links)."""
        return frozenset(kind.page_src(ident) for source, ident in self.model.hidden
                         for kind in page_kinds() if kind.source == source)


_current: tuple[object, Guide] | None = None


def guide_for(config) -> Guide:
    """The guide for this MkDocs config, built on first use (one config object = one build)."""
    global _current
    if _current is not None and _current[0] is config:
        return _current[1]
    cfg = GuideConfig.from_mkdocs(config)
    try:
        model = build_model(cfg)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    guide = Guide(cfg, model, generated_pages(model), PageRenderers(model, cfg.docs_dir, cfg.schema_dir, config.get("site_url") or ""))
    _current = (config, guide)
    return guide
