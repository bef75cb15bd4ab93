"""Generated HTML that Markdown passes over (macros/pages/held_html.py): the same page, less work."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import Markup

from macros.pages import held_html
from macros.pages.render import template_environment

EXTENSIONS = ["abbr", "attr_list", "admonition", "def_list", "pymdownx.superfences", "md_in_html", "sane_lists",
              "tables", "toc"]

# A page as a template makes it: Markdown headings between blocks of finished HTML, one of them with a
# blank line inside, and an abbreviation that Markdown must not apply inside the HTML.
TEMPLATE = """# Checklist: {{ title }}

{% filter held %}
<div class="le-lede">
<p>Work through LEAD questions with *care*.</p>

<p>Second paragraph, after a blank line.</p>
</div>
{% endfilter %}

## Stage 1 {: #stage-one }

{% filter held %}
<fieldset class="le-stage"><p>A | table? No: 1. a list? * No.</p></fieldset>
{% endfilter %}

Some **Markdown** about LEAD.

*[LEAD]: the Lived Experience Advisory Directory
"""


def _html(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}).convert(text)


@pytest.fixture
def page() -> str:
    return template_environment().from_string(TEMPLATE).render(title="Peer & support")


def test_a_held_page_comes_out_byte_for_byte_as_if_markdown_had_read_the_html(page):
    as_written = held_html.inline(page)  # the page as a person would write it
    assert held_html.OPEN not in as_written and held_html.CLOSE not in as_written
    lifted, blocks = held_html.lift(page)
    assert len(blocks) == 2
    assert "<div" not in lifted and "<fieldset" not in lifted, "Markdown would still read the HTML"
    assert held_html.release(_html(lifted), blocks) == _html(as_written)


def test_markdown_inside_held_html_is_left_alone_and_around_it_still_works(page):
    lifted, blocks = held_html.lift(page)
    out = held_html.release(_html(lifted), blocks)
    assert "<p>Work through LEAD questions with *care*.</p>" in out  # no <em>, no <abbr> inside the block
    assert '<abbr title="the Lived Experience Advisory Directory">LEAD</abbr>' in out  # outside it, yes
    assert '<h2 id="stage-one">' in out and "<strong>Markdown</strong>" in out
    assert held_html.WORD not in out


def test_a_page_without_held_blocks_is_unchanged():
    text = "# Title\n\n<div>raw</div>\n"
    assert held_html.lift(text) == (text, [])
    assert held_html.release("<p>x</p>", []) == "<p>x</p>"
    assert held_html.inline(text) == text


def test_every_held_block_of_the_built_site_was_put_back(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert held_html.WORD not in text and held_html.OPEN not in text, path
    checklist = (built_site / "checklists" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    assert checklist.count('<div class="le-question"') == 19 and '<fieldset class="le-stage"' in checklist


def test_the_anchors_of_held_html_are_known_to_the_link_check():
    """MkDocs warns about a link to an anchor it did not see on the page (the strict build fails):
    the held blocks' ids and <a name>s are added to the page's anchors, and only those."""
    blocks = ['<div id="q-one"><a name="old-name" href="#x">x</a></div>', '<p class="id">not an id: id=&#34;x&#34;</p>',
              '<p>He said &#34;id=&#34;</p><h3 id="q-two-text">Two</h3>']
    assert held_html.anchors(blocks) == {"q-one", "old-name", "q-two-text"}


def test_a_held_block_inside_another_is_part_of_it():
    """A template that holds a block may include one that holds its own: the outer block is one."""
    inner = held_html.hold(Markup("<p>inner</p>"))
    page = "# T\n\n" + held_html.hold(Markup("<div>") + inner + Markup("</div>")) + "\n\nText.\n"
    lifted, blocks = held_html.lift(page)
    assert blocks == ["<div><p>inner</p></div>"]
    assert held_html.OPEN not in lifted and held_html.CLOSE not in lifted
    assert held_html.release(_html(lifted), blocks) == _html(held_html.inline(page))


def test_put_back_gives_the_markdown_its_html_again(page):
    lifted, blocks = held_html.lift(page)
    restored = held_html.put_back(lifted, blocks)
    assert held_html.WORD not in restored and '<fieldset class="le-stage">' in restored
    assert _html(restored) == _html(held_html.inline(page))


def test_for_zensical_each_held_block_is_a_snippet_file_and_the_page_comes_out_as_if_written_inline(page, tmp_path):
    """Zensical has no hooks: the blocks go to files that pymdownx.snippets includes as it reads the
    page, so its own scan of the Markdown source reads one line per block."""
    markdown_text, files = held_html.as_snippets(page, "checklists/peer")
    assert len(files) == 2 and "<div" not in markdown_text and "<fieldset" not in markdown_text
    for name, html in files.items():
        assert f'--8<-- "{name}"' in markdown_text and name.startswith("checklists/peer/")
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    with_snippets = markdown.Markdown(
        extensions=[*EXTENSIONS, "pymdownx.snippets"],
        extension_configs={"toc": {"permalink": True}, "pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": True}},
    ).convert(markdown_text)
    assert with_snippets == _html(held_html.inline(page))


def test_a_changed_block_changes_the_page_that_includes_it(page):
    """Zensical keeps a cache of pages by their Markdown: a block edited in the data must change it."""
    before, _ = held_html.as_snippets(page, "p")
    after, _ = held_html.as_snippets(page.replace("Second paragraph", "Another paragraph"), "p")
    assert before != after
    assert held_html.as_snippets(page, "p")[0] == before
