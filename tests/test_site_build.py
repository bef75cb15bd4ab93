"""The built site as a reader meets it: cross-links both ways, citations that land, page metadata,
heading order, nothing fetched from another host, search and tags. Reads the HTML the build wrote."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT
from macros.model.build import build_model
from macros.settings import GuideConfig

BASE = "http://guide.invalid/"
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"


@dataclass
class Link:
    path: str  # site-relative path of the target, e.g. "roles/peer-support-worker/"
    fragment: str
    text: str
    section: str  # id of the h2 this link sits under ("" before the first h2)


@dataclass
class Page:
    url: str
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)  # links inside the article
    headings: list = field(default_factory=list)  # (level, id, text) inside the article
    meta: dict = field(default_factory=dict)  # name/property -> content
    title: str = ""
    element_ids: dict = field(default_factory=dict)  # id -> (tag, class)
    external: list = field(default_factory=list)  # src/href of things the page loads from elsewhere
    components: list = field(default_factory=list)  # data-md-component values

    def links_in(self, section: str, folder: str) -> set[str]:
        return {link.path for link in self.links if link.section == section and link.path.startswith(folder + "/")}


class _PageParser(HTMLParser):
    LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
             ("video", "src"), ("audio", "src")}

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_article = 0
        self.in_title = False
        self.heading = None
        self.anchor = None
        self.section = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
            self.page.element_ids[a["id"]] = (tag, a.get("class", ""))
        if "data-md-component" in a:
            self.page.components.append(a["data-md-component"])
        if tag == "meta" and "content" in a:
            self.page.meta[a.get("name") or a.get("property") or ""] = a["content"]
        if tag == "title":
            self.in_title = True
        loaded = a.get("src") if tag != "link" else (a.get("href") if a.get("rel") in ("stylesheet", "preconnect", "preload", "icon", "modulepreload") else None)
        if (tag, "src" if tag != "link" else "href") in self.LOADS and loaded and urlsplit(loaded).netloc:
            self.page.external.append(loaded)
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = [int(tag[1]), a.get("id", ""), ""]
            if tag == "h2":
                self.section = a.get("id", "")
        if tag == "a" and "href" in a and "headerlink" not in a.get("class", ""):
            target = urlsplit(urljoin(BASE + self.page.url, a["href"]))
            path = target.path.lstrip("/") if target.netloc == urlsplit(BASE).netloc else a["href"]
            self.anchor = Link(path, target.fragment, "", self.section)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "article":
            self.in_article -= 1
        if self.heading and re.fullmatch(r"h[1-6]", tag):
            self.heading[2] = self.heading[2].replace("¶", "").strip()
            self.page.headings.append(tuple(self.heading))
            self.heading = None
        if tag == "a" and self.anchor is not None:
            self.anchor.text = " ".join(self.anchor.text.split())
            self.page.links.append(self.anchor)
            self.anchor = None

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data
        if self.heading is not None:
            self.heading[2] += data
        if self.anchor is not None:
            self.anchor.text += data


def _url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Page]:
    out = {}
    for path in sorted(built_site.rglob("*.html")):
        page = Page(_url_of(built_site, path))
        _PageParser(page).feed(path.read_text(encoding="utf-8"))
        out[page.url] = page
    return out


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


def _citations(pages: dict[str, Page]) -> dict[str, set[str]]:
    """reference key -> the pages whose article links to it (the reference list itself excluded)."""
    cited: dict[str, set[str]] = {}
    for url, page in pages.items():
        if url == "references/":
            continue
        for link in page.links:
            if link.path == "references/" and link.fragment:
                cited.setdefault(link.fragment, set()).add(url)
    return cited


# ----------------------------------------------------------------------------- citations


# The paper itself ([@owen-paper]) is a source entry shown apart from its reference list.
SOURCE_ID = (yaml.safe_load((ROOT / "data" / "references.yml").read_text(encoding="utf-8")).get("source") or {}).get("id")


def test_every_citation_link_lands_on_a_reference_entry(pages):
    references = pages["references/"]
    cited = _citations(pages)
    assert len(cited) >= 20, "expected citations across the guide"
    for key, where in sorted(cited.items()):
        tag, cls = references.element_ids.get(key, (None, ""))
        if key == SOURCE_ID:
            assert tag == "div" and "le-source-paper" in cls, f"{sorted(where)[0]} cites the paper, which has no source entry on /references/"
            continue
        assert tag == "li" and "le-reference" in cls, f"{sorted(where)[0]} cites '{key}', which has no entry on /references/"


def test_citations_read_as_author_and_year(pages):
    texts = [link.text for page in pages.values() for link in page.links
             if link.path == "references/" and link.fragment and link.fragment != SOURCE_ID  # the paper has its own label
             and not link.fragment.startswith("az-")]  # the references page's A–Z jump links (az-A …) are not citations
    assert texts
    odd = sorted({t for t in texts if not re.search(r"[A-Za-z].*\b(1[89]|20)\d\d[a-z]?\b", t)})
    assert not odd, f"citation links that do not read author, year: {odd[:5]}"


def _cited_on(references: Page, html: str) -> dict[str, set[str]]:
    listed = {}
    for match in re.finditer(r'<li id="([^"]+)" class="le-reference">(.*?)</li>', html, re.S):
        note = re.search(r'class="le-cited-by">(.*?)</p>', match.group(2), re.S)
        hrefs = re.findall(r'href="([^"]+)"', note.group(1)) if note else []
        listed[match.group(1)] = {urlsplit(urljoin(BASE + "references/", h)).path.lstrip("/") for h in hrefs}
    source = re.search(r'<div class="le-source-paper" id="([^"]+)">(.*?)</div>', html, re.S)
    if source:
        note = re.search(r'class="le-cited-by">(.*?)</p>', source.group(2), re.S)
        hrefs = re.findall(r'href="([^"]+)"', note.group(1)) if note else []
        listed[source.group(1)] = {urlsplit(urljoin(BASE + "references/", h)).path.lstrip("/") for h in hrefs}
    return listed


def test_each_reference_lists_exactly_the_pages_that_cite_it(pages, built_site):
    listed = _cited_on(pages["references/"], (built_site / "references/index.html").read_text(encoding="utf-8"))
    cited = _citations(pages)
    checklists = {url for url in pages if re.fullmatch(r"checklists/[^/]+/", url)}
    assert listed and checklists
    for key, where in cited.items():
        shown = set(listed.get(key, set()))
        if "checklists/" in shown:  # "Every checklist": one link stands for all of them
            shown |= checklists
        missing = sorted(where - shown)
        assert not missing, f"/references/#{key} does not list {missing}, which cite it"
    for key, shown in listed.items():
        for url in shown:
            if url == "checklists/":
                missing = sorted(checklists - cited.get(key, set()))
                assert not missing, f"/references/#{key} says every checklist cites it; these do not: {missing}"
            else:
                assert url in cited.get(key, set()), f"/references/#{key} lists /{url}, which does not cite it"


# ----------------------------------------------------------------------------- cross-links


def _entity_pages(pages, folder):
    return {url: page for url, page in pages.items() if re.fullmatch(folder + r"/[^/]+/", url)}


class _StepLinks(HTMLParser):
    """Links on /strategy/, each credited to the innermost list item with an id (a step or substep)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.links: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li":
            self.stack.append(a.get("id"))
            if a.get("id"):
                self.links.setdefault(a["id"], set())
        owner = next((i for i in reversed(self.stack) if i), None)
        if tag == "a" and owner and a.get("href"):
            self.links[owner].add(urlsplit(urljoin(BASE + "strategy/", a["href"])).path.lstrip("/"))

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()


