"""The transforms of hand-written pages (macros/pages/handwritten.py), one by one, without a build:
citations become links, links to hidden pages become text, glossary abbreviations are explained,
a fork's terms are applied; and the Python-Markdown extension runs the same transforms."""

from __future__ import annotations

import dataclasses

import markdown
import pytest

from conftest import ROOT
from macros.errors import DataErrors
from macros.model.build import build_model
from macros.model.terms import TermReplacer
from macros.pages import citations, handwritten
from macros.settings import GuideConfig


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


def test_a_citation_becomes_a_link_to_its_entry_on_the_reference_page(model):
    label = citations.in_text(model, "arnstein1969")
    out = handwritten.citations_to_links("As the ladder shows [@arnstein1969].", model, "why/drivers.md")
    assert out == f"As the ladder shows ([{label}](../references.md#arnstein1969))."
    assert "1969" in label
    top = handwritten.citations_to_links("[@arnstein1969]", model, "index.md")
    assert top == f"([{label}](references.md#arnstein1969))"


def test_several_keys_in_one_citation_become_one_bracket_of_links(model):
    out = handwritten.citations_to_links("[@arnstein1969; @ash2023]", model, "strategy.md")
    assert out.startswith("([") and out.endswith(")") and out.count("](references.md#") == 2
    assert "; [" in out


def test_an_unknown_citation_key_stops_with_the_page_and_a_suggestion(model):
    with pytest.raises(DataErrors) as caught:
        handwritten.citations_to_links("Text [@arnstien1969].", model, "why/value.md")
    (error,) = caught.value.errors
    assert error.file == "docs/why/value.md"
    assert error.message == "there is no reference with the key 'arnstien1969'"
    assert error.hint == "did you mean 'arnstein1969'?"


def test_a_link_to_a_hidden_page_becomes_its_text_and_other_links_stay():
    hidden = frozenset({"roles/peer-trainer.md", "checklists/peer-trainer.md"})
    text = ("See [the trainer](../roles/peer-trainer.md#skills), [its checklist](../checklists/peer-trainer.md), "
            "[a worker](../roles/peer-support-worker.md), [a site](https://example.org/roles/peer-trainer.md) "
            "and ![a picture](../roles/peer-trainer.md).")
    out = handwritten.unlink_hidden(text, "why/drivers.md", hidden)
    assert out.startswith("See the trainer, its checklist, [a worker](../roles/peer-support-worker.md)")
    assert "[a site](https://example.org/roles/peer-trainer.md)" in out
    assert "![a picture](../roles/peer-trainer.md)" in out
    assert handwritten.unlink_hidden(text, "why/drivers.md", frozenset()) == text


def test_glossary_abbreviations_a_page_uses_are_explained(model):
    terms = {t["abbreviation"]: t["term"] for t in model.glossary if t.get("abbreviation")}
    short = sorted(terms)[0]
    out = handwritten.abbreviations(f"Ask the {short} team.", model)
    assert out == f"\n\n*[{short}]: {' '.join(terms[short].split())}\n"
    assert handwritten.abbreviations(f"Ask the {short.lower()}x team.", model) == ""


def test_a_forks_terms_reach_a_hand_written_page_but_keep_its_anchors(model):
    assert handwritten.with_terms("# Service users\n", model) == "# Service users\n"  # no fork: unchanged
    fork = dataclasses.replace(model, term_replacer=TermReplacer({"service users": "people who use services"}))
    out = handwritten.with_terms("# Service users\n\nAsk service users first.\n", fork)
    assert out == "# People who use services {: #service-users }\n\nAsk people who use services first.\n"


def test_the_markdown_extension_runs_the_same_transforms(model):
    short = sorted(t["abbreviation"] for t in model.glossary if t.get("abbreviation"))[0]
    source = f"The {short} agrees [@arnstein1969]."
    expected = markdown.markdown(handwritten.transform(source, model, "why/drivers.md"), extensions=["abbr"])
    html = markdown.markdown(source, extensions=[handwritten.HandwrittenPages(model, "why/drivers.md"), "abbr"])
    assert html == expected
    assert 'href="../references.md#arnstein1969"' in html and "<abbr title=" in html
