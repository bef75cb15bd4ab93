"""Interface strings: data/strings/en.yml, the chosen language over it key by key, a fork's strings over both.

Each string knows its language (`Model.string_langs`): a key the build's language lacks falls back
to English. Templates get them through `Strings`, which hands out such a fallback as a `Text`: a
str that, printed into an HTML template, marks itself `<span lang="en">` (WCAG 3.1.2); in an
attribute, where no element can go, templates write `|plain`. A string in the page's language is a
plain str, with no mark.
"""

from __future__ import annotations

from markupsafe import Markup

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
    return load_strings_with_languages(cfg, errors)[0]


def load_strings_with_languages(cfg: GuideConfig, errors: list[DataError]) -> tuple[dict[str, str], dict[str, str]]:
    """The strings (as load_strings) and the language of each one's text: en, or the build's language."""
    english = _load(cfg, "en", errors, required=True)
    strings = dict(english.data) if english is not None else {}
    langs = dict.fromkeys(strings, "en")
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
            langs.update(dict.fromkeys(translated.data, cfg.language))
    return strings, langs


def same_language(a: str, b: str) -> bool:
    """Whether two language tags name the same language (en-AU and en do; cy and en do not)."""
    return str(a).replace("_", "-").split("-")[0].lower() == str(b).replace("_", "-").split("-")[0].lower()


class Text(str):
    """An interface string in another language than the page's (an English fallback in a Welsh build).

    Autoescaped templates print it as `<span lang="en">…</span>`; `|plain` (or any str operation:
    format, concatenation in Python) gives the bare text, as attributes and JSON need."""

    lang: str

    def __new__(cls, value: str, lang: str) -> Text:
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    def __html__(self) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(self.lang, str(self))


class Strings(dict):
    """Strings for templates: a missing key shows the key itself, so a gap is visible, never a crash.

    With `langs` (key → language of its text) and the page's `language`, a string in another language
    comes as a `Text`, which marks itself in HTML."""

    def __init__(self, strings: dict, langs: dict[str, str] | None = None, language: str = "en"):
        super().__init__(strings)
        self.langs = langs or {}
        self.language = language
        # the keys whose text is in another language than the page's (found once, not at every lookup)
        self.foreign = frozenset(key for key, lang in self.langs.items() if lang and not same_language(lang, language))

    def __missing__(self, key: str) -> str:
        return key

    def __getitem__(self, key: str) -> str:
        value = super().__getitem__(key) if key in self else self.__missing__(key)
        if key in self.foreign and isinstance(value, str):
            return Text(value, self.langs[key])
        return value

    def get(self, key: str, default=None):
        return self[key] if key in self else default

    def __getattr__(self, key: str) -> str:
        if key.startswith("__") or key in ("langs", "language", "foreign"):
            raise AttributeError(key)
        return self[key]

    def under(self, prefix: str) -> dict[str, str]:
        """The strings whose keys start with prefix, by the rest of the key, as plain text: for a
        script's JSON (`fallbacks` says which of them to mark as another language)."""
        return {key[len(prefix) :]: value for key, value in dict.items(self) if key.startswith(prefix)}

    def fallbacks(self, prefix: str = "") -> dict[str, str]:
        """The keys under prefix (without it) whose text is in another language than the page's, each
        with that language: for a script, which strings to mark when it inserts them."""
        return {key[len(prefix) :]: self.langs[key] for key in self.foreign if key in self and key.startswith(prefix)}