def test_every_challenge_links_to_strategy_steps_and_each_step_links_back(pages, built_site):
    parser = _StepLinks()
    parser.feed((built_site / "strategy/index.html").read_text(encoding="utf-8"))
    challenges = _entity_pages(pages, "challenges")
    assert len(challenges) >= 5
    for url, page in challenges.items():
        steps = {link.fragment for link in page.links if link.path == "strategy/" and link.fragment}
        assert steps, f"/{url} links to no strategy step"
        for step in steps:
            assert step in parser.links, f"/{url} links to strategy step '{step}', which is not a step on /strategy/"
            assert url in parser.links[step], f"strategy step '{step}' does not link back to /{url}, which it answers"


def test_strategy_shows_four_focus_areas_with_goals_and_anchored_steps(pages, built_site):
    strategy = pages["strategy/"]
    areas = [h for h in strategy.headings if h[0] == 2 and h[1]]
    assert len(areas) == 4, [h[2] for h in areas]
    html = (built_site / "strategy/index.html").read_text(encoding="utf-8")
    assert html.count('class="le-goal"') == 4
    steps = re.findall(r'<li class="le-step" id="([^"]+)"', html)
    assert len(steps) >= 10 and len(set(steps)) == len(steps)


def _pairs(pages, source_folder, section, target_folder):
    return {(url, target) for url, page in _entity_pages(pages, source_folder).items()
            for target in page.links_in(section, target_folder)}


