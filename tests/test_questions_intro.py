"""The paper's framing of the fundamental questions and its reading list (data/questions.yml
`introduction`) is shown on /checklists/, on every checklist and in the checklist downloads, so the
works it cites are cited on the site."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.model.build import build_model
from macros.pages.checklists import plain_text
from macros.settings import GuideConfig

READING_LIST = ("tnl2021", "repper2014", "ash2023", "nmhc2023")


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


@pytest.fixture(scope="module")
def intro(model) -> str:
    text = model.questions_doc["introduction"]
    assert all(f"@{key}" in text for key in READING_LIST)
    return text


def test_the_introduction_and_its_reading_list_are_on_the_checklists_page(built_site, intro):
    html = (built_site / "checklists" / "index.html").read_text(encoding="utf-8")
    assert 'id="about-the-questions"' in html
    for key in READING_LIST:
        assert f'href="../references/#{key}"' in html


@pytest.mark.parametrize("checklist", ["new-role", "peer-support-worker"])
def test_every_checklist_and_its_download_carry_the_introduction(built_site, model, intro, checklist):
    html = (built_site / "checklists" / checklist / "index.html").read_text(encoding="utf-8")
    assert 'class="le-questions-intro"' in html and "references/#repper2014" in html
    download = (built_site / "downloads" / "checklists" / f"{checklist}.md").read_text(encoding="utf-8")
    first_words = " ".join(plain_text(model, intro).split()[:12])
    assert first_words in " ".join(download.split())
    assert "Repper, 2014" in download and "[@" not in download


def test_the_reading_list_is_no_longer_called_uncited(built_site):
    html = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    for key in READING_LIST:
        entry = re.search(rf'<li id="{key}".*?</li>', html, re.S).group(0)
        assert "checklists/" in entry
