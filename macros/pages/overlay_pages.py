"""A fork's pages, navigation and assets, by adding files only (plain functions; the hook calls them).

The overlay folder may hold:

- `docs/`: Markdown pages that replace the upstream page at the same path (`docs/index.md` replaces
  the home page) or add a page; any other file there (an image) is added or replaces too;
- language variants `<page>.<language>.md` (`index.cy.md`), in the overlay's `docs/` or upstream's
  docs folder: used instead of `<page>.md` in a build in that language, left out of every other build;
- `nav.yml`: `rename:` (page path or upstream section label → label), `hide:` (page paths: the page
  leaves the site and the navigation; links to it become plain text) and `hide_in_nav:` (page paths:
  the page stays, its navigation entry goes); `language:` for the labels' language;
- `assets/`: a logo, favicon and extra CSS, published at `assets/…` (`theme.logo: assets/logo.svg`).

The language of each page: upstream pages are English (or `extra.content_language`); an overlay page
is in the build's language unless its front matter says `language:`; a variant is in its language.
`page_plan(cfg)` reads all of it once; `apply_nav(nav, plan)` changes a MkDocs `nav` list;
`missing_theme_files(...)` finds a configured logo, favicon or stylesheet that does not exist.
`python -m macros generate` writes the same result for an engine without hooks.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..data.loader import load_file
from ..data.paths import confine
from ..errors import DataError, DataErrors, did_you_mean
from ..model.languages import check_language_tag, language_problem, material_language, primary
from ..settings import GuideConfig

VARIANT = re.compile(r"^(?P<base>.+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")
LANGUAGE_KEY = re.compile(
    r"\A---[ \t]*\n(?:.*\n)*?language:[ \t]*['\"]?([A-Za-z0-9-]+)['\"]?[ \t]*\n(?:.*\n)*?---", re.M
)
NAV_KEYS = ("rename", "hide", "hide_in_nav", "add", "language")


@dataclass
class PagePlan:
    """What a fork changes among the hand-written pages of one build."""

    language: str
    content_language: str = "en"
    # docs path → the file whose content the page takes (an overlay page or a language variant)
    replace: dict[str, Path] = field(default_factory=dict)
    add: dict[str, Path] = field(default_factory=dict)  # docs path → overlay file (pages and assets)
    drop: set[str] = field(default_factory=set)  # language variants of other languages: not pages
    hide: set[str] = field(default_factory=set)
    hide_in_nav: set[str] = field(default_factory=set)
    rename: dict[str, str] = field(default_factory=dict)
    nav_add: list[dict[str, str]] = field(default_factory=list)  # {label: page path}, at the end of the nav
    nav_language: str = ""
    nav_labels: dict[str, str] = field(default_factory=dict)  # every label of the nav → its language (apply_nav)
    page_language: dict[str, str] = field(default_factory=dict)  # docs path → language of its text

    def language_of(self, src_uri: str) -> str:
        return self.page_language.get(src_uri, self.content_language)

    def differs(self, lang: str) -> bool:
        return primary(lang) != primary(self.language)


def _front_matter_language(path: Path) -> str | None:
    if path.suffix != ".md":
        return None
    match = LANGUAGE_KEY.match(path.read_text(encoding="utf-8-sig"))
    return match.group(1) if match else None


def _files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def page_plan(cfg: GuideConfig, upstream_pages: list[str] | None = None) -> PagePlan:
    """Read the overlay's docs/, assets/ and nav.yml; raise DataErrors naming the file at fault."""
    errors: list[DataError] = []
    plan = PagePlan(language=cfg.language, content_language=cfg.content_language)
    docs = cfg.docs_dir
    upstream = set(upstream_pages if upstream_pages is not None else (_files(docs) if docs.is_dir() else []))
    # language variants upstream (docs/index.cy.md)
    for rel in sorted(upstream):
        match = VARIANT.match(rel)
        if not match or not _is_language(match.group("lang")) or match.group("base") + ".md" not in upstream:
            continue
        plan.drop.add(rel)
        if match.group("lang") in (cfg.language, primary(cfg.language)):
            plan.replace[match.group("base") + ".md"] = docs / rel
            plan.page_language[match.group("base") + ".md"] = match.group("lang")
    overlay = cfg.overlay_dir
    if overlay is not None and overlay.is_dir():
        for folder, prefix in (("docs", ""), ("assets", "assets/")):
            root = overlay / folder
            if not root.is_dir():
                continue
            chosen: dict[str, tuple[Path, str | None]] = {}
            for rel in _files(root):
                path = root / rel
                refused = confine(path, overlay, cfg.display(path), "the fork's overlay folder")
                if refused is not None:  # a link or '..' out of the overlay: never read, never published
                    errors.append(refused)
                    continue
                match = VARIANT.match(rel) if folder == "docs" else None
                if match and _is_language(match.group("lang")):
                    if match.group("lang") not in (cfg.language, primary(cfg.language)):
                        continue  # another language's page
                    chosen[prefix + match.group("base") + ".md"] = (path, match.group("lang"))
                    continue
                chosen.setdefault(prefix + rel, (path, None))
            for target, (path, variant_lang) in chosen.items():
                if target in plan.drop:
                    plan.drop.discard(target)
                (plan.replace if target in upstream else plan.add)[target] = path
                if target.endswith(".md"):
                    declared = variant_lang or _front_matter_language(path)
                    if declared and not check_language_tag(declared):
                        errors.append(
                            DataError(
                                cfg.display(path),
                                None,
                                None,
                                "language",
                                f"'{declared}' is not a language tag",
                                "write a language code such as cy, en or en-AU",
                            )
                        )
                    plan.page_language[target] = declared or cfg.language
        _read_nav(cfg, overlay / "nav.yml", plan, upstream, errors)
    if errors:
        raise DataErrors(errors)
    return plan