def test_role_and_challenge_pages_link_to_each_other(pages):
    from_roles = {(role, challenge) for role, challenge in _pairs(pages, "roles", "challenges", "challenges")}
    from_challenges = {(role, challenge) for challenge, role in _pairs(pages, "challenges", "roles", "roles")}
    assert from_roles, "no role page lists a challenge"
    assert from_roles == from_challenges, (
        f"role pages list challenges whose page does not list the role: {sorted(from_roles - from_challenges)[:3]}; "
        f"challenge pages list roles whose page does not list the challenge: {sorted(from_challenges - from_roles)[:3]}")


def test_role_and_case_study_pages_link_to_each_other(pages):
    from_roles = _pairs(pages, "roles", "case-studies", "case-studies")
    from_cases = {(role, case) for case, role in _pairs(pages, "case-studies", "connections", "roles")}
    assert from_roles
    assert from_roles == from_cases, sorted(from_roles ^ from_cases)[:4]


def test_challenge_and_case_study_pages_link_to_each_other(pages):
    from_challenges = _pairs(pages, "challenges", "case-studies", "case-studies")
    from_cases = {(challenge, case) for case, challenge in _pairs(pages, "case-studies", "connections", "challenges")}
    assert from_challenges
    assert from_challenges == from_cases, sorted(from_challenges ^ from_cases)[:4]


def test_progression_routes_show_on_both_roles(pages):
    pairs = _pairs(pages, "roles", "progression", "roles")
    assert pairs, "no role page shows a progression route"
    one_way = sorted((a, b) for a, b in pairs if (b, a) not in pairs)
    assert not one_way, f"a route shows on one role page but not the other: {one_way[:3]}"


def test_role_pages_link_to_their_checklist_and_back(pages):
    roles = _entity_pages(pages, "roles")
    assert len(roles) >= 5
    for url in roles:
        ident = url.split("/")[1]
        checklist = f"checklists/{ident}/"
        assert checklist in {link.path for link in roles[url].links}, f"/{url} has no link to its checklist"
        assert url in {link.path for link in pages[checklist].links}, f"/{checklist} has no link back to /{url}"


def test_catalogues_list_every_page_as_a_card(pages, built_site):
    for catalogue, folder in (("roles/", "roles"), ("checklists/", "checklists"), ("challenges/", "challenges"), ("case-studies/", "case-studies")):
        html = (built_site / catalogue / "index.html").read_text(encoding="utf-8")
        cards = re.findall(r'<li class="le-card"[^>]*>\s*<p class="le-card__title"><a href="([^"]+)"', html)
        targets = {urlsplit(urljoin(BASE + catalogue, h)).path.lstrip("/") for h in cards}
        expected = set(_entity_pages(pages, folder)) - ({"checklists/new-role/"} if folder == "checklists" else set())
        assert targets == expected, f"/{catalogue}: {sorted(expected ^ targets)}"


@pytest.mark.parametrize("catalogue, selects", [("roles/", {"family", "level"}), ("checklists/", {"family", "level"}), ("challenges/", {"scope"})])
def test_catalogue_filter_is_hidden_until_the_script_runs_and_carries_its_words(built_site, catalogue, selects):
    html = (built_site / catalogue / "index.html").read_text(encoding="utf-8")
    form = re.search(r"<form[^>]*data-filter[^>]*>", html)
    assert form and " hidden" in form.group(0), "without JavaScript the filter form must stay hidden"
    template = re.search(r'data-count-template="([^"]*)"', form.group(0))
    assert template and "{shown}" in template.group(1) and "{total}" in template.group(1)
    assert set(re.findall(r'data-filter-select="([^"]+)"', html)) == selects
    assert re.search(r"data-filter-empty hidden", html)
    for name in selects:
        assert re.search(rf'<li class="le-card" [^>]*data-{name}="[^"]+"', html), f"cards carry no data-{name}"


# ----------------------------------------------------------------------------- page quality


def _content_pages(pages):
    return {url: page for url, page in pages.items() if url != "404.html"}


def test_headings_go_in_order_on_every_page(pages):
    problems = []
    for url, page in pages.items():
        levels = [h[0] for h in page.headings]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"/{url}: headings {levels[:6]} (one h1, first)")
            continue
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"/{url}: h{before} followed by h{after}")
                break
    assert not problems, "\n".join(problems[:10])


def test_every_page_has_a_title_description_and_link_preview(pages):
    for url, page in pages.items():
        assert page.title.strip(), f"/{url} has no <title>"
        assert page.meta.get("description", "").strip(), f"/{url} has no description"
    for url, page in _content_pages(pages).items():
        for key in ("og:title", "og:description", "og:type", "og:url"):
            assert page.meta.get(key, "").strip(), f"/{url} has no {key}"
        assert page.meta["og:url"] == SITE_URL + url, f"/{url}: og:url {page.meta['og:url']}"
        assert page.title.strip().endswith(CONFIG["site_name"])
    assert pages[""].meta["og:type"] == "website"
    role = pages["roles/peer-support-worker/"]
    assert role.title.startswith("Peer support worker")
    assert role.meta["og:title"] == "Peer support worker"


