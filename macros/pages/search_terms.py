"""Words readers type that a page answers but may not use itself (data/search.yml).

Each page lists its keywords by address; the page shows them in one line ("Also searched for: …",
templates/keywords.md.j2), which also puts them in the site's search index. `unknown_pages` names the
addresses that match no page, so a typo in search.yml stops the build with a fix instead of doing
nothing.
"""

from __future__ import annotations

from ..errors import DataError, did_you_mean
from ..kinds import page_kinds
from ..model import Model

DATA_FILE = "data/search.yml"
EXAMPLE = "use a page's address as the site shows it, e.g. roles/peer-support-worker/"


def keywords_for(model: Model, page_url: str) -> list[str]:
    """The keywords of the page at this address ('' for the home page, 'roles/x/' …)."""
    return list((model.search.get("pages") or {}).get(page_url, []))


def unknown_pages(model: Model, page_urls: list[str]) -> list[DataError]:
    """A DataError for every address in search.yml that is not one of the site's pages."""
    known = set(page_urls)
    # a fork that hides a role (or another entity) hides its page: upstream's keywords for it are not a typo
    hidden = {kind.page_url(i) for source, i in model.hidden for kind in page_kinds() if kind.source == source}
    errors = []
    for address in model.search.get("pages") or {}:
        if address not in known and address not in hidden:
            hint = did_you_mean(address, sorted(known)) or EXAMPLE
            message = f"there is no page at '{address}'"
            errors.append(DataError(DATA_FILE, None, None, f"pages.{address}", message, hint))
    return errors


def with_keywords(index: dict, model: Model) -> dict:
    """Material's search index (search/search_index.json) with each page's keywords in a `keywords`
    field of its first entry, which mkdocs.yml weighs like a title. The index is otherwise unchanged."""
    pages = model.search.get("pages") or {}
    seen: set[str] = set()
    for entry in index.get("docs", []):
        location = str(entry.get("location", ""))
        if "#" in location or location in seen or location not in pages:
            continue
        seen.add(location)
        entry["keywords"] = " ".join(pages[location])
    return index


def without_repeated_tags(index: dict) -> dict:
    """The index with a page's tags on its first entry only. Material copies a page's tags onto every
    section of the page; mkdocs.yml weighs tags at 1 (as plain text), so one copy per page finds the
    page just as well, and the index is smaller."""
    for entry in index.get("docs", []):
        if "#" in str(entry.get("location", "")):
            entry.pop("tags", None)
    return index


def page_url(src_uri: str) -> str:
    """The address MkDocs gives a docs file with directory URLs: index.md → '', a/b.md → 'a/b/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
