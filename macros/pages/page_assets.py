"""Which of the site's stylesheets and scripts (mkdocs.yml extra_css, extra_javascript) a page loads.

Most of the guide's own CSS and JavaScript serves one kind of page: checklists, the workspace, the
self-assessment, the catalogue filter. Loading them only where a page uses them keeps a first visit
light. A page uses one when its HTML contains one of the asset's markers (the script the page's own
template includes, or an attribute only that feature writes); every other asset in extra_css and
extra_javascript (guide.css, a fork's own stylesheet) loads on every page, as before. Pages without
a page context (the 404 page) and engines without hooks load them all.
"""

from __future__ import annotations

# asset (as mkdocs.yml lists it) → markers in a page's HTML that say the page needs it
PAGE_ASSETS: dict[str, tuple[str, ...]] = {
    # checklists, and /my-work/, whose comparison view and buttons use the checklist's button styles
    "assets/stylesheets/checklist.css": ("assets/javascripts/checklist.js", "assets/javascripts/my-work.js"),
    "assets/stylesheets/workspace.css": ("assets/javascripts/workspace.js", "assets/javascripts/my-work.js"),
    "assets/stylesheets/assessment.css": ("assets/javascripts/assessment.js",),
    "assets/javascripts/filter.js": ("data-filter", "data-open-search"),
}


def _path(entry) -> str:
    """The path of an extra_css or extra_javascript entry (a string, or MkDocs's script object)."""
    return str(getattr(entry, "path", entry))


def needed(entries: list, html: str) -> list:
    """The entries this page loads, in their configured order: every asset without markers, and
    those with markers when the page's HTML has one of them."""
    out = []
    for entry in entries:
        markers = PAGE_ASSETS.get(_path(entry).lstrip("/"))
        if markers is None or any(marker in html for marker in markers):
            out.append(entry)
    return out
