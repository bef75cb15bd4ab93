"""The engine's shape: the folders of macros/ are the stages of the build, imports only go down the
stages (no circles, none hidden inside a function), and the code passes ruff (ruff.toml)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "macros"
# The stages, from the bottom: a module may import only from its own stage or the ones below it.
STAGES = [
    {"errors", "settings", "kinds"},
    {"data"},
    {"model"},
    {"pages", "exports"},
    {"guide"},
    {"__init__", "hooks", "build_memory", "publish", "zensical", "cli", "__main__"},
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, ast.AST]]:
    """The macros modules that one module imports, with the import statement."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                target = f"{module}.{alias.name}"
                found.append((target if target in modules else module, node))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
    return [(target, node) for target, node in found if target in modules and target != name]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {target for target, _ in _imports(name, path, modules)} for name, path in modules.items()}


def find_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle a depth-first walk meets, as the list of modules around it."""
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return circles


def test_there_is_no_import_circle_in_macros():
    circles = find_circles(_graph())
    assert circles == [], "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_the_circle_check_finds_a_circle():
    graph = {"macros.a": {"macros.b"}, "macros.b": {"macros.c"}, "macros.c": {"macros.a"}, "macros.d": {"macros.a"}}
    assert find_circles(graph) == [["macros.a", "macros.b", "macros.c", "macros.a"]]
    assert find_circles({"macros.a": {"macros.b"}, "macros.b": set()}) == []


def _stage(name: str) -> int:
    top = name.split(".")[1] if "." in name else "__init__"
    return next(index for index, stage in enumerate(STAGES) if top in stage)


def test_imports_only_go_down_the_stages():
    upward = []
    for name, targets in _graph().items():
        for target in targets:
            if _stage(target) > _stage(name):
                upward.append(f"{name} imports {target}")
    assert upward == []


# Heavy libraries (python-docx ~0.1 s, jsonschema ~0.1 s, pybtex ~40 ms to import): only a build
# without the cache needs python-docx and pybtex (the downloads), and only data that fails its quick
# check needs jsonschema. The functions that use them import them, so that a build from the cache
# never loads them.
# They are not part of macros/, so such an import cannot hide a circle.
IMPORTED_WHEN_USED = {"docx", "jsonschema", "pybtex"}


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return ["." * node.level + (node.module or "")]
    return [alias.name for alias in node.names]


def test_no_import_hides_inside_a_function():
    hidden = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        if all(m.split(".")[0] in IMPORTED_WHEN_USED for m in _imported(inner)):
                            continue
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno} in {node.name}()")
    assert hidden == []


def test_a_build_from_the_cache_does_not_load_the_heavy_libraries(tmp_path):
    """What IMPORTED_WHEN_USED is for: the second build of the same inputs imports neither."""
    env = dict(os.environ, GUIDE_CACHE_DIR=str(tmp_path / "cache"), NO_MKDOCS_2_WARNING="1")
    probe = (
        "import sys, mkdocs.__main__ as m\n"
        "try:\n    m.cli(['build', '-q', '-d', sys.argv[1]], standalone_mode=False)\n"
        "finally:\n    print(sorted(n for n in sys.modules if n.split('.')[0] in %r))" % sorted(IMPORTED_WHEN_USED)
    )
    loaded = []
    for number in (1, 2):
        run = subprocess.run([sys.executable, "-c", probe, str(tmp_path / f"site{number}")], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-3000:]
        loaded.append(run.stdout.strip().splitlines()[-1])
    assert "'docx'" in loaded[0] and "'pybtex'" in loaded[0], "the first build makes the Word and BibTeX files"
    assert "'jsonschema'" not in loaded[0], "valid data is recognised without jsonschema (data/conformance.py)"
    assert loaded[1] == "[]", f"a build from the cache loaded {loaded[1]}"


def test_only_the_adapters_know_mkdocs():
    """The engine runs without MkDocs (for another engine, or a command); the hooks and the
    command line are the only modules that import it."""
    knows = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if (module or "").split(".")[0] == "mkdocs" or any(n.split(".")[0] == "mkdocs" for n in names):
                knows.append(name)
    assert sorted(set(knows)) == sorted({"macros.hooks", "macros.publish", "macros.cli.config"})


def test_the_code_passes_ruff():
    ruff = shutil.which("ruff", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if ruff is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("ruff is not installed: pip install -r requirements-dev.txt")
        pytest.skip("ruff is not installed (pip install -r requirements-dev.txt)")
    result = subprocess.run([ruff, "check", "macros", "tests", "benchmarks", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
