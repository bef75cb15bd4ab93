"""Read one YAML data file safely, keeping the line and column of every value.

The loader refuses what would hurt the build (huge files, alias bombs, deep nesting, bytes that are
not UTF-8) and what PyYAML lets through silently (duplicate keys). It never runs code: only plain
YAML scalars, lists and mappings are built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: the largest real file is far smaller
MAX_ALIASES = 20  # `*name` uses per file; a "billion laughs" needs far more
MAX_DEPTH = 40  # nesting of lists and mappings

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


class _Loader(yaml.SafeLoader):
    """SafeLoader that counts aliases so an alias bomb is refused early."""

    def __init__(self, stream):
        super().__init__(stream)
        self.alias_count = 0

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
        return super().compose_node(parent, index)


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


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain Python data, recording positions."""

    def __init__(self, loaded: Loaded, loader: _Loader):
        self.loaded = loaded
        self.loader = loader
        self.errors: list[DataError] = []

    def build(self, node, path: tuple = (), depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure", node.start_mark)
        self.loaded.positions[path] = _mark(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _SCALAR_TAGS:
                return self.loader.construct_object(node, deep=True)
            # Strings, dates and anything else stay as the text the contributor wrote.
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused("merge keys (<<) are not supported", "write the fields out in full", key_node.start_mark)
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused("a field name must be plain text", "remove the brackets around the field name", key_node.start_mark)
                key = key_node.value
                where = _mark(key_node.start_mark)
                if key in seen:
                    first = seen[key][0]
                    self.errors.append(
                        DataError(
                            self.loaded.file, where[0], where[1], dotted(path + (key,)),
                            f"duplicate field '{key}' (already given on line {first}); YAML would silently keep only the last one",
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
                file, line, column, "",
                f"the file is not UTF-8: byte 0x{byte:02x} at line {line}, column {column} cannot be read",
                "save the file as UTF-8 (in most editors: Save with encoding → UTF-8); retype the character around that place",
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


def load_text(text: str, file: str) -> tuple[Loaded | None, list[DataError]]:
    """Parse YAML text; return the loaded data (or None) and the errors found."""
    loaded = Loaded(file=file, data=None)
    if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
        return None, [DataError(file, None, None, "", "the file is empty", "copy an existing file of the same kind as a starting point")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [DataError(file, None, None, "", "the file is empty", "copy an existing file of the same kind as a starting point")]
        builder = _Builder(loaded, loader)
        loaded.data = builder.build(node)
    except _Refused as exc:
        line, column = _mark(exc.mark) if exc.mark else (None, None)
        return None, [DataError(file, line, column, "", f"refused: {exc.message}", exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _mark(mark) if mark else (None, None)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, [DataError(file, line, column, "", f"YAML syntax error: {problem}", _yaml_hint(problem, text, mark))]
    except yaml.YAMLError as exc:
        return None, [DataError(file, None, None, "", f"YAML error: {exc}", "check the YAML syntax")]
    except RecursionError:
        return None, [DataError(file, None, None, "", "refused: the file nests too deeply", "flatten the structure")]
    finally:
        loader.dispose()
    if builder.errors:
        return None, builder.errors
    if not isinstance(loaded.data, dict):
        kind = type(loaded.data).__name__
        kind = {"list": "a list", "str": "plain text", "int": "a number", "float": "a number", "bool": "true/false"}.get(kind, kind)
        return None, [DataError(file, 1, 1, "", f"the file must hold fields (name: value), but it holds {kind}", "start the file with fields such as 'id:' and 'title:'")]
    return loaded, []


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[DataError]]:
    """Read and parse one file. `display` is the name shown in errors (a repository-relative path)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [DataError(display, None, None, "", f"cannot read the file: {exc.strerror}", "check that the file exists and can be read")]
    if size > MAX_FILE_BYTES:
        return None, [
            DataError(
                display, None, None, "",
                f"refused: the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
                "split the content or shorten it; one role, challenge or case study never needs this much",
            )
        ]
    raw = path.read_bytes()
    try:
        text = _decode(raw, display)
    except _DecodeError as exc:
        return None, [exc.error]
    return load_text(text, display)
