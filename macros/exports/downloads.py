"""The blank checklist downloads: /downloads/checklists/<id>.csv and .md, rows from pages/checklists.py."""

from __future__ import annotations

from ..model import Model
from ..pages.checklists import CSV_COLUMNS, GENERAL_CHECKLIST, checklist_rows, checklist_title, introduction_paragraphs
from .spreadsheet import csv_text


def checklist_csv(model: Model, role: dict | None) -> str:
    s = model.strings
    rows = [[s[f"csv.{column}"] for column in CSV_COLUMNS]]
    for row in checklist_rows(model, role):
        cells = dict(row, involve=", ".join(row["involve"]), status="", notes="")
        rows.append([cells[column] for column in CSV_COLUMNS])
    return csv_text(rows)


def checklist_markdown(model: Model, role: dict | None, site_url: str = "") -> str:
    s = model.strings
    ident = role["id"] if role else GENERAL_CHECKLIST
    lines = [f"# {checklist_title(model, role)}", ""]
    if site_url:
        lines += [f"{s['checklist.printed_from']} {site_url}checklists/{ident}/", ""]
    if paragraphs := introduction_paragraphs(model):  # the paper's framing of the questions, its reading list
        lines += [f"## {s['questions.intro_heading']}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
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
