"""Interface strings: data/strings/en.yml, the chosen language over it key by key, a fork's strings over both."""

from __future__ import annotations

from ..data import schema as schemas
from ..data.checked import load_checked
from ..data.loader import Loaded
from ..errors import DataError, did_you_mean
from ..settings import GuideConfig


def _load(cfg: GuideConfig, language: str, errors: list[DataError], *, required: bool) -> Loaded | None:
    path = cfg.data_dir / "strings" / f"{language}.yml"
    if not path.exists():
        if required:
            errors.append(
                DataError(
                    cfg.display(path),
                    None,
                    None,
                    "",
                    "the English interface strings are missing",
                    "restore data/strings/en.yml",
                )
            )
        return None
    loaded, file_errors = load_checked(
        path, cfg.display(path), schemas.load_schema(str(cfg.schema_dir), "strings"), "strings", root=cfg.project_dir
    )
    errors.extend(file_errors)
    return loaded if loaded is not None and not file_errors else None


def load_strings(cfg: GuideConfig, errors: list[DataError]) -> dict[str, str]:
    """English strings, with the build's language over them key by key (a missing key stays English)."""
    english = _load(cfg, "en", errors, required=True)
    strings = dict(english.data) if english is not None else {}
    if cfg.language != "en":
        translated = _load(cfg, cfg.language, errors, required=False)
        if translated is not None:
            for key in translated.data:
                if strings and key not in strings:
                    hint = did_you_mean(key, strings) or "use a key from data/strings/en.yml, or delete this line"
                    errors.append(
                        translated.error(
                            (key,),
                            f"there is no interface string with the key '{key}' in data/strings/en.yml",
                            hint,
                            at_key=True,
                        )
                    )
            strings.update(translated.data)
    return strings


class Strings(dict):
    """Strings for templates: a missing key shows the key itself, so a gap is visible, never a crash."""

    def __missing__(self, key: str) -> str:
        return key

    def __getattr__(self, key: str) -> str:
        return self[key]
