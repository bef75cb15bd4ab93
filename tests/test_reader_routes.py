"""The routes for particular readers (issue 14, part 1): "If you are in a lived experience role" on
every challenge page, the job description starter on every role page, the board briefing and the
recruitment page. Texts the tests look for come from the data and strings, not from copies here."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

# The engine's package is being reorganised; these names have one home before and one after.
try:
    from macros.settings import GuideConfig
except ImportError:  # pragma: no cover
    from macros.config import GuideConfig
try:
    from macros.model.build import build_model
except ImportError:  # pragma: no cover
    try:
        from macros.build import build_model
    except ImportError:
        from macros.model import build_model
try:
    from macros.pages.render import Renderer
except ImportError:  # pragma: no cover
    from macros.render import Renderer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


def _article(built_site: Path, url: str) -> str:
    text = (built_site / url / "index.html").read_text(encoding="utf-8")
    return text[text.index("<article"): text.index("</article>")]


def _section(article: str, ident: str) -> str:
    """The HTML of one h2 section, from its heading to the next h2."""
    start = re.search(rf'<h2 [^>]*\bid="{re.escape(ident)}"', article).start()
    end = article.find("<h2", start + 1)
    return article[start: end if end != -1 else len(article)]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("¶", "").split())


# ----------------------------------------------------------------------------- challenge pages


def test_every_challenge_page_says_what_someone_in_post_can_do(built_site, model):
    s = model.strings
    assert model.challenges
    for ident, challenge in model.challenges.items():
        article = _article(built_site, f"challenges/{ident}")
        section = _section(article, "in-post")
        heading = _text(section[: section.index("</h2>")])
        assert heading == s["challenge.in_post"], ident
        # what to ask for and who to talk to: each sub-heading with at least one item
        subsections = {_text(h): body for h, body in re.findall(r"<h3[^>]*>(.*?)</h3>(.*?)(?=<h3|$)", section, re.S)}
        for part in ("ask", "talk_to"):
            body = subsections.get(s[f"challenge.in_post.{part}"])
            assert body is not None, (ident, part, list(subsections))
            assert body.count("<li>") >= 1, (ident, part)
        # the questions to raise link to the checklist, numbered and worded as the checklist has them
        for qid in challenge["in_post"]["questions"]:
            q = model.question(qid)
            assert f'checklists/new-role/#q-{qid}"' in section, (ident, qid)
            assert html.unescape(q["text"]) in html.unescape(section), (ident, qid)
        # before the organisation's response, and signposted from the top of the page
        assert article.index('id="in-post"') < article.index('id="responses"'), ident
        lede = article[: article.index("<h2")]
        assert 'href="#in-post"' in lede and s["challenge.in_post.jump"] in html.unescape(lede), ident


def test_the_guides_own_suggestions_are_labelled_as_such(built_site, model):
    s = model.strings
    seen = 0
    for ident, challenge in model.challenges.items():
        section = _section(_article(built_site, f"challenges/{ident}"), "in-post")
        blocks = re.findall(r'<div class="le-suggestion">(.*?)</div>', section, re.S)
        labelled = " ".join(_text(b) for b in blocks)
        for part in ("ask", "talk_to"):
            for item in challenge["in_post"][part]:
                words = " ".join(item["text"].split()[:6])
                if item.get("suggestion"):
                    seen += 1
                    assert s["challenge.in_post.suggestion"] in labelled and words in labelled, (ident, words)
                else:
                    assert words not in labelled, (ident, words)
    assert seen  # the data does mark some advice as the guide's own


def test_in_post_questions_name_real_questions(model):
    known = {q["id"] for q in model.questions}
    for ident, challenge in model.challenges.items():
        unknown = set(challenge["in_post"]["questions"]) - known
        assert not unknown, f"data/challenges/{ident}.yml: in_post.questions names {sorted(unknown)}"


# ----------------------------------------------------------------------------- job description starter

JD_ORGANISATION_DECIDES = ["pay", "hours", "base"]  # the issue: what the organisation must decide itself


def test_every_role_page_has_a_job_description_starter_from_its_data(built_site, model):
    s = model.strings
    assert model.roles
    for ident, role in model.roles.items():
        section = _section(_article(built_site, f"roles/{ident}"), "job-description")
        assert _text(section[: section.index("</h2>")]) == s["jd.heading"], ident
        details = section[section.index("<details"): section.index("</details>")]
        text = _text(details)
        assert s["jd.show"] in text and role["title"] in text, ident
        # the headings a recruiter expects, job description then person specification
        order = [s[k] for k in ("jd.part.job", "jd.details", "jd.purpose", "jd.duties", "jd.training", "jd.progression",
                                "jd.part.person", "jd.lived_experience", "jd.values", "jd.part.decide",
                                "jd.decide.pay", "jd.decide.hours", "jd.decide.base")]
        headings = [_text(h) for h in re.findall(r"<h[34][^>]*>(.*?)</h[34]>", details)]
        assert [h for h in headings if h in order] == order, (ident, headings)
        # built from the role's own data: its summary, its lived experience text and its first skill
        assert model_md_first_words(role["summary"]) in text, ident
        assert _text(model_md_first_words(role["lived_experience"])) in text, ident
        if role.get("skills"):
            assert " ".join(role["skills"][0].split()[:5]) in text, ident
        # the caution about defining lived experience too tightly, and where each part comes from
        assert s["jd.caution"] in text, ident
        assert s["jd.from_guide"] in text, ident
        # places the organisation fills in, marked as such, including pay, hours and base
        fills = [_text(f) for f in re.findall(r'<span class="le-fill">(.*?)</span>', details, re.S)]
        for key in JD_ORGANISATION_DECIDES:
            assert any(s[f"jd.fill.{key}"] in f and s["jd.fill"] in f for f in fills), (ident, key)


def model_md_first_words(markdown_text: str, n: int = 6) -> str:
    """The first few plain words of a Markdown field (before any markup)."""
    first = re.split(r"[\[*\"(]", markdown_text.strip(), maxsplit=1)[0]
    return " ".join(first.split()[:n])


def test_the_starter_renders_as_plain_markdown_for_a_download(model):
    """What the job description downloads reuse: the same template with jd_markdown=true gives a
    Markdown document with no HTML, one blank line between blocks and the places to fill in."""
    from markupsafe import Markup

    s = model.strings
    as_is = lambda value: Markup(str(value).strip())  # noqa: E731 (the download's own converter goes here)
    renderer = Renderer(model)
    for ident, role in model.roles.items():
        doc = renderer.render("job_description.md.j2", f"roles/{ident}/", role=role, jd_markdown=True, jd_block=as_is, jd_inline=as_is)
        assert doc.startswith(f"# {s['jd.document_title']} {role['title']}\n"), ident
        assert not re.search(r"<[A-Za-z/!]", doc), (ident, re.search(r"<[A-Za-z/!].{0,40}", doc).group(0))
        assert "&amp;" not in doc and "&#" not in doc, ident  # nothing HTML-escaped
        assert "\n\n\n" not in doc, ident
        for key in ("jd.part.job", "jd.part.person", "jd.part.decide"):
            assert f"\n## {s[key]}\n" in doc, (ident, key)
        for key in JD_ORGANISATION_DECIDES:
            assert f"**[{s['jd.fill']} {s['jd.fill.' + key]}]**" in doc, (ident, key)
        for onward in role.get("progression", []):
            assert f"\n- {model.roles[onward]['title']}\n" in doc, (ident, onward)


# ----------------------------------------------------------------------------- board briefing and recruitment page

from urllib.parse import urljoin, urlsplit  # noqa: E402

BASE = "http://guide.invalid/"


def _main_text_words(article: str) -> int:
    """Words a reader reads in the page's main text: the article without the edit button and the
    heading permalinks (citations count, they are read too)."""
    article = re.sub(r'<a [^>]*class="headerlink".*?</a>', "", article, flags=re.S)
    article = re.sub(r'<a [^>]*rel="edit".*?</a>', "", article, flags=re.S)
    return len(_text(article).split())


def _links(article: str, url: str) -> list[tuple[str, str, str]]:
    """(site-relative path, fragment, link text) of every link in the article to a page of the site."""
    out = []
    for href, inner in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', article, re.S):
        target = urlsplit(urljoin(BASE + url, html.unescape(href)))
        if target.netloc == urlsplit(BASE).netloc and "headerlink" not in inner:
            out.append((target.path.lstrip("/"), target.fragment, _text(inner)))
    return out


def test_board_briefing_takes_two_minutes_and_points_to_what_next(built_site):
    article = _article(built_site, "for-boards")
    words = _main_text_words(article)
    assert 150 < words <= 600, f"/for-boards/ has {words} words; the issue allows 600"
    paths = {path for path, _, _ in _links(article, "for-boards/")}
    for target in ("self-assessment/", "strategy/", "roles/lived-experience-director/"):
        assert target in paths, target
    cited = {frag for path, frag, _ in _links(article, "for-boards/") if path == "references/"}
    assert len(cited) >= 5, cited  # claims carry their sources
    # the home page's path for leaders starts there
    home = _article(built_site, ".")
    section = home[home.index("I lead an organisation"):]
    section = section[: section.index("</section>")]
    assert 'href="for-boards/"' in section


def test_recruitment_page_gathers_the_questions_steps_and_challenges(built_site, model):
    article = _article(built_site, "recruitment")
    links = _links(article, "recruitment/")
    by_target = {(path, frag): text for path, frag, text in links}
    # questions 15 to 18 (recruitment and pay), each link naming its question by the number it has
    s = model.strings
    for qid in ("job-description", "pay-and-parity", "accessible-selection", "values-based-recruiters"):
        text = by_target.get(("checklists/new-role/", f"q-{qid}"))
        assert text is not None, qid
        assert f"{s['checklist.question']} {model.question(qid)['number']} " in text + " ", (qid, text)
    # the workforce diversity steps of the strategy
    area = next(a for a in model.strategy["focus_areas"] if a["id"] == "workforce-diversity")
    for step in area["steps"]:
        assert ("strategy/", step["id"]) in by_target, step["id"]
    # the challenges on pay and progression, named by their titles
    for ident in ("pay-and-status-parity", "progression-and-security"):
        text = by_target.get((f"challenges/{ident}/", ""))
        assert text is not None and model.challenges[ident]["title"].lower() in text.lower(), (ident, text)
    # a role's job description starter
    assert any(path.startswith("roles/") and frag == "job-description" for path, frag, _ in links)


@pytest.mark.parametrize("url", ["for-boards/", "recruitment/"])
def test_links_on_the_reader_pages_land_on_what_they_name(built_site, url):
    article = _article(built_site, url.rstrip("/"))
    links = _links(article, url)
    assert links
    for path, fragment, text in links:
        page = built_site / path / "index.html" if not path.endswith(".html") else built_site / path
        assert page.exists(), (url, path)
        if fragment:
            assert f'id="{fragment}"' in page.read_text(encoding="utf-8"), (url, path, fragment)
        assert text.lower() not in {"here", "click here", "read more", "more", "this page"}, (url, text)
