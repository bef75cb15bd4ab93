"""Which pages the data makes: one per entity of every kind with pages (kinds.py), each a stub that
calls its kind's macro, with the page's front matter (tags, search boost, description).

Plain functions of the model: the MkDocs hook adds these pages to the build, and
`python -m macros generate` writes the same stubs as files for an engine without hooks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError
from ..kinds import KINDS, Kind, entity_kinds, page_kinds
from ..model import Model


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. roles/peer-support-worker.md
    content: str  # a stub that calls one macro
    data_path: str  # the YAML file behind it, for the edit link
    kind: str
    ident: str

    @property
    def url(self) -> str:
        return self.src_uri[: -len(".md")] + "/"


# The front matter key that marks a generated page, with the data file it comes from: a file that
# `python -m macros generate` wrote into docs/ is replaced by the build's own page, never a clash.
GENERATED = "generated_from"
_GENERATED = re.compile(r"\A---[ \t]*\r?\n(?:[^\n]*\n)*?" + GENERATED + r":")


def is_generated(text: str) -> bool:
    """Whether a Markdown file is a generated page (its front matter names the data it comes from)."""
    return bool(_GENERATED.match(text or ""))


def _front_matter(meta: dict, kind: Kind) -> str:
    meta = dict(meta, render_macros=True)  # macros run only on pages that ask (render_by_default: false)
    if kind.search_boost is not None:
        # Material's search ranks a page's words higher by this factor: entity pages are what most
        # searches are for; the long checklists repeat every role's words and would crowd them out.
        meta = dict(meta, search={"boost": kind.search_boost})
    return "---\n" + yaml_text(meta) + "---\n\n"


# libyaml's emitter where PyYAML was built with it (its wheels are): the same YAML, about six times
# faster than the Python one.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def yaml_text(value, width: int = 80) -> str:
    """Plain data as the YAML a generated file holds (front matter, another engine's config): keys in
    their order, any character as itself."""
    return yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=width)


def _tags(model: Model, kind: Kind, entity: dict) -> list[str]:
    s = model.strings
    return [s.get(key.format(**entity), fallback.format(**entity)) for key, fallback in kind.tags]


def generated_pages(model: Model) -> list[GeneratedPage]:
    """One page per entity of every kind with pages (kinds.page_kinds()): a role, its checklist, a
    challenge, a case study. An entity's pages follow each other, kinds in registry order."""
    pages = []
    for source in entity_kinds():
        kinds = [kind for kind in page_kinds() if kind.source == source.key]
        for ident, entity in model.entities(source.key).items():
            for kind in kinds:
                data_path = model.sources[(source.key, ident)]
                meta = {
                    GENERATED: data_path,
                    "description": description(model, kind.key, ident),
                    "tags": _tags(model, kind, entity),
                }
                stub = _front_matter(meta, kind) + f'{{{{ {kind.macro}("{ident}") }}}}\n'
                pages.append(GeneratedPage(kind.page_src(ident), stub, data_path, kind.key, ident))
    return pages


def description(model: Model, kind: str, ident: str) -> str:
    """A page's description for search engines and link previews."""
    spec = KINDS[kind]
    entity = model.entities(spec.source)[ident]
    if spec.description.startswith("string:"):
        text = model.strings.get(spec.description[len("string:") :], "")
        return text.replace("{role}", entity["title"]).replace("{title}", entity["title"])
    return entity[spec.description].strip()


def clash_error(page: GeneratedPage) -> DataError:
    """The error for a generated page whose path is a hand-written page's (an id such as `index`)."""
    return DataError(
        page.data_path,
        None,
        None,
        "",
        f"the id '{page.ident}' clashes with the hand-written page docs/{page.src_uri}",
        "choose another id (rename the file and change its 'id:')",
    )


def clashes(pages: list[GeneratedPage], is_handwritten) -> list[DataError]:
    """Generated pages that would replace a hand-written page; `is_handwritten(src_uri)` says whether
    the docs hold a hand-written page there. The build (the files MkDocs found) and
    `python -m macros validate` (the docs folder on disk) both ask this."""
    return [clash_error(page) for page in pages if is_handwritten(page.src_uri)]


def handwritten_on_disk(docs_dir: Path):
    """`is_handwritten` for a docs folder on disk: a page there that `generate` did not write."""

    def is_handwritten(src_uri: str) -> bool:
        path = docs_dir / src_uri
        return path.is_file() and not is_generated(path.read_text(encoding="utf-8", errors="replace"))

    return is_handwritten