def _is_language(tag: str) -> bool:
    return check_language_tag(tag) and len(tag.split("-")[0]) in (2, 3)


def _read_nav(cfg: GuideConfig, path: Path, plan: PagePlan, upstream: set[str], errors: list[DataError]) -> None:
    if not path.exists():
        return
    loaded, file_errors = load_file(path, cfg.display(path))
    errors.extend(file_errors)
    if loaded is None or file_errors:
        return
    data = loaded.data or {}
    if not isinstance(data, dict):
        errors.append(DataError(cfg.display(path), 1, 1, "", "expected fields (rename:, hide:, hide_in_nav:)", ""))
        return
    pages = upstream | set(plan.add)
    for key in data:
        if key not in NAV_KEYS:
            errors.append(
                loaded.error(
                    (key,),
                    f"nav.yml has no field '{key}'",
                    did_you_mean(key, NAV_KEYS) or "use rename:, hide:, hide_in_nav: or language:",
                    at_key=True,
                )
            )
    plan.nav_language = str(data.get("language") or cfg.language)
    rename = data.get("rename") or {}
    if not isinstance(rename, dict):
        errors.append(loaded.error(("rename",), "rename: holds 'page path: label' lines", "e.g. index.md: Home"))
        rename = {}
    for target, label in rename.items():
        if not isinstance(label, str) or not label.strip():
            errors.append(loaded.error(("rename", target), f"the label for '{target}' is empty", "write the label"))
            continue
        plan.rename[str(target)] = " ".join(label.split())
    for key in ("hide", "hide_in_nav"):
        value = data.get(key) or []
        if not isinstance(value, list):
            errors.append(loaded.error((key,), f"{key}: holds a list of page paths", "e.g. - about.md"))
            continue
        for index, page in enumerate(value):
            if page not in pages:
                hint = did_you_mean(str(page), sorted(p for p in pages if p.endswith(".md"))) or (
                    "use the page's path under docs/, e.g. about.md"
                )
                errors.append(loaded.error((key, index), f"there is no page '{page}'", hint))
                continue
            getattr(plan, key).add(page)
    for index, entry in enumerate(data.get("add") or []):
        if not isinstance(entry, dict) or len(entry) != 1:
            errors.append(
                loaded.error(
                    ("add", index), "each entry of add: is one 'label: page path'", "e.g. - Our team: our-team.md"
                )
            )
            continue
        ((label, target),) = entry.items()
        if target not in pages:
            hint = (
                did_you_mean(str(target), sorted(p for p in pages if p.endswith(".md")))
                or "add the page to overlay/docs/"
            )
            errors.append(loaded.error(("add", index), f"there is no page '{target}'", hint))
            continue
        plan.nav_add.append({" ".join(str(label).split()): str(target)})
    plan.page_language.setdefault("nav.yml", plan.nav_language)


