"""Open data and downloads written after the build: api/guide.json, api/schema/, checklist downloads."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from .checklists import CSV_COLUMNS, GENERAL_CHECKLIST, checklist_rows, checklist_title
from .kinds import KINDS, OPEN_DATA, SCHEMA_VERSION, entity_kinds, links_from
from .model import Model

def _without_hidden(model: Model, kind: str, item: dict) -> dict:
    """An item for the open data: ids of entities a fork has hidden are left out of its links."""
    out = dict(item)
    for link in links_from(kind):
        if link.many and not link.keys and isinstance(out.get(link.field), list):
            out[link.field] = [i for i in out[link.field] if (link.target, i) not in model.hidden]
    return out


def guide_json(model: Model) -> dict:
    """/api/guide.json: every kind's items (each entity with its page's url), keys in kinds.OPEN_DATA order."""
    out: dict = {"schema_version": SCHEMA_VERSION, "language": model.language}
    for key in OPEN_DATA:
        kind = KINDS.get(key)
        if kind is not None and kind.entity:
            out[key] = [dict(_without_hidden(model, key, entity), url=kind.page_url(ident))
                        for ident, entity in model.entities(key).items()]
        elif key == "stages":
            out[key] = [dict(stage) for stage in model.stages]
        elif key == "questions":
            out[key] = [_without_hidden(model, key, q) for q in model.questions]
        elif key == "strategy":
            out[key] = [dict(area) for area in model.strategy["focus_areas"]]
        elif key == "references":
            out[key] = [dict(ref) for ref in model.paper_references().values()]
        elif key == "source":
            out[key] = dict(model.references[model.source_id]) if model.source_id else None
        elif key == "glossary":
            out[key] = [dict(term) for term in model.glossary]
    for kind in entity_kinds():  # a kind added to the registry is open data too, after the ones above
        if kind.key not in out:
            out[kind.key] = [dict(_without_hidden(model, kind.key, entity), url=kind.page_url(ident) if kind.has_pages else None)
                             for ident, entity in model.entities(kind.key).items()]
    return out


def checklist_csv(model: Model, role: dict | None) -> str:
    s = model.strings
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([s[f"csv.{column}"] for column in CSV_COLUMNS])
    for row in checklist_rows(model, role):
        cells = dict(row, involve=", ".join(row["involve"]), status="", notes="")
        writer.writerow([cells[column] for column in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()  # the byte-order mark makes Excel read UTF-8


def checklist_markdown(model: Model, role: dict | None, site_url: str = "") -> str:
    s = model.strings
    ident = role["id"] if role else GENERAL_CHECKLIST
    lines = [f"# {checklist_title(model, role)}", ""]
    if site_url:
        lines += [f"{s['checklist.printed_from']} {site_url}checklists/{ident}/", ""]
    stage_number = None
    for row in checklist_rows(model, role):
        if row["stage_number"] != stage_number:
            if stage_number is not None:
                lines.append("")
            stage_number = row["stage_number"]
            lines += [f"## {s['checklist.stage']} {stage_number}: {row['stage']}", ""]
        lines.append(f"- [ ] **{row['number']}. {row['question']}**")
        label = s["checklist.for_this_role"] if row["tailored"] else s["checklist.general_guidance"]
        lines.append(f"  - {label} {row['guidance']}".replace("\n", " "))
        lines.append(f"  - {s['checklist.why']} {row['why']}".replace("\n", " "))
        if row["involve"]:
            lines.append(f"  - {s['checklist.involve']} {', '.join(row['involve'])}")
        lines.append(f"  - {s['csv.status']}: ")
        lines.append(f"  - {s['csv.notes']}: ")
    lines.append("")
    return "\n".join(lines)


def write_all(model: Model, site_dir: Path, schema_dir: Path, site_url: str = "") -> None:
    api = site_dir / "api"
    api.mkdir(parents=True, exist_ok=True)
    (api / "guide.json").write_text(json.dumps(guide_json(model), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    schema_out = api / "schema"
    schema_out.mkdir(exist_ok=True)
    for schema in sorted(schema_dir.glob("*.schema.json")):
        shutil.copyfile(schema, schema_out / schema.name)
    downloads = site_dir / "downloads" / "checklists"
    downloads.mkdir(parents=True, exist_ok=True)
    for ident, role in list(model.roles.items()) + [(GENERAL_CHECKLIST, None)]:
        (downloads / f"{ident}.csv").write_text(checklist_csv(model, role), encoding="utf-8", newline="")
        (downloads / f"{ident}.md").write_text(checklist_markdown(model, role, site_url), encoding="utf-8")
