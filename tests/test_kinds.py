"""The registry of kinds (macros/kinds.py): it names real schemas and templates, it drives the list
of generated pages and the open data, and adding a kind of content is a schema, a template and one
entry (CONTRIBUTING.md, "Add a kind of content")."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from conftest import ROOT, copy_project, mkdocs_build
from macros import kinds
from macros.data.schema import load_schema
from macros.exports.open_data import guide_json
from macros.model.build import build_model
from macros.pages.generated import generated_pages
from macros.settings import GuideConfig


@pytest.fixture(scope="module")
def model():
    return build_model(GuideConfig(project_dir=ROOT, docs_dir=ROOT / "docs"))


def test_every_kind_names_a_schema_and_a_template_that_exist():
    for kind in kinds.KINDS.values():
        if kind.schema:
            assert (ROOT / "data" / "schema" / f"{kind.schema}.schema.json").is_file(), kind.key
        if kind.template:
            assert (ROOT / "macros" / "templates" / kind.template).is_file(), kind.key
        if kind.folder:
            assert (ROOT / "data" / kind.folder).is_dir(), kind.key
        if kind.file:
            assert (ROOT / "data" / kind.file).is_file(), kind.key
        if kind.scaffold:
            assert (ROOT / "macros" / "templates" / "scaffold" / f"{kind.schema}.yml.j2").is_file(), kind.key


def test_every_schema_and_its_overlay_variant_is_a_valid_json_schema():
    """The build trusts the schema files (checking them costs ~0.15 s a build); this test checks them
    against JSON Schema 2020-12's meta-schema, and the partial variant a fork's overlay is read with."""
    names = sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "data" / "schema").glob("*.schema.json"))
    assert len(names) >= 8
    for name in names:
        schema = load_schema(str(ROOT / "data" / "schema"), name)
        Draft202012Validator.check_schema(schema)
        if "properties" in schema:  # a schema of one entity: an overlay file may change part of it
            Draft202012Validator.check_schema(load_schema(str(ROOT / "data" / "schema"), name, partial=True))
    with pytest.raises(SchemaError):  # the check itself can fail
        Draft202012Validator.check_schema({"type": "strin"})


def test_every_link_joins_two_kinds_and_names_a_field_of_the_schema():
    backlinks = [link.backlink for link in kinds.LINKS if link.backlink]
    assert len(backlinks) == len(set(backlinks)), "two links share a back-link name"
    for link in kinds.LINKS:
        assert link.source in kinds.KINDS and link.target in kinds.KINDS, link
        schema = json.loads((ROOT / "data" / "schema" / f"{kinds.KINDS[link.source].schema}.schema.json").read_text())
        text = json.dumps(schema)
        assert all(f'"{name}"' in text for name in link.path), f"{link.source}.{link.field} is not in its schema"
        if kinds.KINDS[link.source].entity:  # a field, or a field of a block (in_post.questions)
            node = schema
            for name in link.path:
                assert name in node.get("properties", {}), f"{link.source}.{link.field} is not in its schema"
                node = node["properties"][name]


def test_the_enumerations_are_the_schemas_own():
    role = json.loads((ROOT / "data" / "schema" / "role.schema.json").read_text())
    assert kinds.enum(ROOT / "data" / "schema", "role", "family") == role["properties"]["family"]["enum"]
    assert {"family", "level", "scope"} <= kinds.enum_fields(ROOT / "data" / "schema")


def test_the_generated_pages_are_one_per_entity_of_every_kind_with_pages(model):
    pages = generated_pages(model)
    expected = {f"roles/{p.stem}.md" for p in (ROOT / "data" / "roles").glob("*.yml")}
    expected |= {f"checklists/{p.stem}.md" for p in (ROOT / "data" / "roles").glob("*.yml")}
    expected |= {f"challenges/{p.stem}.md" for p in (ROOT / "data" / "challenges").glob("*.yml")}
    expected |= {f"case-studies/{p.stem}.md" for p in (ROOT / "data" / "case-studies").glob("*.yml")}
    assert {page.src_uri for page in pages} == expected
    assert len(pages) == len(expected)
    role = next(page for page in pages if page.src_uri == "roles/peer-support-worker.md")
    meta = yaml.safe_load(role.content.split("---\n")[1])
    assert meta["render_macros"] is True and meta["search"] == {"boost": 3}
    assert role.content.rstrip().endswith('{{ role_page("peer-support-worker") }}')
    assert role.data_path == "data/roles/peer-support-worker.yml"


def test_the_open_data_lists_every_entity_with_its_page_address(model):
    data = guide_json(model)
    assert list(data)[:3] == ["schema_version", "language", "roles"]
    for kind in kinds.entity_kinds():
        assert {item["id"] for item in data[kind.key]} == set(model.entities(kind.key))
        assert all(item["url"] == f"{kind.page_folder}/{item['id']}/" for item in data[kind.key])


# ----------------------------------------------------------------------------- adding a kind

RESOURCE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Resource",
    "description": "One resource: data/resources/<id>.yml.",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "summary", "roles"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80},
        "title": {"type": "string", "minLength": 1, "maxLength": 120},
        "summary": {"type": "string", "minLength": 20, "maxLength": 600},
        "roles": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
}
RESOURCE_TEMPLATE = """\
# {{ resource.title|mdtext }}

