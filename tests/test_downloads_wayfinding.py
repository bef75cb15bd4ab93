"""Issue 14, part 2: the job description downloads (.md and .docx) for every role, the reference
downloads (BibTeX, RIS, CSL-JSON), breadcrumbs and the highlighted section on generated pages, A–Z
jump links, and strategy links that name their step. Expected texts come from the data and strings."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from macros.exports import job_descriptions
from macros.kinds import KINDS
from macros.model.build import build_model
from macros.settings import GuideConfig

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


@pytest.fixture(scope="module")
def site_url() -> str:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:")[0]).get("site_url", "")


def _page(built_site: Path, url: str) -> str:
    return (built_site / url / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# ----------------------------------------------------------------------------- job description downloads

def _headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,3}) (.+)$", markdown, re.M)]


def _placeholders(markdown: str) -> list[str]:
    return re.findall(r"\*\*(\[[^\]\n]+\])\*\*", markdown)


def test_every_role_has_both_job_description_downloads_linked_from_its_page(built_site, model):
    s = model.strings
    for ident, role in model.roles.items():
        md_file = built_site / "downloads" / "job-descriptions" / f"{ident}.md"
        docx_file = md_file.with_suffix(".docx")
        assert md_file.is_file() and docx_file.is_file(), ident
        page = _page(built_site, f"roles/{ident}")
        for target, label in ((docx_file, s["jd.download.docx"]), (md_file, s["jd.download.md"])):
            link = re.search(r'<a href="([^"]+)" download>([^<]+)</a>', page[page.index(s["jd.download.intro"]):])
            links = dict((text, href) for href, text in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', page))
            assert label in links, (ident, label)
            resolved = (built_site / "roles" / ident / links[label]).resolve()
            assert resolved == target.resolve(), (ident, links[label])
            assert link is not None


def test_the_markdown_download_is_a_clean_document_with_its_sources(built_site, model, site_url):
    s = model.strings
    for ident, role in model.roles.items():
        doc = (built_site / "downloads" / "job-descriptions" / f"{ident}.md").read_text(encoding="utf-8")
        assert doc.startswith(f"# {s['jd.document_title']} {role['title']}\n"), ident
        assert not re.search(r"<[A-Za-z/!]", doc) and "&amp;" not in doc, ident  # no HTML
        assert "\n\n\n" not in doc and not re.search(r"\[@", doc), ident  # single blank lines; citations written out
        levels = {level for level, _ in _headings(doc)}
        assert levels == {1, 2, 3}, (ident, levels)
        for key in ("pay", "hours", "base"):
            assert f"**[{s['jd.fill']} {s['jd.fill.' + key]}]**" in doc, (ident, key)
        assert f"\n> **{s['jd.caution.label']}** {s['jd.caution']}\n" in doc, ident
        # each '(Author, year)' in the text has its full entry under Sources, and the page it came from
        assert f"\n## {s['jd.sources']}\n" in doc, ident
        body, sources = doc.split(f"\n## {s['jd.sources']}\n")
        summary_keys = re.findall(r"@([A-Za-z0-9_:-]+)", role["description"])
        for key in summary_keys:
            ref = model.references[key]
            assert ref.get("title", "") in sources or key == model.source_id, (ident, key)
        if site_url:
            assert doc.rstrip().endswith(f"{s['jd.built_from']} {site_url}roles/{ident}/"), ident


def _docx_paragraphs(data: bytes) -> list[dict]:
    """Each paragraph of word/document.xml: style, text, and the text of its highlighted bold runs."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        runs = list(p.iter(f"{W}r"))
        marked = "".join(
            "".join(t.text or "" for t in r.iter(f"{W}t"))
            for r in runs
            if r.find(f"{W}rPr/{W}highlight") is not None and r.find(f"{W}rPr/{W}b") is not None
        )
        italic = "".join("".join(t.text or "" for t in r.iter(f"{W}t")) for r in runs if r.find(f"{W}rPr/{W}i") is not None)
        out.append({
            "style": style.get(f"{W}val") if style is not None else "",
            "text": "".join(t.text or "" for t in p.iter(f"{W}t")),
            "fill": marked,
            "italic": italic,
            "shaded": p.find(f"{W}pPr/{W}shd") is not None,
        })
    return out


def test_the_word_download_has_real_headings_lists_and_marked_places_to_fill_in(built_site, model):
    s = model.strings
    for ident in model.roles:
        doc = (built_site / "downloads" / "job-descriptions" / f"{ident}.md").read_text(encoding="utf-8")
        paragraphs = _docx_paragraphs((built_site / "downloads" / "job-descriptions" / f"{ident}.docx").read_bytes())
        headings = [(int(p["style"][-1]), p["text"]) for p in paragraphs if re.fullmatch(r"Heading[1-3]", p["style"])]
        assert headings == _headings(doc), ident
        fills = [p["fill"] for p in paragraphs if p["fill"]]
        assert [f for f in fills] == _placeholders(doc), ident
        assert any(p["style"] == "ListBullet" for p in paragraphs), ident
        assert any(p["italic"] == s["jd.from_guide"] for p in paragraphs), ident
        caution = [p for p in paragraphs if p["text"].startswith(s["jd.caution.label"])]
        assert len(caution) == 1 and caution[0]["shaded"] and s["jd.caution"] in caution[0]["text"], ident
        assert "**" not in "".join(p["text"] for p in paragraphs), ident  # no Markdown marks left in Word


