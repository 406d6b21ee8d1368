"""Load and validate the data files, with errors that name file, entry and field.

A bad data file must stop the build with a message a contributor can act on
without reading Python: ``data/roles.yml:14: entry 2 (ml-engineer): field
'primary_concern.ur-Latn': missing translation``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from archbook.core.errors import ArchbookError
from archbook.core.languages import LANGUAGES
from archbook.core.limits import MAX_DATA_FILE_BYTES
from archbook.content.models import DiagramText
from archbook.core.textfiles import TextFileError, read_text
from archbook.core.yamlio import Located, YamlError, load_with_lines

M = TypeVar("M", bound=BaseModel)


class DataError(ArchbookError, ValueError):
    """One or more problems in data files; ``str()`` lists them one per line."""


def _describe_value(value: Any) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true/false",
             list: "a list", dict: "a mapping", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _message(error: dict) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "missing":
        if loc and loc[-1] in LANGUAGES:
            return f"missing translation ({loc[-1]})"
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in {"string_type", "bool_type", "int_type", "float_type", "list_type",
                "dict_type", "model_type"}:
        expected = {"string_type": "text", "bool_type": "true/false", "int_type": "a whole number",
                    "float_type": "a number", "list_type": "a list", "dict_type": "a mapping",
                    "model_type": "a mapping"}[kind]
        return f"expected {expected}, got {_describe_value(error['input'])}"
    if kind == "string_too_short":
        if loc and loc[-1] in LANGUAGES:
            return f"empty translation ({loc[-1]})"
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return f"expected a slug (lower-case words joined by '-'), got {error['input']!r}"
    if kind == "value_error":
        return str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
    return error["msg"]


def describe_errors(source: str, located: Located, exc: ValidationError) -> list[str]:
    """Turn a pydantic error into ``file:line: entry N (id): field 'a.b': message`` lines."""
    raw = located.value
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        line = located.line_of(loc)
        where = f"{source}:{line}" if line else source
        parts = []
        rest = loc
        if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
            number = loc[1] + 1
            entry_id = None
            try:
                entry_id = raw["entries"][loc[1]].get("id")
            except (AttributeError, IndexError, KeyError, TypeError):
                pass
            parts.append(f"entry {number}" + (f" ({entry_id})" if entry_id else ""))
            rest = loc[2:]
        # Drop pydantic's internal segments such as "function-after[...]".
        rest = tuple(str(p) for p in rest if not str(p).startswith(("function-", "tagged-union")))
        if rest:
            parts.append(f"field '{'.'.join(rest)}'")
        parts.append(_message(error))
        problems.append(f"{where}: " + ": ".join(parts))
    return problems


def strings_in(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string inside a YAML document with its path (mapping keys and list indexes), in order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, path + (index,))
    elif isinstance(value, str):
        yield path, value


def read_yaml(path: Path, source: str | None = None) -> Located:
    """Read a YAML file strictly; raise [DataError][archbook.content.data.DataError] with its line."""
    source = source or path.as_posix()
    try:
        text = read_text(path, source, max_bytes=MAX_DATA_FILE_BYTES)
    except TextFileError as exc:
        raise DataError(exc.problems) from None
    try:
        return load_with_lines(text)
    except YamlError as exc:
        where = f"{source}:{exc.line}" if exc.line else source
        raise DataError([f"{where}: {exc}"]) from None


def validate(model: type[M], path: Path, source: str | None = None) -> M:
    """Read ``path`` and validate it against ``model``."""
    source = source or path.as_posix()
    located = read_yaml(path, source)
    if not isinstance(located.value, dict):
        raise DataError([f"{source}:1: expected a mapping at the top of the file, "
                         f"got {_describe_value(located.value)}"])
    try:
        return model.model_validate(located.value)
    except ValidationError as exc:
        raise DataError(describe_errors(source, located, exc)) from None


def load_diagram_text(path: Path, source: str | None = None) -> DiagramText:
    """Validate the labels file of one diagram."""
    return validate(DiagramText, path, source)
