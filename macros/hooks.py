"""MkDocs hook: the guide's events, each a few lines that call the engine.

on_config validates all the data (the build stops with every problem listed); on_files adds the
generated pages (guide.py) and applies a fork's terms to hand-written pages; on_page_markdown sets
edit links and runs the hand-written page transforms (pages/handwritten.py); on_env gives theme
templates the interface strings; on_page_context picks the stylesheets and scripts a page uses;
on_post_build writes the exports. Publishing only a clean build
is the second hook file, macros/publish.py.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from macros import build_memory  # noqa: E402
from macros.data.files import data_files, placeholders  # noqa: E402
from macros.errors import DataErrors  # noqa: E402
from macros.guide import Guide, guide_for  # noqa: E402
from macros.model.strings import Strings, load_strings  # noqa: E402
from macros.pages import handwritten, held_html, labels, navigation, overlay_pages, page_assets, search_terms  # noqa: E402
from macros.pages.generated import is_generated  # noqa: E402
from macros.pages.render import bytecode_cache, plain  # noqa: E402
from macros.pages.views import data_errors_page  # noqa: E402
from macros.settings import GuideConfig  # noqa: E402

log = logging.getLogger("mkdocs.plugins.guide")


_run: dict = {"command": None, "broken": None}  # broken: (config, report, error page, strings) under serve


def on_startup(command, dirty):
    """The build prints what a contributor needs: the macros plugin's start-up lines only with --verbose."""
    _run["command"] = command
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


def _guide(config) -> Guide:
    try:
        return guide_for(config)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None


def _broken(config) -> tuple | None:
    """Under `mkdocs serve`, the data's problems while they last (the site shows them instead)."""
    broken = _run["broken"]
    return broken if broken is not None and broken[0] is config else None


def _watch(config, cfg: GuideConfig) -> None:
    config.watch.extend(str(cfg.project_dir / d) for d in ("data", "macros") if (cfg.project_dir / d).is_dir())
    if cfg.overlay_dir and cfg.overlay_dir.is_dir():
        config.watch.append(str(cfg.overlay_dir))


@event_priority(100)  # before the search plugin reads theme.language (a fork's language, any language)
def on_config(config):
    _run["broken"] = None
    build_memory.hold()  # MkDocs, the theme and the plugins, loaded: they live as long as the build
    try:
        overlay_pages.configure_language(config, log)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    try:
        guide = guide_for(config)  # validates all data; stops the build with every problem listed
    except DataErrors as exc:
        if _run["command"] != "serve":
            raise PluginError(exc.report()) from None
        # `mkdocs serve` keeps running: every page shows the problems until the files are fixed
        cfg = GuideConfig.from_mkdocs(config)
        log.error(exc.report())
        strings = load_strings(cfg, [])
        _run["broken"] = (config, exc.report(), data_errors_page(strings, exc.report()), strings)
        _watch(config, cfg)
        return config
    build_memory.hold()  # and so does the checked model
    for left in placeholders(guide.cfg, data_files(guide.cfg)):  # a warning: a strict build stops here
        log.warning("%s; replace it with real content (python -m macros validate lists them all)", left)
    _watch(config, guide.cfg)
    return config


def on_files(files, config):
    if broken := _broken(config):
        for file in files.documentation_pages():
            file.content_string = broken[2]
        return files
    guide = _guide(config)
    _fork_pages(files, config, guide)  # a fork's overlay docs/, assets/, language variants and nav.yml
    for file in files.documentation_pages():  # a fork's terms reach hand-written pages too
        if guide.model.term_replacer is not None and file.src_uri not in guide.pages_by_src:
            file.content_string = handwritten.with_terms(file.content_string, guide.model)
    def is_handwritten(src_uri: str) -> bool:
        existing = files.get_file_from_path(src_uri)
        return existing is not None and not is_generated(existing.content_string)

    # the same checks as `python -m macros validate`: ids that clash with hand-written pages, and
    # terms that would break a hand-written page's front matter
    if problems := guide.page_problems(is_handwritten):
        raise PluginError(DataErrors(problems).report())
    for page in guide.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)  # written earlier by `python -m macros generate`: this build makes it afresh
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
    if unknown := search_terms.unknown_pages(guide.model, [f.url for f in files.documentation_pages()]):
        raise PluginError(DataErrors(unknown).report())
    return files


def on_nav(nav, config, files):
    """Generated pages hang under their catalogue in the navigation: breadcrumbs, highlighted section."""
    if not _broken(config):
        pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
        navigation.attach_parents(_guide(config).pages, {p.file.src_uri: p for p in nav.pages}, pages)
    return nav


def on_page_markdown(markdown, page, config, files):
    if _broken(config):
        return markdown
    # the finished HTML blocks the macros plugin made, kept on the page until it is HTML (pages/held_html.py)
    markdown, page.guide_held_html = held_html.lift(markdown)
    guide = _guide(config)
    markdown += guide.views.keywords(page.url)  # data/search.yml: words readers type for this page
    spec = guide.pages_by_src.get(page.file.src_uri)
    if spec is not None:
        _edit_data_file(page, config, spec.data_path)
        return markdown
    overlay_source = guide.page_plan.replace.get(page.file.src_uri) or guide.page_plan.add.get(page.file.src_uri)
    if overlay_source is not None:  # a fork's page (or a language variant): edit that file, not upstream's
        _edit_data_file(page, config, guide.cfg.display(overlay_source))
    if page.meta.get("data_file"):  # a hand-written page drawn from one data file: edit that file
        _edit_data_file(page, config, str(page.meta["data_file"]))
    try:
        hidden = guide.hidden_sources | guide.page_plan.hide
        return guide.handwritten(markdown, page.file.src_uri, hidden)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None


