"""Author–year citations and an APA-like reference list from CSL-shaped reference data."""

from __future__ import annotations

from collections import defaultdict

from ..model import Model


def _name(person: dict) -> str:
    return person.get("literal") or person.get("family") or ""


def year(ref: dict) -> str:
    parts = (ref.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else "n.d."


def authors_short(ref: dict) -> str:
    people = ref.get("author") or ref.get("editor") or []
    names = [_name(p) for p in people]
    if not names:
        return ref.get("title", "")
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


def _suffixes(references: dict) -> dict[str, str]:
    """'a', 'b' … for works with the same short author and year, in list order."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for key, ref in references.items():
        groups[(authors_short(ref), year(ref))].append(key)
    out = {}
    for keys in groups.values():
        if len(keys) > 1:
            for index, key in enumerate(keys):
                out[key] = "abcdefghijklmnopqrstuvwxyz"[index]
    return out


def suffixes(model: Model) -> dict[str, str]:
    if model.citation_suffixes is None:
        model.citation_suffixes = _suffixes(model.references)
    return model.citation_suffixes


def in_text(model: Model, key: str) -> str:
    """'Byrne et al., 2022' — the label a citation link shows."""
    ref = model.references[key]
    if ref.get("citation_label"):
        return ref["citation_label"]
    return f"{authors_short(ref)}, {year(ref)}{suffixes(model).get(key, '')}"


def _author_list(people: list[dict]) -> str:
    names = []
    for person in people:
        if person.get("literal"):
            names.append(person["literal"])
        else:
            given = person.get("given", "")
            names.append(f"{person.get('family', '')}, {given}".strip().rstrip(","))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def entry(model: Model, key: str) -> dict:
    """The parts of one reference-list entry, for the template to lay out (APA-like style)."""
    ref = model.references[key]
    people = ref.get("author") or []
    editors = ref.get("editor") or []
    container = ref.get("container-title", "")
    details = []
    if ref.get("volume"):
        details.append(ref["volume"] + (f"({ref['issue']})" if ref.get("issue") else ""))
    elif ref.get("issue"):
        details.append(f"({ref['issue']})")
    if ref.get("page"):
        details.append(ref["page"])
    publisher = ", ".join(x for x in (ref.get("publisher-place"), ref.get("publisher")) if x)
    return {
        "id": key,
        "authors": _author_list(people),
        "editors": _author_list(editors),
        "year": year(ref) + suffixes(model).get(key, ""),
        "title": ref.get("title", ""),
        "container": container,
        "details": ", ".join(details),
        "publisher": publisher,
        "note": ref.get("note", ""),
        "doi": ref.get("DOI", ""),
        "url": ref.get("URL", ""),
        "type": ref.get("type", ""),
        "label": in_text(model, key),
    }


def sort_key(model: Model, key: str) -> tuple:
    ref = model.references[key]
    return (authors_short(ref).lower(), year(ref), suffixes(model).get(key, ""))
