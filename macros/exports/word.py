"""Word documents (.docx) written at build time, with python-docx (a maintained library that Word and
LibreOffice both read), from a plain list of blocks, so that templates and data decide the content and
this module only lays it out. The same input gives the same bytes: fixed document dates and fixed
times inside the zip, so two builds of the same data publish identical files.

A block's text is either a string or a list of runs, each (text, style) with style "" (plain),
"bold", "italic" or "fill" (a place the reader fills in: bold and highlighted)."""

from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

FIXED = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)

Runs = list[tuple[str, str]]


@dataclass
class Block:
    """One piece of a document: a heading, a paragraph, a bulleted list, a table, a fill-in box or a
    quote (a shaded, indented paragraph)."""

    kind: str                      # "heading" | "paragraph" | "bullets" | "table" | "fill" | "quote"
    text: str | Runs = ""
    level: int = 1                 # headings; bullets: 1 or 2 (a nested list)
    items: list[str | Runs] = field(default_factory=list)  # bullets
    rows: list[list[str]] = field(default_factory=list)   # table rows, the first one is the header
    note: str = ""                 # a small grey line under a heading (for example where the text comes from)


SPECIAL = re.compile(r"[\t\n\r]")


def _run(paragraph, text: str = ""):
    """`paragraph.add_run(text)`, with the same XML: python-docx writes a run's text one character
    at a time (to turn tabs and line breaks into their elements); text without them is one <w:t>."""
    run = paragraph.add_run()
    if text and SPECIAL.search(text):
        run.text = text
    elif text:
        run._r.add_t(text)
    return run


def _fill_in(paragraph, text: str, bold: bool = False) -> None:
    """A place the reader fills in: italic (or bold), highlighted in yellow so that what the organisation
    must write stands out. The XML of `run.italic = not bold; run.bold = bold;
    run.font.highlight_color = YELLOW` on a new run, built directly (see _first_properties)."""
    off = "0"  # Word's value for a switched-off property
    _first_properties(_run(paragraph, text)._r, "w:rPr", _element("w:b", None if bold else off),
                      _element("w:i", off if bold else None), _element("w:highlight", "yellow"))


def _add_runs(paragraph, text: str | Runs) -> None:
    if isinstance(text, str):
        _run(paragraph, text)
        return
    for value, style in text:
        if style == "fill":
            _fill_in(paragraph, value, bold=True)
            continue
        run = _run(paragraph, value)
        if style in _ON:  # a plain run gets no run properties at all (not an empty <w:rPr/>)
            _first_properties(run._r, "w:rPr", _element(_ON[style]))  # `run.bold = True`, or italic


_ON = {"bold": "w:b", "italic": "w:i"}


def _element(tag: str, value: str | None = None):
    from docx.oxml import OxmlElement  # python-docx: see _blank
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


def _first_properties(parent, tag: str, *children) -> None:
    """A new run's or paragraph's properties (<w:rPr>, <w:pPr>) with the given children, as its first
    child: the XML python-docx's properties write (`run.bold = True`, `paragraph.style = …`), built
    directly. python-docx looks for each new element's place among some forty possible siblings
    (a third of a document's time); in a new run or paragraph there are none. The children must
    be given in the schema's order (b, i, highlight)."""
    properties = _element(tag)
    properties.extend(children)
    parent.insert(0, properties)


