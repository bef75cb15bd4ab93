"""Interface strings: data/strings/en.yml, the chosen language over it key by key, a fork's strings over both."""

from __future__ import annotations

from . import schema as schemas
from .config import GuideConfig
from .errors import DataError


def _load(cfg: GuideConfig, language: str, errors: list[DataError], *, required: bool) -> dict[str, str]:
    from .model import load_checked

    path = cfg.data_dir / "strings" / f"{language}.yml"
    if not path.exists():
        if required:
            errors.append(DataError(cfg.display(path), None, None, "", "the English interface strings are missing", "restore data/strings/en.yml"))
        return {}
    loaded, file_errors = load_checked(path, cfg.display(path), schemas.load_schema(str(cfg.schema_dir), "strings"), "strings")
    errors.extend(file_errors)
    return dict(loaded.data) if loaded is not None and not file_errors else {}


def load_strings(cfg: GuideConfig, errors: list[DataError]) -> dict[str, str]:
    strings = _load(cfg, "en", errors, required=True)
    if cfg.language != "en":
        strings.update(_load(cfg, cfg.language, errors, required=False))
    return strings


class Strings(dict):
    """Strings for templates: a missing key shows the key itself, so a gap is visible, never a crash."""

    def __missing__(self, key: str) -> str:
        return key

    def __getattr__(self, key: str) -> str:
        return self[key]
