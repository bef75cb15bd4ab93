"""The Zensical adapter: the guide's whole source as an engine without MkDocs hooks needs it.

`python -m macros generate --zensical [DIR]` writes into DIR (default `.zensical/`):

- `DIR/docs/`: every page of the site as the Markdown MkDocs would hand to Python-Markdown after
  the macros plugin and the guide's hooks — a fork's overlay pages and language variants in place,
  hidden pages left out, a fork's terms applied, the macros rendered (generated pages included),
  the "Also searched for" line added, citations linked and abbreviations explained — and every
  other file of the docs folder (stylesheets, scripts, images, a fork's assets);
- `DIR/held/`: the pages' finished HTML blocks, each in a file the page includes with a
  pymdownx.snippets line (pages/held_html.as_snippets);
- `DIR/overrides/`: the theme overrides that fit Zensical's templates, and the exports and
  downloads (api/, downloads/), which Zensical copies into the site as it copies any file of the
  theme's folder that is not a template (`.md` files there included, unlike the docs folder's);
- `DIR/mkdocs.yml`: the build's config with its INHERIT chain merged, hooks and the macros plugin
  left out (their work is done), the fork's navigation changes applied, paths made absolute, and
  the interface strings the theme overrides show (`extra.guide_strings`).

Then `zensical build -f mkdocs.zensical.yml` builds the whole site, exports and downloads included,
into the config's `site_dir`. The same functions make the pages as in a MkDocs build (guide.py,
pages/, the macros' `define_env`); only the order of calls is this module's. What a site loses on
Zensical is listed in the README.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import jinja2

from . import define_env
from .errors import DataErrors
from .guide import Guide, guide_for
from .model.terms import FRONT_MATTER
from .pages import handwritten, held_html, overlay_pages
from .pages.generated import is_generated, yaml_text

RENDER_MACROS = "render_macros: true"
HELD = "held"  # DIR/held/: the pages' finished HTML blocks, which the pages include as snippets
THEME = "overrides"  # DIR/overrides/: the theme's custom_dir: the overrides that fit, and the exports
# Zensical reads a relative address in a page's HTML from the page's source file, MkDocs from its
# address; a page's source at <address>/index.md makes the two the same. Links written by hand
# (Markdown and HTML, outside code) are moved with the page.
CODE = re.compile(r"(^(`{3,}|~{3,})[^\n]*\n.*?^\2[ \t]*$|`+[^`\n]*`+)", re.DOTALL | re.MULTILINE)
LINK_TARGETS = re.compile(
    r"(?P<a>!?\[[^\]\n]*\]\()(?P<t>[^)\s]+)|(?P<b>^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<u>\S+)"
    r"|(?P<c>\b(?:href|src)=\")(?P<h>[^\"]+)",
    re.MULTILINE,
)
# The theme overrides that fit Zensical's templates and need no hook; the others are copies of
# Material's templates (Zensical's own replace them) or read what only the MkDocs hook provides.
FITS_ZENSICAL = frozenset({"404.html", "main.html", "partials/language.html", "partials/source.html"})
NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\{\{)")


def page_url(src_uri: str) -> str:
    """The address of a page (use_directory_urls): roles/index.md → roles/, why/drivers.md → why/drivers/."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def staged_path(src_uri: str) -> str:
    """Where a page's source goes in the staged docs: a.md → a/index.md (index pages stay)."""
    if not src_uri.endswith(".md") or src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri[: -len(".md")] + "/index.md"


def rebase_links(markdown: str, old_src: str, new_src: str) -> str:
    """Relative link targets of a hand-written page, as seen from the page's new source path."""
    old_dir, new_dir = posixpath.dirname(old_src), posixpath.dirname(new_src)

    def target(value: str) -> str:
        if NOT_RELATIVE.match(value):
            return value
        path, hash_, fragment = value.partition("#")
        if not path:
            return value
        resolved = posixpath.normpath(posixpath.join(old_dir, path))
        moved = posixpath.relpath(staged_path(resolved) if resolved.endswith(".md") else resolved, new_dir or ".")
        return moved + ("/" if path.endswith("/") and not moved.endswith("/") else "") + hash_ + fragment

    def one(match: re.Match) -> str:
        prefix = match.group("a") or match.group("b") or match.group("c")
        return prefix + target(match.group("t") or match.group("u") or match.group("h"))

    out, at = [], 0
    for code in CODE.finditer(markdown):
        out += [LINK_TARGETS.sub(one, markdown[at : code.start()]), code.group(0)]
        at = code.end()
    return "".join(out) + LINK_TARGETS.sub(one, markdown[at:])


def split_front_matter(markdown: str) -> tuple[str, str]:
    match = FRONT_MATTER.match(markdown)
    return (markdown[: match.end()], markdown[match.end() :]) if match else ("", markdown)


class _Page:
    def __init__(self, src_uri: str):
        self.url = page_url(src_uri)
        self.file = src_uri


