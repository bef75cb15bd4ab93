"""The fast loader (libyaml events, PyYAML's composer) must read every real file exactly as the
pure-Python loader does: same data, same line and column for every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from macros.data import loader

FILES = sorted(ROOT.glob("data/**/*.yml")) + sorted(ROOT.glob("examples/**/*.yml"))


@pytest.mark.skipif(not loader._FAST, reason="PyYAML was built without libyaml here")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_and_pure_python_loaders_agree(path: Path):
    text = path.read_text(encoding="utf-8")
    display = path.relative_to(ROOT).as_posix()
    fast = loader._load_with(loader._FastLoader, text, display)
    slow = loader._load_with(loader._Loader, text, display, final=True)
    assert fast is not None, "the fast loader gave up on a valid file"
    (fast_loaded, fast_errors), (slow_loaded, slow_errors) = fast, slow
    assert fast_errors == slow_errors
    assert fast_loaded.data == slow_loaded.data
    assert fast_loaded.positions == slow_loaded.positions
    assert fast_loaded.key_positions == slow_loaded.key_positions


def test_a_syntax_error_is_worded_by_the_pure_python_loader():
    loaded, errors = loader.load_text("id: x\ntitle: 'unclosed\nsummary: y\n", "data/roles/x.yml")
    assert loaded is None
    assert "quotation mark" in str(errors[0]) and "line 2" in str(errors[0])
