"""The checklists the build writes: a page and two blank downloads per role and for a new role of any
kind, each holding every question. Checked against the YAML sources, not against the model."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = yaml.safe_load((ROOT / "data" / "questions.yml").read_text(encoding="utf-8"))["questions"]
STRINGS = yaml.safe_load((ROOT / "data" / "strings" / "en.yml").read_text(encoding="utf-8"))
ROLES = sorted(p.stem for p in (ROOT / "data" / "roles").glob("*.yml"))
CHECKLISTS = ROLES + ["new-role"]


def _text(markup: str) -> str:
    """A page's visible words: tags dropped, entities decoded, white space collapsed."""
    markup = re.sub(r"<script\b.*?</script>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _question_text(q: dict) -> str:
    return " ".join(q["text"].split())


def test_there_are_roles_and_questions():
    assert len(ROLES) >= 9
    assert len(QUESTIONS) == 19


@pytest.mark.parametrize("ident", CHECKLISTS)
def test_checklist_page_holds_every_question(built_site, ident):
    page = (built_site / "checklists" / ident / "index.html").read_text(encoding="utf-8")
    words = _text(page)
    for q in QUESTIONS:
        assert f'id="q-{q["id"]}"' in page, q["id"]
        assert _question_text(q) in words, q["id"]
        assert f'name="status-{q["id"]}"' in page and f'id="notes-{q["id"]}"' in page
    # the script's data: the same questions, and the columns and words of the downloads
    data = json.loads(html.unescape(re.search(r'<script type="application/json" id="le-checklist-data">(.*?)</script>', page, re.S).group(1)))
    assert data["schema"] == "lived-experience-checklist" and data["version"] == 1 and data["checklist"] == ident
    assert sorted(q["id"] for q in data["questions"]) == sorted(q["id"] for q in QUESTIONS)
    assert set(data["statuses"]) == {"not-started", "in-progress", "done", "not-applicable"}
    assert all(isinstance(q["guidance"], str) and q["guidance"] and "[@" not in q["guidance"] for q in data["questions"])
    assert data["strings"]["progress"] == STRINGS["js.progress"]
    assert 'src="../../assets/javascripts/checklist.js"' in page
    assert "assets/stylesheets/checklist.css" in page


@pytest.mark.parametrize("ident", CHECKLISTS)
def test_csv_download_holds_every_question_and_opens_as_utf8(built_site, ident):
    raw = (built_site / "downloads" / "checklists" / f"{ident}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    text = raw.decode("utf-8")  # strict: fails on anything that is not UTF-8
    outside_quotes = "".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)
    assert text.endswith("\r\n") and "\n" not in outside_quotes.replace("\r\n", ""), "records end with CRLF"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    header = rows[0]
    assert header == [STRINGS[f"csv.{c}"] for c in ("number", "stage", "question", "guidance", "why", "involve", "status", "notes", "id")]
    body = [dict(zip(header, row)) for row in rows[1:]]
    assert len(body) == len(QUESTIONS)
    by_id = {row[STRINGS["csv.id"]]: row for row in body}
    for q in QUESTIONS:
        row = by_id[q["id"]]
        assert row[STRINGS["csv.question"]] == _question_text(q)
        assert row[STRINGS["csv.guidance"]].strip()
        assert row[STRINGS["csv.status"]] == "" and row[STRINGS["csv.notes"]] == ""
        assert "[@" not in row[STRINGS["csv.guidance"]] + row[STRINGS["csv.why"]]


@pytest.mark.parametrize("ident", CHECKLISTS)
def test_markdown_download_holds_every_question_as_a_task(built_site, ident):
    text = (built_site / "downloads" / "checklists" / f"{ident}.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] \*\*(\d+)\. (.+)\*\*$", text, re.M)
    assert len(items) == len(QUESTIONS)
    assert {t for _, t in items} == {_question_text(q) for q in QUESTIONS}
    assert text.count(f"  - {STRINGS['csv.status']}: \n") == len(QUESTIONS)
    assert "- [x]" not in text
    assert text.startswith("# ")


def test_the_script_and_the_blank_downloads_share_their_words(built_site):
    """The filled-in downloads the script makes use the same headings as the blank ones."""
    page = (built_site / "checklists" / "peer-support-worker" / "index.html").read_text(encoding="utf-8")
    data = json.loads(html.unescape(re.search(r'id="le-checklist-data">(.*?)</script>', page, re.S).group(1)))
    blank_csv = (built_site / "downloads" / "checklists" / "peer-support-worker.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(blank_csv)))
    assert [data["labels"][f"csv.{c}"] for c in data["csv_columns"]] == header
    blank_md = (built_site / "downloads" / "checklists" / "peer-support-worker.md").read_text(encoding="utf-8")
    assert blank_md.startswith(f"# {data['heading']}\n")
    if data["address"]:
        assert f"{data['labels']['checklist.printed_from']} {data['address']}" in blank_md
    for stage in data["stages"]:
        assert f"## {data['labels']['checklist.stage']} {stage['number']}: {stage['title']}" in blank_md


# The checklist's scripts and their size limits (bytes): the page, the shared workspace under it, the
# /my-work/ page and the Word writer. None may send anything, load code or write HTML from text.
CHECKLIST_SCRIPTS = {"checklist.js": 24 * 1024, "workspace.js": 40 * 1024, "my-work.js": 12 * 1024, "docx.js": 16 * 1024}
# a Word document names its XML vocabularies by address; they are names, never fetched
XML_NAMESPACES = re.compile(r"https?://(schemas\.openxmlformats\.org|purl\.org/dc|www\.w3\.org/2001/XMLSchema-instance)[^\s\"']*")


@pytest.mark.parametrize("name", sorted(CHECKLIST_SCRIPTS))
def test_the_script_is_small_and_self_contained(name):
    script = (ROOT / "docs" / "assets" / "javascripts" / name).read_text(encoding="utf-8")
    assert len(script.encode("utf-8")) < CHECKLIST_SCRIPTS[name]
    assert not re.search(r"\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|import\s*\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval)\b", script)
    assert not re.search(r"https?://", XML_NAMESPACES.sub("", script))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "assets/stylesheets/checklist.css" in config


def test_a_checklist_page_names_only_its_own_checklist_and_my_work_names_them_all(built_site):
    """Each page's workspace data holds the titles it shows: every role's title on every role's
    checklist would make the site grow with the square of the number of roles."""
    def titles(rel: str) -> dict:
        page = (built_site / rel).read_text(encoding="utf-8")
        found = re.search(r'<script type="application/json" id="le-workspace-data">(.*?)</script>', page, re.S)
        return json.loads(html.unescape(found.group(1)))["checklists"]

    roles = sorted(p.stem for p in (ROOT / "data" / "roles").glob("*.yml"))
    assert titles("checklists/peer-support-worker/index.html").keys() == {"peer-support-worker"}
    assert titles("checklists/new-role/index.html").keys() == {"new-role"}
    assert sorted(titles("my-work/index.html")) == sorted(roles + ["new-role"])