class _MacrosEnv:
    """What `define_env` needs from mkdocs-macros: `conf`, `page`, and `macro()` to register with."""

    def __init__(self, conf):
        self.conf, self.page = conf, None
        self.macros: dict = {}
        self.filters: dict = {}
        self.variables: dict = {}

    def macro(self, fn=None, name: str | None = None):
        if fn is None:
            return lambda f: self.macro(f, name)
        self.macros[name or fn.__name__] = fn
        return fn

    def filter(self, fn=None, name: str | None = None):
        if fn is None:
            return lambda f: self.filter(f, name)
        self.filters[name or fn.__name__] = fn
        return fn


class MacroRenderer:
    """Renders the body of a page that opts in to macros, as mkdocs-macros does (strict undefined)."""

    def __init__(self, conf):
        self.env = _MacrosEnv(conf)
        define_env(self.env)
        self.jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # noqa: S701 - Markdown out
        self.jinja.globals.update(self.env.macros)
        self.jinja.filters.update(self.env.filters)
        self.conf = conf

    def render(self, markdown: str, src_uri: str) -> str:
        front, body = split_front_matter(markdown)
        self.env.page = _Page(src_uri)
        return front + self.jinja.from_string(body).render(config=self.conf, page=self.env.page)


def _opts_in(markdown: str) -> bool:
    match = FRONT_MATTER.match(markdown)
    return bool(match) and RENDER_MACROS in match.group(2)


