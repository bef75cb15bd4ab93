"""Read one YAML data file safely, keeping the line and column of every value.

The loader refuses what would hurt the build (huge files, alias bombs, deep nesting, bytes that are
not UTF-8, characters that cannot be written out) and what PyYAML lets through silently (duplicate
keys, tags such as `!!python/object`). It never runs code: only plain YAML scalars, lists and
mappings are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from .lines import editor_text

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: the largest real file is far smaller
MAX_ALIASES = 20  # `*name` uses per file; a "billion laughs" needs far more
MAX_DEPTH = 40  # nesting of lists and mappings
MAX_VALUES = 20_000  # lists, mappings and values in one file (the largest real file has under 1,500)
MAX_EXPANDED = MAX_FILE_BYTES  # characters of text once aliases are expanded

Path_ = tuple  # a JSON-pointer-like path: ("questions", 3, "text")


@dataclass
class Loaded:
    """The data of one file and where each value stands in it."""

    file: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: tuple) -> tuple[int | None, int | None]:
        """The nearest known line and column for a path (walking up to its parents)."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def key_position(self, path: tuple) -> tuple[int | None, int | None]:
        return self.key_positions.get(tuple(path)) or self.position(path)

    def error(self, path: tuple, message: str, hint: str = "", *, at_key: bool = False) -> DataError:
        line, column = self.key_position(path) if at_key else self.position(path)
        return DataError(self.file, line, column, dotted(path), message, hint)


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Limits:
    """Counts aliases, values and nesting while composing, so that a bomb is refused early."""

    alias_count = 0
    depth = 0
    node_count = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                event = self.peek_event()
                raise _Refused(
                    f"more than {MAX_ALIASES} aliases (*name)",
                    "write the text out in full instead of repeating it with anchors and aliases",
                    event.start_mark,
                )
        self.node_count += 1
        if self.node_count > MAX_VALUES:
            raise _Refused(_TOO_MANY, _TOO_MANY_HINT, self.peek_event().start_mark)
        # PyYAML composes recursively: stop before Python's own recursion limit is reached.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(
                    f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Limits, yaml.SafeLoader):
    """The pure-Python loader: exact messages for every syntax error."""


_FAST = getattr(yaml, "__with_libyaml__", False)


