"""Which files are data, and which of them still hold starter text ("REPLACE ME").

`python -m macros validate` reports starter text as a warning; the build logs the same warning, so
a strict build (`mkdocs build --strict`, the pull request check) fails until it is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import annotation_message, annotation_property, printable
from ..kinds import collection_files, entity_kinds
from ..settings import GuideConfig

PLACEHOLDER = "REPLACE ME"  # the marker the starter files and templates use for text to replace


@dataclass(frozen=True)
class Placeholder:
    """A data file that still holds starter text, and on which lines."""

    file: str
    lines: tuple[int, ...]
    column: int  # of the first one

    def _line_list(self) -> str:
        return ", ".join(str(n) for n in self.lines)

    def __str__(self) -> str:
        noun = "line" if len(self.lines) == 1 else "lines"
        return f"{printable(self.file)} still holds the starter text '{PLACEHOLDER}' on {noun} {self._line_list()}"

    def github_annotation(self) -> str:
        noun = "line" if len(self.lines) == 1 else "lines"
        return (
            f"::warning file={annotation_property(self.file)},line={self.lines[0]},col={self.column},"
            "title=Starter text left in::"
            + annotation_message(
                f"Replace the '{PLACEHOLDER}' text on {noun} {self._line_list()} with real content before merging."
            )
        )


def data_files(cfg: GuideConfig) -> list[Path]:
    """Every data file the model reads for this configuration."""
    files: list[Path] = []
    for kind in entity_kinds():
        directory = cfg.data_dir / kind.folder
        if directory.is_dir():
            files += sorted(
                p for p in directory.iterdir() if p.suffix in (".yml", ".yaml") and not p.name.startswith(".")
            )
    files += [cfg.data_dir / name for name in collection_files().values() if (cfg.data_dir / name).exists()]
    for language in dict.fromkeys(("en", cfg.language)):
        path = cfg.data_dir / "strings" / f"{language}.yml"
        if path.exists():
            files.append(path)
    if cfg.overlay_dir is not None and cfg.overlay_dir.is_dir():
        files += sorted(p for p in cfg.overlay_dir.rglob("*.yml") if not any(part.startswith(".") for part in p.parts))
    return files


def placeholders(cfg: GuideConfig, files: list[Path]) -> list[Placeholder]:
    """Files with lines (other than whole-line comments) that still hold the starter text marker."""
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the model has already reported an unreadable file
        hits = [
            (number, line.find(PLACEHOLDER) + 1)
            for number, line in enumerate(text.splitlines(), start=1)
            if PLACEHOLDER in line and not line.lstrip().startswith("#")
        ]
        if hits:
            found.append(Placeholder(cfg.display(path), tuple(n for n, _ in hits), hits[0][1]))
    return found
