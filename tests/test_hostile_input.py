"""Hostile input, round two (issue #17): what a pull request or a fork can make the build print, read,
publish or break. Each class is closed in one shared mechanism, and these tests go through it:
errors.printable (printed text), data/paths.py (paths outside the project), terms on parsed front
matter, exports/spreadsheet.py (CSV cells), textpolicy.invisible_problems (format characters),
data/lines.py (line numbers), validate running the build's checks, and the publish lock.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_project, edit, mkdocs_build
from macros.data.loader import load_text
from macros.data.textpolicy import invisible_problems
from macros.errors import DataError, DataErrors, printable
from macros.exports.downloads import checklist_csv
from macros.exports.spreadsheet import csv_text, spreadsheet_cell
from macros.model.build import build_model
from macros.settings import GuideConfig

ROLE = "data/roles/peer-trainer.yml"
HOSTILE = "a\n::error file=forged.yml,line=1::forged\r::stop-commands::x\u202etxt.exe\u2066"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def validate(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "macros", "validate", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_printed_safely(output: str, *, annotations_allowed: bool = False) -> None:
    """No line the tool did not make: no raw control or invisible character, no forged workflow command."""
    for line in output.split("\n"):
        assert not [c for c in line if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\x1b"], repr(line)
        if line.lstrip().startswith("::"):
            assert annotations_allowed and line.startswith(("::error file=", "::warning file=")), repr(line)
            assert "forged.yml,line=1::" not in line.split("::", 2)[1], repr(line)  # not in the properties


# ----------------------------------------------------------------------------- 1. printed text


def test_printable_shows_every_control_invisible_and_command_character():
    assert printable("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert printable("x\u202ey\u2028z\x00\x85\u200b\ufeff") == "x<U+202E>y<U+2028>z<U+0000><U+0085><U+200B><U+FEFF>"
    assert printable("::error::x") == "\\::error::x"
    assert printable("Café 🏴 cymraeg") == "Café 🏴 cymraeg"  # ordinary text stays as it is


def test_a_newline_command_and_bidi_override_go_through_every_error_path_escaped():
    error = DataError(f"data/roles/{HOSTILE}.yml", 3, 5, f"field{HOSTILE}", f"unknown field '{HOSTILE}'", f"did you mean '{HOSTILE}'?")
    text, report, annotation = str(error), DataErrors([error]).report(), error.github_annotation()
    for printed in (text, report):
        assert_printed_safely(printed)
        assert "\\n::error file=forged.yml" in printed and "<U+202E>" in printed
    assert report.count("\n") == 2  # the heading, the error, its hint: no line of the contributor's
    assert "\n" not in annotation and "\r" not in annotation
    assert annotation.startswith("::error file=data/roles/a\\n%3A%3Aerror file=forged.yml%2Cline=1%3A%3Aforged")
    assert "%0A" not in annotation.split("::")[1] and "<U+202E>" in annotation


def test_validate_github_and_the_build_print_hostile_keys_and_values_escaped(project: Path, tmp_path: Path):
    edit(project, ROLE, "\ntitle:", '\n"x\\n::error file=forged.yml,line=1::forged\\u202e": 1\ntitle:')
    edit(project, "data/roles/peer-support-worker.yml", "\ntitle: ", "\ntitle: \u202e")
    result = validate(project, "--github")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert_printed_safely(result.stdout, annotations_allowed=True)
    assert "(field 'x\\n::error file=forged.yml,line=1::forged<U+202E>'): unknown field 'x\\n::error" in result.stdout
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in result.stdout
    built = mkdocs_build(project, tmp_path / "site")
    output = built.stdout + built.stderr
    assert built.returncode != 0 and "Traceback" not in output
    assert_printed_safely(output)
    assert "(field 'x\\n::error file=forged.yml,line=1::forged<U+202E>'): unknown field 'x\\n::error" in output


# ----------------------------------------------------------------------------- 2. outside the project


@pytest.mark.parametrize("folder", ["data/case-studies", "data/strings", "docs/why"])
def test_a_folder_that_links_outside_the_project_is_refused_unread(project: Path, tmp_path: Path, folder: str):
    elsewhere = tmp_path / "elsewhere" / "secret-folder"
    elsewhere.parent.mkdir()
    os.rename(project / folder, elsewhere)
    (elsewhere / "secret-file-name.yml").write_text("token: do-not-print-me\n", encoding="utf-8")
    (project / folder).symlink_to(elsewhere, target_is_directory=True)
    for result in (validate(project, "--github"), mkdocs_build(project, tmp_path / "site")):
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in output, output
        assert f"{folder}: refused: this path leads outside the project" in output
        assert str(tmp_path) not in output and "secret" not in output and "do-not-print-me" not in output


def test_an_overlay_outside_the_project_is_refused(project: Path, tmp_path: Path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "terms.yml").write_text("terms:\n  peer: do-not-print-me\n", encoding="utf-8")
    (project / "mkdocs.local.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  overlay: ../other\n", encoding="utf-8")
    result = validate(project, "-f", "mkdocs.local.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "refused: this path leads outside the project" in output, output
    assert str(tmp_path) not in output and "do-not-print-me" not in output


def test_a_file_in_the_overlay_that_links_outside_the_overlay_is_refused(project: Path, tmp_path: Path):
    (project / "overlay").mkdir()
    secret = tmp_path / "secret.yml"
    secret.write_text("terms:\n  peer: do-not-print-me\n", encoding="utf-8")
    (project / "overlay" / "terms.yml").symlink_to(secret)
    cfg = GuideConfig(project_dir=project, docs_dir=project / "docs", overlay_dir=project / "overlay")
    with pytest.raises(DataErrors) as caught:
        build_model(cfg)
    assert [str(e) for e in caught.value.errors] == [
        "overlay/terms.yml: refused: this path leads outside the fork's overlay folder (through a link or '..'), so "
        "the build does not read it\n    How to fix: keep the files inside the fork's overlay folder: replace a link "
        "with a copy of what it points to, and write paths without '..'"
    ]


# ----------------------------------------------------------------------------- 3. terms and front matter


def test_a_term_replacement_with_yaml_text_keeps_the_home_page_whole(project: Path, tmp_path: Path):
    (project / "overlay").mkdir()
    (project / "overlay" / "terms.yml").write_text(
        "# yaml-language-server: $schema=../data/schema/terms.schema.json\n"
        "terms:\n  health and social care: \"care: 'our' services\"\n", encoding="utf-8")
    (project / "mkdocs.local.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  overlay: overlay\n", encoding="utf-8")
    assert validate(project, "-f", "mkdocs.local.yml").returncode == 0
    result = mkdocs_build(project, tmp_path / "site", config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "render_macros" not in home and "{{" not in home  # no raw front matter, no raw macro call
    assert "care: &#39;our&#39; services" in home or "care: 'our' services" in home


# ----------------------------------------------------------------------------- 4. spreadsheet formulas


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"https://x.example\",\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_evaluate_is_text(cell):
    assert spreadsheet_cell(cell) == "'" + cell
    row = next(csv.reader(io.StringIO(csv_text([[cell, "plain"]]).lstrip("\ufeff"))))
    assert row == ["'" + cell, "plain"]


def test_ordinary_cells_are_unchanged():
    assert [spreadsheet_cell(c) for c in ("Peer worker", "1. Plan", "", None, "a=b")] == ["Peer worker", "1. Plan", "", "", "a=b"]


def test_guide_text_that_starts_like_a_formula_is_not_a_formula_in_the_download(project: Path):
    edit(project, "data/questions.yml", "    text: >-\n", "    text: >-\n      =HYPERLINK(\"https://x.example\")\n")
    model = build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    rows = list(csv.reader(io.StringIO(checklist_csv(model, None).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], [c for c in cells if c[:1] in "=+-@"]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_the_browser_csv_uses_the_same_rule():
    script = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "workspace.js").read_text(encoding="utf-8")
    assert 'if (/^[=+\\-@\\t\\r]/.test(cell)) cell = "\'" + cell;' in script


# ----------------------------------------------------------------------------- 5. invisible characters


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\U000e0041"])
def test_an_invisible_character_in_a_title_is_refused_and_named(project: Path, char: str):
    edit(project, ROLE, "\ntitle: Peer", f"\ntitle: Pe{char}er")
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    [error] = [e for e in caught.value.errors if e.field == "title"]
    assert f"U+{ord(char):04X} ({unicodedata.name(char)})" in error.message and error.file == ROLE


@pytest.mark.parametrize("text", ["मित्र\u200dता", "\u0645\u200c\u0627", "👩\u200d💻", "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"])
def test_joiners_inside_scripts_that_use_them_and_flag_tags_are_allowed(text: str):
    assert invisible_problems(text) == []


@pytest.mark.parametrize("text", ["Peer\u200dworker", "a\u200c b", "\u200dstart", "x\U000e0067\U000e007f", "🏴\U000e0067"])
def test_joiners_between_latin_letters_and_stray_tags_are_refused(text: str):
    assert invisible_problems(text)


def test_soft_hyphen_and_direction_marks_are_allowed_in_long_text_only():
    assert invisible_problems("a long\u00adword\nand a line") == []
    assert invisible_problems("a long\u00adword")
    assert invisible_problems("text \u202e reversed\nacross lines")  # an override never


def test_an_invisible_character_in_a_field_name_is_refused(project: Path):
    edit(project, ROLE, "\ntitle:", "\nti\u200btle:")
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    assert any("U+200B (ZERO WIDTH SPACE)" in e.message for e in caught.value.errors)


# ----------------------------------------------------------------------------- 6. line numbers


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_separator_is_named_where_the_editor_shows_it_and_later_lines_stay_right(char: str):
    text = f"id: example\ntitle: Peer\ndescription: |\n  one{char}two\n\n  three\nsumary: A summary.\n"
    loaded, errors = load_text(text, "data/roles/example.yml")
    assert loaded is None
    assert (errors[0].line, errors[0].column) == (4, 6)
    assert f"U+{ord(char):04X}" in errors[0].message
    # the editor shows 'sumary:' on line 7; so does every later error


def test_a_lone_carriage_return_is_a_line_break_as_in_the_editor():
    text = "id: example\rtitle: [unclosed\rsummary: A summary.\n"
    _, errors = load_text(text, "data/roles/example.yml")
    assert errors[0].line == 2 and errors[0].column == 8


def test_later_errors_keep_editor_line_numbers_after_a_separator(project: Path):
    text = edit(project, ROLE, "\ntitle:", "\nnote: a\u2028b\u2028c\nbroken: [unclosed\ntitle:")
    with pytest.raises(DataErrors) as caught:
        build_model(GuideConfig(project_dir=project, docs_dir=project / "docs"))
    editor_line = text.split("\n").index("broken: [unclosed") + 1
    lines = [(e.line, e.column) for e in caught.value.errors]
    assert lines == [(editor_line - 1, 8), (editor_line - 1, 10), (editor_line, 9)], [str(e) for e in caught.value.errors]


# ----------------------------------------------------------------------------- 7. validate = build


def _clash(project: Path) -> str:
    source = (project / ROLE).read_text(encoding="utf-8")
    (project / "data" / "roles" / "index.yml").write_text(source.replace("id: peer-trainer", "id: index", 1), encoding="utf-8")
    return "data/roles/index.yml: the id 'index' clashes with the hand-written page docs/roles/index.md"


def _bad_language(project: Path) -> str:
    edit(project, "mkdocs.yml", "  language: en", '  language: "en\\n::error::x"')
    return "theme.language is 'en\\n::error::x', which is not a language tag"


@pytest.mark.parametrize("breakage", [_clash, _bad_language], ids=lambda f: f.__name__.strip("_"))
def test_validate_and_the_build_refuse_the_same_inputs_with_the_same_message(project: Path, tmp_path: Path, breakage):
    expected = breakage(project)
    checked = validate(project)
    built = mkdocs_build(project, tmp_path / "site")
    for result in (checked, built):
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in output, output
        assert expected in output
        assert_printed_safely(output)


# ----------------------------------------------------------------------------- 8. concurrent builds


def test_two_real_builds_into_one_site_folder_at_once_both_succeed(tmp_path: Path):
    from conftest import ROOT

    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    runs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0 and "Traceback" not in out + err, out + err
    assert (site / "index.html").is_file() and (site / "roles" / "peer-support-worker" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")) == []
