"""Where a generated page sits in the site's navigation, for its breadcrumbs and the highlighted section.

Generated pages (a role, its checklist, a challenge, a case study) are kept out of the sidebar (see
README, "the build is linear"), so MkDocs gives them no parent. Each one gets its catalogue's place in
the navigation as parent: the catalogue page (`roles/index.md`), or the section itself when the
catalogue is that section's index page (Checklists). Material's `navigation.path` then draws
Home › Roles from `page.ancestors`, and marking the page active marks its parents active, which
highlights that item in the sidebar. Plain functions over MkDocs' page and section objects.
"""

from __future__ import annotations

from ..kinds import KINDS
from .generated import GeneratedPage


def catalogue_src(kind: str) -> str:
    """The catalogue page of a kind's pages, e.g. roles/index.md."""
    return f"{KINDS[kind].page_folder}/index.md"


def nav_parent(catalogue):
    """The navigation item a generated page hangs under: the section whose index page the catalogue
    is, or else the catalogue page itself."""
    section = getattr(catalogue, "parent", None)
    if section is not None and catalogue.is_index and section.children and section.children[0] is catalogue:
        return section
    return catalogue


def attach_parents(generated: list[GeneratedPage], nav_pages: dict, pages: dict) -> int:
    """Give every generated page (by src_uri in `pages`) its catalogue's navigation item as parent,
    where the catalogue is in the navigation (`nav_pages`, by src_uri; a fork may have hidden it).
    Returns how many pages got one."""
    count = 0
    for spec in generated:
        catalogue = nav_pages.get(catalogue_src(spec.kind))
        page = pages.get(spec.src_uri)
        if catalogue is None or page is None or page.parent is not None:
            continue
        page.parent = nav_parent(catalogue)
        count += 1
    return count
