"""MkDocs hook: adds the generated pages, sets their edit links and descriptions, writes the exports,
and publishes the site only when the whole build succeeded (build into a staging folder, then swap).
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.utils import CountHandler, get_relative_url  # noqa: E402

from macros import citations, exports, textpolicy  # noqa: E402
from macros.errors import DataError  # noqa: E402
from macros.pages import description  # noqa: E402
from macros.runtime import guide_for  # noqa: E402
from macros.strings import Strings  # noqa: E402

log = logging.getLogger("mkdocs.plugins.guide")

_state: dict = {"command": None, "staging": None, "target": None, "warnings": None}


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _warning_count() -> int:
    """Warnings logged in this build so far. MkDocs' own strict-mode counter starts before any plugin's
    on_config (ours starts at this hook's on_config), so it decides when present; ours is the fallback."""
    counts = [counter.count] if (counter := _state.get("warnings")) is not None else []
    counts += [sum(n for _, n in h.get_counts()) for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return max(counts, default=0)


def _drop_staging() -> None:
    staging, counter = _state.get("staging"), _state.get("warnings")
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    _state.update(staging=None, target=None, warnings=None)


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    guide = guide_for(config)  # validates all data; stops the build with every problem listed
    config.watch.extend(str(guide.cfg.project_dir / d) for d in ("data", "macros") if (guide.cfg.project_dir / d).is_dir())
    if guide.cfg.overlay_dir and guide.cfg.overlay_dir.is_dir():
        config.watch.append(str(guide.cfg.overlay_dir))
    if _state["command"] == "build":
        target = Path(config.site_dir).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        _state.update(staging=staging, target=target)
        config.site_dir = str(staging)
        counter = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(counter)
        _state["warnings"] = counter
    return config


def on_files(files, config):
    guide = guide_for(config)
    replace = guide.model.term_replacer
    if replace is not None:  # a fork's terms reach hand-written pages too
        for file in files.documentation_pages():
            file.content_string = replace.markdown_page(file.content_string)
    for page in guide.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(str(DataError(
                page.data_path, None, None, "", f"the id '{page.ident}' clashes with the hand-written page docs/{page.src_uri}",
                "choose another id (rename the file and change its 'id:')",
            )))
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _citations_to_links(markdown: str, guide, page) -> str:
    model = guide.model
    target = get_relative_url("references.md", page.file.src_uri)

    def one(match):
        keys = textpolicy.CITE_KEY.findall(match.group(1))
        links = []
        for key in keys:
            if key not in model.references:
                raise PluginError(f"docs/{page.file.src_uri}: there is no reference with the key '{key}'; How to fix: cite a key from data/references.yml")
            links.append(f"[{citations.in_text(model, key)}]({target}#{key})")
        return "(" + "; ".join(links) + ")"

    return textpolicy.CITATION.sub(one, markdown)


def on_page_markdown(markdown, page, config, files):
    guide = guide_for(config)
    spec = guide.pages_by_src.get(page.file.src_uri)
    if spec is not None:
        page.meta["description"] = description(guide.model, spec.kind, spec.ident)
        _edit_data_file(page, config, spec.data_path)
        return markdown
    if page.meta.get("data_file"):  # a hand-written page drawn from one data file: edit that file
        _edit_data_file(page, config, str(page.meta["data_file"]))
    markdown = _unlink_hidden(_citations_to_links(markdown, guide, page), guide, page)
    return markdown + _abbreviations(markdown, guide)


_ABBREVIATION = re.compile(r"[A-Za-z0-9&-]{2,20}")


def _abbreviations(markdown: str, guide) -> str:
    """Glossary abbreviations used on a hand-written page, as Markdown abbreviation definitions:
    the `abbr` extension then explains each one where it is used (data text gets the same from
    the safe renderer)."""
    lines = []
    for term in guide.model.glossary:
        short = term.get("abbreviation")
        if short and _ABBREVIATION.fullmatch(short) and re.search(rf"\b{re.escape(short)}\b", markdown):
            title = " ".join(str(term["term"]).split()).replace("]", ")")
            lines.append(f"*[{short}]: {title}")
    return ("\n\n" + "\n".join(lines) + "\n") if lines else ""


_PAGE_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _unlink_hidden(markdown: str, guide, page) -> str:
    """In a hand-written page, a link to a page that a fork has hidden becomes its plain text."""
    hidden = guide.hidden_sources
    if not hidden:
        return markdown
    base = posixpath.dirname(page.file.src_uri)

    def one(match):
        target = match.group(2).split("#", 1)[0]
        if not target or "://" in target or target.startswith(("mailto:", "/")):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(base, target))
        if resolved.endswith("/"):
            resolved = resolved.rstrip("/") + ".md"
        return match.group(1) if resolved in hidden else match.group(0)

    return _PAGE_LINK.sub(one, markdown)


def _edit_data_file(page, config, data_path: str) -> None:
    """Point the page's edit link at the YAML file behind it instead of a Markdown stub."""
    repo, edit = config.get("repo_url"), config.get("edit_uri")
    if repo and edit:
        root = re.sub(r"docs/?$", "", edit)
        page.edit_url = repo.rstrip("/") + "/" + root.lstrip("/") + data_path


def on_env(env, config, files):
    """Theme templates (overrides/, e.g. the 404 page) read interface text from the guide's strings."""
    env.globals["guide_strings"] = Strings(guide_for(config).model.strings)
    return env


def on_post_build(config):
    guide = guide_for(config)
    site_dir = Path(config.site_dir)
    exports.write_all(guide.model, site_dir, guide.cfg.schema_dir, config.get("site_url") or "")
    staging, target = _state.get("staging"), _state.get("target")
    if staging is None:
        return
    if config.strict and _warning_count():
        _drop_staging()
        config.site_dir = str(target)
        log.error("The site was not published: the strict build has warnings; %s is unchanged.", target)
        return
    logging.getLogger("mkdocs").removeHandler(_state["warnings"])
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(target)
    _state.update(staging=None, target=None, warnings=None)


def on_build_error(error):
    _drop_staging()


def on_shutdown():
    # A build stopped by Ctrl+C (no build error event) must not leave a half-made staging folder.
    _drop_staging()
