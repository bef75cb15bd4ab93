"""The job description downloads: /downloads/job-descriptions/<id>.md and .docx for every role.

The Markdown is the role page's starter (templates/job_description.md.j2) rendered as a document
(`jd_markdown=True`), with citations written as '(Author, year)', then the full entries of the works
it cites and the page it was built from. The Word file is the same document, read back block by
block: headings stay headings (levels 1–3), lists stay lists, "From the guide" labels are italic,
the places to complete are bold and highlighted, and the caution is a shaded paragraph.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..data.textpolicy import CITATION, CITE_KEY
from ..model import Model
from ..pages import citations
from ..pages.render import Renderer
from . import word

BLANK_LINES = re.compile(r"\n{3,}")
# **[To complete: …]**, **bold**, *italic*: the only inline marks the document uses
INLINE = re.compile(r"\*\*(\[[^\]\n]*\])\*\*|\*\*(.+?)\*\*|\*(?!\s)(.+?)\*")


def _cited_text(model: Model, text: str, cited: list[str]) -> str:
    def one(match: re.Match) -> str:
        keys = [k for k in CITE_KEY.findall(match.group(1)) if k in model.references]
        for key in keys:
            if key not in cited:
                cited.append(key)
        return "(" + "; ".join(citations.in_text(model, k) for k in keys) + ")"

    return CITATION.sub(one, text)


def reference_text(model: Model, key: str) -> str:
    """One reference-list entry as plain text, in the references page's style."""
    ref = citations.entry(model, key)
    if key == model.source_id:  # the paper itself, as the references page names it
        return f"{ref['authors']}. {ref['note']}"
    parts = [f"{ref['authors']} " if ref["authors"] else "", f"({ref['year']}). "]
    if ref["container"]:
        parts.append(f"{ref['title']}. {ref['container']}" + (f", {ref['details']}" if ref["details"] else "") + ".")
    else:
        parts.append(f"{ref['title']}.")
    editors = model.strings["references.editors"] + " "
    for label, value in ((editors, ref["editors"]), ("", ref["publisher"]), ("", ref["note"])):
        if value:
            parts.append(f" {label}{value}.")
    if ref["doi"]:
        parts.append(f" https://doi.org/{ref['doi']}")
    if ref["url"]:
        parts.append(f" {ref['url']}")
    return "".join(parts)


def job_description_markdown(model: Model, renderer: Renderer, role: dict, site_url: str = "") -> str:
    s = model.strings
    cited: list[str] = []

    def as_document(value) -> Markup:
        return Markup(_cited_text(model, str(value or ""), cited).strip())

    doc = renderer.render(
        "job_description.md.j2", f"roles/{role['id']}/", role=role,
        jd_markdown=True, jd_block=as_document, jd_inline=as_document,
    )
    lines = [doc.rstrip(), ""]
    if cited:
        lines += [f"## {s['jd.sources']}", ""]
        in_order = sorted(cited, key=lambda k: citations.sort_key(model, k))
        lines += [f"- {reference_text(model, key)}" for key in in_order]
        lines.append("")
    if site_url:
        lines += [f"{s['jd.built_from']} {site_url}roles/{role['id']}/", ""]
    return BLANK_LINES.sub("\n\n", "\n".join(lines))


def runs(text: str) -> word.Runs:
    """A line of the document's Markdown as Word runs."""
    out: word.Runs = []
    at = 0
    for match in INLINE.finditer(text):
        if match.start() > at:
            out.append((text[at : match.start()], ""))
        fill, bold, italic = match.groups()
        out.append((fill, "fill") if fill else (bold, "bold") if bold else (italic, "italic"))
        at = match.end()
    if at < len(text):
        out.append((text[at:], ""))
    return out


def blocks(markdown: str) -> tuple[str, list[word.Block]]:
    """The document's Markdown (what job_description_markdown writes) as a title and Word blocks."""
    title, out = "", []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(word.Block("paragraph", runs(" ".join(paragraph))))
            paragraph.clear()

    for line in markdown.splitlines():
        heading = re.match(r"(#{1,3}) (.*)", line)
        bullet = re.match(r"( *)- (.*)", line)
        if heading:
            flush()
            title = title or heading.group(2)
            out.append(word.Block("heading", runs(heading.group(2)), level=len(heading.group(1))))
        elif bullet:
            flush()
            level = 2 if bullet.group(1) else 1
            if out and out[-1].kind == "bullets" and out[-1].level == level:
                out[-1].items.append(runs(bullet.group(2)))
            else:
                out.append(word.Block("bullets", items=[runs(bullet.group(2))], level=level))
        elif line.startswith("> "):
            flush()
            out.append(word.Block("quote", runs(line[2:])))
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
    flush()
    return title, out


def job_description_docx(model: Model, markdown: str) -> bytes:
    title, content = blocks(markdown)
    return word.document(title, content, language=model.content_language, title_heading=False)


def files(model: Model, site_url: str = "") -> dict[str, str | bytes]:
    """downloads/job-descriptions/<id>.md and .docx for every role."""
    renderer = Renderer(model)
    out: dict[str, str | bytes] = {}
    for ident, role in model.roles.items():
        markdown = job_description_markdown(model, renderer, role, site_url)
        out[f"downloads/job-descriptions/{ident}.md"] = markdown
        out[f"downloads/job-descriptions/{ident}.docx"] = job_description_docx(model, markdown)
    return out
