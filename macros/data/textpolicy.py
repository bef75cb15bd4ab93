"""What guide text may contain, checked at load time so the contributor hears about it with a line number.

Rendering escapes everything anyway (see markup.py); these checks turn a silent escape into a clear
message for the things that are almost always mistakes or attacks. Every pattern here runs in time
proportional to the text (no nested or unbounded repeats that can backtrack), because the text comes
from anyone who opens a pull request.
"""

from __future__ import annotations

import re

CITATION = re.compile(r"\[(@[^\[\]\n]*)\]")
CITE_KEY = re.compile(r"@([A-Za-z0-9_:-]+)")
# What a browser would start a tag, comment or declaration with: '<' then a letter, '/', '!' or '?'
# ('<svg/onload=…>' and an unclosed '<img src=x onerror=…' are tags too). '<3' and 'a < b' are text.
HTML_TAG = re.compile(r"<[A-Za-z/!?][^<>\n]{0,40}>?")
IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\s{0,20}[\(\[]")
INLINE_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
REFERENCE_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(\s|$)", re.MULTILINE)
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Markdown's link parser slows down with the square of the number of '['; real texts have a handful.
MAX_BRACKETS = 200
# Characters that mean something to Markdown, attribute lists, HTML or Jinja, refused where text is
# pasted into hand-written pages as it is (a fork's term replacements).
NOT_PLAIN = re.compile(r"[{}<>\[\]`*_|\\#~\n\r]")


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
        found.append(
            (
                f"HTML is not allowed in guide text (found '{tag.group(0)}')",
                "use Markdown instead: *emphasis*, **strong**, '- ' lists, [text](https://…) links; write '<' "
                "with a space after it when you mean 'less than'",
            )
        )
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        found.append(
            (
                f"the text has {brackets:,} '[' characters; the limit is {MAX_BRACKETS}",
                "links and citations need one pair of brackets each: remove the others",
            )
        )
        return found  # the checks below would only repeat the problem
    if IMAGE.search(text):
        found.append(
            (
                "images are not allowed in guide text (they would load from another site)",
                "describe the picture in words, or link to it with [text](https://…)",
            )
        )
    for target in link_targets(text):
        lowered = target.strip().lower()
        if not lowered:
            found.append(("a link has no web address", "write the link as [text](https://…)"))
        elif not lowered.startswith(SAFE_SCHEMES):
            found.append(
                (
                    f"link '{target[:60]}' is not allowed: only https://, http:// and mailto: links",
                    "write the full web address, starting with https://",
                )
            )
    return found


def plain_problems(text: str) -> list[tuple[str, str]]:
    """(message, hint) pairs for text that must be plain words, such as a term's replacement."""
    bad = NOT_PLAIN.search(text)
    if bad is None:
        return []
    shown = {"\n": "a line break", "\r": "a line break"}.get(bad.group(0), f"'{bad.group(0)}'")
    return [
        (
            f"this text must be plain words, but it contains {shown}",
            "write it without Markdown, HTML or template characters ({ } < > [ ] ` * _ | \\ # ~) and on one line",
        )
    ]
