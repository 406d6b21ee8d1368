"""Read a Markdown page into the parts the checks compare: headings, macro calls, images.

The reader is deliberately small: it skips front matter and fenced code, and
understands headings with an ``attr_list`` id (``## Title { #slug }``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from archbook.fences import fenced

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
    headings: list[Heading] = field(default_factory=list)
    macros: list[tuple[str, int]] = field(default_factory=list)
    images: list[tuple[str, int]] = field(default_factory=list)
    prose: list[tuple[int, str]] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict, list[str], int]:
    """Front matter (as a mapping), the remaining lines, and the line number they start at."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in {"---", "..."}:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
                if not isinstance(meta, dict):
                    raise ValueError("front matter must be a mapping")
                return meta, lines[end + 1:], end + 2
    return {}, lines, 1


def read_page(path: Path) -> Page:
    """Parse ``path`` into a [Page][archbook.pages.Page]."""
    meta, lines, first = split_front_matter(path.read_text(encoding="utf-8"))
    page = Page(path, meta)
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
