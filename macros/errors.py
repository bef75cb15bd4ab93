"""Errors that speak to contributors: file, line, column, field, what was wrong, how to fix it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


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
        parts = [self.file]
        if self.line:
            parts.append(f"line {self.line}")
            if self.column:
                parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        field = f" (field '{self.field}')" if self.field else ""
        text = f"{self.where()}{field}: {self.message}"
        if self.hint:
            text += f"\n    How to fix: {self.hint}"
        return text

    def github_annotation(self) -> str:
        """The `::error file=…,line=…::` workflow command GitHub shows on the changed line."""

        def prop(value) -> str:  # GitHub's escaping for property values
            return (
                str(value)
                .replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        props = [f"file={prop(self.file)}"]
        if self.line:
            props.append(f"line={self.line}")
        if self.column:
            props.append(f"col={self.column}")
        props.append("title=Guide data error")
        message = f"{self.message}" + (f" How to fix: {self.hint}" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error {','.join(props)}::{message}"


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
        return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint, or an empty string when nothing is close."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""
