"""Read a Markdown page into the parts the checks compare: headings, macro calls, images.

The reader is deliberately small: it skips front matter and fenced code, and
understands headings with an ``attr_list`` id (``## Title { #slug }``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archbook.core.errors import ArchbookError
from archbook.core.errors import located as located_message
from archbook.core.fences import fenced
from archbook.core.front_matter_split import FIRST_YAML_LINE, split_front_matter_lines
from archbook.core.limits import MAX_PAGE_BYTES
from archbook.core.textfiles import TextFileError, read_text
from archbook.core.yamlio import YamlError, load_with_lines

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^{}]*?#([A-Za-z0-9_:.-]+)[^{}]*\}\s*$")
_MACRO = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None
    line: int


@dataclass
class Page:
    """The comparable parts of one Markdown page."""

    path: Path
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    macros: list[tuple[str, int]] = field(default_factory=list)
    images: list[tuple[str, int]] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)


class PageError(ArchbookError):
    """A page cannot be read: not UTF-8, too large, or malformed front matter."""


def split_front_matter(text: str, shown: str = "<page>") -> tuple[dict, list[str], int, dict[str, int]]:
    """Front matter (as a mapping), the remaining lines, the line number they start at, and each key's line.

    Raises:
        PageError: the front matter is not one well-formed, plain YAML mapping,
            or its closing ``---`` is missing (message names the file and line).
    """
    lines = text.splitlines()
    split = split_front_matter_lines(lines)
    if not split.present:
        return {}, lines, 1, {}
    if not split.closed:
        raise PageError(f"{shown}:1: front matter: expected a closing '---' line, got the end of the file")
    try:
        located = load_with_lines(split.yaml, first_line=FIRST_YAML_LINE)
    except YamlError as exc:
        raise PageError(located_message(shown, exc.line, f"front matter: {exc}")) from None
    meta = located.value if located.value is not None else {}
    if not isinstance(meta, dict):
        raise PageError(f"{shown}:2: front matter: expected a mapping of keys to values, got a single value")
    key_lines = {path[0]: line for path, line in located.key_lines.items() if len(path) == 1}
    return meta, lines[split.body_start:], split.body_start + 1, key_lines


def read_page(path: Path, shown: str | None = None) -> Page:
    """Parse ``path`` into a [Page][archbook.content.page_source.Page].

    Raises:
        PageError: the file is not UTF-8 text, is over the size limit, or its front matter is malformed.
    """
    shown = shown or path.as_posix()
    try:
        text = read_text(path, shown, max_bytes=MAX_PAGE_BYTES)
    except TextFileError as exc:
        raise PageError(exc.problems) from None
    meta, lines, first, meta_lines = split_front_matter(text, shown)
    page = Page(path, meta, meta_lines=meta_lines)
    for number, (line, code) in enumerate(fenced(lines), start=first):
        if code:
            continue
        for match in _MACRO.finditer(line):
            call = " ".join((match.group(1) or match.group(2) or "").split())
            page.macros.append((call, number))
        for match in _IMAGE.finditer(line):
            page.images.append((match.group(1), number))
        for match in _HTML_IMAGE.finditer(line):
            page.images.append((match.group(1), number))
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2)
            anchor = _ATTR_ID.search(title)
            page.headings.append(Heading(len(heading.group(1)), title, anchor.group(1) if anchor else None, number))
            continue
        page.prose.append((number, line))
    return page
