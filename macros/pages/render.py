"""Render the model into page content through Jinja templates (markup lives in macros/templates/)."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..kinds import KINDS
from ..model import Model
from ..model.fingerprints import entity_hash as fingerprint
from ..model.strings import Strings
from . import citations
from .checklists import GENERAL_CHECKLIST, STATUSES
from .held_html import hold
from .markup import SafeMarkdown, md_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def base_for(page_url: str) -> str:
    """The relative path from a page (with directory URLs) to the site root."""
    if not page_url or page_url.endswith(".html") and "/" not in page_url:
        return ""
    depth = page_url.rstrip("/").count("/") + 1 if page_url.endswith("/") else page_url.count("/")
    return "../" * depth


STEP_BREAK = re.compile(r"[,;:(]| such as | so that | by | and recognise | with reasonable ")
STEP_WORDS = 10


def step_name(text: str) -> str:
    """A strategy step's text as a link's name when its data gives no `link_text`: its first clause,
    at most ten words (then '…'), with a small first letter ('Strategy: offer …'). Citations and
    Markdown marks are left out."""
    plain = re.sub(r"\s*\[@[^\]]*\]", "", text or "").replace("*", "").strip().rstrip(".")
    first = STEP_BREAK.split(plain, maxsplit=1)[0].strip()
    words = first.split()
    name = " ".join(words[:STEP_WORDS]) + ("…" if len(words) > STEP_WORDS else "")
    if len(name) > 1 and not name[1].isupper():
        name = name[0].lower() + name[1:]
    return name


def az_letters(pairs) -> list[tuple[str, str]]:
    """(letter, first id) for each initial letter present, in order of first appearance; an entry that
    does not start with a letter (after dropping accents and quotes) counts under '#'."""
    out: dict[str, str] = {}
    for ident, name in pairs:
        letter = next((c for c in unicodedata.normalize("NFKD", name or "") if c.isalnum()), "#").upper()
        out.setdefault(letter if letter.isalpha() else "#", ident)
    return list(out.items())


def plain(value) -> str:
    """The bare text of a value (a `Text` fallback string without its lang mark), for an attribute."""
    return "" if isinstance(value, jinja2.Undefined) else str(value)


@functools.lru_cache(maxsize=None)
def bytecode_cache() -> jinja2.FileSystemBytecodeCache:
    """Jinja's cache of compiled templates, in the user's temporary folder: a template compiles once
    and later builds load it (each entry is keyed by the template's source, so an edit compiles it
    again). The guide's templates use it, and so does the theme's environment (hooks.on_env)."""
    return jinja2.FileSystemBytecodeCache()


@functools.lru_cache(maxsize=None)
def template_environment() -> jinja2.Environment:
    """One Jinja environment per process: templates compile once (and, through Jinja's per-user
    bytecode cache, load fast in the next build too); `mkdocs serve` rebuilds reuse it, and a
    template edited on disk is reloaded."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters["mdtext"] = md_text
    env.filters["plain"] = plain  # an interface string in an attribute: its text, never a lang mark
    env.filters["fingerprint"] = fingerprint  # a short stable hash of any data, e.g. a question's wording
    env.filters["held"] = hold  # finished HTML that Markdown passes over (pages/held_html.py)
    return env


