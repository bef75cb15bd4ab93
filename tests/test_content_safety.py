"""Hostile content is shown as text or refused; it never becomes active in a built page.

- Jinja in guide text (`{{ 7*7 }}`, `{% for %}`, `{{ config }}`, reaching Python objects) is shown as
  the literal characters, never evaluated: YAML text is never a template.
- HTML, images, `javascript:` and `data:` links are refused by validation with a clear message, and
  the renderer escapes or neutralises them anyway (defence in depth: a build with validation switched
  off still has nothing active in it).
- Titles with Markdown, HTML or attribute-list tricks come out as plain text in headings and cards.
- The same holds for a fork's overlay files (roles, interface strings, terms).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import ROOT, copy_project, mkdocs_build
from macros.data import schema as schemas
from macros.data.checked import load_checked
from macros.errors import DataErrors
from macros.model.build import build_model
from macros.pages.markup import SafeMarkdown, md_text
from macros.settings import GuideConfig

JINJA = ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ config }}", "{{ ''.__class__.__mro__ }}"]
TRICK_TITLE = "Peer {{ 7*7 }} *lead* {: onclick=alert(1) } # not a heading"
OVERLAY_TITLE = "Peer support worker {{ 7*7 }} [x](https://example.org) {: onclick=alert(4) }"


# ----------------------------------------------------------------------------- reading built pages


class _Html(HTMLParser):
    """Every start tag with its attributes, the text outside scripts, and each script's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, content = self.scripts[-1]
            self.scripts[-1] = (attrs, content + data)
        else:
            self.text.append(data)


def parse(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    parser.close()
    return parser


def active_content(html: str) -> list[str]:
    """Anything in a page that could run code or load from elsewhere because of guide data."""
    page = parse(html)
    found = []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                lowered = re.sub(r"\s+", "", value).lower()
                if lowered.startswith(("javascript:", "data:", "vbscript:", "//")):
                    found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "frame", "base"):
            found.append(f"<{tag}>")
        if tag == "img" and attrs.get("src", "").startswith(("x", "https://example.org")):
            found.append(f"<img src={attrs['src']!r}>")
    for attrs, content in page.scripts:
        if attrs.get("type") == "application/json":
            if "<" in content:
                found.append("a JSON script with '<' in it (it could close the script element)")
            json.loads(content)
        elif "alert" in content:
            found.append("a script with guide text in it")
    return found


def article(html: str) -> str:
    """The visible text of a page's main content."""
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.DOTALL)
    assert match, "no <article> in the page"
    return "".join(parse(match.group(1)).text)


