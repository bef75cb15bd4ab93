"""What guide text may contain, checked at load time so the contributor hears about it with a line number.

Rendering escapes everything anyway (see markup.py); these checks turn a silent escape into a clear
message for the things that are almost always mistakes or attacks.
"""

from __future__ import annotations

import re

CITATION = re.compile(r"\[(@[^\]\n]*)\]")
CITE_KEY = re.compile(r"@([A-Za-z0-9_:-]+)")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?\s*>")
IMAGE = re.compile(r"!\[[^\]]*\]\s*[\(\[]")
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)", re.MULTILINE)
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def citation_keys(text: str) -> list[str]:
    """The reference keys cited in a text, in order, as written."""
    keys: list[str] = []
    for group in CITATION.finditer(text):
        keys.extend(CITE_KEY.findall(group.group(1)))
    return keys


def link_targets(text: str) -> list[str]:
    return [m.group(1) for m in INLINE_LINK.finditer(text)] + [m.group(1) for m in REFERENCE_DEF.finditer(text)]


def problems(text: str) -> list[tuple[str, str]]:
    """(message, hint) pairs for text that must not go into the guide."""
    found: list[tuple[str, str]] = []
    tag = HTML_TAG.search(text)
    if tag:
        found.append((f"HTML is not allowed in guide text (found '{tag.group(0)[:40]}')", "use Markdown instead: *emphasis*, **strong**, '- ' lists, [text](https://…) links"))
    if IMAGE.search(text):
        found.append(("images are not allowed in guide text (they would load from another site)", "describe the picture in words, or link to it with [text](https://…)"))
    for target in link_targets(text):
        lowered = target.strip().lower()
        if not lowered:
            found.append(("a link has no web address", "write the link as [text](https://…)"))
        elif not lowered.startswith(SAFE_SCHEMES):
            found.append((f"link '{target[:60]}' is not allowed: only https://, http:// and mailto: links", "write the full web address, starting with https://"))
    return found