def test_libreoffice_reads_the_word_downloads(built_site, model, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx XML is checked above")
    folder = built_site / "downloads" / "job-descriptions"
    files = [str(folder / f"{ident}.docx") for ident in model.roles]
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), *files],
                   check=True, capture_output=True, timeout=300)
    for ident in model.roles:
        text = (tmp_path / f"{ident}.txt").read_text(encoding="utf-8-sig")
        doc = (folder / f"{ident}.md").read_text(encoding="utf-8")
        for _, heading in _headings(doc):
            assert heading in text, (ident, heading)
        for placeholder in _placeholders(doc):
            assert placeholder in text, (ident, placeholder)


def test_two_builds_give_identical_job_description_files(built_site, model):
    """The site's files and a second, separate build of the model: the same bytes."""
    again = build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))
    site_url = re.search(r"\S+(?=roles/[^/]+/\s*$)", next(iter(
        (built_site / "downloads" / "job-descriptions").glob("*.md"))).read_text(encoding="utf-8")).group(0)
    files = job_descriptions.files(again, site_url)
    assert len(files) == 2 * len(model.roles)
    for rel, content in files.items():
        on_site = (built_site / rel).read_bytes()
        assert on_site == (content if isinstance(content, bytes) else content.encode("utf-8")), rel


# ----------------------------------------------------------------------------- reference downloads

def _paper_refs(model) -> dict[str, dict]:
    return model.paper_references()


def test_the_references_page_links_to_the_three_downloads(built_site, model):
    s = model.strings
    page = _page(built_site, "references")
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', page))
    for ext in ("bib", "ris", "json"):
        href = links[s[f"references.download.{ext}"]]
        assert (built_site / "references" / href).resolve() == (built_site / "downloads" / f"references.{ext}").resolve()


def test_the_bibtex_download_parses_with_every_work(built_site, model):
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

    text = (built_site / "downloads" / "references.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), LatexDecodingMiddleware()])
    refs = _paper_refs(model)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks][:3]
    assert len(library.entries) == len(refs) == 73
    for entry in library.entries:
        ref = refs[entry.key]
        fields = entry.fields_dict
        assert " ".join(fields["title"].value.split()) == " ".join(ref["title"].split()), entry.key
        families = [p.get("family") or p.get("literal") for p in ref.get("author") or []]
        if families:
            authors = fields["author"].value
            assert len(authors) == len(families), entry.key
            for name, family in zip(authors, families):
                assert name.strip("{}").startswith(family.strip("{}")), (entry.key, name, family)
    assert model.source_id not in {e.key for e in library.entries}


def test_the_ris_download_reads_with_rispy(built_site, model):
    import rispy

    records = rispy.loads((built_site / "downloads" / "references.ris").read_text(encoding="utf-8"))
    refs = _paper_refs(model)
    assert len(records) == len(refs) == 73
    for record in records:
        ref = refs[record["id"]]
        assert record["title"] == ref["title"], record["id"]
        assert len(record.get("authors", [])) == len(ref.get("author") or []), record["id"]


