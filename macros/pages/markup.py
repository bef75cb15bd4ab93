"""Turn guide text into safe HTML: Markdown without HTML, citations as links, glossary abbreviations.

Text from YAML is data. It is never evaluated as a template, raw HTML in it is escaped, and only
http(s) and mailto links survive; external links open with rel="noopener".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape as html_escape

import markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..data.textpolicy import CITATION, CITE_KEY, SAFE_SCHEMES
from ..model import Model
from .citations import in_text

# One paragraph that Markdown would leave as it is: starts with a letter, digit or quote (not a list
# number), and has no character Markdown or our extensions act on.
PLAIN_TEXT = re.compile(r"(?![0-9]+[.)])[A-Za-z0-9\"'(\u2018\u201c][^\\`*_\[\]!<>&\n\t#|~{}:]*(?<!  )")
# A citation that the converter would turn into its links and nothing else: keys only, of the form
# the safe-links check keeps as a page anchor. In plain text (PLAIN_TEXT once each is a word), the
# paragraph can be written without the converter (SafeMarkdown._cited).
SIMPLE_CITATION = re.compile(r"\[@[a-z0-9_-]+(?:; ?@[a-z0-9_-]+)*\]")


def md_text(value) -> Markup:
    """Plain text made safe for a Markdown line (a heading): HTML-escaped and Markdown-escaped."""
    text = str(value).replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)
    lang = getattr(value, "lang", None)  # an interface string in another language (strings.Text)
    if lang:
        return Markup('<span lang="{}">{}</span>').format(lang, Markup(text))
    return Markup(text)


class _CitationProcessor(InlineProcessor):
    def __init__(self, renderer: "SafeMarkdown"):
        super().__init__(CITATION.pattern)
        self.renderer = renderer

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        keys = CITE_KEY.findall(m.group(1))
        span = etree.Element("span", {"class": "le-cite"})
        span.text = "("
        for index, key in enumerate(keys):
            link = etree.SubElement(span, "a", {"href": self.renderer.reference_url(key)})
            link.text = self.renderer.cite_label(key)
            link.tail = "; " if index < len(keys) - 1 else ")"
        return span, m.start(0), m.end(0)


class _SafeLinks(Treeprocessor):
    """Drop anything active: images, unsafe link targets; mark external links."""

    def run(self, root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    replacement = etree.Element("span")
                    replacement.text = child.get("alt", "")
                    replacement.tail = child.tail
                    parent.insert(list(parent).index(child), replacement)
                    parent.remove(child)
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            lowered = href.lower()
            if lowered.startswith(("http://", "https://")):
                link.set("rel", "noopener")
            elif not lowered.startswith(SAFE_SCHEMES) and not self._internal(href):
                link.attrib.pop("href", None)
            for attribute in list(link.attrib):
                if attribute not in ("href", "rel", "title", "class"):
                    link.attrib.pop(attribute)
        return root

    @staticmethod
    def _internal(href: str) -> bool:
        # Only the links this module writes itself (citations) are relative: never '//host' or '/path'.
        return bool(re.match(r"^(\.\./)*(\./)?([a-z0-9_-][a-z0-9/_-]*)?(#[a-z0-9_-]+)?$", href)) and ":" not in href


class _Extension(markdown.Extension):
    def __init__(self, renderer: "SafeMarkdown"):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.inlinePatterns.register(_CitationProcessor(self.renderer), "le_citation", 175)
        md.treeprocessors.register(_SafeLinks(md), "le_safe_links", 0)
        # No raw HTML at all: remove the HTML block and inline HTML handlers.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("autolink")
        md.inlinePatterns.deregister("automail")


class SafeMarkdown:
    """One Markdown converter for the whole build; `base` is the current page's path to the site root."""

    def __init__(self, model: Model, glossary_abbreviations: dict[str, str] | None = None):
        self.model = model
        self.base = ""
        extensions = [_Extension(self), "sane_lists"]
        if glossary_abbreviations:
            extensions.append(AbbrExtension(glossary=glossary_abbreviations))
        self.md = markdown.Markdown(extensions=extensions, output_format="html")
        words = sorted(glossary_abbreviations or {}, key=len, reverse=True)
        self._abbreviation = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None

    def reference_url(self, key: str) -> str:
        return f"{self.base}references/#{key}"

    def cite_label(self, key: str) -> str:
        return in_text(self.model, key)

    def render(self, text: str | None, base: str = "") -> Markup:
        if not text:
            return Markup("")
        self.base = base
        if self._is_plain(text):
            # Nothing for Markdown to do: one paragraph of plain text. Same HTML, a fraction of the time.
            return Markup("<p>" + html_escape(text.strip(), quote=False) + "</p>")
        cited = self._cited(text)
        if cited is not None:
            return Markup("<p>" + cited + "</p>")
        # Escape what Markdown would otherwise pass through as HTML (belt and braces with the
        # deregistered handlers above), keeping the characters visible to the reader.
        source = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        html = self.md.reset().convert(source)
        return Markup(html)

    def _is_plain(self, text: str) -> bool:
        return bool(PLAIN_TEXT.fullmatch(text)) and not (self._abbreviation and self._abbreviation.search(text))

    def _cited(self, text: str) -> str | None:
        """One paragraph of plain text with citations in it (most of the guide's evidence), as the
        converter writes it: each citation the span _CitationProcessor makes. None for anything else."""
        stripped = text.strip()
        if "[@" not in stripped or not self._is_plain(SIMPLE_CITATION.sub("X", stripped)):
            return None
        out, last = [], 0
        for match in SIMPLE_CITATION.finditer(stripped):
            out.append(html_escape(stripped[last : match.start()], quote=False))
            links = []
            for key in CITE_KEY.findall(match.group(0)):
                label = self.cite_label(key)
                if self._abbreviation and self._abbreviation.search(label):
                    return None  # the converter would explain the abbreviation in the link's text
                links.append(f'<a href="{self.reference_url(key)}">{html_escape(label, quote=False)}</a>')
            out.append(f'<span class="le-cite">({"; ".join(links)})</span>')
            last = match.end()
        out.append(html_escape(stripped[last:], quote=False))
        return "".join(out)

    def render_inline(self, text: str | None, base: str = "") -> Markup:
        html = str(self.render(text, base))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
