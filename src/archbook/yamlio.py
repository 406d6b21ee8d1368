"""Strict YAML reading that remembers where every value came from.

Data files are facts that people edit by hand, so a mistake must be reported
at its line. :func:`load_with_lines` returns the parsed value together with a
map from each value's path (``("entries", 2, "role", "en")``) to its line.
Duplicate keys, which plain YAML silently collapses, are an error here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Any, ...]


class YamlError(ValueError):
    """A file is not well-formed YAML (or repeats a key). Carries the line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Located:
    """A parsed YAML document and the 1-based line of every value in it."""

    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


def _construct(node: yaml.Node, path: Path_, lines: dict[Path_, int],
               scalars: yaml.constructor.SafeConstructor) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(f"unsupported YAML tag {node.tag!r}", node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path + ("<key>",), {}, scalars)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlError("mapping keys must be plain values", key_node.start_mark.line + 1)
            if key in result:
                raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            result[key] = _construct(value_node, path + (key,), lines, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, scalars) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor decide the type (int, bool, date, str ...).
    return scalars.construct_object(node, deep=True)


def load_with_lines(text: str) -> Located:
    """Parse one YAML document, strictly, keeping line numbers.

    Raises:
        YamlError: malformed YAML, a repeated key, an alias, or several documents.
    """
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise YamlError(f"malformed YAML: {problem}", line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise YamlError(f"malformed YAML: {exc}") from None
    if len(nodes) > 1:
        raise YamlError("expected one YAML document, found several", None)
    if not nodes or nodes[0] is None:
        return Located(None, {(): 1})
    lines: dict[Path_, int] = {}
    value = _construct(nodes[0], (), lines, yaml.constructor.SafeConstructor())
    return Located(value, lines)
