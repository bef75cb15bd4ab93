"""Plain one-paragraph text skips the Markdown converter; the HTML must be exactly what the
converter would have made, for every text in the guide and for awkward cases."""

from __future__ import annotations

import pytest

from conftest import ROOT
from macros.data.checked import iter_strings
from macros.model.build import build_model
from macros.pages.render import Renderer
from macros.settings import GuideConfig


@pytest.fixture(scope="module")
def safe_md():
    model = build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))
    texts = set()
    for kind in ("roles", "challenges", "case_studies"):
        for entity in model.entities(kind).values():
            texts.update(text for _, text in iter_strings(entity))
    for doc in (model.questions_doc, model.strategy, model.glossary):
        texts.update(text for _, text in iter_strings(doc))
    return Renderer(model).safe_md, texts


AWKWARD = [
    "It's a \"quote\" and 'single' (paren).", "1. a list item", "2) another", "Two spaces at the end  ",
    "Uses CQC here", "Tom & Jerry", "see: this", "# not a heading", "- a bullet", "tab\there",
    "A line\nand another", "under_score", "star*", "(a) lettered", "x > y", "‘curly’ and “double”",
]


def full_conversion(safe_md, text: str) -> str:
    source = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe_md.md.reset().convert(source)


def test_fast_path_output_equals_the_markdown_converter(safe_md):
    renderer, texts = safe_md
    checked = 0
    for text in sorted(texts) + AWKWARD:
        if renderer._is_plain(text):
            checked += 1
            assert str(renderer.render(text)) == full_conversion(renderer, text), text
    assert checked > 100, "the fast path should apply to most short texts"


CITED = [
    "Peer support rests on shared experience [@mead2001].",
    "[@mead2001] comes first, then words.",
    "Two works [@mead2001; @repper2014] and one more [@mead2001].",
    "Without a space[@mead2001;@repper2014]",
    "It's \"quoted\" (a paren) [@mead2001].",
    "Uses CQC beside a citation [@mead2001].",
    "A page number [@mead2001, p. 3] is left to the converter.",
    "An upper-case key [@Mead2001] is left to the converter.",
    "1. a list item [@mead2001]",
    "Emphasis *here* [@mead2001]",
]


def test_cited_plain_text_equals_the_markdown_converter(safe_md):
    """Plain text with citations in it (most of the guide's evidence) also skips the converter, with
    the same HTML, for every such text in the guide and for awkward cases."""
    renderer, texts = safe_md
    fast = 0
    for text in sorted(texts) + CITED:
        for base in ("", "../../"):
            renderer.base = base
            if renderer._cited(text) is not None:
                fast += 1
                assert str(renderer.render(text, base)) == full_conversion(renderer, text), (text, base)
    assert fast > 2 * 120, "the cited fast path should apply to most texts with citations (149 of 216)"
    for text in CITED[-5:]:
        assert renderer._cited(text) is None, text


@pytest.mark.parametrize("text", ["1. a list item", "# not a heading", "- a bullet", "Uses CQC here", "A [link](https://x.org)"])
def test_text_markdown_acts_on_takes_the_full_path(safe_md, text):
    renderer, _ = safe_md
    assert not renderer._is_plain(text)
