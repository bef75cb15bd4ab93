"""MkDocs hook: adds the generated pages, sets their edit links and descriptions, writes the exports,
and publishes the site only when the whole build succeeded (build into a staging folder, then swap).
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from macros import exports, textpolicy  # noqa: E402
from macros.overlay import TermReplacer  # noqa: E402
from macros.runtime import guide_for  # noqa: E402

log = logging.getLogger("mkdocs.plugins.guide")

_state: dict = {"command": None, "staging": None, "target": None, "warnings": None}


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


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
    replace = getattr(guide.model, "term_replacer", None)
    if replace is not None:
        for file in files.documentation_pages():
            file.content_string = replace(file.content_string)
    for page in guide.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"{page.data_path}: the id '{page.ident}' clashes with the hand-written page docs/{page.src_uri}; "
                "How to fix: choose another id (rename the file)"
            )
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _citations_to_links(markdown: str, guide, page) -> str:
    from mkdocs.utils import get_relative_url

    from macros import citations

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
    generated = {p.src_uri: p for p in guide.pages}
    spec = generated.get(page.file.src_uri)
    if spec is not None:
        from macros.pages import description

        page.meta["description"] = description(guide.model, spec.kind, spec.ident)
        _edit_data_file(page, config, spec.data_path)
        return markdown
    if page.meta.get("data_file"):  # a hand-written page drawn from one data file: edit that file
        _edit_data_file(page, config, str(page.meta["data_file"]))
    return _citations_to_links(markdown, guide, page)


def _edit_data_file(page, config, data_path: str) -> None:
    """Point the page's edit link at the YAML file behind it instead of a Markdown stub."""
    repo, edit = config.get("repo_url"), config.get("edit_uri")
    if repo and edit:
        root = re.sub(r"docs/?$", "", edit)
        page.edit_url = repo.rstrip("/") + "/" + root.lstrip("/") + data_path


def on_post_build(config):
    guide = guide_for(config)
    site_dir = Path(config.site_dir)
    exports.write_all(guide.model, site_dir, guide.cfg.schema_dir, config.get("site_url") or "")
    staging, target = _state.get("staging"), _state.get("target")
    if staging is None:
        return
    counter = _state["warnings"]
    logging.getLogger("mkdocs").removeHandler(counter)
    if config.strict and counter.count:
        shutil.rmtree(staging, ignore_errors=True)
        log.error("The site was not published: the strict build has warnings; %s is unchanged.", target)
    else:
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(target)
    _state.update(staging=None, target=None)


def on_build_error(error):
    staging = _state.get("staging")
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
        _state.update(staging=None, target=None)
