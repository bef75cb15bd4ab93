"""A catalogue of bad inputs: every one gets a clear error that names the file (and the line and
column where the parser knows them) with a hint, and a failed build leaves the previous site as it was.

Most cases call the loader (`load_text`, `load_file`) or `build_model` on a copy of the project;
a few run `mkdocs build` in a copy for what a contributor sees: a non-zero exit, the error text,
no traceback, and the old `site/` untouched.
"""

from __future__ import annotations

import copy
import hashlib
import re
import time
from pathlib import Path

import pytest

import macros.data.checked as checked_module
from conftest import copy_project, edit, mkdocs_build
from macros.data import schema as schemas
from macros.data.loader import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, load_file, load_text
from macros.errors import DataError, DataErrors
from macros.model.build import build_model
from macros.settings import GuideConfig

FILE = "data/roles/example.yml"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/role.schema.json\n"


# ----------------------------------------------------------------------------- helpers


def only_error(text: str) -> DataError:
    """The single error the loader reports for a text (and it must refuse the text)."""
    loaded, errors = load_text(text, FILE)
    assert loaded is None, f"accepted: {loaded.data!r}"
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which `needle` first appears."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def column_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return index - (text.rfind("\n", 0, index) + 1) + 1


_PARSED: dict = {}


@pytest.fixture(autouse=True)
def parse_each_unchanged_file_once(monkeypatch):
    """build_model re-reads all ~40 data files; reuse the result for files whose bytes have not
    changed (the key is the file's name and content), so only the file a test breaks is parsed again."""
    real = checked_module.load_file

    def load(path: Path, display: str):
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return real(path, display)
        key = (display, hashlib.sha256(path.read_bytes()).hexdigest())
        if key not in _PARSED:
            _PARSED[key] = real(path, display)
        return copy.deepcopy(_PARSED[key])

    monkeypatch.setattr(checked_module, "load_file", load)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def duplicate_item(project: Path, rel: str, ident: str) -> tuple[str, int]:
    """Copy the list item `- id: <ident>` (with its block) right after itself; return the text and the
    line of the copy's id."""
    path = project / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"\s*- id: {re.escape(ident)}\s*", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    lines[end:end] = lines[start:end]
    text = "".join(lines)
    path.write_text(text, encoding="utf-8")
    return text, end + 1


def model_errors(project: Path) -> list[DataError]:
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    errors = caught.value.errors
    assert all(isinstance(e.file, str) and e.file and e.message for e in errors)
    return errors


def one_model_error(project: Path) -> DataError:
    errors = model_errors(project)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


# ----------------------------------------------------------------------------- YAML syntax


def test_yaml_syntax_error_names_line_column_and_how_to_fix():
    error = only_error("id: example\ntitle: Peer worker: senior\n")
    assert str(error) == (
        "data/roles/example.yml, line 2, column 19: YAML syntax error: mapping values are not allowed here\n"
        "    How to fix: a value that contains ': ' must be put in quotes, or written as a block with '>-' on the line above"
    )


@pytest.mark.parametrize("text, line", [
    ("id: example\nskills:\n\t- Listening\n", 3),
    ("id: example\nquestions:\n  communities: Text\n\tpurpose: Text\n", 4),
])
def test_a_tab_used_for_indentation_is_named(text, line):
    error = only_error(text)
    assert (error.line, error.column) == (line, 1)
    assert error.message.startswith("YAML syntax error:") and "'\\t'" in error.message
    assert error.hint == "YAML does not allow tab characters for indenting: use spaces"


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(quote):
    error = only_error(f"id: example\ntitle: {quote}Peer worker\nlevel: entry\n")
    assert (error.line, error.column) == (2, 8)
    assert error.message.startswith(f"YAML syntax error: the quotation mark ({quote}) at line 2, column 8 is never closed")
    assert error.hint == "close the quotation mark that opens the text"


@pytest.mark.parametrize("text, what, column", [
    ("id: example\nchallenges: [role-clarity, hierarchy\nlevel: entry\n", "bracket '['", 13),
    ("id: example\nquestions: {communities: Text\n", "brace '{'", 12),
])
def test_an_unclosed_bracket_is_reported_where_it_opens(text, what, column):
    error = only_error(text)
    assert (error.line, error.column) == (2, column)
    assert error.message.startswith(f"YAML syntax error: the {what} at line 2, column {column} is never closed; YAML noticed at line 3")
    assert error.hint == "close the bracket: every '[' needs a ']' and every '{' a '}'"


