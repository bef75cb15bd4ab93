"""Which pages cite which references (for the reference list's "cited on"): hand-written pages read
from docs/, generated pages and data-driven sections from the model, page by page as they render."""

from __future__ import annotations

import re
from pathlib import Path

from ..data import textpolicy
from ..data.checked import iter_strings
from ..kinds import links_from, page_kinds
from ..model import Model
from .checklists import GENERAL_CHECKLIST, checklist_items, checklist_title

HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


def docs_citations(docs_dir: Path) -> dict[str, list[dict]]:
    """Which hand-written pages cite which references."""
    out: dict[str, list[dict]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        keys = textpolicy.citation_keys(text)
        if not keys:
            continue
        rel = path.relative_to(docs_dir).as_posix()
        url = rel[:-3] + "/" if not rel.endswith("index.md") else rel[: -len("index.md")]
        match = HEADING.search(text)
        title = match.group(1).strip() if match else rel
        for key in dict.fromkeys(keys):
            out.setdefault(key, []).append({"url": url, "title": title})
    return out


def _keys(value) -> list[str]:
    return [k for _, text in iter_strings(value) for k in textpolicy.citation_keys(text)]


def checklist_citation_keys(model: Model, role: dict | None) -> list[str]:
    """The references a checklist page cites: each question's guidance (the role's own where it has
    some) and why it matters, as checklist.md.j2 renders them, and the questions' introduction."""
    keys = _keys(model.questions_doc.get("introduction") or "")
    suggestions = (role or {}).get("suggestions") or {}
    for q in checklist_items(model, role):
        # the guide's own suggestion shown beside it, as checklist.md.j2 chooses it
        own = suggestions.get(q["id"]) or ("" if q.get("tailored") else q.get("suggestion") or "")
        keys += _keys([q.get("guidance") or "", q.get("why") or "", own])
    return list(dict.fromkeys(keys))


def entity_citations(model: Model) -> dict[str, list[dict]]:
    """Which generated pages (and data-driven sections) cite which references, page by page as they
    are rendered: a role's tailored checklist guidance is cited on its checklist, not its role page."""
    s = model.strings
    out: dict[str, list[dict]] = {}

    def add(keys, url, title):
        for key in dict.fromkeys(keys):
            out.setdefault(key, []).append({"url": url, "title": title})

    for kind in page_kinds():
        if kind.page_of:
            continue  # pages of another kind's entities (checklists) are counted below
        elsewhere = {f for other in page_kinds() if other.page_of == kind.key for f in other.page_fields}
        cited_by_id = [link.field for link in links_from(kind.key) if link.target == "references"]
        for ident, entity in model.entities(kind.key).items():
            shown = {k: v for k, v in entity.items() if k not in elsewhere}
            keys = _keys(shown) + [key for f in cited_by_id for key in entity.get(f, [])]
            add(keys, kind.page_url(ident), entity["title"])
    checklist_pages = [(f"checklists/{GENERAL_CHECKLIST}/", s.get("nav.general_checklist", GENERAL_CHECKLIST), None)]
    checklist_pages += [
        (f"checklists/{ident}/", checklist_title(model, role), role) for ident, role in model.roles.items()
    ]
    on_checklists: dict[str, list[tuple]] = {}
    for url, title, role in checklist_pages:
        for key in checklist_citation_keys(model, role):
            on_checklists.setdefault(key, []).append((url, title))
    for key, pages in on_checklists.items():
        if len(pages) == len(checklist_pages) and len(pages) > 2:
            # Cited in a question every checklist shows: one link, not a dozen.
            pages = [("checklists/", s.get("references.all_checklists", "All checklists"))]
        for url, title in pages:
            add([key], url, title)
    add(_keys(model.strategy), "strategy/", s.get("nav.strategy", "Strategy"))
    add(_keys(model.glossary), "glossary/", s.get("nav.glossary", "Glossary"))
    add(_keys(model.assessment), "self-assessment/", s.get("assessment.title", "Self-assessment"))
    return out