if _FAST:

    class _FastLoader(
        _Limits, yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        """libyaml parses (fast); PyYAML's own composer builds the nodes, so the limits above still
        apply and the data and positions are the same as the pure-Python loader's."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


_TOO_MANY = f"more than {MAX_VALUES:,} values (lists, fields and texts)"
_TOO_MANY_HINT = "split the content or shorten it; no file of the guide needs this many"


class _Refused(Exception):
    def __init__(self, message: str, hint: str, mark=None):
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SCALAR_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false", "null": "an empty value"}
# The tags plain YAML resolves by itself; anything else (!!python/object, !!binary, !custom) is refused.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "value", "merge", "seq", "map")
}
# What YAML itself accepts as printable; escapes in quoted text ("\x00", "\ud800") can produce the rest.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Builder:
    """Turns a composed node tree into plain Python data, recording positions."""

    def __init__(self, loaded: Loaded, loader: _Loader):
        self.loaded = loaded
        self.loader = loader
        self.errors: list[DataError] = []
        self.characters = MAX_EXPANDED
        self.values = MAX_VALUES
        self.open: set[int] = set()  # the lists and mappings being built, to catch an alias to itself

    def _error(self, node, path: tuple, message: str, hint: str) -> None:
        line, column = _mark(node.start_mark)
        self.errors.append(DataError(self.loaded.file, line, column, dotted(path), message, hint))

    def _spend(self, node, characters: int) -> None:
        # Aliases repeat a value without repeating its text: count what they would expand to.
        self.values -= 1
        self.characters -= characters
        if self.values < 0:
            raise _Refused(f"{_TOO_MANY}, once aliases (*name) are expanded", _TOO_MANY_HINT, node.start_mark)
        if self.characters < 0:
            raise _Refused(
                f"aliases (*name) expand the file to more than {MAX_EXPANDED:,} characters",
                "write the text out in full instead of repeating it with anchors and aliases",
                node.start_mark,
            )

    def _check_tag(self, node, path: tuple) -> None:
        """Only plain YAML: a tag such as !!python/object is an error, never run."""
        if node.tag not in _PLAIN_TAGS:
            self._error(
                node,
                path,
                f"the YAML tag '{_tag_name(node.tag)}' is not supported",
                "remove the tag: guide data is plain text, lists and fields",
            )

    def _check_scalar(self, node, path: tuple) -> None:
        self._check_tag(node, path)
        bad = _NOT_PRINTABLE.search(node.value)
        if bad:
            self._error(
                node,
                path,
                f"the text contains the character U+{ord(bad.group(0)):04X}, which cannot be shown or saved",
                "remove the escape (such as \\x00 or \\ud800) that writes it; type the character itself, or "
                "leave it out",
            )

    def build(self, node, path: tuple = (), depth: int = 0) -> Any:
        if depth >= MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure", node.start_mark)
        self._spend(node, len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
        self.loaded.positions[path] = _mark(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            self._check_scalar(node, path)
            if node.tag in _SCALAR_TAGS:
                try:
                    return self.loader.construct_object(node, deep=True)
                except Exception:  # noqa: BLE001 (PyYAML raises ValueError, KeyError, IndexError… on bad values)
                    word = _SCALAR_WORDS[node.tag.rsplit(":", 1)[-1]]
                    self._error(
                        node,
                        path,
                        f"'{_short(node.value)}' cannot be read as {word}",
                        "put the value in quotes to keep it as text, or remove the tag (!!int, !!float, !!bool)",
                    )
                    return node.value
            # Strings, dates and anything else stay as the text the contributor wrote.
            return node.value
        self._check_tag(node, path)
        if id(node) in self.open:
            raise _Refused(
                "an alias (*name) refers to the list or mapping that contains it",
                "write the value out in full",
                node.start_mark,
            )
        self.open.add(id(node))
        try:
            return self._build_collection(node, path, depth)
        finally:
            self.open.discard(id(node))

    def _build_collection(self, node, path: tuple, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(
                        "merge keys (<<) are not supported", "write the fields out in full", key_node.start_mark
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(
                        "a field name must be plain text",
                        "remove the brackets around the field name",
                        key_node.start_mark,
                    )
                self.characters -= len(key_node.value)
                self._check_scalar(key_node, path + (key_node.value,))
                key = key_node.value
                where = _mark(key_node.start_mark)
                if key in seen:
                    first = seen[key][0]
                    self.errors.append(
                        DataError(
                            self.loaded.file,
                            where[0],
                            where[1],
                            dotted(path + (key,)),
                            f"duplicate field '{key}' (already given on line {first}); YAML would silently keep "
                            f"only the last one",
                            f"keep one '{key}:' and delete the other",
                        )
                    )
                    continue
                seen[key] = where
                self.loaded.key_positions[path + (key,)] = where
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        raise _Refused("unsupported YAML node", "use plain text, lists and fields", node.start_mark)


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark is harmless: accept it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        raise _DecodeError(
            DataError(
                file,
                line,
                column,
                "",
                f"the file is not UTF-8: byte 0x{byte:02x} at line {line}, column {column} cannot be read",
                "save the file as UTF-8 (in most editors: Save with encoding → UTF-8); retype the character "
                "around that place",
            )
        ) from None


class _DecodeError(Exception):
    def __init__(self, error: DataError):
        super().__init__(str(error))
        self.error = error


def _yaml_hint(problem: str, text: str, mark) -> str:
    line_text = ""
    if mark is not None:
        lines = text.splitlines()
        if 0 <= mark.line < len(lines):
            line_text = lines[mark.line]
    if "\t" in line_text or "tab" in problem:
        return "YAML does not allow tab characters for indenting: use spaces"
    if "found character" in problem and "`" in problem:
        return "put the text in quotes"
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be put in quotes, or written as a block with '>-' on the line above"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one above, and that every field ends with ':'"
    if "while scanning a quoted scalar" in problem or "found unexpected end of stream" in problem:
        return "close the quotation mark that opens the text"
    if "flow sequence" in problem or "flow mapping" in problem or "expected ',' or ']'" in problem:
        return "close the bracket: every '[' needs a ']' and every '{' a '}'"
    return "check the YAML syntax on this line and the one above"


# A field whose value is a block of text: `description: |` or `summary: >-` (maybe in a list item).
_BLOCK_START = re.compile(r"^( *)(?:- +)?([^\s#:'\"][^:#]*?): *[|>][-+0-9]* *(?:#.*)?$")


_FIELD_START = re.compile(r"^ *(?:- +)?[^\s#:'\"][^:#]*:(?: |$)")


def lost_indent(text: str, index: int, field_like: bool = False) -> tuple[int, str, int] | None:
    """When line `index` (0-based) ends a block of text too early, because it lost its indent:
    (the block's first line, 1-based; its field; the block's indent). Otherwise None.
    A line that reads like a field ('Name: value') counts only with field_like (the schema then
    finds it an unknown field: checked.py); a syntax error on such a line is about that field."""
    lines = text.splitlines()
    if not 0 <= index < len(lines) or not lines[index].strip():
        return None
    if bool(_FIELD_START.match(lines[index])) != field_like:
        return None  # a field of its own (e.g. the next field, with an unclosed quote) is not lost text
    here = len(lines[index]) - len(lines[index].lstrip(" "))
    indents = []
    for number in range(index - 1, -1, -1):
        line = lines[number]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > here:
            indents.append(indent)
            continue
        match = _BLOCK_START.match(line)
        if match and indents and len(match.group(1)) <= here:
            return number + 1, match.group(2).strip(), min(indents)
        return None
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> DataError:
    """A syntax error at the place to fix: an unclosed quote or bracket is reported where it opens,
    and a line of a block of text that lost its indent where the indent was lost."""
    for mark in (exc.context_mark, exc.problem_mark):
        lost = lost_indent(text, mark.line) if mark is not None else None
        if lost is not None:
            start, field, indent = lost
            return DataError(
                file,
                mark.line + 1,
                1,
                field,
                f"this line lost its indent, so it ends the text of '{field}' (the block from line {start})",
                f"indent it with {indent} spaces, like the lines of the text above it",
            )
    problem = " ".join(p for p in (exc.context, exc.problem) if p)
    mark = exc.problem_mark or exc.context_mark
    hint = _yaml_hint(problem, text, mark)
    opener = exc.context_mark
    context = exc.context or ""
    if opener is not None and ("quoted scalar" in context or "flow sequence" in context or "flow mapping" in context):
        what = text[opener.index] if 0 <= opener.index < len(text) else ""
        what = {"'": "quotation mark (')", '"': 'quotation mark (")', "[": "bracket '['", "{": "brace '{'"}.get(
            what, "quotation mark or bracket"
        )
        found = (
            f"; YAML noticed at line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1}"
            if exc.problem_mark
            else ""
        )
        line, column = _mark(opener)
        return DataError(
            file,
            line,
            column,
            "",
            f"YAML syntax error: the {what} at line {line}, column {column} is never closed{found}",
            hint,
        )
    line, column = _mark(mark) if mark else (None, None)
    return DataError(file, line, column, "", f"YAML syntax error: {problem}", hint)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> DataError:
    """A character YAML does not accept anywhere in a file (a control character, say)."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return DataError(
        file,
        line,
        column,
        "",
        f"the file contains the character U+{ord(char):04X} at line {line}, column {column}, which YAML does not allow",
        "delete it (it is usually invisible: retype the text around that place)",
    )