@pytest.mark.parametrize("style", ["|", ">-", "|-"])
@pytest.mark.parametrize("lost", ["Then a line that lost its indent.", "  Then one with too little."])
def test_a_line_of_a_block_text_that_lost_its_indent_is_named_where_it_was_lost(style, lost):
    text = (f"id: example\ntitle: Peer worker\ndescription: {style}\n    First line of the text,\n"
            f"    and the second.\n\n{lost}\nsummary: A summary.\n")
    error = only_error(text)
    assert (error.line, error.column, error.field) == (line_of(text, lost), 1, "description")
    assert error.message == "this line lost its indent, so it ends the text of 'description' (the block from line 3)"
    assert error.hint == "indent it with 4 spaces, like the lines of the text above it"


def test_a_missing_colon_still_gets_the_general_hint():
    error = only_error("id: example\ntitle Peer worker\nsummary: A summary.\n")
    assert "could not find expected ':'" in error.message
    assert "indentation" in error.hint and "ends with ':'" in error.hint


@pytest.mark.parametrize("text", ["", "   \n\n", SCHEMA_LINE, SCHEMA_LINE + "---\n", "~\n"])
def test_an_empty_file_is_named(text):
    error = only_error(text)
    assert str(error) == "data/roles/example.yml: the file is empty\n    How to fix: copy an existing file of the same kind as a starting point"


@pytest.mark.parametrize("body, kind", [
    ("- id: example\n- title: Peer worker\n", "a list"),
    ("Peer worker\n", "plain text"),
    ("42\n", "a number"),
    ("true\n", "true/false"),
])
def test_a_top_level_that_is_not_a_mapping_is_named(body, kind):
    error = only_error(SCHEMA_LINE + body)
    assert str(error) == (
        f"data/roles/example.yml, line 2, column 1: the file must hold fields (name: value), but it holds {kind}\n"
        "    How to fix: start the file with fields such as 'id:' and 'title:'"
    )


def test_a_file_that_is_not_utf8_names_the_byte_and_line(tmp_path: Path):
    path = tmp_path / "example.yml"
    path.write_bytes(SCHEMA_LINE.encode() + b"id: example\ntitle: Peer supp\xf6rt worker\n")
    loaded, errors = load_file(path, FILE)
    assert loaded is None and len(errors) == 1
    assert str(errors[0]) == (
        "data/roles/example.yml, line 3, column 17: the file is not UTF-8: byte 0xf6 at line 3, column 17 cannot be read\n"
        "    How to fix: save the file as UTF-8 (in most editors: Save with encoding → UTF-8); retype the character around that place"
    )


def test_a_byte_order_mark_is_accepted_and_positions_stay_right(tmp_path: Path, project: Path):
    path = tmp_path / "example.yml"
    path.write_bytes(b"\xef\xbb\xbf" + SCHEMA_LINE.encode() + b"id: example\ntitle: Peer worker\n")
    loaded, errors = load_file(path, FILE)
    assert errors == []
    assert loaded.data == {"id": "example", "title": "Peer worker"}
    assert loaded.key_position(("title",)) == (3, 1)
    # and a whole role file saved with a BOM (as some Windows editors do) builds
    role = project / "data" / "roles" / "peer-trainer.yml"
    role.write_bytes(b"\xef\xbb\xbf" + role.read_bytes())
    model = build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    assert model.roles["peer-trainer"]["id"] == "peer-trainer"


@pytest.mark.parametrize("text, char", [
    ('id: example\ntitle: "Peer\\x00worker"\n', "U+0000"),  # an escape writes a control character
    ('id: example\ntitle: "Peer \\ud800 worker"\n', "U+D800"),  # half a character: cannot be saved as UTF-8
    ('id: example\ntitle: "\\e[2J"\n', "U+001B"),  # a terminal escape, which would reach the CI log
])
def test_escapes_that_make_unprintable_characters_are_refused(text, char):
    error = only_error(text)
    assert (error.line, error.column, error.field) == (2, 8, "title")
    assert error.message == f"the text contains the character {char}, which cannot be shown or saved"
    assert error.hint.startswith("remove the escape")


def test_a_raw_control_character_in_the_file_is_named():
    error = only_error("id: example\ntitle: Peer\x00worker\n")
    assert (error.line, error.column) == (2, 12)
    assert error.message == "the file contains the character U+0000 at line 2, column 12, which YAML does not allow"
    assert "retype the text around that place" in error.hint


# ----------------------------------------------------------------------------- what YAML lets through


