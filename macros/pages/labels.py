"""The language of each navigation label the theme shows: the sidebar, tabs, breadcrumbs, the
footer's previous and next links, the page title in the header and the table of contents.

A label stays in the language it was written in: a `nav` title in mkdocs.yml is upstream's (English),
a `nav.yml` rename or addition is the fork's (its `language:`), a page's own title is its page's
language (a fork's page, a language variant, an upstream page), a generated page's title is its
entity's (a fork's translated title, or upstream's English one), and an interface string in it
(`checklist.title_prefix`) is in the language its string file gives. The theme templates ask
`guide_label_parts(item)` for (text, lang) pieces and mark each piece whose language differs from the
page's (overrides/partials/guide-label.html); a piece in the page's language gets no mark.
"""

from __future__ import annotations

import re

from ..kinds import KINDS
from ..model import Model
from ..model.strings import same_language
from .generated import GeneratedPage
from .overlay_pages import PagePlan

# a heading in a page's HTML, with its attributes and content (Python-Markdown and the templates
# write <h2 id="…"> and <h2 id="…" lang="en">, perhaps around one <span lang="…">)
HEADING = re.compile(r'<h([1-6])\b([^>]*)\bid="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
LANG_ATTR = re.compile(r'\blang="([^"]+)"')
ONE_SPAN = re.compile(
    r'^\s*<span lang="([^"]+)">(?:(?!</?span\b).)*</span>\s*(?:<a class="headerlink"[^>]*>.*?</a>)?\s*$', re.S
)


class NavLabels:
    """Answers, for the theme's templates, which language each label they show is in."""

    def __init__(self, model: Model, plan: PagePlan, generated: dict[str, GeneratedPage]):
        self.model = model
        self.plan = plan
        self.generated = generated
        self._toc: dict[str, dict[str, str]] = {}
        self._parts: dict[tuple[str, str | None], list[tuple[str, str]]] = {}

    def mark(self, lang: str | None) -> str:
        """The lang to write for text in `lang`: "" when it is the page's language."""
        return "" if not lang or same_language(lang, self.model.language) else lang

    def text_lang(self, text: str) -> str:
        """The language of guidance text: a fork's overlay text is in its file's language, the rest upstream's."""
        return self.model.text_langs.get(text, self.model.content_language)

    def parts(self, item) -> list[tuple[str, str]]:
        """A navigation item's label (a page, a section, a link, or a title string) as (text, lang)
        pieces, lang "" where the piece is in the page's language."""
        title = item if isinstance(item, str) else getattr(item, "title", None)
        if not title:
            return []
        title = str(title)
        src = getattr(getattr(item, "file", None), "src_uri", None)
        key = (title, src)  # every page shows the same navigation: each label is worked out once
        if key not in self._parts:
            self._parts[key] = self._pieces(title, src)
        return self._parts[key]

    def _pieces(self, title: str, src: str | None) -> list[tuple[str, str]]:
        spec = self.generated.get(src) if src else None
        if spec is not None:
            pieces = self._generated(spec, title)
        elif title in self.plan.nav_labels:
            pieces = [(title, self.plan.nav_labels[title])]
        elif src is not None:
            pieces = [(title, self.plan.language_of(src))]
        else:
            pieces = [(title, self.plan.content_language)]
        merged: list[tuple[str, str]] = []
        for text, lang in pieces:
            mark = self.mark(lang)
            if merged and merged[-1][1] == mark:
                merged[-1] = (merged[-1][0] + text, mark)
            elif text:
                merged.append((text, mark))
        return merged

    def _generated(self, spec: GeneratedPage, title: str) -> list[tuple[str, str]]:
        kind = KINDS[spec.kind]
        entity = self.model.entities(kind.source).get(spec.ident) or {}
        name = str(entity.get("title", ""))
        if kind.page_of and name and title.endswith(name) and title != name:
            # a page of another kind's entity (a role's checklist): an interface string, then the title
            prefix = title[: -len(name)]
            lang = self.model.string_langs.get("checklist.title_prefix", self.model.language)
            return [(prefix, lang), (name, self.text_lang(name))]
        return [(title, self.text_lang(name or title))]

    def toc_lang(self, page, toc_item) -> str:
        """The lang to write on a table-of-contents entry: its heading's language, if not the page's."""
        src = getattr(getattr(page, "file", None), "src_uri", "")
        if src not in self._toc:
            self._toc[src] = self._heading_langs(src, getattr(page, "content", "") or "")
        return self.mark(self._toc[src].get(str(getattr(toc_item, "id", ""))))

    def _heading_langs(self, src: str, html: str) -> dict[str, str]:
        """Each heading's language, by id: its own lang, or the one span it is made of, or the page's text."""
        around = self.model.language if src in self.generated else self.plan.language_of(src)
        langs = {}
        for match in HEADING.finditer(html):
            attrs = match.group(2) + match.group(4)
            own = LANG_ATTR.search(attrs)
            span = ONE_SPAN.match(match.group(5))
            langs[match.group(3)] = own.group(1) if own else span.group(1) if span else around
        return langs
