"""The contributor's path: starter files, the checks before review, and the pull request machinery.

What a contributor would notice: `python -m macros new` writes a file that validates and becomes a
page; it refuses to overwrite or to invent an empty id; `validate --github` puts the error on the
right line of the right file; the web editor templates are the same text as the starter; the
workflows cannot be abused by a pull request; the pre-commit configuration passes on the repository.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, mkdocs_build
from macros.cli import check as cli_check
from macros.cli import new as scaffold

WORKFLOWS = ROOT / ".github" / "workflows"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def run_macros(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m macros …` as a contributor runs it, from the project folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "guide")


# ----------------------------------------------------------------------------- the scaffold


def test_new_files_validate_and_build_into_pages(project: Path):
    for kind, title, ident in [
        ("role", "Peer navigator", "peer-navigator"),
        ("challenge", "Short-term contracts", "short-term-contracts"),
        ("case-study", "Café co-trainers: a recovery college", "cafe-co-trainers-a-recovery-college"),
    ]:
        result = run_macros(project, "new", kind, title)
        assert result.returncode == 0, result.stdout + result.stderr
        folder = scaffold.KINDS[kind].folder
        path = project / "data" / folder / f"{ident}.yml"
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../schema/{scaffold.KINDS[kind].schema}.schema.json\n")
        assert f"\nid: {ident}\n" in text
        assert f"data/{folder}/{ident}.yml" in result.stdout

    # every field is explained: a comment line naming it stands above each top-level field
    role_text = (project / "data" / "roles" / "peer-navigator.yml").read_text(encoding="utf-8")
    lines = role_text.splitlines()
    previous = 0
    for number, line in enumerate(lines):
        field = re.match(r"^([a-z_]+):", line)
        if field:
            between = lines[previous:number]
            assert any(c.startswith(f"# {field.group(1)}:") for c in between), f"no comment explains '{field.group(1)}'"
            previous = number + 1
    # the allowed values and today's ids are listed for the contributor
    assert "#   involvement, peer-support, research, education, leadership, carer-family" in role_text
    assert "peer-trainer" in role_text and "role-clarity" in role_text and "#   communities: " in role_text

    check = run_macros(project, "validate")
    assert check.returncode == 0, check.stdout + check.stderr
    assert re.search(r"All \d+ data files are valid\.", check.stdout)
    assert "data/roles/peer-navigator.yml still holds the starter text 'REPLACE ME'" in check.stdout

    # starter text left in fails the strict build (the pull request check) too, naming the file
    site = project.parent / "site"
    strict = mkdocs_build(project, site)
    assert strict.returncode != 0
    assert "data/roles/peer-navigator.yml still holds the starter text 'REPLACE ME'" in strict.stdout + strict.stderr
    assert not site.exists()  # nothing was published
    build = mkdocs_build(project, site, strict=False)  # a preview while writing still builds
    assert build.returncode == 0, build.stdout + build.stderr
    role_page = (site / "roles" / "peer-navigator" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Peer navigator", role_page)
    assert (site / "checklists" / "peer-navigator" / "index.html").is_file()
    assert "Short-term contracts" in (site / "challenges" / "short-term-contracts" / "index.html").read_text(encoding="utf-8")
    assert "Café co-trainers" in (site / "case-studies" / "cafe-co-trainers-a-recovery-college" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*roles/peer-navigator/"', (site / "roles" / "index.html").read_text(encoding="utf-8"))


def test_new_refuses_an_id_that_exists_and_changes_nothing(project: Path):
    existing = project / "data" / "roles" / "peer-trainer.yml"
    before = existing.read_bytes()
    result = run_macros(project, "new", "role", "Peer Trainer")
    assert result.returncode == 1
    assert "there is already a role with the id 'peer-trainer' (data/roles/peer-trainer.yml)" in result.stderr
    assert "How to fix:" in result.stderr
    assert existing.read_bytes() == before
    no_traceback(result)


@pytest.mark.parametrize("title", ["???", "ピアサポーター", "  -- ! --  "])
def test_new_refuses_a_title_that_gives_an_empty_id(project: Path, title: str):
    before = sorted(p.name for p in (project / "data" / "roles").iterdir())
    result = run_macros(project, "new", "role", title)
    assert result.returncode == 1
    assert "gives an empty id" in result.stderr and "--id" in result.stderr
    assert sorted(p.name for p in (project / "data" / "roles").iterdir()) == before
    no_traceback(result)


def test_new_with_an_explicit_id_for_a_title_without_latin_letters(project: Path):
    result = run_macros(project, "new", "role", "ピアサポーター", "--id", "peer-supporter-jp")
    assert result.returncode == 0, result.stderr
    assert 'title: "ピアサポーター"' in (project / "data" / "roles" / "peer-supporter-jp.yml").read_text(encoding="utf-8")


def test_new_refuses_a_title_the_checks_would_refuse(project: Path):
    result = run_macros(project, "new", "role", "Peer <b>navigator</b>")
    assert result.returncode == 1
    assert "HTML is not allowed" in result.stderr
    assert not (project / "data" / "roles" / "peer-b-navigator-b.yml").exists()


def test_ids_come_from_titles_as_readers_would_expect():
    assert scaffold.slug_for("Peer navigator") == "peer-navigator"
    assert scaffold.slug_for("Café worker (band 3)") == "cafe-worker-band-3"
    assert scaffold.slug_for("Expert-by-experience  lead") == "expert-by-experience-lead"
    assert scaffold.slug_for("???") == ""


# ----------------------------------------------------------------------------- templates for the web editor


@pytest.mark.parametrize("kind", sorted(scaffold.KINDS))
def test_web_editor_templates_come_from_the_scaffold(kind: str):
    committed = ROOT / "docs" / "contribute" / "templates" / f"{kind}.yml"
    assert committed.is_file(), f"{committed} is missing: run python -m macros new --templates"
    assert committed.read_text(encoding="utf-8") == scaffold.generic_template(scaffold.KINDS[kind]), (
        f"{committed.relative_to(ROOT)} is out of step with macros/templates/scaffold/: run python -m macros new --templates"
    )


@pytest.mark.parametrize("kind", sorted(scaffold.KINDS))
def test_a_web_editor_template_used_as_told_is_valid(project: Path, kind: str):
    spec = scaffold.KINDS[kind]
    text = (ROOT / "docs" / "contribute" / "templates" / f"{kind}.yml").read_text(encoding="utf-8")
    assert "id: replace-me-with-the-file-name\n" in text
    (project / "data" / spec.folder / "from-the-template.yml").write_text(
        text.replace("id: replace-me-with-the-file-name\n", "id: from-the-template\n"), encoding="utf-8"
    )
    result = run_macros(project, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"data/{spec.folder}/from-the-template.yml still holds the starter text" in result.stdout


# ----------------------------------------------------------------------------- validate for GitHub


BROKEN_ROLE = """\
# yaml-language-server: $schema=../schema/role.schema.json
id: x
title: A broken role
family: peer-support
level: entry
summary: >-
  A role written to show where the annotations land in a pull request.