def test_a_duplicate_key_is_refused_with_both_lines():
    error = only_error("id: example\ntitle: Peer worker\nlevel: entry\ntitle: Peer mentor\n")
    assert str(error) == (
        "data/roles/example.yml, line 4, column 1 (field 'title'): duplicate field 'title' (already given on line 2); "
        "YAML would silently keep only the last one\n    How to fix: keep one 'title:' and delete the other"
    )


@pytest.mark.parametrize("text, tag", [
    ("id: example\ntitle: !!python/object/apply:os.system ['echo hacked']\n", "!!python/object/apply:os.system"),
    ("id: example\ntitle: !!python/name:os.system\n", "!!python/name:os.system"),
    ("id: example\ntitle: !!binary aGVsbG8=\n", "!!binary"),
    ("id: example\ntitle: !include secrets.yml\n", "!include"),
    ("id: example\nskills: !!set {a, b}\n", "!!set"),
])
def test_yaml_tags_are_refused_never_constructed(text, tag):
    error = only_error(text)
    assert (error.line, error.column) == (2, 8 if text.split("\n")[1].startswith("title") else 9)
    assert error.message == f"the YAML tag '{tag}' is not supported"
    assert error.hint == "remove the tag: guide data is plain text, lists and fields"


@pytest.mark.parametrize("value, word", [("!!int many", "a whole number"), ("!!bool maybe", "true or false"), ("!!float x", "a number"), ("1" * 5000, "a whole number")])
def test_a_value_that_cannot_be_what_its_tag_says_is_an_error_not_a_crash(value, word):
    error = only_error(f"id: example\nversion: {value}\n")
    assert (error.line, error.column, error.field) == (2, 10, "version")
    assert error.message.endswith(f"cannot be read as {word}")
    assert "put the value in quotes" in error.hint


# ----------------------------------------------------------------------------- limits


def test_a_billion_laughs_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    start = time.perf_counter()
    error = only_error("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert error.message == f"refused: more than {MAX_ALIASES} aliases (*name)"
    assert (error.line, error.column) == (4, 14)  # the 21st alias
    assert error.hint == "write the text out in full instead of repeating it with anchors and aliases"


def test_an_alias_bomb_within_the_alias_limit_is_refused_by_its_expanded_size():
    # 20 aliases fanned out 3×3×3×3×3×3×2 repeat a 3,000-item list 1,458 times: 4 million values.
    lines = ["a0: &a0 [" + ",".join(["lol"] * 3000) + "]"]
    for i, fan in enumerate([3, 3, 3, 3, 3, 3, 2], start=1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * fan) + "]")
    start = time.perf_counter()
    error = only_error("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 3.0
    assert error.message == f"refused: more than {MAX_VALUES:,} values (lists, fields and texts), once aliases (*name) are expanded"
    # and a long text repeated by aliases counts by its characters
    text = 'a0: &a0 "' + "lol " * 100_000 + '"\n' + "".join(f"a{i}: [*a0, *a0]\n" for i in range(1, 5))
    error = only_error(text)
    assert error.message == f"refused: aliases (*name) expand the file to more than {MAX_FILE_BYTES:,} characters"


def test_an_alias_to_its_own_container_is_refused():
    error = only_error("id: example\nskills: &loop [*loop]\n")
    assert error.message == "refused: an alias (*name) refers to the list or mapping that contains it"
    assert error.line == 2


def test_too_many_values_are_refused_while_parsing():
    start = time.perf_counter()
    error = only_error("id: example\nskills: [" + ",".join(["x"] * (MAX_VALUES + 10)) + "]\n")
    assert time.perf_counter() - start < 5.0
    assert error.message == f"refused: more than {MAX_VALUES:,} values (lists, fields and texts)"
    assert error.line == 2


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path, monkeypatch):
    import macros.data.loader as loader

    def never(*args):
        raise AssertionError("a file over the limit must not be decoded or parsed")

    monkeypatch.setattr(loader, "load_text", never)
    monkeypatch.setattr(loader, "_decode", never)
    path = tmp_path / "huge.yml"
    path.write_bytes(b"id: huge\ndescription: " + b"x" * MAX_FILE_BYTES)
    start = time.perf_counter()
    loaded, errors = load_file(path, "data/roles/huge.yml")
    assert time.perf_counter() - start < 0.5
    assert loaded is None and len(errors) == 1
    size = path.stat().st_size
    assert str(errors[0]) == (
        f"data/roles/huge.yml: refused: the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}\n"
        "    How to fix: split the content or shorten it; one role, challenge or case study never needs this much"
    )


