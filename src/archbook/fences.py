"""Tell fenced code apart from prose, line by line.

Every check and rewrite that reads Markdown (parity, spelling, glossary
links, ADR parsing and escaping, exercise pages) must leave fenced code
alone; they all use this one reader so they agree on where a fence ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_FENCE = re.compile(r"^\s*(```+|~~~+)")


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with ``True`` if it opens, closes or lies inside a fenced code block.

    A fence closes on a line starting with the same character repeated at
    least as many times as the opening fence (CommonMark).
    """
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield line, True
        elif opening:
            fence = opening.group(1)
            yield line, True
        else:
            yield line, False