def _shade(paragraph, fill: str = "EDEDED") -> None:
    """Grey shading behind a paragraph, and an indent, so that a caution stands apart."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    ppr = paragraph._p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)
    paragraph.paragraph_format.left_indent = Cm(0.75)
    paragraph.paragraph_format.right_indent = Cm(0.75)


class _Styles:
    """Word's built-in styles by name, each looked up once per document. python-docx looks a style up
    by name on every `add_paragraph(style=…)` and `add_heading` (about 1.5 ms each, most of a
    document's time); setting the looked-up style id on the paragraph gives the same XML."""

    def __init__(self, doc):
        self._doc = doc
        self._ids: dict[str, str] = {}

    def paragraph(self, name: str = ""):
        paragraph = self._doc.add_paragraph()
        if name:
            if name not in self._ids:
                self._ids[name] = self._doc.styles[name].style_id
            _first_properties(paragraph._p, "w:pPr", _element("w:pStyle", self._ids[name]))
        return paragraph

    def heading(self, text: str, level: int):
        """What `doc.add_heading(text, level)` writes: level 0 in the Title style, else Heading <level>."""
        paragraph = self.paragraph("Title" if level == 0 else f"Heading {level}")
        if text:
            _run(paragraph, text)
        return paragraph


@functools.cache
def _blank():
    """python-docx's blank document, opened once per process: reading and parsing it is most of a
    small document's time. Its body text is set to 11 points here, once: after this, a document
    changes only its body and its core properties (CHANGING), never a style. python-docx is
    imported here, not at the top: a build that takes the downloads from the cache (data/cache.py)
    never needs it, and importing it costs about 0.1 s."""
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(11)
    return doc


def _new_document():
    """An empty document: the blank one (`_blank`), emptied of the last document's body. Every document
    sets all the core properties it uses and changes no style, so each one's bytes are those of a
    fresh Document() with the same content."""
    from docx.oxml.ns import qn

    doc = _blank()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def document(title: str, blocks: list[Block], language: str = "en-GB", title_heading: bool = True) -> bytes:
    """The document's bytes. With title_heading, the title is written first in Word's Title style;
    without it, the blocks carry their own first heading."""
    from docx.shared import Pt

    doc = _new_document()
    styles = _Styles(doc)
    props = doc.core_properties
    props.title, props.language = title, language
    props.author = props.last_modified_by = ""
    props.created = props.modified = props.last_printed = FIXED
    props.revision = 1
    if title_heading:
        styles.heading(title, 0)
    for block in blocks:
        if block.kind == "heading":
            heading = styles.heading("", max(1, min(block.level, 4)))
            _add_runs(heading, block.text)
            if block.note:
                note = doc.add_paragraph()
                run = _run(note, block.note)
                run.italic = True
                run.font.size = Pt(9)
        elif block.kind == "paragraph":
            _add_runs(doc.add_paragraph(), block.text)
        elif block.kind == "quote":
            paragraph = doc.add_paragraph()
            _add_runs(paragraph, block.text)
            _shade(paragraph)
        elif block.kind == "bullets":
            list_style = "List Bullet 2" if block.level > 1 else "List Bullet"
            for item in block.items:
                _add_runs(styles.paragraph(list_style), item)
        elif block.kind == "fill":
            text = block.text if isinstance(block.text, str) else "".join(t for t, _ in block.text)
            _fill_in(doc.add_paragraph(), text)
        elif block.kind == "table" and block.rows:
            table = doc.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        else:
            raise ValueError(f"unknown block kind {block.kind!r}")
    return _saved(doc)


# The parts a document changes: its body (with its relationships: links) and its core properties.
# Every other part of the package (the styles, about 0.8 MB of XML, the theme, the settings, the
# list of content types) is that of the blank document (`_blank`).
CHANGING = frozenset({"/word/document.xml", "/docProps/core.xml"})


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member dated 1 January 2000, so that the bytes depend on the content only."""
    member = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    return member


@dataclass
class _Members:
    """What python-docx's package writer writes to (its PhysPkgWriter): the members, in order."""

    written: list[tuple[str, bytes]] = field(default_factory=list)

    def write(self, pack_uri, blob: bytes) -> None:
        self.written.append((pack_uri.membername, blob))


def _members(doc, changing: bool) -> list[tuple[str, bytes]]:
    """The package's members as `doc.save()` writes them (the steps of python-docx's OpcPackage.save
    and PackageWriter.write, python-docx 1.2.0, pinned): those of the CHANGING parts, or all the
    others."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = _Members()
    if not changing:
        PackageWriter._write_content_types_stream(members, parts)
        PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, [part for part in parts if (str(part.partname) in CHANGING) == changing])
    return members.written


@functools.cache
def _unchanging_zip() -> bytes:
    """The blank document's package without its CHANGING parts, compressed once per process: each
    document adds its own parts to a copy. Serialising and compressing the styles again for every
    document was about half of its time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in _members(_blank(), changing=False):
            archive.writestr(_member(name), blob)
    return out.getvalue()


def _saved(doc) -> bytes:
    """The document's file: the unchanging members (`_unchanging_zip`), then its body, its
    relationships and its core properties."""
    out = io.BytesIO(_unchanging_zip())
    out.seek(0, io.SEEK_END)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in _members(doc, changing=True):
            archive.writestr(_member(name), blob)
    return out.getvalue()