@pytest.mark.parametrize("text, line", [
    ("id: example\nskills: " + "[" * 5000 + "]" * 5000 + "\n", 2),  # deeper than Python's recursion limit
    ("id: example\n" + "".join("  " * i + f"level{i}:\n" for i in range(60)) + "  " * 60 + "end\n", MAX_DEPTH + 1),
])
def test_deep_nesting_is_refused_with_its_line(text, line):
    start = time.perf_counter()
    error = only_error(text)
    assert time.perf_counter() - start < 2.0
    assert error.message == f"refused: nesting deeper than {MAX_DEPTH} levels"
    assert error.line == line and error.column is not None
    assert error.hint == "flatten the structure"


def test_a_data_file_that_is_a_link_is_refused(project: Path, tmp_path: Path):
    secret = tmp_path / "secret.yml"
    secret.write_text("token: do-not-print-me\n", encoding="utf-8")
    (project / "data" / "roles" / "linked.yml").symlink_to(secret)
    errors = [e for e in model_errors(project) if e.file == "data/roles/linked.yml"]
    assert [e.message for e in errors] == [
        "refused: this path leads outside the project (through a link or '..'), so the build does not read it"
    ]
    assert "do-not-print-me" not in "\n".join(map(str, errors))


def test_a_data_file_that_is_a_link_inside_the_project_is_still_refused(project: Path):
    (project / "data" / "roles" / "linked.yml").symlink_to(project / "data" / "roles" / "peer-trainer.yml")
    errors = [e for e in model_errors(project) if e.file == "data/roles/linked.yml"]
    assert [e.message for e in errors] == ["refused: a data file must be an ordinary file, not a link or a folder"]


# ----------------------------------------------------------------------------- schema


ROLE = "data/roles/peer-support-worker.yml"


def test_an_unknown_field_says_did_you_mean(project: Path):
    text = edit(project, ROLE, "\nsettings:", "\nsetings:")
    errors = model_errors(project)
    line = line_of(text, "setings:")
    assert f"data/roles/peer-support-worker.yml, line {line}, column 1 (field 'setings'): unknown field 'setings'\n    How to fix: did you mean 'settings'?" in map(str, errors)
    assert len(errors) == 1


def test_an_unknown_field_in_a_list_item_says_did_you_mean(project: Path):
    text = edit(project, "data/questions.yml", "    guidance: |", "    guidence: |")
    unknown, missing = sorted(model_errors(project), key=lambda e: e.message, reverse=True)
    line = line_of(text, "guidence:")
    assert (unknown.file, unknown.line, unknown.column, unknown.field) == ("data/questions.yml", line, 5, "questions[0].guidence")
    assert (unknown.message, unknown.hint) == ("unknown field 'guidence'", "did you mean 'guidance'?")
    # the field it replaced is reported in the same run, at the start of the item
    assert (missing.field, missing.message, missing.line) == ("questions[0]", "missing required field 'guidance'", line_of(text, "  - id: communities"))


@pytest.mark.parametrize("old, new, field, message, hint", [
    ("level: entry", "level: [entry]", "level", "expected one of: entry, experienced, senior, executive, but found a list",
     "write one of the allowed words on the same line as the field name"),
    ("level: entry", "level: beginner", "level", "'beginner' is not one of the allowed values", "use one of: entry, experienced, senior, executive"),
    ("title: Peer support worker", "title: [Peer support worker]", "title", "expected text, but found a list",
     "put the value in quotes if it looks like a number, a date, true/false or a list"),
    ("alternative_titles: [", "alternative_titles: Peer worker\nx_titles: [", "alternative_titles", "expected a list, but found the text 'Peer worker'",
     "write each item on its own line starting with '- ', or as [a, b]"),
    ("progression: [", "progression: yes\nx_progression: [", "progression", "expected a list, but found true/false",
     "write each item on its own line starting with '- ', or as [a, b]"),
])
def test_a_wrong_type_says_what_was_expected_and_found(project: Path, old, new, field, message, hint):
    text = edit(project, ROLE, old, new)
    errors = [e for e in model_errors(project) if e.field == field]
    assert len(errors) == 1, errors
    error = errors[0]
    value = new.split(": ", 1)[1].split("\n")[0]
    assert (error.file, error.line, error.column) == (ROLE, line_of(text, new.split("\n")[0]), column_of(text, new.split("\n")[0]) + len(field) + 2)
    assert (error.message, error.hint) == (message, hint), value


