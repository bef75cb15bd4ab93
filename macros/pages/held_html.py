"""Generated HTML that Python-Markdown passes over instead of parsing.

A generated page's Markdown is mostly finished HTML (a checklist is some 120 KB of it). Markdown
reads all of it again, with Python's HTML parser and every block and inline pattern, only to copy
it out unchanged: the checklists alone were half of the time Markdown spent on the whole site. So a
template marks such a block with the `held` filter (`hold`: two HTML comments around it). Before
Markdown runs, the MkDocs hook lifts each marked block out of the page (`lift`) and leaves a short
word in its place, a paragraph of its own; once the page is HTML it puts the block back where
Markdown left that paragraph (`release`). The page's bytes are the same as when Markdown copied
the blocks itself. Where the Markdown itself is the product, `inline` drops the marks and leaves
the HTML where it is, and `put_back` undoes `lift` (the benchmark's plain copy, taken after the
hook). For Zensical, which has no hooks, `as_snippets` writes each block to a file of its own and
leaves a pymdownx.snippets line in its place: Python-Markdown puts the HTML back as it reads the
page, and Zensical's link scan, which reads every page's Markdown source and took about 2 of its
4 seconds on the checklists' HTML, reads a line.

The word is letters and digits only: no Markdown extension the site uses changes it (no emphasis,
link, attribute, table or list syntax, and no word boundary inside it for an abbreviation to match).
"""

from __future__ import annotations

import hashlib
import re

from markupsafe import Markup

OPEN, CLOSE = "<!--guide-held-->", "<!--/guide-held-->"
WORD = "guideheldhtml"
_PARAGRAPH = re.compile(r"<p>" + WORD + r"(\d+)</p>")
_IN_MARKDOWN = re.compile(r"^" + WORD + r"(\d+)$", re.MULTILINE)
# the ids and <a name>s of the guide's own HTML (double-quoted; a quote in text is escaped as &#34;)
_ANCHOR = re.compile(r'\s(?:id|name)="([^"<>&]+)"')


def hold(html) -> Markup:
    """A block of finished HTML, marked for `lift` (the Jinja filter `held`)."""
    return Markup(OPEN + str(html) + CLOSE)


def lift(markdown: str) -> tuple[str, list[str]]:
    """The page's Markdown with each held block replaced by a word of its own, and the blocks."""
    markdown = str(markdown)  # plain text from here on (a Markup would escape what is put into it)
    if OPEN not in markdown:
        return markdown, []
    out, blocks, at = [], [], 0
    while (start := markdown.find(OPEN, at)) >= 0:
        end = _matching_close(markdown, start)
        if end < 0:
            break  # not closed: the rest stays in the Markdown, which reads it as it always did
        out += [markdown[at:start], f"\n\n{WORD}{len(blocks)}\n\n"]
        blocks.append(inline(markdown[start + len(OPEN) : end]).strip("\n"))  # a held block inside: one block
        at = end + len(CLOSE)
    out.append(markdown[at:])
    return "".join(out), blocks


def _matching_close(markdown: str, start: int) -> int:
    depth, at = 0, start
    while True:
        opened, closed = markdown.find(OPEN, at), markdown.find(CLOSE, at)
        if closed < 0:
            return -1
        if 0 <= opened < closed:
            depth, at = depth + 1, opened + len(OPEN)
            continue
        depth, at = depth - 1, closed + len(CLOSE)
        if depth == 0:
            return closed


def release(html: str, blocks: list[str]) -> str:
    """The page's HTML with each held block back in place of its word's paragraph, ended as
    Python-Markdown ends a raw HTML block."""
    if not blocks:
        return html
    return _PARAGRAPH.sub(lambda match: blocks[int(match.group(1))] + "\n", html)


def anchors(blocks: list[str]) -> set[str]:
    """The anchors in the held blocks: MkDocs checks links to a page's anchors against those it saw
    in the page's Markdown and raw HTML, and the held blocks were neither."""
    return {match.group(1) for block in blocks for match in _ANCHOR.finditer(block)}


SNIPPET_LINE = '--8<-- "{}"'


def as_snippets(markdown: str, folder: str) -> tuple[str, dict[str, str]]:
    """The page's Markdown with each held block replaced by a pymdownx.snippets line naming a file
    under `folder`, and those files (path → HTML). A file's name ends in a hash of its HTML, so a
    block that changes changes the page's Markdown too, and an engine's cache of pages notices."""
    lifted, blocks = lift(markdown)
    files: dict[str, str] = {}

    def snippet(match: re.Match) -> str:
        block = blocks[int(match.group(1))]
        name = f"{folder}/{match.group(1)}-{hashlib.sha256(block.encode('utf-8')).hexdigest()[:12]}.html"
        files[name] = block + "\n"
        return SNIPPET_LINE.format(name)

    return _IN_MARKDOWN.sub(snippet, lifted), files


def put_back(markdown: str, blocks: list[str]) -> str:
    """Lifted Markdown with its blocks back in place as HTML (what the page's Markdown was)."""
    if not blocks:
        return markdown
    return _IN_MARKDOWN.sub(lambda match: blocks[int(match.group(1))], markdown)


def inline(markdown: str) -> str:
    """A page's Markdown with the held blocks left in place as HTML, unmarked."""
    markdown = str(markdown)
    return markdown.replace(OPEN, "").replace(CLOSE, "") if OPEN in markdown else markdown