description: |
  What it does.
lived_experience: |
  What it draws on.
progression: [peer-support-leed]
"""


def test_validate_github_puts_each_error_on_its_file_and_line(project: Path):
    (project / "data" / "roles" / "x.yml").write_text(BROKEN_ROLE, encoding="utf-8")
    result = run_macros(project, "validate", "--github")
    assert result.returncode == 1
    no_traceback(result)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotations == [
        "::error file=data/roles/x.yml,line=12,col=15,title=Guide data error::"
        "there is no role with the id 'peer-support-leed' How to fix: did you mean 'peer-support-lead'?"
    ]
    # the readable report follows, for the log
    assert "data/roles/x.yml, line 12, column 15 (field 'progression[0]')" in result.stdout


def test_validate_github_annotates_syntax_and_schema_errors(project: Path):
    broken = BROKEN_ROLE.replace("level: entry\n", "levle: entry\n").replace("progression: [peer-support-leed]\n", "")
    (project / "data" / "roles" / "x.yml").write_text(broken, encoding="utf-8")
    (project / "data" / "challenges" / "y.yml").write_text(
        "# yaml-language-server: $schema=../schema/challenge.schema.json\nid: y\ntitle: \"unclosed\n", encoding="utf-8"
    )
    result = run_macros(project, "validate", "--github")
    assert result.returncode == 1
    no_traceback(result)
    out = result.stdout
    assert re.search(r"^::error file=data/roles/x\.yml,line=5,col=1,title=Guide data error::unknown field 'levle' How to fix: did you mean 'level'\?$", out, re.M)
    assert re.search(r"^::error file=data/challenges/y\.yml,line=\d+,col=\d+,title=Guide data error::YAML syntax error", out, re.M)
    assert "data/roles/x.yml, line 5, column 1 (field 'levle')" in out


def test_validate_without_github_prints_no_workflow_commands(project: Path):
    (project / "data" / "roles" / "x.yml").write_text(BROKEN_ROLE, encoding="utf-8")
    result = run_macros(project, "validate")
    assert result.returncode == 1
    assert "::error" not in result.stdout
    assert "there is no role with the id 'peer-support-leed'" in result.stdout


def test_validate_names_a_missing_config_without_a_traceback(project: Path):
    result = run_macros(project, "validate", "-f", "no-such.yml")
    assert result.returncode == 2
    assert "There is no config file 'no-such.yml'" in result.stderr
    no_traceback(result)


def test_contributing_guide_shows_the_validators_real_message(project: Path):
    """The example error in CONTRIBUTING.md is exactly what the validator prints for that mistake."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- validator-example:start -->\n```text\n(.*?)```\n<!-- validator-example:end -->", guide, re.S)
    assert block, "CONTRIBUTING.md has lost its example validator message"
    assert run_macros(project, "new", "role", "Peer navigator").returncode == 0
    path = project / "data" / "roles" / "peer-navigator.yml"
    text, count = re.subn(r"(?m)^level: .*$", "level: middle", path.read_text(encoding="utf-8"))
    assert count == 1
    path.write_text(text, encoding="utf-8")
    result = run_macros(project, "validate")
    assert result.returncode == 1
    assert result.stdout == block.group(1)
    page = (ROOT / "docs" / "contribute" / "add-a-role.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", page, re.S).group(1)
    assert shown in result.stdout