class Renderer:
    """Renders one page's content from the model; the templates are shared and compiled once."""

    def __init__(self, model: Model):
        self.model = model
        abbreviations = {t["abbreviation"]: t["term"] for t in model.glossary if t.get("abbreviation")}
        self.safe_md = SafeMarkdown(model, abbreviations)
        self.strings = Strings(model.strings, model.string_langs, model.language)
        self.env = template_environment()
        self._base = ""
        self._memo: dict = {}
        # WCAG 3.1.2: each piece of guidance whose language differs from the page's is marked: upstream
        # text is English (extra.content_language), a fork's overlay text is in the language it names.
        self.lang_attr = self._attr(model.content_language)

    def _attr(self, lang: str) -> Markup:
        differs = lang.split("-")[0].lower() != self.model.language.split("-")[0].lower()
        return Markup(' lang="{}"').format(lang) if differs else Markup("")

    def text_lang(self, value) -> str:
        """The language of a text (or of a list of texts: the first one not in the page's language)."""
        texts = value if isinstance(value, (list, tuple)) else [value]
        langs = [self.model.text_langs.get(t, self.model.content_language) for t in texts if isinstance(t, str)]
        page = self.model.language.split("-")[0].lower()
        return next((lang for lang in langs if lang.split("-")[0].lower() != page), self.model.language)

    def lang_of(self, value) -> Markup:
        """` lang="en"` for text in another language than the page's, nothing for text in the page's."""
        return self._attr(self.text_lang(value))

    def string_lang(self, value) -> Markup:
        """` lang="en"` for an interface string that fell back to English (strings.Text), else nothing:
        for an element that holds only that string and can hold no span (an <option>, a whole <p>)."""
        lang = getattr(value, "lang", None)
        return self._attr(lang) if lang else Markup("")

    def lang_in(self, value, outer) -> Markup:
        """` lang="…"` for a text inside an element whose language is outer's (an interface string,
        perhaps an English fallback), when the two differ; else nothing."""
        inner, around = self.text_lang(value), getattr(outer, "lang", None) or self.model.language
        if inner.split("-")[0].lower() == around.split("-")[0].lower():
            return Markup("")
        return Markup(' lang="{}"').format(inner)

    # -- helpers the templates call -------------------------------------------------------
    def url(self, path: str) -> str:
        return self._base + path

    def md(self, text) -> Markup:
        html = self._converted(text, self._base, False)
        attr = self.lang_of(text)
        return Markup("<div{}>{}</div>").format(attr, html) if attr and html else html

    def mdi(self, text) -> Markup:
        html = self._converted(text, self._base, True)
        attr = self.lang_of(text)
        return Markup("<span{}>{}</span>").format(attr, html) if attr and html else html

    def _converted(self, text, base: str, inline: bool) -> Markup:
        """Markdown → HTML, remembered: the same question text on every checklist converts once."""
        key = (text, base, inline)
        html = self._memo.get(key)
        if html is None:
            html = (self.safe_md.render_inline if inline else self.safe_md.render)(text, base)
            if len(self._memo) < 20000:
                self._memo[key] = html
        return html

    def entity_url(self, kind: str, ident: str) -> str:
        return self.url(KINDS[kind].page_url(ident))

    def link(self, kind: str, ident: str, text: str | None = None) -> Markup:
        """A link to an entity's page, or plain text when a fork has hidden it."""
        entities = self.model.entities(KINDS[kind].source)
        if ident not in entities:
            return escape(text or ident.replace("-", " ").capitalize())
        label = text or entities[ident]["title"]
        return Markup('<a href="{}">{}</a>').format(self.entity_url(kind, ident), label)

    def step_link(self, ident: str) -> Markup:
        """'Strategy: <what the step says, shortened>', a link that names its target."""
        return Markup('<a href="{}">{} {}</a>').format(
            self.url(f"strategy/#{ident}"), self.strings["strategy.link"], self.step_name(ident)
        )

    def step_name(self, ident: str) -> str:
        step = self.model.steps[ident]
        return step.get("link_text") or step_name(step["text"])

    def az(self, entries, field: str) -> list[tuple[str, str]]:
        """A–Z jump links: (letter, id of the first entry under it), for entries sorted by `field`."""
        return az_letters((entry["id"], entry[field]) for entry in entries)

    def cite(self, key: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(self.url(f"references/#{key}"), citations.in_text(self.model, key))

    def checklist_titles(self, only: str | None = None) -> dict:
        """Each checklist's title by id (the general one first), or only the one named: a checklist page
        names only its own (every role's title on every role's checklist would grow the site with
        the square of the number of roles); My work and the self-assessment name them all."""
        titles = {GENERAL_CHECKLIST: self.strings["checklist.general_title"]}
        titles.update((ident, role["title"]) for ident, role in self.model.roles.items())
        return titles if only is None else {only: titles[only]}

    def workspace_data(self, checklist_id: str | None = None) -> dict:
        """What the shared workspace script (assets/javascripts/workspace.js) needs on a page that saves
        something (templates/workspace_data.html.j2): fingerprints of the wording of each question and
        step (a loaded file can then say what changed since it was saved), the statuses and levels a
        file may hold, their labels, the workspace.* strings and the titles of the checklists the page
        may name. The parts every page shares are made once (`_workspace_shared`)."""
        wording, strings = self._workspace_shared
        return {
            **wording,
            "checklists": self.checklist_titles(checklist_id),
            **strings,
            "my_work": self.url("my-work/"),
            "checklist_base": self.url("checklists/"),
        }

    @functools.cached_property
    def _workspace_shared(self) -> tuple[dict, dict]:
        """workspace_data's parts that are the same on every page: the wording and its fingerprints,
        and the labels and strings (two parts, in the order the JSON has always had)."""
        model, s = self.model, self.strings
        questions = {q["id"]: fingerprint(q["text"]) for q in model.questions}
        steps = {ident: fingerprint(step["text"]) for ident, step in model.steps.items()}
        scale = model.assessment.get("scale") or []
        labels = {f"status.{status}": s[f"status.{status}"] for status in STATUSES}
        labels.update((f"level.{level['id']}", level["label"]) for level in scale)
        wording = {
            "guide_version": fingerprint([questions, steps]),
            "questions": questions,
            "steps": steps,
            "statuses": list(STATUSES),
            "levels": [level["id"] for level in scale],
            "question_text": {q["id"]: {"number": q["number"], "text": q["text"]} for q in model.questions},
            "step_text": {ident: {"number": st["number"], "text": st["text"]} for ident, st in model.steps.items()},
        }
        return wording, {"labels": labels, "strings": s.under("workspace."), "fallback": s.fallbacks("workspace.")}

    def visible(self, kind: str, idents) -> list[str]:
        entities = self.model.entities(kind)
        return [i for i in idents if i in entities]

    # -- rendering ----------------------------------------------------------------------
    def render(self, template: str, page_url: str, **context) -> str:
        self._base = base_for(page_url)
        helpers = dict(
            url=self.url,
            md=self.md,
            mdi=self.mdi,
            link=self.link,
            step_link=self.step_link,
            step_name=self.step_name,
            az=self.az,
            cite=self.cite,
            entity_url=self.entity_url,
            visible=self.visible,
            checklist_titles=self.checklist_titles,
            workspace_data=self.workspace_data,
            page_url=page_url,
        )
        shared = dict(
            model=self.model,
            s=self.strings,
            lang_attr=self.lang_attr,
            lang_of=self.lang_of,
            string_lang=self.string_lang,
            lang_in=self.lang_in,
        )
        return self.env.get_template(template).render(**shared, **helpers, **context)