def test_a_missing_required_field_names_it_and_what_it_is_for(project: Path):
    edit(project, ROLE, "level: entry\n", "")
    error = one_model_error(project)
    assert str(error) == (
        "data/roles/peer-support-worker.yml, line 2, column 1: missing required field 'level'\n"
        "    How to fix: add a line 'level: …' (Where it sits on a career path.)"
    )


def test_an_over_long_value_gives_its_length_and_the_limit(project: Path):
    text = edit(project, ROLE, "title: Peer support worker", "title: " + "Peer support worker " * 6 + "X")
    error = one_model_error(project)
    assert (error.line, error.column, error.field) == (line_of(text, "title:"), 8, "title")
    assert error.message == "the text is too long (121 characters; the limit is 120)"
    assert error.hint == "shorten it, or split it into the fields meant for the detail"


# ----------------------------------------------------------------------------- ids


@pytest.mark.parametrize("rel, ident, what, first", [
    ("data/questions.yml", "communities", "question", "  - id: communities"),
    ("data/strategy.yml", "promote-applications", "step", "      - id: promote-applications"),
    ("data/references.yml", "arnstein1969", "reference", "  - id: arnstein1969"),
    ("data/glossary.yml", "anchor-institution", "glossary term", "  - id: anchor-institution"),
])
def test_a_duplicate_id_in_a_collection_names_both_places(project: Path, rel, ident, what, first):
    text, line = duplicate_item(project, rel, ident)
    error = one_model_error(project)
    first_line = line_of(text, first + "\n")
    assert (error.file, error.line, error.column) == (rel, line, first.index("id:") + 5)
    assert error.message == f"the {what} id '{ident}' is used twice (first on line {first_line})"
    assert error.hint == f"give each {what} its own id"


def test_an_id_that_is_not_a_slug_suggests_one(project: Path):
    text = edit(project, ROLE, "id: peer-support-worker", "id: Peer_Support_Worker")
    errors = model_errors(project)
    line = line_of(text, "id: Peer")
    assert [str(e) for e in errors] == [
        f"data/roles/peer-support-worker.yml, line {line}, column 5 (field 'id'): 'Peer_Support_Worker' is not a valid id\n"
        "    How to fix: use lowercase letters, digits and single hyphens, e.g. 'peer-support-worker'",
        f"data/roles/peer-support-worker.yml, line {line}, column 5 (field 'id'): the id 'Peer_Support_Worker' does not match the file name 'peer-support-worker.yml'\n"
        "    How to fix: make the id 'peer-support-worker', or rename the file to Peer_Support_Worker.yml",
    ]


def test_a_file_name_that_is_not_a_slug_suggests_one(project: Path):
    source = (project / ROLE).read_text(encoding="utf-8").replace("id: peer-support-worker", "id: peer-navigator", 1)
    (project / "data" / "roles" / "Peer Navigator.yml").write_text(source, encoding="utf-8")
    error = one_model_error(project)
    assert str(error) == "data/roles/Peer Navigator.yml: the file name 'Peer Navigator.yml' is not a valid id\n    How to fix: rename it to peer-navigator.yml"


def test_a_file_whose_stem_and_id_disagree(project: Path):
    text = edit(project, ROLE, "id: peer-support-worker", "id: peer-worker")
    error = one_model_error(project)
    assert str(error) == (
        f"data/roles/peer-support-worker.yml, line {line_of(text, 'id: peer-worker')}, column 5 (field 'id'): "
        "the id 'peer-worker' does not match the file name 'peer-support-worker.yml'\n"
        "    How to fix: make the id 'peer-support-worker', or rename the file to peer-worker.yml"
    )


def test_a_yaml_extension_is_named(project: Path):
    (project / "data" / "roles" / "peer-navigator.yaml").write_text("id: peer-navigator\n", encoding="utf-8")
    error = one_model_error(project)
    assert str(error) == "data/roles/peer-navigator.yaml: data files end in .yml\n    How to fix: rename it to peer-navigator.yml"


# ----------------------------------------------------------------------------- references between files


