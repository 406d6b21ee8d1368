"""The project's one YAML reader: strict, bounded, and aware of every value's line.

Data files, decision-record front matter, page front matter and learners'
submissions are all read here, because they all come from people and a
mistake must be reported at its line. :func:`load_with_lines` returns the
parsed value together with a map from each value's path
(``("entries", 2, "role", "en")``) to its line.

What plain YAML allows and this reader refuses, each with a message and line:

- a key written twice (plain YAML silently keeps the last);
- tags other than the plain types (``!!python/object`` and friends);
- anchors and aliases (``&x`` / ``*x``): besides being unneeded in hand-written
  facts, aliases are how a few lines expand into billions of values;
- more than [MAX_YAML_NODES][archbook.core.limits.MAX_YAML_NODES] values or nesting
  deeper than [MAX_YAML_DEPTH][archbook.core.limits.MAX_YAML_DEPTH] (checked on the
  event stream, before any tree is built: libyaml itself crashes on very deep
  nesting);
- impossible dates such as ``2026-02-30``;
- several documents in one file.

A UTF-8 byte-order mark at the start is ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from archbook.core.errors import ArchbookError
from archbook.core.limits import MAX_YAML_DEPTH, MAX_YAML_NODES

Path_ = tuple[Any, ...]


class YamlError(ArchbookError):
    """A text is not well-formed YAML, or uses what the reader refuses. Carries the line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__([message])
        self.line = line


@dataclass
class Located:
    """A parsed YAML document, the 1-based line of every value, and of every mapping key."""

    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)

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
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster
_SCALARS = yaml.constructor.SafeConstructor()


def _malformed(exc: yaml.YAMLError, offset: int, text: str) -> YamlError:
    """A parser error as a message at the line where the broken construct starts."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if problem_mark and context_mark and problem_mark.line != context_mark.line:
        opened = (getattr(exc, "context", None) or "a construct").replace("while parsing a ", "")
        opened = opened.replace("while parsing ", "")
        return YamlError(f"malformed YAML: {problem} on line {problem_mark.line + 1 + offset}, "
                         f"in the {opened} that starts here", context_mark.line + 1 + offset)
    mark = problem_mark or context_mark
    lines = text.split("\n")
    if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
        problem += " (the line holds a tab: indent with spaces)"
    return YamlError(f"malformed YAML: {problem}", mark.line + 1 + offset if mark else None)


def _check_events(text: str, offset: int) -> None:
    """Refuse aliases, anchors, too many values, too deep nesting and extra documents.

    Runs over libyaml's event stream, which needs no recursion and builds no
    tree, so a hostile text is refused in time proportional to its length.
    """
    depth = nodes = documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(f"aliases are not supported (found *{event.anchor}); write the value out", line)
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise YamlError(f"anchors are not supported (found &{event.anchor}); write the value out", line)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError("expected one YAML document, found several", line)
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                nodes += 1
                if depth > MAX_YAML_DEPTH:
                    raise YamlError(f"expected at most {MAX_YAML_DEPTH} levels of nesting, got more", line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
            if nodes > MAX_YAML_NODES:
                raise YamlError(f"expected at most {MAX_YAML_NODES:,} values, got more", line)
    except yaml.YAMLError as exc:
        raise _malformed(exc, offset, text) from None


def _tag(tag: str) -> str:
    """A tag as it is written in the file: ``!!python/object`` rather than its long form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _scalar(node: yaml.ScalarNode, dates_as_text: bool, line: int) -> Any:
    if node.tag == _TIMESTAMP:
        if dates_as_text:
            return node.value  # the caller checks the exact form and the calendar
        try:
            value = _SCALARS.construct_object(node, deep=True)
        except ValueError as exc:
            raise YamlError(f"expected a real date, got {node.value!r} ({exc})", line) from None
        return value
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError) as exc:  # a whole number of more than 4,300 digits
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        raise YamlError(f"unreadable value {shown!r}: {str(exc).split(':')[0]}", line) from None


def _construct(node: yaml.Node, path: Path_, located: Located, offset: int, dates_as_text: bool) -> Any:
    line = node.start_mark.line + 1 + offset
    located.lines[path] = line
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(f"unsupported YAML tag {_tag(node.tag)}; only plain values are allowed", line)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("merge keys (<<) are not supported; write the values out", key_line)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise YamlError("mapping keys must be plain values", key_line)
            key = _scalar(key_node, True, key_line)
            if isinstance(key, (dt.date, dt.datetime)):
                key = key_node.value
            if key in result:
                raise YamlError(f"duplicate key {key!r}", key_line)
            located.key_lines[path + (key,)] = key_line
            result[key] = _construct(value_node, path + (key,), located, offset, dates_as_text)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), located, offset, dates_as_text)
                for i, item in enumerate(node.value)]
    return _scalar(node, dates_as_text, line)


def load_with_lines(text: str, *, first_line: int = 1, dates_as_text: bool = False) -> Located:
    """Parse one YAML document, strictly, keeping line numbers.

    Args:
        text: the YAML text (a leading byte-order mark is ignored).
        first_line: the file line of the text's first line (front matter starts on line 2).
        dates_as_text: keep ``2026-01-31`` as text instead of a ``date``.

    Raises:
        YamlError: malformed YAML, a repeated key, an alias or anchor, a tag, an
            impossible date, too many values, too deep nesting, or several documents.
    """
    text = text.removeprefix("\ufeff")
    offset = first_line - 1
    _check_events(text, offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:  # pragma: no cover - the event pass found these already
        raise _malformed(exc, offset, text) from None
    if node is None:
        return Located(None, {(): first_line})
    located = Located(None)
    located.value = _construct(node, (), located, offset, dates_as_text)
    return located