def source_pages(guide: Guide) -> dict[str, Path | str]:
    """Every file of the site's source: docs path → the text of a page (read once), or a file to
    copy. A fork's overlay pages and assets replace or add files; hidden pages and
    other languages' variants go; a stub `generate` wrote earlier gives way to the page itself."""
    docs = guide.cfg.docs_dir
    files: dict[str, Path | str] = {
        p.relative_to(docs).as_posix(): p
        for p in sorted(docs.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    }
    for src, path in list(files.items()):
        if src.endswith(".md"):
            text = path.read_text(encoding="utf-8-sig")
            if is_generated(text):
                del files[src]
            else:
                files[src] = text
    plan = guide.page_plan
    for src in plan.drop | plan.hide:
        files.pop(src, None)
    for src, path in {**plan.replace, **plan.add}.items():
        if src not in plan.hide:
            files[src] = path.read_text(encoding="utf-8-sig") if src.endswith(".md") else path
    problems = guide.page_problems(lambda src: src in files)
    if problems:
        raise DataErrors(problems)
    files.update(guide.page_files())
    return files


def page_markdown(
    guide: Guide, renderer: MacroRenderer, src_uri: str, text: str, generated: bool, held: dict[str, str]
) -> str:
    """A page's Markdown as MkDocs hands it to Python-Markdown (terms → macros → keywords → transforms),
    its finished HTML blocks in snippet files added to `held` (pages/held_html.as_snippets)."""
    new_src = staged_path(src_uri)
    if not generated:
        text = rebase_links(handwritten.with_terms(text, guide.model), src_uri, new_src)
    if generated or _opts_in(text):
        text, snippets = held_html.as_snippets(renderer.render(text, src_uri), posixpath.dirname(new_src) or "home")
        held.update(snippets)
    text += guide.views.keywords(page_url(src_uri))
    if generated:
        return text
    front, body = split_front_matter(text)
    hidden = frozenset(staged_path(src) for src in guide.hidden_sources | guide.page_plan.hide)
    references = staged_path(handwritten.REFERENCES_PAGE)
    body = handwritten.transform(body, guide.model, new_src, hidden, references)
    plan = guide.page_plan
    lang = plan.language_of(src_uri)
    if plan.differs(lang) and not _opts_in(front):  # as the MkDocs hook marks the article (on_post_page)
        body = f'<div lang="{lang}" markdown="1">\n\n{body}\n\n</div>\n'
    return front + body


def engine_config(
    raw: dict, config_file: Path, mkdocs_config, guide: Guide, docs: Path, overrides: Path, held: Path,
    templates: list[str],
) -> dict:
    """The config for the other engine: `raw`, the file's settings as written (INHERIT merged),
    with the hooks' work done. `mkdocs_config` is the same file as MkDocs reads it (absolute paths,
    a fork's language). The pages' finished HTML is in snippet files under `held`; `templates` are
    the texts of the theme overrides copied for it, whose interface strings the config carries."""
    raw = dict(raw)
    raw.pop("hooks", None)
    raw["docs_dir"] = os.path.relpath(docs, config_file.parent).replace(os.sep, "/")
    raw["markdown_extensions"] = _with_snippets(raw.get("markdown_extensions") or [], held)
    raw["site_dir"] = os.path.relpath(mkdocs_config["site_dir"], config_file.parent).replace(os.sep, "/")
    theme = dict(raw.get("theme") or {})
    # an edit link would name the staged file, not the one a contributor edits (see the README)
    theme["features"] = [f for f in theme.get("features") or [] if f != "content.action.edit"]
    # always a folder of its own: the exports are staged there, even for a site without overrides
    theme["custom_dir"] = os.path.relpath(overrides, config_file.parent).replace(os.sep, "/")
    raw["theme"] = theme
    plugins = []
    for entry in raw.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "macros":
            continue  # the pages are written with their macros rendered
        if name in ("search", "material/search"):
            loaded = mkdocs_config["plugins"].get("material/search") or mkdocs_config["plugins"].get("search")
            settings = dict(loaded.config)
            entry = {name: {key: settings[key] for key in ("separator", "pipeline", "fields") if settings.get(key)}}
        plugins.append(entry)
    raw["plugins"] = plugins
    nav = overlay_pages.apply_nav(raw.get("nav"), guide.page_plan)
    if nav is not None:
        raw["nav"] = _staged_nav(nav)
    if raw.get("not_in_nav"):
        raw["not_in_nav"] = "\n".join(
            ("/" if line.startswith("/") else "") + staged_path(line.lstrip("/")) if line.strip() else line
            for line in raw["not_in_nav"].splitlines()
        )
    extra = dict(raw.get("extra") or {})
    extra["guide_strings"] = strings_named(templates, guide.model.strings)
    extra["guide_material_language"] = mkdocs_config["extra"].get("guide_material_language", "en")
    raw["extra"] = extra
    return raw


def strings_named(templates: list[str], strings: dict[str, str]) -> dict[str, str]:
    """The interface strings that the theme overrides name (a key in quotes): all that Zensical's
    pages show of them (the 404 page's notfound.*). The whole table would be about 28 KB of config,
    which Zensical reads with PyYAML's Python loader at every build."""
    text = "\n".join(templates)
    return {key: value for key, value in strings.items() if f'"{key}"' in text or f"'{key}'" in text}


SNIPPETS = "pymdownx.snippets"


def _with_snippets(extensions: list, held: Path) -> list:
    """The Markdown extensions with pymdownx.snippets reading the held HTML: added, or, where the
    config already uses it, its own folders kept and the held folder added to them. The path is
    absolute: pymdownx.snippets reads a relative base_path from the folder Zensical is run in."""
    ours = held.resolve().as_posix()
    out, found = [], False
    for entry in extensions:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == SNIPPETS:
            found = True
            settings = dict(entry[name] or {}) if isinstance(entry, dict) else {}
            base = settings.get("base_path", ["."])
            settings["base_path"] = [*([base] if isinstance(base, str) else base), ours]
            entry = {SNIPPETS: settings}
        out.append(entry)
    return out if found else [*out, {SNIPPETS: {"base_path": [ours], "check_paths": True}}]


def _staged_nav(items):
    """The navigation with each page's staged source path."""
    if isinstance(items, list):
        return [_staged_nav(item) for item in items]
    if isinstance(items, dict):
        return {label: _staged_nav(value) for label, value in items.items()}
    if isinstance(items, str) and items.endswith(".md") and "://" not in items:
        return staged_path(items)
    return items


def source(raw: dict, config_file: Path, mkdocs_config, out: Path) -> tuple[dict[str, bytes], bytes]:
    """The site's source for Zensical: (its files by path under out: docs/ and overrides/, the text
    of its config, which goes beside the MkDocs config: config_path())."""
    guide = guide_for(mkdocs_config)
    renderer = MacroRenderer(mkdocs_config)
    generated = set(guide.pages_by_src)
    files: dict[str, bytes] = {}
    held: dict[str, str] = {}
    for src, source_file in source_pages(guide).items():
        if isinstance(source_file, str):  # a page's Markdown
            markdown = page_markdown(guide, renderer, src, source_file, src in generated, held)
            files["docs/" + staged_path(src)] = markdown.encode("utf-8")
        else:
            files["docs/" + src] = source_file.read_bytes()
    custom_dir = mkdocs_config["theme"].custom_dir
    overrides = {
        path.relative_to(custom_dir).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(Path(custom_dir).rglob("*") if custom_dir else [])
        if path.is_file() and path.relative_to(custom_dir).as_posix() in FITS_ZENSICAL
    }
    files.update((f"{THEME}/{rel}", text.encode("utf-8")) for rel, text in overrides.items())
    files.update((f"{HELD}/{name}", html.encode("utf-8")) for name, html in held.items())
    config = engine_config(
        raw, config_file, mkdocs_config, guide, out / "docs", out / THEME, out / HELD, list(overrides.values())
    )
    return files, _yaml(config).encode("utf-8")


def remove_stale(out: Path, keep: set[str]) -> None:
    """Files under out that this run did not write (`keep`: their paths under out) go, and so do
    folders left empty: a deleted role's page, its held HTML and its downloads."""
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(out).as_posix() not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def config_path(config_file: Path) -> Path:
    """Where the engine's config goes: beside the MkDocs config (Zensical builds only into a folder
    under its config's folder), mkdocs.yml → mkdocs.zensical.yml."""
    return config_file.with_name(config_file.stem + ".zensical.yml")


def _yaml(config: dict) -> str:
    header = "# Written by `python -m macros generate --zensical`: build output, do not edit or commit.\n"
    return header + yaml_text(config, width=100)