# ----------------------------------------------------------------------------- the single local command


def test_check_stops_at_the_first_failure_and_says_where(project: Path):
    (project / "data" / "roles" / "x.yml").write_text(BROKEN_ROLE, encoding="utf-8")
    result = run_macros(project, "check")
    assert result.returncode == 1
    no_traceback(result)
    out = result.stdout
    assert re.search(r"Check the data files\s+FAILED \(exit 1\)", out)
    assert re.search(r"Build the site \(strict\)\s+not run", out)
    assert re.search(r"Run the tests\s+not run", out)
    assert "The pull request checks would fail at 'Check the data files'" in out
    assert "there is no role with the id 'peer-support-leed'" in out


def test_check_runs_what_the_pull_request_workflow_runs():
    runs = [step.get("run", "") for step in load_workflow("pr.yml")["jobs"]["check"]["steps"]]
    commands = [line.strip() for run in runs for line in run.splitlines()]
    for step in cli_check.STEPS:
        local = "python " + " ".join(step.command).replace("{site}", "site").replace("{config}", '"$GUIDE_CONFIG"')
        assert any(command.startswith(local) for command in commands), f"pr.yml does not run: {local}"
    # and in the same order
    positions = [next(i for i, c in enumerate(commands) if c.startswith("python " + " ".join(s.command[:3]))) for s in cli_check.STEPS]
    assert positions == sorted(positions)


# ----------------------------------------------------------------------------- CI a pull request cannot abuse


