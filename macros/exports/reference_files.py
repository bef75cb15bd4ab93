"""The paper's reference list as files for reference managers: CSL-JSON, BibTeX and RIS.

Made from `data/references.yml`, whose entries already use CSL-JSON's field names. BibTeX is written
by pybtex (it escapes LaTeX's special characters), RIS by rispy; both are maintained libraries, so
the files follow what Zotero, EndNote, Mendeley and JabRef read. Text from the data is only ever
written as field values, never as markup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import rispy
from rispy.writer import RisWriter

from ..model import Model
from ..pages import citations

if TYPE_CHECKING:
    from pybtex.database import Person

# Fields of ours that are not CSL: left out of the CSL-JSON file.
NOT_CSL = {"citation_label", "guide_source"}

# CSL type → (BibTeX entry type, RIS reference type)
TYPES = {
    "article-journal": ("article", "JOUR"),
    "article-magazine": ("article", "MGZN"),
    "article-newspaper": ("article", "NEWS"),
    "book": ("book", "BOOK"),
    "chapter": ("incollection", "CHAP"),
    "report": ("techreport", "RPRT"),
    "legislation": ("misc", "STAT"),
    "post-weblog": ("misc", "BLOG"),
    "webpage": ("misc", "ELEC"),
    "document": ("misc", "GEN"),
}


def csl_json(references: list[dict]) -> str:
    """CSL-JSON: a list of CSL items (what Zotero and pandoc read)."""
    items = [{k: v for k, v in ref.items() if k not in NOT_CSL} for ref in references]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _year(ref: dict) -> str:
    parts = (ref.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _names(people: list[dict]) -> list[str]:
    """'Family, Given' for people; an organisation's name as it is (literal)."""
    out = []
    for person in people or []:
        if person.get("literal"):
            out.append(person["literal"])
        else:
            out.append(", ".join(x for x in (person.get("family", ""), person.get("given", "")) if x))
    return out


def _bibtex_person(person: dict) -> Person:
    """A pybtex Person (pybtex is imported where it is used: about 40 ms, which a build that takes the
    downloads from the cache, and every command that makes no downloads, never needs)."""
    from pybtex.database import Person

    if person.get("literal"):  # an organisation: braces keep BibTeX from splitting it into names
        return Person(last="{" + person["literal"] + "}")
    return Person(last=person.get("family", ""), first=person.get("given", ""))


def bibtex(references: list[dict]) -> str:
    from pybtex.database import BibliographyData, Entry

    entries = {}
    for ref in references:
        kind, _ = TYPES.get(ref.get("type", ""), ("misc", "GEN"))
        container = ref.get("container-title", "")
        fields = {
            "title": ref.get("title", ""),
            "year": _year(ref),
            "journal" if kind == "article" else "booktitle" if kind == "incollection" else "howpublished": container,
            "volume": ref.get("volume", ""),
            "number": ref.get("issue", "") or ref.get("number", ""),
            "pages": ref.get("page", ""),
            "publisher" if kind != "techreport" else "institution": ref.get("publisher", ""),
            "address": ref.get("publisher-place", ""),
            "doi": ref.get("DOI", ""),
            "url": ref.get("URL", ""),
            "note": ref.get("note", ""),
        }
        persons = {role: [_bibtex_person(p) for p in ref.get(role) or []] for role in ("author", "editor")}
        entries[ref["id"]] = Entry(kind, fields={k: v for k, v in fields.items() if v},
                                   persons={k: v for k, v in persons.items() if v})
    return BibliographyData(entries).to_string("bibtex")


class _PlainRisWriter(RisWriter):
    """RIS without rispy's "1." counter line before each record, which the format does not have."""

    def set_header(self, count: int) -> str | None:
        return None


def ris(references: list[dict]) -> str:
    records = []
    for ref in references:
        _, kind = TYPES.get(ref.get("type", ""), ("misc", "GEN"))
        record = {
            "type_of_reference": kind,
            "id": ref["id"],
            "authors": _names(ref.get("author")),
            "secondary_authors": _names(ref.get("editor")),  # A2: a chapter's editors
            "title": ref.get("title", ""),
            "secondary_title": ref.get("container-title", ""),
            "year": _year(ref),
            "volume": ref.get("volume", ""),
            "number": ref.get("issue", ""),
            "publisher": ref.get("publisher", ""),
            "place_published": ref.get("publisher-place", ""),
            "doi": ref.get("DOI", ""),
            "urls": [ref["URL"]] if ref.get("URL") else [],
            "notes": [ref["note"]] if ref.get("note") else [],
        }
        pages = ref.get("page", "")
        if pages:
            start, _, end = pages.replace("–", "-").partition("-")
            record["start_page"] = start
            if end:
                record["end_page"] = end
        records.append({k: v for k, v in record.items() if v})
    return rispy.dumps(records, implementation=_PlainRisWriter)


def files(model: Model) -> dict[str, str]:
    """downloads/references.json (CSL-JSON), .bib and .ris: the paper's reference list, in the
    references page's order, without the paper's own entry."""
    keys = sorted(model.paper_references(), key=lambda k: citations.sort_key(model, k))
    refs = [dict(model.references[k], id=k) for k in keys]
    return {
        "downloads/references.json": csl_json(refs),
        "downloads/references.bib": bibtex(refs),
        "downloads/references.ris": ris(refs),
    }
