"""Fuzzing: whatever a role file holds, the guide either builds or reports data errors that name the
file; it never fails with any other exception, and a role that is accepted renders with nothing active.

Bounded so that the suite stays quick: a few dozen generated role files, each checked with
`build_model` on a copy of the project (unchanged files are parsed once), plus a few hundred raw
texts and byte strings fed straight to the loader.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import macros.model.build as build_module
from conftest import ROOT, copy_project
from macros.data.loader import MAX_FILE_BYTES, load_file, load_text
from macros.errors import DataError, DataErrors
from macros.kinds import enum
from macros.model.build import build_model
from macros.pages.views import Views
from macros.settings import GuideConfig

ROLE_FAMILIES = enum(Path(__file__).resolve().parent.parent / "data" / "schema", "role", "family")
ROLE_LEVELS = enum(Path(__file__).resolve().parent.parent / "data" / "schema", "role", "level")
ROLE_IDS = sorted(p.stem for p in (ROOT / "data" / "roles").glob("*.yml"))
CHALLENGE_IDS = sorted(p.stem for p in (ROOT / "data" / "challenges").glob("*.yml"))
QUESTION_IDS = [q["id"] for q in yaml.safe_load((ROOT / "data" / "questions.yml").read_text(encoding="utf-8"))["questions"]]
IDENT = "fuzzed-role"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/role.schema.json\n"
SITE_EXTENSIONS = ["abbr", "attr_list", "admonition", "def_list", "md_in_html", "sane_lists", "tables", "toc"]

# Pieces of Markdown, HTML, Jinja and YAML that have broken renderers before, mixed into random text.
# The first list passes validation (so it reaches the renderers); the second is refused by it.
ALLOWED_FRAGMENTS = [
    "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ config }}", "{{ ''.__class__.__mro__ }}", "{#", "%}",
    "[x](https://example.org)", "[x](mailto:a@example.org)", "[@mead2001]", "[@mead2001; @white2020]", "{: onclick=alert(1) }",
    "{: #id .class }", "*x*{: onclick=alert(1) }", "# heading", "\n\n- item\n- item\n", "\n\n1. one\n", "*em*", "**strong**",
    "__init__", "`code`", "```\nfence\n```", "> quote", "| a | b |\n|---|---|\n| 1 | 2 |", "*[HTML]: Hyper", "&amp;",
    "&lt;b&gt;", "&#x3C;script&#x3E;", "\\", "]", ")", "a < b", "<3", "peer-support-lead", "role-clarity", "NHS", "\u202e",
    "\u200b", "é", "😀", ": ", " #", "- ", "&a", "*a", "!!python/object:x", "\n\n", "Term\n: Definition", "!!! note",
]
REFUSED_FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<iframe>", "</p>", "<!--",
    "[x](javascript:alert(1))", "[x](data:text/html,x)", "[x](//evil)", "[x][1]\n\n[1]: javascript:x", "[@nokey]",
    "![i](https://example.org/i.png)", "<https://example.org>",
]
FRAGMENTS = ALLOWED_FRAGMENTS + REFUSED_FRAGMENTS


def texts(fragments: list[str], *, tidy: bool) -> st.SearchStrategy[str]:
    printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1 if tidy else 0, max_size=60)
    words = st.one_of(
        printable, st.sampled_from(fragments),
        st.lists(st.one_of(st.sampled_from(fragments), printable), min_size=1, max_size=6).map(" ".join),
    )
    # tidy text has no control characters and is never blank, so it usually passes validation
    return words.map(lambda t: t if t.strip() else t + "x") if tidy else st.one_of(words, st.text(max_size=30))


text = texts(FRAGMENTS, tidy=False)
allowed_text = texts(ALLOWED_FRAGMENTS, tidy=True)
slugs = st.one_of(st.sampled_from(ROLE_IDS + CHALLENGE_IDS + QUESTION_IDS + [IDENT, "no-such-id"]), st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True), text)
keys = st.one_of(st.sampled_from(["id", "title", "summary", "description", "skills", "hidden", "questions", "<<", "titel"]), st.text(max_size=15))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, slugs)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


def fields(words: st.SearchStrategy[str], chaos: bool) -> dict[str, st.SearchStrategy]:
    """Valid-looking values for each field of a role (with wrong ones mixed in when `chaos`)."""
    bad = ["nope"] if chaos else []
    return {
        "id": st.sampled_from([IDENT, IDENT, "Fuzzed_Role", "other-role"] if chaos else [IDENT]),
        "title": words.map(lambda t: t.strip() or "Fuzzed role"),
        "alternative_titles": st.lists(words, max_size=4),
        "family": st.sampled_from(ROLE_FAMILIES + bad),
        "level": st.sampled_from(ROLE_LEVELS + bad),
        "summary": words.map(lambda t: t + " and some words to make it long enough."),
        "description": words,
        "lived_experience": words,
        "skills": st.lists(words, max_size=4),
        "settings": st.lists(words, max_size=4),
        "support": words,
        "evidence": words,
        "progression": st.lists(st.sampled_from([r for r in ROLE_IDS] + (["no-such-role", IDENT] if chaos else [])), max_size=3, unique=True),
        "challenges": st.lists(st.sampled_from(CHALLENGE_IDS + (["no-such-challenge"] if chaos else [])), max_size=3, unique=True),
        "questions": st.dictionaries(st.sampled_from(QUESTION_IDS + (["no-such-question"] if chaos else [])), words, max_size=3),
        "updated": st.sampled_from(["2026-11-26"] + (["2026-13-45", "yesterday"] if chaos else [])),
    }


CHAOS_FIELDS = fields(text, chaos=True)
TIDY_FIELDS = fields(allowed_text, chaos=False)
VALID = {
    "id": IDENT, "title": "Fuzzed role", "family": "peer-support", "level": "entry",
    "summary": "A role made up by the fuzz test. It exists only in a copy of the project.",
    "description": "What the role does.", "lived_experience": "The lived experience it draws on.",
}


@st.composite
def role_files(draw) -> str:
    """The text of a role file: a valid role with fields replaced at random; in about half the
    examples also fields removed, random fields added and the YAML itself cut or spliced."""
    chaos = draw(st.booleans())
    strategies = CHAOS_FIELDS if chaos else TIDY_FIELDS
    data = dict(VALID)
    for field in draw(st.lists(st.sampled_from(sorted(strategies)), max_size=8, unique=True)):
        data[field] = draw(strategies[field])
    if chaos:
        for field in draw(st.lists(st.sampled_from(sorted(VALID)), max_size=2, unique=True)):
            data.pop(field, None)
        data.update(draw(st.dictionaries(keys, values, max_size=3)))
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if chaos and draw(st.booleans()):
        cut = draw(st.integers(0, len(body)))
        body = body[:cut] + draw(st.sampled_from(FRAGMENTS + ["\t", '"', "[", "{", "&x", "*x", "---\n", "\n  - "])) + body[cut:]
    return SCHEMA_LINE + body


# ----------------------------------------------------------------------------- the project under test


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


@pytest.fixture(scope="module", autouse=True)
def parse_each_unchanged_file_once():
    """Only the generated file changes between examples: check every other file once and reuse the
    result (keyed by the file's name, content and schema), so that each example costs milliseconds."""
    real = build_module.load_checked
    done: dict = {}

    def load_checked(path: Path, display: str, schema: dict, schema_name: str, **kwargs):
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return real(path, display, schema, schema_name, **kwargs)
        key = (display, hashlib.sha256(path.read_bytes()).hexdigest(), id(schema), schema_name, tuple(sorted(kwargs.items())))
        if key not in done:
            done[key] = real(path, display, schema, schema_name, **kwargs)
        return copy.deepcopy(done[key])

    patch = pytest.MonkeyPatch()
    patch.setattr(build_module, "load_checked", load_checked)
    yield
    patch.undo()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _active(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        own_script = tag == "script" and set(attrs) <= {"src", "defer"} and re.fullmatch(
            r"(\.\./)*assets/javascripts/[a-z-]+\.js", attrs.get("src", ""))
        if tag in ("script", "iframe", "object", "embed", "img", "base") and not own_script:
            found.append(tag)
        for name, value in attrs.items():
            target = re.sub(r"\s+", "", value).lower()
            if name.startswith("on") or (name in ("href", "src") and target.startswith(("javascript:", "data:", "vbscript:", "//"))):
                found.append(f"{tag} {name}={value!r}")
    return found


def _check_errors(errors: list[DataError]) -> None:
    assert errors, "DataErrors without any error"
    for error in errors:
        assert isinstance(error.file, str) and error.file, error
        assert error.line is None or (isinstance(error.line, int) and error.line >= 1), error
        assert error.column is None or (isinstance(error.column, int) and error.column >= 1), error
        assert isinstance(error.message, str) and error.message
        text, annotation = str(error), error.github_annotation()  # both print without failing
        (text + annotation).encode("utf-8")  # and can be written to a log
        _check_printed(text, annotation)


def _check_printed(text: str, annotation: str) -> None:
    """What a terminal or a GitHub log shows: the tool's own line breaks only, nothing invisible, no
    line that GitHub would read as a workflow command, the annotation on one line."""
    lines = text.split("\n")
    assert all(line.startswith("    How to fix: ") for line in lines[1:]), text
    assert not any(line.lstrip().startswith("::") for line in lines), text
    invisible = [c for line in lines for c in line if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert invisible == [], (text, invisible)
    assert "\n" not in annotation and "\r" not in annotation and annotation.startswith("::error file="), annotation
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in annotation), annotation


# ----------------------------------------------------------------------------- properties


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source=role_files())
def test_any_role_file_builds_or_gives_data_errors_never_a_crash(project: Path, source: str):
    path = project / "data" / "roles" / f"{IDENT}.yml"
    path.write_text(source, encoding="utf-8")
    cfg = GuideConfig(project_dir=project, docs_dir=project / "docs")
    try:
        model = build_model(cfg)
    except DataErrors as exc:
        _check_errors(exc.errors)
        event("data errors")
        return
    if IDENT not in model.roles:
        return
    event("built and rendered")
    renderers = Views(model, cfg.docs_dir, cfg.schema_dir)
    role_page = renderers.entity_page("roles", IDENT, f"roles/{IDENT}/")
    # its only scripts: the site's own script files (none made from the data)
    role_scripts = re.findall(r"<script([^>]*)>(.*?)</script>", role_page, re.DOTALL | re.IGNORECASE)
    assert all(
        content == "" and re.fullmatch(r' src="(\.\./)*assets/javascripts/[a-z-]+\.js"( defer)?', attrs)
        for attrs, content in role_scripts
    ), role_scripts
    assert role_page.lower().count("<script") == len(role_scripts)
    # the page as MkDocs turns it into HTML, with the site's Markdown extensions
    assert _active(markdown.markdown(role_page, extensions=SITE_EXTENSIONS)) == []
    checklist = renderers.checklist_page(IDENT, f"checklists/{IDENT}/")
    # its only scripts: the checklist's data as JSON, and the site's own script files
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", checklist, re.DOTALL)
    data = [content for attrs, content in scripts if attrs == ' type="application/json" id="le-checklist-data"']
    assert len(data) == 1 and "<" not in data[0] and json.loads(data[0])["checklist"] == IDENT
    embedded = [(a, c) for a, c in scripts if a.startswith(' type="application/json" id="le-')]
    assert all("<" not in c and json.loads(c) is not None for a, c in embedded)  # data, never markup
    others = [attrs for attrs, content in scripts if (attrs, content) not in embedded]
    assert all(re.fullmatch(r' src="(\.\./)*assets/javascripts/[a-z-]+\.js"( defer)?', attrs) for attrs in others), others
    catalogue = renderers.role_catalogue("roles/")
    assert _active(markdown.markdown(catalogue, extensions=SITE_EXTENSIONS)) == []


yaml_text = st.lists(
    st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS + ["\t", '"', "'", "[", "]", "{", "}", "&a ", "*a", "? ", "---\n", "...\n",
                                                               "!!int ", "!!binary ", "!foo ", "%YAML 1.1\n", "\n", "\n  ", ": ", "- ", "\ufeff", "\x00", "\x85"])),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(source=yaml_text)