def test_workflows_and_github_files_are_valid_yaml():
    files = sorted((ROOT / ".github").rglob("*.yml"))
    assert {p.name for p in files} >= {"pr.yml", "pages.yml", "dependabot.yml", "config.yml", "suggest-a-role.yml", "report-a-problem.yml", "translation.yml"}
    for path in files:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_pull_request_workflow_is_read_only_and_never_pull_request_target():
    text = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    code = re.sub(r"(?m)(^|\s)#.*$", "", text)  # what runs, without the comments that explain it
    workflow = load_workflow("pr.yml")
    assert "pull_request_target" not in code
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}, name
    assert "secrets." not in code
    checkout = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert any(re.search(r"macros validate .*--github", s.get("run", "")) for s in workflow["jobs"]["check"]["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in workflow["jobs"]["check"]["steps"])


def test_pages_workflow_deploys_only_from_main_after_a_build():
    workflow = load_workflow("pages.yml")
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    runs = " ".join(s.get("run", "") for s in build["steps"])
    assert re.search(r"macros validate .*--github", runs) and "build --strict" in runs and "pytest" in runs
    writers = [name for name, job in workflow["jobs"].items() if any(v == "write" for v in job.get("permissions", {}).values())]
    assert writers == ["deploy"]


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    uses = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", line)
            if match:
                uses.append((path.name, match.group(1), match.group(2)))
    assert uses, "no actions found"
    for name, action, rest in uses:
        assert SHA_PIN.match(action), f"{name}: {action} is not pinned to a 40-character commit SHA"
        assert re.match(r"^\s+# v\d+\.\d+\.\d+$", rest), f"{name}: {action} has no '# vX.Y.Z' version comment"


def test_dependabot_updates_python_packages_and_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems >= {"pip", "github-actions"}


def test_issue_forms_and_pull_request_template_carry_the_content_rules():
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    for name in ("suggest-a-role.yml", "report-a-problem.yml", "translation.yml"):
        form = yaml.safe_load((forms / name).read_text(encoding="utf-8"))
        assert form["name"] and form["description"] and form["body"], name
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8").lower()
    for rule in ("own words", "cite", "invented", "consent", "plain english", "replace me", "checks pass"):
        assert rule in template, rule


# ----------------------------------------------------------------------------- editor support and docs


def test_editor_settings_give_every_data_file_its_schema():
    import json

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {Path(schema).name: globs for schema, globs in settings["yaml.schemas"].items()}
    for schema in (ROOT / "data" / "schema").glob("*.schema.json"):
        if schema.name == "terms.schema.json":  # a fork's overlay file; named by its schema line
            continue
        assert schema.name in mapped, f"{schema.name} is not mapped in .vscode/settings.json"
    for path in (ROOT / "data").rglob("*.yml"):
        relative = path.relative_to(ROOT).as_posix()
        assert any(Path(relative).match(glob) for globs in mapped.values() for glob in globs), relative
    assert "redhat.vscode-yaml" in (ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8")
    assert "root = true" in (ROOT / ".editorconfig").read_text(encoding="utf-8")


def test_the_site_links_readers_to_the_contributing_guide_and_templates(built_site: Path):
    repo_url = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["repo_url"].rstrip("/")
    page = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert f'href="{repo_url}/blob/main/CONTRIBUTING.md"' in page
    for kind in scaffold.KINDS:
        assert f'href="templates/{kind}.yml"' in page
        assert (built_site / "contribute" / "templates" / f"{kind}.yml").is_file()
    how_to = (built_site / "contribute" / "add-a-role" / "index.html").read_text(encoding="utf-8")
    assert f'href="{repo_url}/new/main/data/roles?filename=your-role-id.yml"' in how_to
    assert (ROOT / "CONTRIBUTING.md").is_file()


# ----------------------------------------------------------------------------- pre-commit


def _repository_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_pre_commit_configuration_runs_clean_on_the_repository(tmp_path: Path):
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -r requirements-dev.txt)")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the repository")
    # A copy, so that the fixers (trailing whitespace, end of file) never change the real files.
    copy = tmp_path / "repo"
    for name in _repository_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")  # the `python` of this venv
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure", "--color=never"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check the guide's data files" in result.stdout and "Passed" in result.stdout
