"""The settings of one build (paths, language, a fork's overlay), read from mkdocs.yml.

The vocabulary of the content (its kinds, their folders and links) is in kinds.py."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GuideConfig:
    """The settings one build needs, read from mkdocs.yml (and a fork's config)."""

    project_dir: Path
    docs_dir: Path
    language: str = "en"
    content_language: str = "en"  # the language the guidance text is written in (extra.content_language)
    overlay_dir: Path | None = None
    config_dir: Path | None = None  # the folder of the config file (a fork's folder); None: not read from one

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def schema_dir(self) -> Path:
        return self.data_dir / "schema"

    def display(self, path: Path) -> str:
        """A path as contributors see it: relative to the repository, with forward slashes."""
        # as written: a link (or a folder that is a link) is named as itself, not as what it points to;
        # a fork's files relative to the fork's folder
        bases = [self.project_dir, self.config_dir, self.overlay_dir.parent if self.overlay_dir else None]
        for base in [b for b in bases if b is not None]:
            try:
                return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(base))).as_posix()
            except ValueError:
                pass
        try:
            return (path.parent.resolve() / path.name).relative_to(self.project_dir.resolve()).as_posix()
        except ValueError:
            return path.name  # never an absolute path: errors are printed in public logs

    @classmethod
    def from_mkdocs(cls, config) -> "GuideConfig":
        # MkDocs gives its config object; an engine that passes a plain dict (Zensical) runs in the project
        config_file = Path(config.get("config_file_path") or Path.cwd() / "mkdocs.yml").resolve()
        project_dir = Path(__file__).resolve().parent.parent
        extra = config.get("extra") or {}
        overlay = extra.get("overlay")
        overlay_dir = (config_file.parent / overlay).resolve() if overlay else None
        theme = config.get("theme")
        language = (theme.get("language") if theme else None) or "en"
        return cls(
            project_dir=project_dir,
            docs_dir=(config_file.parent / (config.get("docs_dir") or "docs")).resolve(),
            language=language,
            content_language=str(extra.get("content_language") or "en"),
            overlay_dir=overlay_dir,
            config_dir=config_file.parent,
        )
