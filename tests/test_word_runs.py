"""The Word writer builds some runs and paragraphs' XML directly (macros/exports/word.py), for speed:
the XML must be exactly what python-docx's own properties write."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

from macros.exports import word


def _xml(paragraph) -> str:
    return paragraph._p.xml


@pytest.mark.parametrize("bold", [True, False])
def test_a_fill_in_run_is_what_python_docx_writes(bold):
    doc = docx.Document()
    ours, theirs = doc.add_paragraph(), doc.add_paragraph()
    word._fill_in(ours, "Your organisation", bold=bold)
    run = theirs.add_run("Your organisation")
    run.italic = not bold
    run.bold = bold
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    assert _xml(ours) == _xml(theirs)


@pytest.mark.parametrize("style, prop", [("bold", "bold"), ("italic", "italic")])
def test_a_bold_or_italic_run_is_what_python_docx_writes(style, prop):
    doc = docx.Document()
    ours, theirs = doc.add_paragraph(), doc.add_paragraph()
    word._add_runs(ours, [("plain ", ""), ("marked", style)])
    theirs.add_run("plain ")
    setattr(theirs.add_run("marked"), prop, True)
    assert _xml(ours) == _xml(theirs)


def test_a_styled_paragraph_is_what_python_docx_writes():
    doc = docx.Document()
    ours = word._Styles(doc).paragraph("List Bullet")
    theirs = doc.add_paragraph(style="List Bullet")
    assert _xml(ours) == _xml(theirs)


def _contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


EVERY_BLOCK = [
    word.Block("heading", "A heading", level=1, note="Where the text comes from"),
    word.Block("paragraph", [("Plain, ", ""), ("bold", "bold"), (" and ", ""), ("a place to fill in", "fill")]),
    word.Block("bullets", items=["One", [("Two, ", ""), ("marked", "italic")]], level=1),
    word.Block("bullets", items=["Nested"], level=2),
    word.Block("quote", "A caution, shaded"),
    word.Block("fill", "Your organisation's own words"),
    word.Block("table", rows=[["Header", "Other"], ["a", "b\twith a tab"]]),
]


def test_a_word_file_holds_exactly_what_python_docx_saves_for_it():
    """Each document is the blank one's unchanging parts, compressed once (here: with the first, bare
    document), plus its own body and core properties: unpacked, it is part for part what
    python-docx's own save() writes for the same document. A block that changed a part kept from
    the blank document (a style, the settings, the list of parts) would make the second differ."""
    word._unchanging_zip.cache_clear()
    for title, blocks in (("First document", [word.Block("paragraph", "Bare")]), ("Second document", EVERY_BLOCK)):
        ours = word.document(title, blocks, language="cy")
        theirs = io.BytesIO()
        word._blank().save(theirs)  # the blank document holds the body just written
        assert _contents(ours) == _contents(theirs.getvalue()), title
        assert ours == word.document(title, blocks, language="cy")  # the same bytes every time
    assert b"Second document" in _contents(ours)["docProps/core.xml"]
    assert b"Bare" not in _contents(ours)["word/document.xml"]