def test_any_text_loads_or_gives_errors_never_a_crash(source: str):
    loaded, errors = load_text(source, "data/roles/fuzz.yml")
    if loaded is None:
        _check_errors(errors)
        assert all(e.file == "data/roles/fuzz.yml" for e in errors)
    else:
        assert errors == [] and isinstance(loaded.data, dict)
        json.dumps(loaded.data, allow_nan=True)  # plain data only: no Python objects


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes_load_or_give_errors_never_a_crash(project: Path, raw: bytes):
    path = project.parent / "fuzz.yml"
    path.write_bytes(raw)
    loaded, errors = load_file(path, "data/roles/fuzz.yml")
    if loaded is None:
        _check_errors(errors)
    else:
        assert errors == [] and isinstance(loaded.data, dict)


# ----------------------------------------------------------------------------- a fork's overlay and file names

HOSTILE = ["\n", "\r", "\u2028", "\u2029", "\x85", "::error file=x::forged", "::stop-commands::t", "\u202e", "\u2066",
           "\u200b", "\ufeff", "/etc/passwd", "../", ": ", "#", "'", '"', "---", "{{ 7*7 }}", "=HYPERLINK(1)", "%0A"]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=8).map("".join)
file_names = st.lists(st.one_of(st.sampled_from(HOSTILE[:11] + ["peer-worker", ".yml", " ", "%"]),
                                st.text(alphabet="abc-_.:%", max_size=6)), min_size=1, max_size=5).map("".join)


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fork") / "project")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(phrase=hostile_text, replacement=hostile_text, name=file_names, body=hostile_text)
def test_any_overlay_file_or_file_name_builds_or_gives_printable_errors(fork: Path, phrase, replacement, name, body):
    overlay = fork / "overlay"
    if overlay.exists():
        import shutil

        shutil.rmtree(overlay)
    (overlay / "roles").mkdir(parents=True)
    terms = "# yaml-language-server: $schema=../data/schema/terms.schema.json\nterms:\n  " + json.dumps(phrase) + ": " + json.dumps(replacement) + "\n"
    (overlay / "terms.yml").write_text(terms, encoding="utf-8")
    safe_name = name.replace("/", "_").replace("\x00", "_")[:60] or "x"
    if safe_name in (".", ".."):
        safe_name = "x"
    try:
        (overlay / "roles" / f"{safe_name}.yml").write_text("id: " + json.dumps(body) + "\n", encoding="utf-8")
        (fork / "data" / "roles" / f"{safe_name}.yml").write_text(SCHEMA_LINE + "id: " + json.dumps(body) + "\n", encoding="utf-8")
    except OSError:
        return  # a name this file system does not allow
    cfg = GuideConfig(project_dir=fork, docs_dir=fork / "docs", overlay_dir=overlay)
    try:
        build_model(cfg)
    except DataErrors as exc:
        _check_errors(exc.errors)
        report = exc.report()
        assert not any(line.lstrip().startswith("::") for line in report.split("\n")), report
        assert str(fork) not in report
    finally:
        (fork / "data" / "roles" / f"{safe_name}.yml").unlink(missing_ok=True)
