"""The checklist concept: its items, stages, title and rows, in one place.

A checklist is the paper's questions in order, each with a role's own guidance where the role has
some. The checklist page (pages), the script's JSON (views) and the blank downloads (exports) all
read their rows from here.
"""

from __future__ import annotations

import re

from ..data.textpolicy import CITATION, CITE_KEY
from ..model import Model
from . import citations

GENERAL_CHECKLIST = "new-role"
STATUSES = ["not-started", "in-progress", "done", "not-applicable"]
# the columns of a checklist CSV, in order (exports.checklist_csv); their headings are the csv.* strings
CSV_COLUMNS = ["number", "stage", "question", "guidance", "why", "involve", "status", "notes", "id"]

LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def checklist_items(model: Model, role: dict | None) -> list[dict]:
    """The questions in paper order, each with the role's guidance where it has some."""
    tailoring = (role or {}).get("questions", {})
    items = []
    for q in model.questions:
        tailored = q["id"] in tailoring
        items.append(dict(q, guidance=tailoring[q["id"]] if tailored else q["guidance"], tailored=tailored))
    return items


def checklist_title(model: Model, role: dict | None) -> str:
    """'Checklist: Peer trainer', or the general checklist's title."""
    s = model.strings
    return (
        f"{s.get('checklist.title_prefix', 'Checklist:')} {role['title']}"
        if role
        else s.get("checklist.general_title", "")
    )


def checklist_stages(model: Model, role: dict | None) -> list[dict]:
    """The stages that hold questions, numbered from 1, each with its checklist items."""
    items = checklist_items(model, role)
    stages = []
    for stage in model.stages:
        questions = [q for q in items if q["stage"] == stage["id"]]
        if questions:
            stages.append(dict(stage, number=len(stages) + 1, questions=questions))
    return stages


def plain_text(model: Model, text: str) -> str:
    """Guide Markdown as plain text for a download: citations as (Author, year), links as text (address)."""

    def cite(match: re.Match) -> str:
        return "(" + "; ".join(citations.in_text(model, k) for k in CITE_KEY.findall(match.group(1))) + ")"

    text = CITATION.sub(cite, text or "")
    text = LINK.sub(r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", text)
    return re.sub(r"\n{2,}", "\n", text).strip()


def checklist_rows(model: Model, role: dict | None, stages: list[dict] | None = None) -> list[dict]:
    """One row per question, in checklist order, as plain text: the single source of the blank
    downloads (exports) and of the filled-in downloads the checklist script makes (its page JSON)."""
    rows = []
    for stage in stages if stages is not None else checklist_stages(model, role):
        for q in stage["questions"]:
            rows.append(
                {
                    "number": q["number"],
                    "stage_number": stage["number"],
                    "stage": stage["title"],
                    "question": q["text"],
                    "guidance": plain_text(model, q["guidance"]),
                    "tailored": q["tailored"],
                    "why": plain_text(model, q["why"]),
                    "involve": list(q.get("involve", [])),
                    "id": q["id"],
                }
            )
    return rows


def introduction_paragraphs(model: Model) -> list[str]:
    """The questions' introduction (the paper's framing and reading list) as plain-text paragraphs,
    for the downloads: the build's blank Markdown and the page's filled-in one (checklist.js)."""
    text = plain_text(model, model.questions_doc.get("introduction") or "")
    return [paragraph.strip() for paragraph in text.split("\n") if paragraph.strip()]