def h1_text(html: str) -> str:
    """The page heading as a reader sees it; it must hold no element but MkDocs' own permalink."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert match, "no <h1>"
    inner = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", match.group(1))
    assert "<" not in inner, f"markup inside the heading: {inner}"
    return unescape(inner)


def title_element(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1))


# ----------------------------------------------------------------------------- the hostile projects


def _write_yaml(path: Path, schema_rel: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"# yaml-language-server: $schema={schema_rel}\n{body}", encoding="utf-8")


TRICK_ROLE = {
    "id": "template-tricks",
    "title": TRICK_TITLE,
    "alternative_titles": JINJA,
    "family": "peer-support",
    "level": "entry",
    "summary": "A role whose words look like code: " + " ".join(JINJA) + ".",
    "description": (
        "Shown as written: {{ 7*7 }}.\n\nA loop: {% for x in range(3) %}x{% endfor %}\n\nThe settings: {{ config }}\n\n"
        "Read [the NHS website](https://www.nhs.uk/) for more. Not an attribute list {: onclick=alert(2) }\n"
    ),
    "lived_experience": "Any life-impacting experience, {{ 7*7 }} times over.",
    "skills": ["{{ 7*7 }} skills", "*Emphasis*{: onclick=alert(3) }"],
    "progression": ["peer-support-worker"],
    "challenges": ["role-clarity"],
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A fork build (extra.overlay) of a project with a tricky upstream role and a tricky overlay."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    _write_yaml(project / "data" / "roles" / "template-tricks.yml", "../schema/role.schema.json", TRICK_ROLE)
    overlay = project / "overlay"
    _write_yaml(overlay / "roles" / "peer-support-worker.yml", "../../data/schema/role.schema.json", {
        "id": "peer-support-worker",
        "title": OVERLAY_TITLE,
        "summary": "An overlay summary with {{ config }} and {% for x in range(3) %}x{% endfor %} in it.",
    })
    _write_yaml(overlay / "strings.yml", "../data/schema/strings.schema.json", {
        "checklist.stage": "Stage *s*{: onclick=alert(5) }",
        "role.what_it_does": "What it does {{ 7*7 }} *w*{: onclick=alert(6) }",
        "family.peer-support": "Peer {{ 7*7 }} support",
    })
    (project / "fork.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n", encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site, config="fork.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


PAGES = ["roles/template-tricks/index.html", "checklists/template-tricks/index.html", "roles/index.html",
         "roles/peer-support-worker/index.html", "checklists/peer-support-worker/index.html", "tags/index.html",
         "checklists/index.html"]


# ----------------------------------------------------------------------------- Jinja is text


def test_jinja_in_guide_text_is_shown_literally_and_never_evaluated(hostile_site: Path):
    html = read(hostile_site, "roles/template-tricks/index.html")
    text = article(html)
    for snippet in JINJA:  # in the summary and the 'also called' line, which are plain text
        assert snippet in text, snippet
    assert "Shown as written: {{ 7*7 }}." in text
    assert "A loop: {% for x in range(3) %}x{% endfor %}" in text
    assert "The settings: {{ config }}" in text
    assert "49" not in text
    assert "xxx" not in text
    assert "<class" not in text and "site_name" not in text and "MkDocsConfig" not in text


def test_a_title_with_jinja_is_never_evaluated_as_a_page_title(hostile_site: Path):
    # mkdocs-macros renders page.title when it contains '{{': the title must stay text everywhere.
    html = read(hostile_site, "roles/template-tricks/index.html")
    assert h1_text(html) == TRICK_TITLE
    assert title_element(html).startswith(TRICK_TITLE + " - ")
    checklist = read(hostile_site, "checklists/template-tricks/index.html")
    assert TRICK_TITLE in h1_text(checklist)
    assert "49" not in title_element(checklist)


# ----------------------------------------------------------------------------- titles are text


def test_a_tricky_title_is_plain_text_in_the_heading_and_the_cards(hostile_site: Path):
    catalogue = read(hostile_site, "roles/index.html")
    card = re.search(r'<a href="(?:\.\./roles/)?template-tricks/">(.*?)</a>', catalogue)
    assert card and unescape(card.group(1)) == TRICK_TITLE
    # the role it leads on to links back to it by its title, as text
    worker = read(hostile_site, "roles/peer-support-worker/index.html")
    back = re.search(r'<a href="../../roles/template-tricks/">(.*?)</a>', worker)
    assert back and unescape(back.group(1)) == TRICK_TITLE


@pytest.mark.parametrize("rel", PAGES)
def test_no_page_has_anything_active_from_the_data(hostile_site: Path, rel: str):
    html = read(hostile_site, rel)
    assert active_content(html) == []  # no on* attribute on any element, no unsafe target, no frame
    assert any("onclick=alert" in value for _, attrs in parse(html).tags for value in attrs.values()) or "onclick=alert" in "".join(parse(html).text), \
        "the page does not show the tricky text at all, so it proves nothing"


def test_external_links_in_guide_text_get_noopener(hostile_site: Path):
    html = read(hostile_site, "roles/template-tricks/index.html")
    assert re.search(r'<a href="https://www.nhs.uk/" rel="noopener">the NHS website</a>', html)


# ----------------------------------------------------------------------------- a fork's overlay


def test_an_overlay_title_and_summary_are_text(hostile_site: Path):
    html = read(hostile_site, "roles/peer-support-worker/index.html")
    assert h1_text(html) == OVERLAY_TITLE
    assert "An overlay summary with {{ config }} and {% for x in range(3) %}x{% endfor %} in it." in article(html)
    assert "[x](https://example.org)" in article(html)  # a link written in a title is not made a link


def test_overlay_interface_strings_are_text_in_headings_and_tags(hostile_site: Path):
    html = read(hostile_site, "roles/peer-support-worker/index.html")
    assert "What it does {{ 7*7 }} *w*{: onclick=alert(6) }" in article(html)
    assert "Peer {{ 7*7 }} support" in "".join(parse(html).text)  # the family tag, from the front matter
    checklist = read(hostile_site, "checklists/peer-support-worker/index.html")
    assert "Stage *s*{: onclick=alert(5) } 1:" in article(checklist)
    assert "49" not in article(html) + article(checklist)


def _fork_errors(tmp_path: Path, terms: dict) -> list:
    project = copy_project(tmp_path / "project")
    _write_yaml(project / "overlay" / "terms.yml", "../data/schema/terms.schema.json", {"terms": terms})
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=project / "docs", overlay_dir=project / "overlay"))
    return caught.value.errors


@pytest.mark.parametrize("replacement, shown", [
    ("*lived* expertise{: onclick=alert(1) }", "'*'"),
    ("lived expertise\n\n<script>alert(1)</script>", "a line break"),
    ("lived <b>expertise</b>", "'<'"),
    ("[lived expertise](javascript:alert(1))", "'['"),
])
def test_a_term_replacement_must_be_plain_words(tmp_path: Path, replacement: str, shown: str):
    # Terms are pasted into hand-written pages as they are, where Markdown, attribute lists and
    # mkdocs-macros would act on them: so a replacement may hold words only.
    errors = [e for e in _fork_errors(tmp_path, {"lived experience": replacement}) if "plain words" in e.message]
    assert len(errors) == 1
    error = errors[0]
    assert (error.file, error.line, error.field) == ("overlay/terms.yml", 3, "terms.lived experience")
    assert error.message == f"this text must be plain words, but it contains {shown}"
    assert error.hint.startswith("write it without Markdown, HTML or template characters")


def test_a_term_replacement_with_jinja_is_refused(tmp_path: Path):
    errors = _fork_errors(tmp_path, {"lived experience": "{{ 7*7 }}"})
    assert errors and all(e.file == "overlay/terms.yml" and e.line == 3 for e in errors)


# ----------------------------------------------------------------------------- validation refuses HTML and unsafe links


ROLE_FILE = ROOT / "data" / "roles" / "peer-support-worker.yml"


def _check_description(tmp_path: Path, description: str, title: str | None = None) -> list:
    text = ROLE_FILE.read_text(encoding="utf-8")
    text = re.sub(r"^description: \|\n", "description: |\n" + textwrap.indent(description, "  ") + "\n\n", text, count=1, flags=re.MULTILINE)
    if title is not None:
        text = re.sub(r"^title: .*$", "title: " + json.dumps(title), text, count=1, flags=re.MULTILINE)
    path = tmp_path / "peer-support-worker.yml"
    path.write_text(text, encoding="utf-8")
    schema = schemas.load_schema(str(ROOT / "data" / "schema"), "role")
    loaded, errors = load_checked(path, "data/roles/peer-support-worker.yml", schema, "role")
    return errors


EXISTING_BRACKETS = yaml.safe_load(ROLE_FILE.read_text(encoding="utf-8"))["description"].count("[")
HTML_HINT = "use Markdown instead: *emphasis*, **strong**, '- ' lists, [text](https://…) links; write '<' with a space after it when you mean 'less than'"
LINK_HINT = "write the full web address, starting with https://"


@pytest.mark.parametrize("payload, message, hint", [
    ("<script>alert(1)</script>", "HTML is not allowed in guide text (found '<script>')", HTML_HINT),
    ("<img src=x onerror=alert(1)>", "HTML is not allowed in guide text (found '<img src=x onerror=alert(1)>')", HTML_HINT),
    ('<iframe src="https://example.org"></iframe>', "HTML is not allowed in guide text (found '<iframe src=\"https://example.org\">')", HTML_HINT),
    ("<svg/onload=alert(1)>", "HTML is not allowed in guide text (found '<svg/onload=alert(1)>')", HTML_HINT),
    ("Unclosed <img src=x onerror=alert(1) and more", "HTML is not allowed in guide text (found '<img src=x onerror=alert(1) and more')", HTML_HINT),
    ("<javascript:alert(1)>", "HTML is not allowed in guide text (found '<javascript:alert(1)>')", HTML_HINT),
    ("[x](javascript:alert(1))", "link 'javascript:alert(1)' is not allowed: only https://, http:// and mailto: links", LINK_HINT),
    ("[x]( JavaScript:alert(1))", "link 'JavaScript:alert(1)' is not allowed: only https://, http:// and mailto: links", LINK_HINT),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed: only https://, http:// and mailto: links", LINK_HINT),
    ("[x][1]\n\n[1]: javascript:alert(2)", "link 'javascript:alert(2)' is not allowed: only https://, http:// and mailto: links", LINK_HINT),
    ("[x](//evil.example/)", "link '//evil.example/' is not allowed: only https://, http:// and mailto: links", LINK_HINT),
    ("![x](https://example.org/x.png)", "images are not allowed in guide text (they would load from another site)",
     "describe the picture in words, or link to it with [text](https://…)"),
    ("[" * 201, f"the text has {201 + EXISTING_BRACKETS} '[' characters; the limit is 200", "links and citations need one pair of brackets each: remove the others"),
])
def test_html_images_and_unsafe_links_are_refused_with_a_clear_message(tmp_path: Path, payload, message, hint):
    errors = _check_description(tmp_path, payload)
    assert [(e.file, e.field, e.message, e.hint) for e in errors] == [("data/roles/peer-support-worker.yml", "description", message, hint)]
    text = ROLE_FILE.read_text(encoding="utf-8")
    assert errors[0].line == text[: text.index("description: |")].count("\n") + 1


@pytest.mark.parametrize("title, message", [
    ("<b>Bold</b> worker", "HTML is not allowed in guide text (found '<b>')"),
    ("[x](javascript:alert(1))", "link 'javascript:alert(1)' is not allowed: only https://, http:// and mailto: links"),
])
def test_html_and_unsafe_links_in_a_title_are_refused(tmp_path: Path, title, message):
    errors = _check_description(tmp_path, "A description.", title=title)
    assert [(e.field, e.message, e.line, e.column) for e in errors] == [("title", message, 3, 8)]


def test_harmless_angle_brackets_are_allowed(tmp_path: Path):
    assert _check_description(tmp_path, "Fewer than 1 in 5 (<20%) said so, and a < b; <3") == []


# ----------------------------------------------------------------------------- the renderer on its own (defence in depth)


@pytest.fixture(scope="module")
def safe_md():
    model = build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))
    abbreviations = {t["abbreviation"]: t["term"] for t in model.glossary if t.get("abbreviation")}
    return SafeMarkdown(model, abbreviations)


@pytest.mark.parametrize("payload, visible", [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ('<iframe src="https://example.org"></iframe>', '<iframe src="https://example.org"></iframe>'),
    ("<svg/onload=alert(1)>", "<svg/onload=alert(1)>"),
    ("<javascript:alert(1)>", "<javascript:alert(1)>"),
    ("<!-- a comment --> <?php x ?>", "<!-- a comment --> <?php x ?>"),
    ("&lt;script&gt;", "&lt;script&gt;"),
    ("{{ 7*7 }} {% for x in range(3) %}x{% endfor %}", "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}"),
])
def test_the_renderer_escapes_html_so_it_shows_as_text(safe_md, payload, visible):
    html = str(safe_md.render(payload))
    assert active_content(html) == []
    assert [tag for tag, _ in parse(html).tags] == ["p"]
    assert "".join(parse(html).text).strip() == visible


@pytest.mark.parametrize("payload", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1))", "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox(1))", "[x](//evil.example/)", "[x](/absolute/path)",
    "[x][1]\n\n[1]: javascript:alert(2)", "[x](jav&#x09;ascript:alert(1))",
])
def test_the_renderer_drops_unsafe_link_targets(safe_md, payload):
    html = str(safe_md.render(payload))
    links = [attrs for tag, attrs in parse(html).tags if tag == "a"]
    assert links == [{}], html  # the link text stays; the target is gone
    assert active_content(html) == []


def test_the_renderer_drops_images_and_marks_external_links(safe_md):
    html = str(safe_md.render("![a picture](https://example.org/x.png) and [a site](https://example.org/) and [mail](mailto:a@example.org)"))
    tags = parse(html).tags
    assert "img" not in [tag for tag, _ in tags]
    assert ("a", {"href": "https://example.org/", "rel": "noopener"}) in tags
    assert ("a", {"href": "mailto:a@example.org"}) in tags
    assert "a picture" in "".join(parse(html).text)


def test_the_renderer_keeps_its_own_citation_links(safe_md):
    html = str(safe_md.render("As shown [@mead2001].", base="../../"))
    assert ("a", {"href": "../../references/#mead2001"}) in parse(html).tags


@pytest.mark.parametrize("title", [
    "[x](javascript:alert(1))", "Peer {: onclick=alert(1) }", "<b>Bold</b>", "# heading", "*em* **strong** `code`",
    "Peer {{ 7*7 }}", "A & B <img src=x onerror=alert(1)>", "Title #", "![i](https://example.org/x.png)",
])
def test_a_title_in_a_markdown_heading_stays_text_under_every_extension_of_the_site(title):
    # What the templates do with a title (`# {{ title|mdtext }}`), through the Markdown the site uses.
    extensions = ["abbr", "attr_list", "admonition", "def_list", "md_in_html", "sane_lists", "tables", "toc"]
    html = markdown.markdown(f"# {md_text(title)}\n", extensions=extensions)
    assert active_content(html) == []
    tags = parse(html).tags
    assert [tag for tag, _ in tags] == ["h1"] and set(tags[0][1]) <= {"id"}
    assert "".join(parse(html).text) == title


# ----------------------------------------------------------------------------- a build with validation switched off

_NO_VALIDATION = """\
import sys
sys.path.insert(0, sys.argv[1])
import macros.data.textpolicy
macros.data.textpolicy.problems = lambda text: []  # as if validation had missed everything
from mkdocs.__main__ import cli
sys.argv = ["mkdocs"] + sys.argv[2:]
cli()
"""

UNSAFE_TITLE = "<b>Bold</b> [x](javascript:alert(1)) {: onclick=alert(1) } # h <img src=x onerror=alert(1)>"
UNSAFE_ROLE = {
    "id": "unsafe",
    "title": UNSAFE_TITLE,
    "alternative_titles": ["<script>alert(1)</script>", '"><svg/onload=alert(1)>'],
    "family": "peer-support",
    "level": "entry",
    "summary": 'x" onmouseover="alert(1)" <svg/onload=alert(2)> and enough words to be a summary',
    "description": textwrap.dedent("""\
        <script>alert(1)</script>

        <img src=x onerror=alert(1)>

        <iframe src="https://example.org"></iframe>

        [js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [proto](//evil.example) <javascript:alert(1)>

        [ref][1]

        [1]: javascript:alert(2)

        ![img](https://example.org/x.png) text {: onclick=alert(3) }
        """),
    "lived_experience": "<svg/onload=alert(4)>\n\n{: onclick=alert(5) }\n",
    "skills": ["<script>alert(6)</script>", "[a](javascript:alert(7))"],
    "progression": ["peer-support-worker"],
}


@pytest.fixture(scope="module")
def unvalidated_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("unvalidated") / "project")
    _write_yaml(project / "data" / "roles" / "unsafe.yml", "../schema/role.schema.json", UNSAFE_ROLE)
    driver = project.parent / "build_without_validation.py"
    driver.write_text(_NO_VALIDATION, encoding="utf-8")
    site = project.parent / "site"
    result = subprocess.run(
        [sys.executable, str(driver), str(project), "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("rel", ["roles/unsafe/index.html", "checklists/unsafe/index.html", "roles/index.html", "roles/peer-support-worker/index.html"])
def test_even_unvalidated_html_and_links_are_never_active(unvalidated_site: Path, rel: str):
    assert active_content(read(unvalidated_site, rel)) == []


def test_even_unvalidated_markup_is_shown_as_text(unvalidated_site: Path):
    html = read(unvalidated_site, "roles/unsafe/index.html")
    assert h1_text(html) == UNSAFE_TITLE
    text = article(html)
    for visible in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<iframe src="https://example.org"></iframe>',
                    "<svg/onload=alert(4)>", "{: onclick=alert(5) }", 'x" onmouseover="alert(1)" <svg/onload=alert(2)>'):
        assert visible in text, visible
    # a quote in the summary does not break out of the description attribute in the page head
    metas = [attrs for tag, attrs in parse(html).tags if tag == "meta" and attrs.get("name") == "description"]
    assert len(metas) == 1 and set(metas[0]) == {"name", "content"}
