"""Split a Markdown file's lines into its front-matter block and its body.

Front matter is YAML between a first line ``---`` and the next line that is
``---`` or ``...`` (surrounding spaces ignored). This module only finds the
block; reading the YAML (with ``archbook.core.yamlio.load_with_lines``,
``first_line=FIRST_YAML_LINE``) and what to do when it is missing or
unclosed stay with the caller: a page without front matter is fine, an ADR
without one is a problem to report.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENING = "---"
"""The line that opens front matter, as the first line of the file."""

CLOSINGS = frozenset({"---", "..."})
"""The lines that close it."""

FIRST_YAML_LINE = 2
"""The file line (from 1) of the first line of YAML: the one after the opening ``---``."""


@dataclass(frozen=True)
class FrontMatterSplit:
    """Where a file's front matter is.

    Attributes:
        present: the first line opens front matter.
        closed: a closing line was found (always False when not ``present``).
        yaml: the text between the two lines ("" when not ``present`` or not ``closed``).
        body_start: index in the lines of the first body line: 0 without front matter,
            the number of lines when unclosed, else the line after the closing one.
    """

    present: bool
    closed: bool
    yaml: str
    body_start: int

    @property
    def closing_line(self) -> int | None:
        """The file line (from 1) of the closing ``---``, if there is one."""
        return self.body_start if self.closed else None


def split_front_matter_lines(lines: list[str]) -> FrontMatterSplit:
    """Find the front-matter block at the top of ``lines`` (a file's text, split into lines)."""
    if not lines or lines[0].strip() != OPENING:
        return FrontMatterSplit(False, False, "", 0)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in CLOSINGS), None)
    if end is None:
        return FrontMatterSplit(True, False, "", len(lines))
    return FrontMatterSplit(True, True, "\n".join(lines[1:end]), end + 1)