@pytest.mark.parametrize("rel, old, new, message, hint", [
    (ROLE, "challenges: [role-clarity", "challenges: [role-clarty", "there is no challenge with the id 'role-clarty'", "did you mean 'role-clarity'?"),
    (ROLE, "progression: [peer-support-lead", "progression: [peer-suport-lead", "there is no role with the id 'peer-suport-lead'", "did you mean 'peer-support-lead'?"),
    ("data/challenges/role-clarity.yml", "strategy_steps: [co-produce-roles", "strategy_steps: [co-produce-role",
     "there is no strategy step with the id 'co-produce-role'", "did you mean 'co-produce-roles'?"),
    ("data/case-studies/patchwork-career.yml", "roles: [lived-experience-director", "roles: [lived-experience-directer",
     "there is no role with the id 'lived-experience-directer'", "did you mean 'lived-experience-director'?"),
    ("data/case-studies/expert-by-experience-lead.yml", "sources: [hamaizia2024", "sources: [hamiazia2024",
     "there is no reference with the id 'hamiazia2024'", "did you mean 'hamaizia2024'?"),
    (ROLE, "challenges: [role-clarity", "challenges: [zzz-qqq", "there is no challenge with the id 'zzz-qqq'",
     "use the id of an existing challenge (the file name in data/challenges/ without .yml)"),
    ("data/challenges/role-clarity.yml", "strategy_steps: [co-produce-roles", "strategy_steps: [zzz-qqq",
     "there is no strategy step with the id 'zzz-qqq'", "use the id of an existing strategy step (an 'id:' in data/strategy.yml)"),
    # a link field inside a block (kinds.LINKS names it by its dotted path)
    ("data/challenges/hierarchy.yml", "questions: [informing-the-service", "questions: [informing-the-servic",
     "there is no question with the id 'informing-the-servic'", "did you mean 'informing-the-service'?"),
])
def test_a_dangling_reference_says_did_you_mean(project: Path, rel, old, new, message, hint):
    text = edit(project, rel, old, new)
    error = one_model_error(project)
    assert (error.file, error.line, error.column) == (rel, line_of(text, new), column_of(text, new) + new.index("[") + 1)
    assert (error.message, error.hint) == (message, hint)


def test_a_citation_of_an_unknown_key_says_did_you_mean(project: Path):
    text = edit(project, ROLE, "[@mead2001]", "[@maed2001]")
    error = one_model_error(project)
    assert (error.file, error.line, error.column, error.field) == (ROLE, line_of(text, "description: |"), 14, "description")
    assert error.message == "there is no reference with the key 'maed2001'"
    assert error.hint == "did you mean 'mead2001'?"


def test_a_role_cannot_progress_to_itself(project: Path):
    text = edit(project, ROLE, "progression: [peer-support-lead", "progression: [peer-support-worker")
    error = one_model_error(project)
    assert (error.line, error.column, error.field) == (line_of(text, "progression:"), 15, "progression[0]")
    assert (error.message, error.hint) == ("a role cannot progress to itself", "remove this id from progression")


def test_a_progression_cycle_between_two_roles_is_allowed(project: Path):
    # peer-support-worker → peer-support-lead already; a lead may also step back into peer work.
    edit(project, "data/roles/peer-support-lead.yml", "progression: [co-production-lead", "progression: [peer-support-worker, co-production-lead")
    model = build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    assert "peer-support-lead" in model.roles["peer-support-worker"]["progression"]
    assert "peer-support-lead" in model.links("role_leads_from", "peer-support-worker")
    assert "peer-support-worker" in model.links("role_leads_from", "peer-support-lead")


def test_the_schema_says_which_links_may_cycle():
    import json

    from conftest import ROOT

    schema = json.loads((ROOT / "data" / "schema" / "role.schema.json").read_text(encoding="utf-8"))
    description = schema["properties"]["progression"]["description"]
    assert "may not list itself" in description and "each other" in description


def test_a_glossary_term_cannot_point_to_itself(project: Path):
    text = edit(project, "data/glossary.yml", "see_also: [lived-experience-literacy]", "see_also: [anchor-institution]")
    error = one_model_error(project)
    assert (error.file, error.line, error.field) == ("data/glossary.yml", line_of(text, "see_also: [anchor-institution]"), "terms[0].see_also[0]")
    assert (error.message, error.hint) == ("a glossary term cannot point to itself", "remove this id from see_also")


def test_every_problem_in_every_file_is_reported_together(project: Path):
    edit(project, ROLE, "\nsettings:", "\nsetings:")
    (project / "data" / "challenges" / "hierarchy.yml").write_bytes(b"id: hierarchy\ntitle: \xff\n")
    files = sorted({e.file for e in model_errors(project)})
    assert files == ["data/challenges/hierarchy.yml", ROLE]