def test_generated_pages_describe_themselves_with_their_summary(pages, model):
    for ident, challenge in model.challenges.items():
        assert pages[f"challenges/{ident}/"].meta["description"] == " ".join(challenge["summary"].split())


def test_link_text_makes_sense_alone(pages):
    vague = re.compile(r"^(click here|here|read more|more|this|link|this page)$", re.I)
    bad = sorted({(url, link.text) for url, page in pages.items() for link in page.links if vague.match(link.text)})
    assert not bad, bad[:5]


def test_the_404_page_says_what_happened_and_offers_a_way_on(pages):
    page = pages["404.html"]
    assert [h[0] for h in page.headings] == [1]
    assert "not found" in page.title.lower()
    targets = {link.path for link in page.links}
    prefix = urlsplit(SITE_URL).path.lstrip("/")  # the 404 page links from the site root, wherever it is served
    for path in ("", "roles/", "checklists/", "challenges/"):
        assert prefix + path in targets, f"the 404 page does not link to /{path}"
    assert "search" in page.components
    assert page.meta.get("robots") == "noindex"


def test_last_updated_shows_where_the_data_has_a_date(built_site, model):
    dated = [(folder, ident, entity["updated"]) for kind, folder in (("roles", "roles"), ("challenges", "challenges"), ("case_studies", "case-studies"))
             for ident, entity in model.entities(kind).items() if entity.get("updated")]
    assert dated, "no entity has an 'updated' date to show"
    for folder, ident, updated in dated:
        html = (built_site / folder / ident / "index.html").read_text(encoding="utf-8")
        assert f'<time datetime="{updated}">' in html, f"/{folder}/{ident}/ does not show its last update ({updated})"


# ----------------------------------------------------------------------------- privacy


def test_no_page_loads_anything_from_another_host(pages):
    for url, page in pages.items():
        assert not page.external, f"/{url} loads {page.external[:3]}"
        assert "source" not in page.components, f"/{url}: Material would fetch repository facts from the code host's API"


def test_the_repository_and_edit_links_stay(built_site):
    html = (built_site / "roles/peer-support-worker/index.html").read_text(encoding="utf-8")
    assert f'href="{CONFIG["repo_url"]}"' in html
    assert re.search(r'<a href="[^"]+/data/roles/peer-support-worker\.yml"[^>]*rel="edit"', html)


def test_no_font_or_analytics_config_that_would_call_out():
    theme = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["theme"]
    assert theme.get("font") == "false"
    assert "analytics" not in (CONFIG.get("extra") or {})


# ----------------------------------------------------------------------------- search and tags


def test_search_index_holds_every_generated_page(built_site, pages):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for folder in ("roles", "checklists", "challenges", "case-studies"):
        for url in _entity_pages(pages, folder):
            assert url in locations, f"/{url} is not in the search index"
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"] if "#" not in doc["location"]}
    assert boosts.get("roles/peer-support-worker/", 1) > boosts.get("checklists/peer-support-worker/", 1)


def test_tags_page_lists_families_levels_and_checklists(pages, model):
    tags = pages["tags/"]
    names = {h[2] for h in tags.headings if h[0] == 2}
    s = model.strings
    expected = {s[f"family.{r['family']}"] for r in model.roles.values()} | {s[f"level.{r['level']}"] for r in model.roles.values()} | {s["tag.checklist"]}
    assert expected <= names, sorted(expected - names)
    assert {link.path for link in tags.links} >= {f"roles/{i}/" for i in model.roles}


def test_no_markdown_syntax_shows_as_text(built_site):
    """A citation or link written in Markdown becomes a link everywhere, also in the cards and
    summaries templates write as HTML: a reader never sees '[@key]' or '](page.md)' (code aside)."""
    leaks = []
    for path in sorted(built_site.rglob("*.html")):
        html = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        for found in re.finditer(r"\[@[\w:-]+[^\]]*\]|\]\([^)\s]+\)", text):
            leaks.append(f"{path.relative_to(built_site)}: {found.group(0)}")
    assert leaks == []


def test_no_page_has_a_bare_span(built_site):
    """A span is written only to mark a language (or carry a class): where the text is in the page's
    language, there is no <span> with nothing on it (the checklist intro used to leave one)."""
    def outside_code(path: Path) -> str:  # the code highlighter writes its own empty span in each block
        return re.sub(r"<pre\b.*?</pre>", "", path.read_text(encoding="utf-8"), flags=re.S)

    bare = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if "<span>" in outside_code(p)]
    assert not bare, bare[:10]
