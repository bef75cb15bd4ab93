"""Interface text a script inserts knows its language too (issue 16): on /my-work/ of a Welsh build
whose translation lacks a few workspace strings, the English fallbacks the script writes (a link, a
button, the storage-full warning) carry lang="en", and the Welsh ones carry no mark.

The site is a copy of the project built in Welsh with those keys taken out of data/strings/cy.yml.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, drop_strings, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent.parent
EN = yaml.safe_load((ROOT / "data" / "strings" / "en.yml").read_text(encoding="utf-8"))
CY = yaml.safe_load((ROOT / "data" / "strings" / "cy.yml").read_text(encoding="utf-8"))
MISSING = ("workspace.open", "workspace.storage_full")
FULL = """(() => { const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
        if (k !== '__full' && window.sessionStorage.getItem('__full') === '1')
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return real.call(this, k, v); }; })()"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def welsh_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("cy") / "project")
    drop_strings(project, "cy", MISSING)
    (project / "mkdocs.local.yml").write_text("INHERIT: mkdocs.yml\ntheme:\n  language: cy\n", encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site, config="mkdocs.local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_my_work_marks_the_english_fallbacks_it_inserts(page, welsh_url):
    page.add_init_script(FULL)
    page.goto(f"{welsh_url}checklists/peer-support-worker/")
    page.wait_for_selector("[data-checklist-tools][data-ready]")
    page.check("input[name='status-communities'][value='done']")
    page.goto(f"{welsh_url}my-work/")
    page.wait_for_selector("[data-work]:not([hidden])")
    row = page.locator("[data-work-list] tr").first
    link = row.locator(".le-work__actions a")
    assert link.inner_text().startswith(EN["workspace.open"]) and link.get_attribute("lang") == "en"
    rename = row.locator("[data-item-action='rename']")
    assert rename.inner_text().startswith(CY["workspace.rename"]) and rename.get_attribute("lang") is None
    page.evaluate("() => sessionStorage.setItem('__full', '1')")
    row.locator("[data-item-action='duplicate']").click()
    message = page.locator("[data-message-text]")
    assert message.text_content() == EN["workspace.storage_full"]
    assert message.get_attribute("lang") == "en"
