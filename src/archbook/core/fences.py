"""Tell fenced code apart from prose, line by line.

Every check and rewrite that reads Markdown (parity, spelling, glossary
links, ADR parsing and escaping, exercise pages, the page allow-list) must
leave fenced code alone; they all use this one reader so they agree on where
a fence ends. It follows ``pymdownx.superfences``, which renders the site's
fences, and when in doubt says *not a fence*, so that the line is checked as
prose (a check that looks at a code line too many is safe; one that skips a
line Markdown renders as HTML is not):

- an opening fence is three or more backticks or tildes after optional
  indentation, followed by an info string superfences accepts: a language,
  an attribute list ``{ ... }``, or the options ``title``, ``hl_lines`` and
  ``linenums`` (anything else, such as a second run of backticks, is not a fence);
- every non-blank line up to the closing fence is indented at least as far
  as the opening one (a line indented less ends the attempt: no fence);
- the closing fence is the same run of the same character, indented exactly
  as the opening one, with nothing after it but spaces;
- a fence that is never closed is not a fence; nor is one inside a block
  quote (``>``), which this reader does not follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_OPENING = re.compile(
    r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |
        (?P<options>
            (?:(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$))+
        )
    )?[ \t]*$
    """)
"""superfences' ``RE_NESTED_FENCE_START`` without its "unrecognized" branch."""

_OPTION = re.compile(r"""([a-zA-Z][a-zA-Z0-9_]*)(?:=("|')(.*?)\2)?""")

KNOWN_OPTIONS = frozenset({"title", "hl_lines", "linenums"})
"""Fence options the site's superfences and highlight settings accept."""

TAB = 4


def _indent(line: str) -> tuple[int, int, bool]:
    """(characters, columns, any '>') of the leading whitespace and quote markers of ``line``."""
    chars = columns = 0
    quoted = False
    for char in line:
        if char == "\t":
            columns += TAB - columns % TAB
        elif char == " ":
            columns += 1
        elif char == ">":
            quoted = True
            columns += 1
        else:
            break
        chars += 1
    return chars, columns, quoted


def _opening(line: str) -> tuple[str, int] | None:
    """The fence run and the indentation (columns) of an opening fence line, or None."""
    chars, columns, quoted = _indent(line)
    if quoted:
        return None
    match = _OPENING.match(line, chars)
    if match is None:
        return None
    if match.group("options"):
        keys = {option.group(1) for option in _OPTION.finditer(match.group("options"))}
        if not keys <= KNOWN_OPTIONS:
            return None
    return match.group("fence"), columns


def _strip(line: str, columns: int) -> tuple[int, str]:
    """(columns of indentation removed, the rest) with at most ``columns`` removed, as superfences does."""
    taken = index = 0
    while index < len(line) and taken < columns and line[index] in " \t>":
        if line[index] == ">":
            return -1, line  # a quote marker inside a fence that did not start in a quote
        taken += TAB - taken % TAB if line[index] == "\t" else 1
        index += 1
    return taken, line[index:]


def _closing(lines: list[str], start: int, fence: str, columns: int) -> tuple[bool, int]:
    """(closed, index) for the fence opened at ``start``.

    ``closed``: ``index`` is its closing line. Otherwise superfences dropped
    the attempt at line ``index`` (a line indented too little, or the end):
    the lines up to it are prose, and none of them opens a fence.
    """
    end = re.compile(re.escape(fence) + r"[ \t]*$")
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        taken, content = _strip(line, columns)
        if taken == -1 or (taken < columns and content):
            return False, index
        if end.match(content) and not content.startswith((" ", "\t")):
            return True, index
    return False, len(lines) - 1


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with ``True`` if it opens, closes or lies inside a fenced code block.

    See the module's description for the rules; they are superfences' own,
    erring towards *not a fence*.
    """
    lines = list(lines)
    bare = [line.rstrip("\r\n") for line in lines]
    index = 0
    while index < len(lines):
        opening = _opening(bare[index])
        if opening is None:
            yield lines[index], False
            index += 1
            continue
        closed, last = _closing(bare, index, *opening)
        for line in lines[index:last + 1]:
            yield line, closed
        index = last + 1