# ----------------------------------------------------------------------------- the build as a contributor runs it


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[str]:
    """Staging or old-site folders a build left next to the site folder."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    """A site folder from an earlier build, which a failed build must leave exactly as it is."""
    site = tmp_path / "site"
    (site / "roles").mkdir(parents=True)
    (site / "index.html").write_text("<p>the site as it was before this build</p>\n", encoding="utf-8")
    (site / "roles" / "keep.txt").write_text("from the earlier build\n", encoding="utf-8")
    return site


def assert_failed_and_site_untouched(result, site: Path, before: dict) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert snapshot(site) == before, "a failed build changed the previous site"
    assert leftovers(site) == [], "a failed build left a half-made folder behind"
    return output


def _typo(project: Path) -> list[str]:
    text = edit(project, "data/roles/peer-trainer.yml", "\ntitle:", "\ntitel:")
    return [f"data/roles/peer-trainer.yml, line {line_of(text, 'titel:')}, column 1 (field 'titel'): unknown field 'titel'",
            "How to fix: did you mean 'title'?"]


def _not_utf8(project: Path) -> list[str]:
    path = project / "data" / "challenges" / "hierarchy.yml"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"title: ", b"title: \xff", 1))
    line = raw[: raw.index(b"title: ")].count(b"\n") + 1
    return [f"data/challenges/hierarchy.yml, line {line}, column 8: the file is not UTF-8: byte 0xff at line {line}, column 8 cannot be read",
            "How to fix: save the file as UTF-8"]


def _alias_bomb(project: Path) -> list[str]:
    lines = [SCHEMA_LINE.rstrip(), 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]" for i in range(1, 10)]
    (project / "data" / "roles" / "lol.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["data/roles/lol.yml, line 5, column 14: refused: more than 20 aliases (*name)", "How to fix: write the text out in full"]


def _unclosed_quote(project: Path) -> list[str]:
    path = project / "data" / "case-studies" / "patchwork-career.yml"
    text = path.read_text(encoding="utf-8") + 'updated: "2026-11-26\n'
    path.write_text(text, encoding="utf-8")
    line = line_of(text, 'updated: "')
    return [f"data/case-studies/patchwork-career.yml, line {line}, column 10: YAML syntax error: the quotation mark (\") at line {line}, column 10 is never closed",
            "How to fix: close the quotation mark that opens the text"]


def _id_of_a_hand_written_page(project: Path) -> list[str]:
    source = (project / "data" / "roles" / "peer-trainer.yml").read_text(encoding="utf-8")
    (project / "data" / "roles" / "index.yml").write_text(source.replace("id: peer-trainer", "id: index", 1), encoding="utf-8")
    return ["data/roles/index.yml: the id 'index' clashes with the hand-written page docs/roles/index.md",
            "How to fix: choose another id (rename the file and change its 'id:')"]


@pytest.mark.parametrize("breakage", [_typo, _not_utf8, _alias_bomb, _unclosed_quote, _id_of_a_hand_written_page], ids=lambda f: f.__name__.strip("_"))
def test_a_broken_data_file_stops_the_build_with_its_message_and_keeps_the_old_site(tmp_path: Path, project: Path, old_site: Path, breakage):
    expected = breakage(project)
    before = snapshot(old_site)
    output = assert_failed_and_site_untouched(mkdocs_build(project, old_site), old_site, before)
    for text in expected:
        assert text in output


def test_a_strict_mode_warning_fails_the_build_and_keeps_the_old_site(project: Path, old_site: Path):
    with (project / "docs" / "about.md").open("a", encoding="utf-8") as handle:
        handle.write("\n[A page that does not exist](no-such-page.md)\n")
    before = snapshot(old_site)
    output = assert_failed_and_site_untouched(mkdocs_build(project, old_site), old_site, before)
    assert "no-such-page.md" in output
    assert "The site was not published" in output


def test_a_warning_logged_before_the_guide_hook_runs_still_keeps_the_old_site(project: Path, old_site: Path):
    # Another hook or plugin that runs first (here: listed before ours) warns in its on_config.
    (project / "early_hook.py").write_text(
        "import logging\n\ndef on_config(config):\n    logging.getLogger('mkdocs.plugins.early').warning('an early warning')\n",
        encoding="utf-8",
    )
    edit(project, "mkdocs.yml", "hooks:\n", "hooks:\n  - early_hook.py\n")
    before = snapshot(old_site)
    output = assert_failed_and_site_untouched(mkdocs_build(project, old_site), old_site, before)
    assert "an early warning" in output


def test_a_good_build_replaces_the_old_site_whole(project: Path, old_site: Path):
    """The control for the tests above: the swap does happen when the build succeeds."""
    result = mkdocs_build(project, old_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (old_site / "roles" / "keep.txt").exists()
    assert (old_site / "roles" / "peer-support-worker" / "index.html").is_file()
    assert "the site as it was" not in (old_site / "index.html").read_text(encoding="utf-8")
    assert leftovers(old_site) == []


def test_a_lost_indent_that_reads_like_a_field_is_named_as_lost_text(tmp_path):
    """`Note: …` under a block of text, without its indent, is a new field to YAML; the error says
    it may be a line of the text above that lost its indent, and how much to indent it."""
    project = copy_project(tmp_path / "project")
    path = project / "data" / "roles" / "peer-trainer.yml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(?m)^summary: >-\n((?:  .*\n)+)", text)
    assert block, "the role's summary is a block of text"
    path.write_text(text[: block.end()] + "Note: the role is often part time.\n" + text[block.end() :], encoding="utf-8")
    error = one_model_error(project)
    line = path.read_text(encoding="utf-8").splitlines().index("Note: the role is often part time.") + 1
    assert (error.file, error.line) == ("data/roles/peer-trainer.yml", line)
    start = text[: block.start()].count("\n") + 1
    assert error.message == (f"unknown field 'Note', just after the text of 'summary' (the block from line {start}): "
                             "if the line belongs to that text, it lost its indent")
    assert error.hint.startswith("indent it with 2 spaces, like the lines of the text above it")


def test_a_citation_in_a_summary_is_refused_with_where_to_cite_instead(tmp_path):
    """A summary is plain text on cards and in link previews: '[@key]' there would show as written."""
    project = copy_project(tmp_path / "project")
    path = project / "data" / "challenges" / "hierarchy.yml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(?m)^summary: >-\n  (.*)\n", text)
    path.write_text(text.replace(block.group(1), block.group(1) + " [@owen-paper]", 1), encoding="utf-8")
    error = one_model_error(project)
    assert (error.file, error.line, error.field) == ("data/challenges/hierarchy.yml", text[: block.start()].count("\n") + 1,
                                                      "summary")
    assert "shown as plain text" in error.message and "[@owen-paper]" in error.message
    assert error.hint == "cite the work in the fuller text below it instead"


# ---------------------------------------------------------------------------- every schema keyword's words

KEYWORD_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "reviewed": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        "url": {"type": "string", "pattern": "^https?://"},
        "doi": {"type": "string", "pattern": "^10\\.[0-9]+/"},
        "key": {"type": "string", "pattern": "^[a-z0-9_.-]+$"},
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "summary": {"type": "string", "minLength": 5, "maxLength": 10},
        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": True},
        "level": {"enum": ["entry", "senior"]},
    },
}


@pytest.mark.parametrize("line, message, hint", [
    ("reviewed: 26/11/2026", "'26/11/2026' is not a date", "YYYY-MM-DD"),
    ("url: www.example.org", "is not a web address", "https://"),
    ("doi: https://doi.org/10.1136/x", "is not a bare DOI", "without https://doi.org/"),
    ("key: Not A Key", "is not a valid key", "'_' and '.'"),
    ("code: abc", "'abc' does not have the expected form", "it must match ^[A-Z]{3}$"),
    ("id: Peer Worker", "'Peer Worker' is not a valid id", "e.g. 'peer-worker'"),
    ("summary: 'abc'", "the text is too short (at least 5 characters)", "write the text"),
    ("summary: 'abcdefghijklmnop'", "the text is too long (16 characters; the limit is 10)", "shorten it"),
    ("tags: []", "the list needs at least 1 item(s)", "add an item"),
    ("tags: [a, b, c]", "the list is too long (the limit is 2 items)", "keep the most important"),
    ("tags: [a, a]", "the list repeats 'a'", "remove the repeated item"),
    ("level: seniour", "'seniour' is not one of the allowed values", "did you mean 'senior'"),
    ("sumary: abcdefg", "unknown field 'sumary'", "did you mean 'summary'"),
])
def test_each_schema_keyword_is_explained_in_words_at_its_line(line, message, hint):
    text = f"title: x\n{line}\n" if line.startswith("id:") else f"id: a-role\n{line}\n"
    loaded, errors = load_text(text, "data/roles/x.yml")
    assert errors == [] and loaded is not None
    found = [e for e in schemas.check(loaded, KEYWORD_SCHEMA) if "'title'" not in e.message]
    assert len(found) == 1, [str(e) for e in found]
    assert message in found[0].message and hint in found[0].hint, str(found[0])
    assert found[0].line == 2


def test_a_missing_required_field_names_it():
    loaded, _ = load_text("summary: abcdefg\n", "data/roles/x.yml")
    (found,) = schemas.check(loaded, KEYWORD_SCHEMA)
    assert found.message == "missing required field 'id'" and found.hint.startswith("add a line 'id: …'")