def load_text(text: str, file: str) -> tuple[Loaded | None, list[DataError]]:
    """Parse YAML text; return the loaded data (or None) and the errors found. Line numbers are the
    ones an editor shows (lines.py)."""
    text, line_errors = editor_text(text, file)
    if line_errors:
        loaded, errors = _load_text(text, file)
        return None, line_errors + errors
    return _load_text(text, file)


def _load_text(text: str, file: str) -> tuple[Loaded | None, list[DataError]]:
    if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
        return None, [
            DataError(
                file, None, None, "", "the file is empty", "copy an existing file of the same kind as a starting point"
            )
        ]
    if _FAST and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        result = _load_with(_FastLoader, text, file)
        if result is not None:
            return result
    # The pure-Python loader checks every character and words syntax errors best.
    return _load_with(_Loader, text, file, final=True)


def _load_with(loader_class, text: str, file: str, final: bool = False):
    """Load with one loader class. A non-final loader returns None on any YAML error, so that the
    pure-Python loader can report it in its own (tested) words."""
    loaded = Loaded(file=file, data=None)
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is None:
            return None, [
                DataError(
                    file,
                    None,
                    None,
                    "",
                    "the file is empty",
                    "copy an existing file of the same kind as a starting point",
                )
            ]
        builder = _Builder(loaded, loader)
        loaded.data = builder.build(node)
    except _Refused as exc:
        line, column = _mark(exc.mark) if exc.mark else (None, None)
        return None, [DataError(file, line, column, "", f"refused: {exc.message}", exc.hint)]
    except yaml.MarkedYAMLError as exc:
        if not final:
            return None
        return None, [_syntax_error(exc, text, file)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_error(exc, text, file)]
    except yaml.YAMLError as exc:
        if not final:
            return None
        return None, [DataError(file, None, None, "", f"YAML error: {exc}", "check the YAML syntax")]
    except RecursionError:
        return None, [DataError(file, None, None, "", "refused: the file nests too deeply", "flatten the structure")]
    finally:
        if loader is not None:
            loader.dispose()
    if builder.errors:
        return None, builder.errors
    if loaded.data is None:  # a document of only '---' or '~'
        return None, [
            DataError(
                file, None, None, "", "the file is empty", "copy an existing file of the same kind as a starting point"
            )
        ]
    if not isinstance(loaded.data, dict):
        kind = type(loaded.data).__name__
        kind = {
            "list": "a list",
            "str": "plain text",
            "int": "a number",
            "float": "a number",
            "bool": "true/false",
        }.get(kind, kind)
        line, column = loaded.positions.get((), (1, 1))
        return None, [
            DataError(
                file,
                line,
                column,
                "",
                f"the file must hold fields (name: value), but it holds {kind}",
                "start the file with fields such as 'id:' and 'title:'",
            )
        ]
    return loaded, []


def _too_big(display: str, size: str) -> DataError:
    return DataError(
        display,
        None,
        None,
        "",
        f"refused: the file is {size} bytes, more than the limit of {MAX_FILE_BYTES:,}",
        "split the content or shorten it; one role, challenge or case study never needs this much",
    )


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[DataError]]:
    """Read and parse one file. `display` is the name shown in errors (a repository-relative path)."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # A link could make the build read (and quote in its errors) a file outside the repository.
        return None, [
            DataError(
                display,
                None,
                None,
                "",
                "refused: a data file must be an ordinary file, not a link or a folder",
                "replace the link with a copy of the file",
            )
        ]
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [_too_big(display, f"{size:,}")]
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more than the limit, whatever stat said
    except OSError as exc:
        return None, [
            DataError(
                display,
                None,
                None,
                "",
                f"cannot read the file: {exc.strerror}",
                "check that the file exists and can be read",
            )
        ]
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_big(display, f"more than {MAX_FILE_BYTES:,}")]
    try:
        text = _decode(raw, display)
    except _DecodeError as exc:
        return None, [exc.error]
    return load_text(text, display)
