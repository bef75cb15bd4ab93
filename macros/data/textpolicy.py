"""What guide text may contain, checked at load time so the contributor hears about it with a line number.

Rendering escapes everything anyway (see markup.py); these checks turn a silent escape into a clear
message for the things that are almost always mistakes or attacks. Every pattern here runs in time
proportional to the text (no nested or unbounded repeats that can backtrack), because the text comes
from anyone who opens a pull request.
"""

from __future__ import annotations

import re
import unicodedata

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


# ----------------------------------------------------------------------------- invisible characters
#
# Format characters (Unicode category Cf: bidi overrides and isolates, zero-width space, word joiner,
# a byte-order mark inside text, tag characters, …) are invisible, and some turn the text around them
# (U+202E shows "txt.exe" as "exe.txt"). They are refused, with two exceptions real text needs:
#
# - the zero-width non-joiner U+200C and joiner U+200D between two letters or marks of a script that
#   uses them to choose letter forms (Arabic, Syriac, N'Ko, the Indic scripts Devanagari to Sinhala,
#   Tibetan, Myanmar, Khmer, Mongolian), and U+200D between two emoji (👩‍💻);
# - tag characters U+E0020–U+E007F inside an emoji flag sequence: after U+1F3F4 (🏴) and ending with
#   U+E007F, as in the flag of Wales 🏴󠁧󠁢󠁷󠁬󠁳󠁿.
#
# In longer text (anything with a line break or over SHORT_TEXT characters) the soft hyphen U+00AD and
# the direction marks U+200E, U+200F and U+061C are allowed too (they help long words and mixed
# scripts); in ids, titles and other short fields they are refused like the rest.
# Line and paragraph separators (U+2028, U+2029) and U+0085 are refused by the loader, which names them
# at the line an editor shows.

SHORT_TEXT = 200
JOINER_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic, Syriac, Arabic Supplement, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended
    (0x0900, 0x0DFF),  # Devanagari … Sinhala
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA8E0, 0xA8FF),  # Devanagari Extended
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFE),  # Arabic Presentation Forms-B
)
LONG_TEXT_ALLOWED = {"\u00ad", "\u200e", "\u200f", "\u061c"}
FLAG_BASE, TAG_END = "\U0001f3f4", "\U000e007f"


def _in_joining_script(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char)[0] in "LM" and any(low <= code <= high for low, high in JOINER_SCRIPTS)


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF or char == "\ufe0f"


def _allowed_format(text: str, index: int, short: bool) -> bool:
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in ("\u200c", "\u200d") and before and after:
        if _in_joining_script(before) and _in_joining_script(after):
            return True
        if char == "\u200d" and _is_emoji(before) and _is_emoji(after):
            return True
    if "\U000e0020" <= char <= TAG_END:
        start = index
        while start > 0 and "\U000e0020" <= text[start - 1] <= TAG_END:
            start -= 1
        end = index
        while end + 1 < len(text) and "\U000e0020" <= text[end + 1] < TAG_END:
            end += 1
        closes = text[end] == TAG_END or (end + 1 < len(text) and text[end + 1] == TAG_END)
        return start > 0 and text[start - 1] == FLAG_BASE and closes
    return not short and char in LONG_TEXT_ALLOWED


def character_name(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)': how errors name a character, visible or not."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def invisible_problems(text: str, short: bool | None = None) -> list[tuple[str, str]]:
    """(message, hint) for the first invisible or direction-changing character a text must not hold.
    `short` (ids, titles, field names, any text without a line break of at most SHORT_TEXT characters)
    is decided from the text when not given."""
    if text.isascii():  # no ASCII character is a format character (Cf): most texts end here
        return []
    if short is None:
        short = "\n" not in text and len(text) <= SHORT_TEXT
    for index, char in enumerate(text):
        if char >= "\x80" and unicodedata.category(char) == "Cf" and not _allowed_format(text, index, short):
            where = "this short text" if short else "guide text"
            return [
                (
                    f"{where} contains the invisible character {character_name(char)} at position {index + 1}",
                    "delete it (retype the text around that place): invisible and direction-changing "
                    "characters can make a text look like something else",
                )
            ]
    return []
