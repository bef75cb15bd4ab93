"""Errors that speak to contributors: file, line, column, field, what was wrong, how to fix it."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Iterable

_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(char: str) -> str:
    if char in _SHOWN:
        return _SHOWN[char]
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.category(char) in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        return f"<U+{code:04X}>"
    return char


def printable(text: object) -> str:
    """THE escaping of contributor text (a value, a field name, a file name, a path) for a terminal,
    a log or a GitHub annotation: every control, format, separator or invisible character is shown
    as `\\n`, `\\t` or `<U+202E>`, so that printed text never holds a raw line break or a hidden
    direction change, and text that begins with `::` (a GitHub workflow command) is shown as `\\::`."""
    text = "".join(_visible(c) for c in str(text))
    return "\\" + text if text.lstrip().startswith("::") else text


def own_lines(text: str) -> str:
    """Output the tool prints, with no line that GitHub could read as a workflow command: the tool's
    own annotations are printed apart (DataError.github_annotation), never through this."""
    return "\n".join("\\" + line if line.lstrip().startswith("::") else line for line in text.split("\n"))


def annotation_property(value: object) -> str:
    """A property of a GitHub workflow command (file=…, title=…), escaped as GitHub specifies."""
    return (
        printable(value)
        .replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def annotation_message(text: str) -> str:
    """The message of a workflow command (after the second `::`), escaped as GitHub specifies."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str = ""

    def where(self) -> str:
        parts = [printable(self.file)]
        if self.line:
            parts.append(f"line {self.line}")
            if self.column:
                parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        field = f" (field '{printable(self.field)}')" if self.field else ""
        text = f"{self.where()}{field}: {printable(self.message)}"
        if self.hint:
            text += f"\n    How to fix: {printable(self.hint)}"
        return text

    def github_annotation(self) -> str:
        """The `::error file=…,line=…::` workflow command GitHub shows on the changed line."""

        props = [f"file={annotation_property(self.file)}"]
        if self.line:
            props.append(f"line={self.line}")
        if self.column:
            props.append(f"col={self.column}")
        props.append("title=Guide data error")
        message = printable(self.message) + (f" How to fix: {printable(self.hint)}" if self.hint else "")
        return f"::error {','.join(props)}::{annotation_message(message)}"


class DataErrors(Exception):
    """All the problems found in the data, reported together."""

    def __init__(self, errors: Iterable[DataError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.column or 0, e.message))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The guide's data has {count} {noun}; nothing was built:"]
        lines += [f"  {error}" for error in self.errors]
        return own_lines("\n".join(lines))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint, or an empty string when nothing is close."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""
