"""Open data and downloads, written after the build: api/guide.json, api/schema/, checklist downloads.

`files()` makes every one of them from the model, as site-relative path → content, so that the
MkDocs hook (after the build) and `python -m macros generate` (before a build without hooks) write
the same files.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Model
from ..pages.checklists import GENERAL_CHECKLIST
from . import job_descriptions, reference_files
from .downloads import checklist_csv, checklist_markdown
from .open_data import guide_json


def files(model: Model, schema_dir: Path, site_url: str = "") -> dict[str, str | bytes]:
    """Every export, by its path in the site: api/guide.json, api/schema/*.json, downloads/checklists/*,
    downloads/job-descriptions/* (text, and bytes for the Word files), downloads/references.*."""
    out = {"api/guide.json": json.dumps(guide_json(model), ensure_ascii=False, indent=1, default=str)}
    for schema in sorted(schema_dir.glob("*.schema.json")):
        out[f"api/schema/{schema.name}"] = schema.read_text(encoding="utf-8")
    for ident, role in list(model.roles.items()) + [(GENERAL_CHECKLIST, None)]:
        out[f"downloads/checklists/{ident}.csv"] = checklist_csv(model, role)
        out[f"downloads/checklists/{ident}.md"] = checklist_markdown(model, role, site_url)
    out.update(job_descriptions.files(model, site_url))
    out.update(reference_files.files(model))
    return out


def write_all(model: Model, site_dir: Path, schema_dir: Path, site_url: str = "") -> list[Path]:
    """Write every export under site_dir; returns the paths written."""
    written = []
    for rel, content in files(model, schema_dir, site_url).items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        written.append(path)
    return written
