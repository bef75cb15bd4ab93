"""What the guide does to its hand-written pages (docs/**/*.md), as plain functions of Markdown text.

- a fork's terms (`with_terms`, on the file as written, before macros run);
- `[@key]` citations become links to the reference list (`citations_to_links`);
- links to pages a fork has hidden become their plain text (`unlink_hidden`);
- glossary abbreviations are explained where they are used (`abbreviations`).

`transform()` runs the last three in order. The MkDocs hook calls these functions directly;
`HandwrittenPages` is a thin Python-Markdown extension around `transform()` for an engine that runs
Markdown extensions but no hooks.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection

import markdown as python_markdown
import yaml
from markdown.preprocessors import Preprocessor

from ..data import textpolicy
from ..errors import DataError, DataErrors, did_you_mean
from ..model import Model
from ..model.terms import FRONT_MATTER
from ..settings import GuideConfig
from . import citations

REFERENCES_PAGE = "references.md"
ABBREVIATION = re.compile(r"[A-Za-z0-9&-]{2,20}")
PAGE_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def with_terms(markdown: str, model: Model) -> str:
    """A fork's terms applied to a hand-written page (unchanged when the fork has none)."""
    return model.term_replacer.markdown_page(markdown) if model.term_replacer is not None else markdown


def front_matter_problem(markdown: str) -> str | None:
    """Why a page's front matter no longer reads as fields (None when it does, or has none)."""
    match = FRONT_MATTER.match(markdown)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(2))
    except yaml.YAMLError as exc:
        return f"its front matter is no longer valid YAML ({getattr(exc, 'problem', None) or 'syntax error'})"
    return None if meta is None or isinstance(meta, dict) else "its front matter no longer holds fields"


def terms_problems(model: Model, cfg: GuideConfig, generated: Collection[str]) -> list[DataError]:
    """Hand-written pages (not the `generated` source paths) whose front matter a fork's terms would
    break, as errors naming terms.yml. The build (on_files) and `python -m macros validate` ask this."""
    if model.term_replacer is None or not cfg.docs_dir.is_dir():
        return []
    terms_file = cfg.display(cfg.overlay_dir / "terms.yml") if cfg.overlay_dir else "terms.yml"
    errors = []
    for path in sorted(cfg.docs_dir.rglob("*.md")):
        src_uri = path.relative_to(cfg.docs_dir).as_posix()
        if src_uri in generated:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        problem = front_matter_problem(with_terms(text, model)) if front_matter_problem(text) is None else None
        if problem:
            errors.append(
                DataError(
                    terms_file,
                    None,
                    None,
                    "terms",
                    f"a replacement breaks the hand-written page docs/{src_uri}: {problem}",
                    "change the replacement that appears in the page's title or description",
                )
            )
    return errors


def relative_link(target: str, src_uri: str) -> str:
    """The link from the page at src_uri (docs-relative) to another docs file, e.g. '../references.md'."""
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")


def citations_to_links(markdown: str, model: Model, src_uri: str, references: str = REFERENCES_PAGE) -> str:
    """`[@key]` and `[@a; @b]` as '([Author, year](references.md#key); …)'. An unknown key raises
    DataErrors naming the page. `references` is the reference list's source path."""
    target = relative_link(references, src_uri)
    unknown: list[DataError] = []

    def one(match: re.Match) -> str:
        links = []
        for key in textpolicy.CITE_KEY.findall(match.group(1)):
            if key not in model.references:
                hint = did_you_mean(key, model.references) or "cite a key from data/references.yml"
                unknown.append(
                    DataError(f"docs/{src_uri}", None, None, "", f"there is no reference with the key '{key}'", hint)
                )
                continue
            links.append(f"[{citations.in_text(model, key)}]({target}#{key})")
        return "(" + "; ".join(links) + ")"

    out = textpolicy.CITATION.sub(one, markdown)
    if unknown:
        raise DataErrors(unknown)
    return out


def unlink_hidden(markdown: str, src_uri: str, hidden: frozenset[str]) -> str:
    """A link to a page a fork has hidden (its docs-relative source path is in `hidden`) becomes its text."""
    if not hidden:
        return markdown
    base = posixpath.dirname(src_uri)

    def one(match: re.Match) -> str:
        target = match.group(2).split("#", 1)[0]
        if not target or "://" in target or target.startswith(("mailto:", "/")):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(base, target))
        if resolved.endswith("/"):
            resolved = resolved.rstrip("/") + ".md"
        return match.group(1) if resolved in hidden else match.group(0)

    return PAGE_LINK.sub(one, markdown)


def abbreviations(markdown: str, model: Model) -> str:
    """Markdown abbreviation definitions for the glossary abbreviations a page uses ('' if none):
    appended to the page, the `abbr` extension explains each one where it is used (data text gets
    the same from the safe renderer)."""
    lines = []
    for term in model.glossary:
        short = term.get("abbreviation")
        if short and ABBREVIATION.fullmatch(short) and re.search(rf"\b{re.escape(short)}\b", markdown):
            title = " ".join(str(term["term"]).split()).replace("]", ")")
            lines.append(f"*[{short}]: {title}")
    return ("\n\n" + "\n".join(lines) + "\n") if lines else ""


def transform(
    markdown: str, model: Model, src_uri: str, hidden: frozenset[str] = frozenset(), references: str = REFERENCES_PAGE
) -> str:
    """A hand-written page's Markdown (after macros) as the site shows it: citations linked, links
    to hidden pages unlinked, abbreviations explained."""
    markdown = unlink_hidden(citations_to_links(markdown, model, src_uri, references), src_uri, hidden)
    return markdown + abbreviations(markdown, model)


class _Transform(Preprocessor):
    def __init__(self, md, extension: HandwrittenPages):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        return transform("\n".join(lines), ext.model, ext.src_uri, ext.hidden).split("\n")


class HandwrittenPages(python_markdown.Extension):
    """`markdown.Markdown(extensions=[HandwrittenPages(model, "why/drivers.md")])`: the same
    transforms as the MkDocs hook, as a Python-Markdown extension (set `src_uri` per page)."""

    def __init__(self, model: Model, src_uri: str = "index.md", hidden: frozenset[str] = frozenset()):
        super().__init__()
        self.model, self.src_uri, self.hidden = model, src_uri, hidden

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        # before the abbr extension (priority 7) and the block parser; after normalising whitespace
        md.preprocessors.register(_Transform(md, self), "le_handwritten", 25)
