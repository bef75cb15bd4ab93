"""The Word writer builds some runs and paragraphs' XML directly (macros/exports/word.py), for speed:
the XML must be exactly what python-docx's own properties write."""

from __future__ import annotations

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
