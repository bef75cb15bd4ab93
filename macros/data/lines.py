"""Line numbers that agree with the contributor's editor.

VS Code and the GitHub web editor break lines at LF, CRLF and a lone CR, and at nothing else: they
show U+2028 (LINE SEPARATOR), U+2029 (PARAGRAPH SEPARATOR) and U+0085 (NEXT LINE) inside a line
(VS Code marks them as "unusual line terminators"). PyYAML and Python's `str.splitlines()` break
lines at all of these, so one of them pasted into a text would move the line number of every later
error. `editor_text()` turns CRLF and a lone CR into LF (every counter then agrees) and refuses the
other three, naming each at the line and column the editor shows; each is replaced by a space, so
that the file's other errors keep their editor line numbers too.
"""

from __future__ import annotations

import re

from ..errors import DataError

NOT_LINE_BREAKS = {"\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\x85": "NEXT LINE"}
_FIND = re.compile("[\u2028\u2029\x85]")
MAX_REPORTED = 5  # one file with hundreds of them needs only the first few named


def editor_text(text: str, file: str) -> tuple[str, list[DataError]]:
    """The text with the line breaks an editor shows as LF, and an error for each character that
    YAML would count as a line break but an editor does not."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    errors = []
    for match in _FIND.finditer(text):
        if len(errors) == MAX_REPORTED:
            break
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group(0)
        errors.append(
            DataError(
                file,
                line,
                column,
                "",
                f"the text contains the invisible character U+{ord(char):04X} ({NOT_LINE_BREAKS[char]}) at line "
                f"{line}, column {column}; YAML would read it as a line break, but your editor does not show one",
                "delete it (it usually comes with pasted text): press Enter for a new line, or retype the text "
                "around that place",
            )
        )
    if errors:
        text = _FIND.sub(" ", text)
    return text, errors
