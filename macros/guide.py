"""One guide per build: the model, its generated pages and the views the macros call, built once and
shared by the hooks, the macros and the command line.

`Guide.files()` is the one plain function that makes everything the site needs beyond the
hand-written pages: the generated pages (as Markdown stubs) and the exports and downloads. The MkDocs
hook adds the pages to the build and writes the exports after it; `python -m macros generate`
writes both as files for an engine without hooks.
"""

from __future__ import annotations

import pickle
import platform
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import exports
from .data import cache
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
    views: Views | RememberedViews
    site_url: str = ""
    cache_key: str = ""
    remembered: bool = False  # the model came from the cache

    @classmethod
    def build(cls, cfg: GuideConfig, site_url: str = "") -> Guide:
        """Load and check every data file; raises DataErrors listing every problem. A build whose inputs
        (data, overlay, hand-written pages, code, settings, library versions) are byte for byte those
        of a build before it takes the checked model, its pages and the pages' rendered pieces from
        the cache instead (data/cache.py); anything else builds and checks them afresh."""
        folder = cache.cache_dir(cfg.project_dir)
        key = build_key(cfg, site_url) if folder is not None else ""  # no cache: nothing to look up by it
        remembered = _unpickled(cache.load(folder, f"{key}.pickle"))  # None when the cache is off
        if remembered is not None:
            model, pages, memo = remembered
        else:
            model = build_model(cfg)
            pages, memo = generated_pages(model), {}
        views = Views(model, cfg.docs_dir, cfg.schema_dir, site_url)
        if folder is not None:  # with the cache off, nothing would read the rendered pieces again: keep no copy
            views = RememberedViews(views, memo)
        return cls(cfg, model, pages, views, site_url, cache_key=key, remembered=remembered is not None)

    def handwritten(self, markdown: str, src_uri: str, hidden: frozenset[str]) -> str:
        """A hand-written page's Markdown as the site shows it (pages/handwritten.transform), once per
        set of inputs: the result depends only on the text, the page's path, the hidden pages and the
        model (build_key), so a build with the same inputs takes it from the cache."""
        views = self.views
        if not isinstance(views, RememberedViews):
            return handwritten.transform(markdown, self.model, src_uri, hidden)
        key = ("handwritten", markdown, src_uri, hidden)
        if key not in views.memo:
            views.memo[key] = handwritten.transform(markdown, self.model, src_uri, hidden)
            views.added += 1
        return views.memo[key]

    def remember(self) -> None:
        """Keep this build's model, pages and rendered pieces for the next build with the same inputs."""
        views = self.views
        if isinstance(views, RememberedViews) and (views.added or not self.remembered):
            folder = cache.cache_dir(self.cfg.project_dir)
            cache.save(folder, f"{self.cache_key}.pickle", pickle.dumps((self.model, self.pages, views.memo)))

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

    def page_files(self) -> dict[str, str]:
        """The generated pages, by docs-relative path."""
        return {page.src_uri: page.content for page in self.pages}

    def files(self) -> tuple[dict[str, str], dict[str, str]]:
        """Everything the data makes: (generated pages by docs-relative path, exports by site path)."""
        return self.page_files(), self.export_files()


    def write_exports(self, site_dir: Path) -> list[Path]:
        """Write the exports and downloads into a built site. The files are kept in the cache
        (data/cache.py) under a key made from every input they depend on, so a build with the same
        data, overlay, code and library versions copies them instead of making them again. Returns the
        paths written."""
        folder = cache.cache_dir(self.cfg.project_dir)
        if folder is None:  # the cache is off: make them, and work out no key to keep them under
            return exports.write_all(self.model, site_dir, self.cfg.schema_dir, self.site_url)
        key = cache.fingerprint(
            [self.cfg.data_dir, self.cfg.overlay_dir, CODE_DIR],
            ["exports", platform.python_version(), repr(self.cfg), self.site_url, *cache.versions(EXPORT_LIBRARIES)],
        )
        restored = cache.restore(folder, key, site_dir)
        if restored is not None:
            return restored
        written = exports.write_all(self.model, site_dir, self.cfg.schema_dir, self.site_url)
        cache.store(folder, key, site_dir, written)
        return written


# the libraries whose output is in the exports: a new version may write different bytes
EXPORT_LIBRARIES = (
    "python-docx", "Jinja2", "MarkupSafe", "Markdown", "PyYAML", "jsonschema", "pybtex", "rispy", "lxml",
)
# the libraries that check the data and render the pages' pieces
BUILD_LIBRARIES = ("Jinja2", "MarkupSafe", "Markdown", "PyYAML", "jsonschema", "pymdown-extensions")
CODE_DIR = Path(__file__).resolve().parent


def build_key(cfg: GuideConfig, site_url: str) -> str:
    """What the model and the rendered pieces depend on: the data, a fork's overlay, the hand-written
    pages (the references page lists where they cite), this code and its templates, the settings."""
    return cache.fingerprint(
        [cfg.data_dir, cfg.overlay_dir, cfg.docs_dir, CODE_DIR],
        ["model", platform.python_version(), repr(cfg), site_url, *cache.versions(BUILD_LIBRARIES)],
    )


# the Views methods whose result depends only on their arguments and the inputs of build_key
REMEMBERED = frozenset({
    "entity_page", "checklist_page", "tool_page", "questions_introduction", "keywords", "role_catalogue",
    "challenge_catalogue", "case_study_catalogue", "strategy", "reference_list", "glossary",
})


@dataclass
class RememberedViews:
    """The views, each page piece rendered once per set of inputs: a piece rendered by an earlier build
    with the same build_key comes from `memo`. Everything else goes to the views themselves."""

    views: Views
    memo: dict = field(default_factory=dict)
    added: int = 0

    def __getattr__(self, name: str):
        method = getattr(self.views, name)
        if name not in REMEMBERED:
            return method

        def remembered(*args, **kwargs):
            key = (name, args, tuple(sorted(kwargs.items())))
            if key not in self.memo:
                self.memo[key] = method(*args, **kwargs)
                self.added += 1
            return self.memo[key]

        return remembered

def _unpickled(data: bytes | None) -> tuple | None:
    """A cache entry written by Guide.remember (this code, from these inputs: see data/cache.py), or
    None when there is none or it cannot be read (cut short, written by another version of Python)."""
    if data is None:
        return None
    try:
        value = pickle.loads(data)
    except Exception:  # any damage to the file: build afresh
        return None
    return value if isinstance(value, tuple) and len(value) == 3 else None


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