def apply_nav(nav: list | None, plan: PagePlan, labels: dict[str, str] | None = None) -> list | None:
    """A MkDocs `nav` list with the fork's renames and hidden entries (the original is not changed).

    `labels` collects, for every label shown, the language it is in (label → language); by default
    the plan's `nav_labels`, which the theme's label marks read (pages/labels.py)."""
    if nav is None:
        return None
    labels = labels if labels is not None else plan.nav_labels
    out_of_nav = plan.hide | plan.hide_in_nav

    def label_for(title: str, path: str | None) -> str:
        new = plan.rename.get(path or "") or plan.rename.get(title)
        if new:
            labels[new] = plan.nav_language or plan.language
            return new
        labels.setdefault(title, plan.content_language)
        return title

    def walk(items: list) -> list:
        result = []
        for item in items:
            if isinstance(item, str):
                if item not in out_of_nav:
                    result.append(item)
                continue
            if not isinstance(item, dict) or len(item) != 1:
                result.append(copy.deepcopy(item))
                continue
            ((title, value),) = item.items()
            if isinstance(value, str):
                if value not in out_of_nav:
                    result.append({label_for(title, value): value})
                continue
            if isinstance(value, list):
                index = next((v for v in value if isinstance(v, str)), None)
                children = walk(value)
                if index in out_of_nav or not children:
                    continue
                result.append({label_for(title, index): children})
                continue
            result.append(copy.deepcopy(item))
        return result

    result = walk(nav)
    for entry in plan.nav_add:
        labels.update({label: plan.nav_language or plan.language for label in entry})
        result.append(dict(entry))
    return result


def missing_theme_files(config, present: set[str]) -> list[str]:
    """A configured logo, favicon or extra stylesheet that is neither a page file nor a theme file."""
    theme = config["theme"]
    dirs = [Path(d) for d in getattr(theme, "dirs", [])]
    problems = []
    wanted = [("theme.logo", theme.get("logo")), ("theme.favicon", theme.get("favicon"))]
    wanted += [("extra_css", str(css)) for css in config.get("extra_css") or []]
    for setting, value in wanted:
        if not value or re.match(r"^[a-z]+:|^//", str(value)):
            continue
        rel = str(value).lstrip("/")
        if rel in present or any((d / rel).is_file() for d in dirs):
            continue
        problems.append(
            f"{setting} names '{value}', which does not exist; put the file in your overlay's assets/ folder "
            f"(for example overlay/assets/{Path(rel).name} for {setting}: assets/{Path(rel).name}) or in docs/"
        )
    return problems


# ----------------------------------------------------------------------------- the build's language

# Welsh (and any language lunr.js has no support for): split words at apostrophes as well as spaces
# and hyphens (mae'r → mae, r), and run no English stop-word filter or stemmer over the text.
SEPARATOR_NO_STEMMER = r"[\s\-'’]+"


def configure_language(config, log) -> None:
    """Check `theme.language`; for one Material has no labels for, use its English labels (the page
    keeps the fork's language in `<html lang>`), and search settings that suit the text.

    Raises DataErrors for a value that is not a language tag."""
    theme = config["theme"]
    tag = theme.get("language") or "en"
    problem = language_problem(tag)
    if problem:
        raise DataErrors([DataError(Path(config.config_file_path).name, None, None, "theme.language", *problem)])
    extra = config["extra"]
    labels = material_language(tag) or "en"
    if labels != tag:
        log.info(
            "Material has no translation of its own labels for theme.language '%s' (no partials/languages/%s.html): "
            "its '%s' labels are used, with the guide's strings and your overlay's strings.%s.yml; the pages "
            'still say lang="%s".',
            tag,
            tag,
            labels,
            tag,
            tag,
        )
    extra["guide_material_language"] = labels
    search = config["plugins"].get("material/search") or config["plugins"].get("search")
    if search is not None and primary(tag) not in LUNR_LANGUAGES:
        settings = search.config
        if not settings.get("separator"):
            settings["separator"] = SEPARATOR_NO_STEMMER
        if settings.get("pipeline") is None:
            settings["pipeline"] = []


# the languages lunr.js (Material's search) has a stemmer and stop words for (its lunr-languages)
LUNR_LANGUAGES = frozenset(
    "ar da de du el en es fi fr he hi hu hy it ja jp kn ko nl no pt ro ru sa sv ta te th tr vi zh".split()
)

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def mark_article_language(html: str, lang: str) -> str:
    """A hand-written page whose text is in another language than the build's: its article says so."""
    return ARTICLE.sub(lambda m: m.group(0) + f' lang="{lang}"', html, count=1)