def test_the_csl_json_download_is_valid_against_the_official_schema(built_site, model):
    import jsonschema

    schema = json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8"))
    items = json.loads((built_site / "downloads" / "references.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(items)]
    assert not errors, errors[:5]
    assert sorted(item["id"] for item in items) == sorted(_paper_refs(model))


def test_the_csl_json_check_can_fail():
    import jsonschema

    schema = json.loads((FIXTURES / "csl-data.schema.json").read_text(encoding="utf-8"))
    bad = [{"id": "x", "type": "not-a-csl-type", "author": "Someone"}]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


def test_pandoc_reads_the_bibtex_and_csl_json(built_site):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed: the files are checked with bibtexparser, rispy and the CSL schema")
    for name, fmt in (("references.bib", "bibtex"), ("references.json", "csljson")):
        out = subprocess.run([pandoc, "-f", fmt, "-t", "csljson", str(built_site / "downloads" / name)],
                             check=True, capture_output=True, text=True, timeout=120)
        assert len(json.loads(out.stdout)) == 73, name


# ----------------------------------------------------------------------------- finding your way

CATALOGUE_TITLES = {"roles": "Roles", "checklists": "Checklists", "challenges": "Challenges", "case_studies": "Case studies"}


def _nav_titles() -> dict[str, str]:
    """The nav's title for each catalogue in mkdocs.yml: '- Roles: roles/index.md', or a section's title
    when the catalogue is its index ('- Checklists:' then '- checklists/index.md')."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    out = {src: title for title, src in re.findall(r"^\s*- ([^:\n]+): ([\w/-]+/index\.md)\s*$", text, re.M)}
    out.update({src: title for title, src in re.findall(r"^\s*- ([^:\n]+):\s*\n\s*- ([\w/-]+/index\.md)\s*$", text, re.M)})
    return out


@pytest.mark.parametrize("kind", ["roles", "checklists", "challenges", "case_studies"])
def test_generated_pages_have_breadcrumbs_and_their_section_highlighted(built_site, model, kind):
    s = model.strings
    folder = KINDS[kind].page_folder
    title = _nav_titles()[f"{folder}/index.md"]
    idents = list(model.entities(KINDS[kind].source))
    assert idents
    for ident in idents:
        page = _page(built_site, f"{folder}/{ident}")
        crumbs = re.search(r'<nav class="md-path" aria-label="([^"]*)"[^>]*>(.*?)</nav>', page, re.S)
        assert crumbs, f"/{folder}/{ident}/ has no breadcrumbs"
        assert crumbs.group(1) == s["breadcrumb.label"]
        items = re.findall(r'<a href="([^"]+)" class="md-path__link">(.*?)</a>', crumbs.group(2), re.S)
        assert [_text(t) for _, t in items] == ["Home", title], (ident, items)
        assert (built_site / folder / ident / items[1][0]).resolve() == (built_site / folder).resolve()
        current = re.search(r'aria-current="page">(.*?)</span>', crumbs.group(2), re.S)
        assert current and _text(current.group(1)) in _text(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
        # the sidebar marks the catalogue's item active: the one active top-level item is this section
        active = re.findall(r'<li class="md-nav__item md-nav__item--active[^"]*"[^>]*>\s*(?:<input[^>]*>\s*)?'
                            r'(?:<div[^>]*>\s*)?<(?:a|label)[^>]*>(.*?)</(?:a|label)>', page, re.S)
        assert [_text(a) for a in active][:1] == [title], (ident, [_text(a) for a in active])


def test_a_hand_written_top_level_page_has_no_active_catalogue(built_site):
    """The check above can fail: a page outside the catalogues highlights no catalogue."""
    page = _page(built_site, "strategy")
    active = [_text(a) for a in re.findall(r'<li class="md-nav__item md-nav__item--active[^"]*"[^>]*>\s*<a[^>]*>(.*?)</a>', page, re.S)]
    assert not set(active) & set(CATALOGUE_TITLES.values())


@pytest.mark.parametrize("url,label,count", [("glossary", "az.glossary", "glossary"), ("references", "az.references", "references")])
def test_a_to_z_links_land_on_the_first_entry_of_each_letter(built_site, model, url, label, count):
    page = _page(built_site, url)
    nav = re.search(r'<nav class="le-az" aria-label="([^"]*)">(.*?)</nav>', page, re.S)
    assert nav and nav.group(1) == model.strings[label]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav.group(2))
    ids = re.findall(r'\bid="([^"]+)"', page)
    if count == "glossary":
        names = sorted(((t["term"], t["id"]) for t in model.glossary), key=lambda p: p[0].lower())
    else:
        entries = re.findall(r'<li id="([^"]+)" class="le-reference">\s*<p[^>]*>(.*?)</p>', page, re.S)
        # each letter's anchor is on its first entry (not the entry's id: links to #key are citations)
        anchors = dict(re.findall(r'<li id="([^"]+)" class="le-reference">\s*<p id="(az-[^"]+)">', page))
        links = [(next(k for k, a in anchors.items() if a == target), letter) for target, letter in links]
        names = [(_text(text), ident) for ident, text in entries]
    first = {}
    for name, ident in names:
        first.setdefault(next(c for c in name if c.isalpha()).upper(), ident)  # '(2012). Health…' is under H
    assert len(links) == len(first) > 5
    for target, letter in links:
        assert target in ids, (url, letter, target)
        assert first[letter] == target, (url, letter, target, first[letter])


def test_strategy_links_name_their_step(built_site, model):
    s = model.strings
    pages = [f"checklists/{i}" for i in list(model.roles) + ["new-role"]] + [f"challenges/{i}" for i in model.challenges] + ["recruitment"]
    seen = 0
    for url in pages:
        path = built_site / url / "index.html"
        if not path.is_file():
            continue
        article = path.read_text(encoding="utf-8")
        article = article[article.index("<article"): article.index("</article>")]
        assert not re.search(r">\s*" + re.escape(s["strategy.step"]) + r"\s+\d+\s*<", article), url
        for ident, text in re.findall(r'<a href="[^"]*strategy/#([a-z0-9-]+)"[^>]*>(.*?)</a>', article):
            if ident not in model.steps:
                continue
            seen += 1
            step = model.steps[ident]
            name = _text(text)
            if url == "recruitment":  # hand-written: its links are worded in its sentences
                continue
            assert name == f"{s['strategy.link']} {step.get('link_text') or name.split(': ', 1)[1]}", (url, name)
    assert seen > 20
