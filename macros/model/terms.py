"""A fork's terms: phrases replaced as whole words in guidance text and on hand-written pages.

`TermReplacer` never touches links, code, macros, citations or HTML, keeps an initial capital, and
keeps a changed heading's old anchor so that links to it still work.
"""

from __future__ import annotations

import json
import re

import yaml
from markdown.extensions.toc import slugify

from ..data.loader import Loaded
from ..errors import DataError

# Spans that terms never touch: fenced code, macros, attribute lists and {placeholders}, code, link
# addresses, citations, web addresses, HTML tags and comments, link definitions.
PROTECTED = re.compile(
    # Every span is bounded in length so that hostile text cannot make the scan quadratic.
    r"(^[ \t]*(?:```|~~~).{0,50000}?^[ \t]*(?:```|~~~)[ \t]*$|\{\{.{0,300}?\}\}|\{%.{0,300}?%\}|\{#.{0,300}?#\}"
    r"|\{[^{}\n]{0,500}\}"
    r"|`[^`]{0,2000}`|\]\([^)]{0,2000}\)|\[@[^\]]{0,500}\]"
    r"|(?:https?://|mailto:|www\.)\S+|<!--.{0,2000}?-->|<[^>]{0,2000}>|^\s*\[[^\]]{1,500}\]:.*$|^[ \t]*(?:!!!"
    r"|\?\?\?\+?)[ \t]+[\w-]+)",
    re.MULTILINE | re.DOTALL,
)
ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
FENCE = re.compile(r"^[ \t]*(?:```|~~~).*?^[ \t]*(?:```|~~~)[ \t]*$", re.MULTILINE | re.DOTALL)
FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)((?:---|\.\.\.)[ \t]*\n)", re.DOTALL)
FRONT_MATTER_TEXT = re.compile(r"^((?:title|description):[ \t]*)(.*)$", re.MULTILINE)


def check_terms(loaded: Loaded) -> list[DataError]:
    """Problems that the schema and the text checks cannot see: a phrase listed twice, a blank phrase.

    (Replacements must be plain words; `checked.load_checked` checks that for every terms file.)"""
    errors = []
    seen: dict[str, str] = {}
    for phrase in loaded.data["terms"]:
        path = ("terms", phrase)
        folded = " ".join(phrase.split()).casefold()
        if not folded or not re.search(r"\w", folded):
            errors.append(
                loaded.error(
                    path,
                    f"the phrase '{phrase}' has no words to replace",
                    "write the word or phrase to replace, e.g. 'service user'",
                    at_key=True,
                )
            )
            continue
        if folded in seen:
            errors.append(
                loaded.error(
                    path,
                    f"the phrase '{phrase}' is listed twice (as '{seen[folded]}' too); terms ignore capitals",
                    "keep one of them",
                    at_key=True,
                )
            )
            continue
        seen[folded] = phrase
    return errors


class TermReplacer:
    """Replace phrases as whole words, keeping an initial capital; never inside links, code or macros."""

    def __init__(self, terms: dict[str, str]):
        self.terms: dict[str, tuple[str, str]] = {}
        for phrase, replacement in terms.items():
            phrase = " ".join(phrase.split())
            if phrase:
                self.terms[phrase.casefold()] = (phrase, replacement)
        phrases = sorted(self.terms, key=len, reverse=True)
        # a space in a phrase matches any run of spaces, so that a line break inside it still matches
        alternatives = "|".join(r"\s+".join(re.escape(word) for word in p.split(" ")) for p in phrases)
        self.pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.IGNORECASE) if phrases else None

    def _one(self, match: re.Match) -> str:
        found = match.group(0)
        phrase, replacement = self.terms[" ".join(found.split()).casefold()]
        if phrase[:1].isupper() or not replacement:
            return replacement  # the phrase has its own capitals (an initialism, a name): use it as written
        letters = [c for c in found if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return replacement.upper()  # SHOUTED text stays shouted
        # An initial capital that the phrase itself does not have (a sentence start, a heading) is kept.
        if found[:1].isupper():
            return replacement[0].upper() + replacement[1:]
        return replacement

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        parts = PROTECTED.split(text)
        # split() with one capturing group: even indexes are free text, odd ones are protected spans
        return "".join(part if i % 2 else self.pattern.sub(self._one, part) for i, part in enumerate(parts))

    def _front_matter_value(self, m: re.Match) -> str:
        """`title: …` with terms applied to the parsed value, written back as a quoted YAML string, so
        that a replacement holding YAML-significant text (': ', '#', a quote) cannot change the front
        matter's structure. A value that is not one line of text (a block, a list) stays as written."""
        try:
            value = yaml.safe_load(m.group(2))
        except yaml.YAMLError:
            return m.group(0)
        if not isinstance(value, str):
            return m.group(0)
        replaced = self(value)
        if replaced == value:
            return m.group(0)
        if not m.group(2).lstrip().startswith(("'", '"')):
            try:
                if yaml.safe_load(replaced) == replaced:
                    return m.group(1) + replaced  # still plain text as written: no quotes needed
            except yaml.YAMLError:
                pass
        return m.group(1) + json.dumps(replaced, ensure_ascii=True)  # JSON text is a YAML double-quoted string

    def markdown_page(self, text: str) -> str:
        """A hand-written Markdown page with terms applied.

        Front matter keys and values other than title and description stay as written. A heading
        whose words change keeps the anchor it had upstream (`{: #old-anchor }`), so that links and
        bookmarks to it still work.
        """
        if self.pattern is None or not text:
            return text
        front = ""
        match = FRONT_MATTER.match(text)
        if match:
            meta = FRONT_MATTER_TEXT.sub(self._front_matter_value, match.group(2))
            front, text = match.group(1) + meta + match.group(3), text[match.end() :]
        fences = [(m.start(), m.end()) for m in FENCE.finditer(text)]

        def keep_anchor(m: re.Match) -> str:
            if any(start <= m.start() < end for start, end in fences):
                return m.group(0)
            heading = m.group(2)
            if heading.rstrip().endswith("}") or "{{" in heading or "{%" in heading:
                return m.group(0)  # an explicit anchor or a macro: nothing to keep
            replaced = self(heading)
            if replaced == heading:
                return m.group(0)
            anchor = _heading_slug(heading)
            return f"{m.group(1)} {replaced} {{: #{anchor} }}" if anchor else f"{m.group(1)} {replaced}"

        text = ATX_HEADING.sub(keep_anchor, text)
        return front + self(text)


def _heading_slug(heading: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading (its default slugify)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links → their text
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return slugify(text, "-")