def _fork_pages(files, config, guide: Guide) -> None:
    """Overlay pages and assets replace or add files; other languages' variants and hidden pages go;
    the nav gets the fork's renames; a configured logo, favicon or stylesheet must exist."""
    try:
        plan = guide.page_plan
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    for src in sorted(plan.drop | plan.hide):
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
    for src, path in {**plan.replace, **plan.add}.items():
        if src in plan.hide:
            continue
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        in_nav = any(src in entry.values() for entry in plan.nav_add)
        inclusion = InclusionLevel.NOT_IN_NAV if src in plan.add and src.endswith(".md") and not in_nav else (
            InclusionLevel.UNDEFINED
        )
        files.append(_file_at(src, path, config, inclusion))
    if config.get("nav") is not None:
        nav = overlay_pages.apply_nav(config["nav"], plan)  # also records each label's language
        if plan.rename or plan.hide or plan.hide_in_nav or plan.nav_add:
            config["nav"] = nav
    present = {file.src_uri for file in files}
    for problem in overlay_pages.missing_theme_files(config, present):
        log.warning(problem)


def _file_at(src: str, path: Path, config, inclusion) -> File:
    """A file of the site at `src` whose content comes from `path` (an overlay file, a language variant)."""
    file = File(src, None, config["site_dir"], config["use_directory_urls"], inclusion=inclusion)
    file.abs_src_path = str(path)
    return file


# A page's Markdown is let go once it is HTML, and its HTML once the page is written: MkDocs converts
# every page before it writes any, and holding all their text (every checklist's twice) to the end
# of the build took most of its memory. Empty strings, not None, so that MkDocs still gives each
# page its title (from its front matter or its first heading), as the navigation of later pages shows.
@event_priority(-100)  # after every plugin's, so that none of them looks for the text let go here
def on_page_content(html, page, config, files):
    page.markdown = ""
    blocks = getattr(page, "guide_held_html", None) or []  # the HTML Markdown passed over
    page.guide_held_html = []
    if blocks and page.present_anchor_ids is not None:
        page.present_anchor_ids |= held_html.anchors(blocks)  # for MkDocs's check of links to anchors
    return held_html.release(html, blocks)


@event_priority(-100)
def on_post_page(output, page, config):
    """A hand-written page whose text is in another language than the build's says so on its article."""
    if _broken(config):
        return output
    output = _article_language(output, page, config)
    page.content = ""
    return output


def _article_language(output: str, page, config) -> str:
    guide = _guide(config)
    if page.file.src_uri in guide.pages_by_src:
        return output  # generated pages mark each piece of text
    if page.meta.get("render_macros"):
        return output  # its macros mark each piece of text they show (the rest: see docs/localise.md)
    plan = guide.page_plan
    lang = plan.language_of(page.file.src_uri)
    return overlay_pages.mark_article_language(output, lang) if plan.differs(lang) else output


def on_page_context(context, page, config, nav):
    """Each page loads only the guide's stylesheets and scripts it uses (pages/page_assets.py)."""
    html = page.content or ""
    context["guide_extra_css"] = page_assets.needed(list(config.extra_css), html)
    context["guide_extra_javascript"] = page_assets.needed(list(config.extra_javascript), html)
    return context


def _edit_data_file(page, config, data_path: str) -> None:
    """Point the page's edit link at the YAML file behind it instead of a Markdown stub."""
    repo, edit = config.get("repo_url"), config.get("edit_uri")
    if repo and edit:
        root = re.sub(r"docs/?$", "", edit)
        page.edit_url = repo.rstrip("/") + "/" + root.lstrip("/") + data_path


def on_env(env, config, files):
    """Theme templates (overrides/, e.g. the 404 page) read interface text from the guide's strings,
    and the language of each navigation label they show (pages/labels.py); they load compiled from
    Jinja's bytecode cache after the first build."""
    broken = _broken(config)
    env.filters["plain"] = plain
    # Material's ~50 templates compile in every build (about 0.25 s); with a bytecode cache, once
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache()
    if broken:
        env.globals["guide_strings"] = Strings(broken[3])
        env.globals["guide_label_parts"] = lambda item: [(str(getattr(item, "title", item) or ""), "")]
        env.globals["guide_toc_lang"] = lambda page, item: ""
        return env
    guide = _guide(config)
    model = guide.model
    env.globals["guide_strings"] = Strings(model.strings, model.string_langs, model.language)
    nav_labels = labels.NavLabels(model, guide.page_plan, guide.pages_by_src)
    env.globals["guide_label_parts"] = nav_labels.parts
    env.globals["guide_toc_lang"] = nav_labels.toc_lang
    return env


def on_post_build(config):
    if _broken(config):
        build_memory.let_go()
        return
    guide = _guide(config)
    _add_search_keywords(Path(config.site_dir), guide)
    guide.write_exports(Path(config.site_dir))  # from the cache when nothing they depend on changed
    guide.remember()  # the checked model and rendered pieces, for the next build with the same inputs
    build_memory.let_go()


def on_build_error(error):
    build_memory.let_go()


def _add_search_keywords(site_dir: Path, guide: Guide) -> None:
    """After Material's search plugin has written its index (plugins run before hooks), give each page
    its keywords from data/search.yml (see pages/search_terms.py), and its tags once, not on every section."""
    path = site_dir / "search" / "search_index.json"
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        index = search_terms.without_repeated_tags(search_terms.with_keywords(index, guide.model))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