{{ md(resource.summary) }}

<ul class="le-resource-roles">
{% for r in visible("roles", resource.roles) %}<li>{{ link("roles", r) }}</li>
{% endfor %}
</ul>
"""
ENTRY = ('    Kind("resources", "resource", "resource", folder="resources", page_folder="resources",\n'
         '         template="resource.md.j2", macro="resource_page", context="resource"),\n')
LINK = '    Link("resources", "roles", "roles", "role_resources"),\n'


def add_resources(project: Path, role: str = "peer-support-worker") -> None:
    (project / "data" / "schema" / "resource.schema.json").write_text(json.dumps(RESOURCE_SCHEMA, indent=2))
    (project / "macros" / "templates" / "resource.md.j2").write_text(RESOURCE_TEMPLATE)
    (project / "data" / "resources").mkdir()
    (project / "data" / "resources" / "peer-support-handbook.yml").write_text(
        "# yaml-language-server: $schema=../schema/resource.schema.json\n"
        "id: peer-support-handbook\n"
        "title: A peer support handbook\n"
        "summary: A made-up resource for this test, long enough to pass the schema.\n"
        f"roles: [{role}]\n"
    )
    registry = project / "macros" / "kinds.py"
    text = registry.read_text()
    stages = '        Kind(\n            "stages",'
    text = text.replace(stages, ENTRY + stages, 1)
    text = text.replace('    Link("questions", "stage"', LINK + '    Link("questions", "stage"', 1)
    assert ENTRY in text and LINK in text
    registry.write_text(text)


def test_a_new_kind_of_content_is_a_schema_a_template_and_one_entry(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    add_resources(project)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "resources" / "peer-support-handbook" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>A peer support handbook", html)
    assert 'href="../../roles/peer-support-worker/"' in html  # the link field became a link to the role
    assert '<meta name="description" content="A made-up resource for this test' in html
    data = json.loads((site / "api" / "guide.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data["resources"]] == ["peer-support-handbook"]
    assert data["resources"][0]["url"] == "resources/peer-support-handbook/"


def test_a_new_kind_gets_the_same_id_checks(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    add_resources(project, role="peer-suport-worker")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "data/resources/peer-support-handbook.yml, line 5" in out
    assert "there is no role with the id 'peer-suport-worker'" in out
    assert "did you mean 'peer-support-worker'?" in out


def test_a_new_kind_can_be_changed_by_a_fork_and_drift_names_it(tmp_path: Path):
    """The overlay and the drift report read the registry too: a fork retitles the new kind's entity
    from overlay/resources/ with no code of its own, and the drift report asks for its upstream_hash."""
    project = copy_project(tmp_path / "project")
    add_resources(project)
    (project / "mkdocs.local.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n")
    (project / "overlay" / "resources").mkdir(parents=True)
    (project / "overlay" / "resources" / "peer-support-handbook.yml").write_text(
        "# yaml-language-server: $schema=../../data/schema/resource.schema.json\n"
        "id: peer-support-handbook\ntitle: Our peer support handbook\n"
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "resources" / "peer-support-handbook" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Our peer support handbook", html)
    assert 'href="../../roles/peer-support-worker/"' in html  # upstream's fields it does not change stay
    drift = subprocess.run([sys.executable, "-m", "macros", "drift", "-f", "mkdocs.local.yml"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert ("overlay/resources/peer-support-handbook.yml, line 2: no upstream_hash is recorded for the resource "
            "'peer-support-handbook'") in drift.stdout


def test_every_overlay_collection_list_is_a_list_of_its_kinds_file():
    """kinds.overlay_collections() is what an overlay may hold besides entity folders: each list is a
    list in the upstream file of the same name (a strategy step sits in its focus area)."""
    collections = kinds.overlay_collections()
    assert set(collections) == {"questions", "strategy", "glossary", "references", "assessment"}
    for name, lists in collections.items():
        data = yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))
        for key, kind in lists.items():
            assert kind.file == f"{name}.yml", key
            items = data["focus_areas"][0]["steps"] if key == "steps" else data[key]
            assert isinstance(items, list) and all("id" in item for item in items), key
    hideable = {key for lists in collections.values() for key, kind in lists.items() if kind.hideable}
    assert hideable == {"questions", "steps", "terms"}  # a stage or a focus area would orphan its items
