"""Read one ADR file into the parts the validator and the site need, with line numbers.

An ADR is front matter (YAML between ``---`` lines) and a Markdown body. The
reader keeps the file line of every front-matter key and of every heading,
bullet and link, so that each problem can be reported at its line. It never
fails: malformed YAML is recorded on the document for the validator to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archbook.core.fences import fenced
from archbook.core.front_matter_split import FIRST_YAML_LINE, split_front_matter_lines
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX
from archbook.core.limits import MAX_ADR_BYTES
from archbook.safety.markup_policy import blank_code
from archbook.core.textfiles import TextFileError, read_text
from archbook.core.yamlio import YamlError, load_with_lines

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TRAILING_ATTR = re.compile(r"\s*\{([^{}]*)\}\s*$")
_ANCHOR = re.compile(r"#([A-Za-z0-9_:.-]+)")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*\S)")
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")

ADR_FILE = re.compile(r"^(?P<number>\d{4})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
"""The stem of an English ADR file: ``0003-semantic-cache``."""

TEMPLATE_STEM = "template"


@dataclass
class FrontMatter:
    """The front matter of one file.

    ``data`` is None when there is none or it is not a YAML mapping; ``error``
    then says why, at ``error_line``. ``lines`` maps each top-level key to its
    file line; ``value_lines`` maps a path such as ``("concerns", 2)`` to its line.
    """

    present: bool = False
    data: dict[str, Any] | None = None
    lines: dict[str, int] = field(default_factory=dict)
    value_lines: dict[tuple, int] = field(default_factory=dict)
    error: str | None = None
    error_line: int = 1
    end_line: int = 0

    def line_of(self, key: str, default: int = 1) -> int:
        """File line of ``key``, or ``default`` (line 1: the opening ``---``)."""
        return self.lines.get(key, default)


@dataclass(frozen=True)
class Heading:
    """A Markdown heading: level, visible text, trailing attribute list and its anchor."""

    level: int
    text: str
    attrs: str | None
    anchor: str | None
    line: int

    def shown(self) -> str:
        """The heading roughly as written, for messages."""
        attrs = f" {{{self.attrs}}}" if self.attrs is not None else ""
        return f"{'#' * self.level} {self.text}{attrs}"


@dataclass(frozen=True)
class Link:
    """A link or image target in the body."""

    target: str
    line: int
    image: bool


@dataclass(frozen=True)
class BodyLine:
    """One line of the body with its file line and whether it is inside fenced code."""

    number: int
    text: str
    in_code: bool

    @property
    def prose(self) -> str:
        """The line with inline code blanked out (code is shown, never interpreted)."""
        return "" if self.in_code else blank_code(self.text)


@dataclass
class AdrDocument:
    """One ADR file, read.

    Attributes:
        path: the file.
        name: the path shown in messages (relative to the project root).
        lang: ``en`` or ``ur-Latn`` (from the file name).
        stem: the English stem (``0003-semantic-cache`` for both twins).
        front: the front matter.
        body: every body line.
        headings: every heading outside fenced code.
        sections: anchor of each required section -> its lines (up to the next heading of
            the same or a higher level).
        options: the ``### { #option-... }`` headings under "Pros and cons of the options".
        considered: top-level list items of "Considered options".
        metrics: top-level list items of "Success metrics".
        confirmation: the text of "Confirmation" (how compliance with the decision is checked).
        links: every link and image target.
    """

    path: Path
    name: str
    lang: str
    stem: str
    front: FrontMatter
    body: list[BodyLine] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sections: dict[str, list[BodyLine]] = field(default_factory=dict)
    options: list[Heading] = field(default_factory=list)
    considered: list[tuple[int, str]] = field(default_factory=list)
    metrics: list[tuple[int, str]] = field(default_factory=list)
    confirmation: str = ""
    links: list[Link] = field(default_factory=list)
    unreadable: bool = False

    @property
    def is_template(self) -> bool:
        """True for ``template.md`` and its twin, the scaffold's source."""
        return self.stem == TEMPLATE_STEM

    @property
    def data(self) -> dict[str, Any] | None:
        """The front matter mapping (None if missing or malformed)."""
        return self.front.data

    def section_line(self, anchor: str, default: int = 1) -> int:
        """The line of the heading with ``anchor``."""
        for heading in self.headings:
            if heading.anchor == anchor:
                return heading.line
        return default


# --- front matter -------------------------------------------------------------------------

def parse_front_matter(lines: list[str]) -> tuple[FrontMatter, int]:
    """The front matter of a file's lines, and the index of the first body line.

    The YAML between the ``---`` lines is read by the project's one strict
    reader ([load_with_lines][archbook.core.yamlio.load_with_lines]); dates stay
    text so that the model can check their exact form and the calendar.
    """
    front = FrontMatter()
    split = split_front_matter_lines(lines)
    if not split.present:
        front.error, front.error_line = "expected a YAML block between '---' lines at the top, got none", 1
        return front, split.body_start
    front.present = True
    if not split.closed:
        front.error = "expected a closing '---' line, got the end of the file"
        return front, split.body_start
    front.end_line = split.closing_line
    body = split.body_start
    try:
        located = load_with_lines(split.yaml, first_line=FIRST_YAML_LINE, dates_as_text=True)
    except YamlError as exc:
        problem = str(exc).removeprefix("malformed YAML: ")
        front.error = f"expected well-formed, plain YAML, got {problem}"
        front.error_line = exc.line or FIRST_YAML_LINE
        return front, body
    if located.value is None:
        front.error, front.error_line = "expected one YAML mapping, got nothing", FIRST_YAML_LINE
        return front, body
    if not isinstance(located.value, dict):
        front.error, front.error_line = "expected a mapping of keys to values, got a single value", FIRST_YAML_LINE
        return front, body
    front.data = located.value
    # A key's line is where the key is written, even when its value starts below it.
    front.value_lines = {**located.lines, **located.key_lines}
    front.lines = {path[0]: line for path, line in front.value_lines.items() if len(path) == 1}
    return front, body


# --- body ---------------------------------------------------------------------------------

def parse_heading(line: str, number: int) -> Heading | None:
    """A heading from one line, with its trailing ``{ ... }`` attribute list split off."""
    match = _HEADING.match(line)
    if not match:
        return None
    text = match.group(2)
    attrs = anchor = None
    trailing = _TRAILING_ATTR.search(text)
    if trailing:
        attrs = trailing.group(1).strip()
        text = text[:trailing.start()].rstrip()
        found = _ANCHOR.search(attrs)
        anchor = found.group(1) if found else None
    return Heading(len(match.group(1)), text, attrs, anchor, number)


def language_and_stem(path: Path) -> tuple[str, str]:
    """``(language, English stem)`` of an ADR file name."""
    name = path.name
    if name.endswith(TWIN_SUFFIX):
        return ROMAN_URDU, name[: -len(TWIN_SUFFIX)]
    return ENGLISH, path.stem


def _items(lines: list[BodyLine]) -> list[tuple[int, str]]:
    """Top-level list items (the least indented bullets) of a section."""
    found = []
    for line in lines:
        if line.in_code:
            continue
        match = _BULLET.match(line.text)
        if match:
            found.append((len(match.group(1)), line.number, match.group(2).strip()))
    if not found:
        return []
    top = min(indent for indent, _, _ in found)
    return [(number, text) for indent, number, text in found if indent == top]


def parse_body(doc: AdrDocument, lines: list[str], first: int) -> None:
    """Fill the body parts of ``doc`` from the lines after the front matter."""
    for number, (text, code) in enumerate(fenced(lines), start=first):
        if code:
            doc.body.append(BodyLine(number, text, True))
            continue
        line = BodyLine(number, text, False)
        doc.body.append(line)
        heading = parse_heading(text, number)
        if heading:
            doc.headings.append(heading)
        prose = line.prose
        for match in _LINK.finditer(prose):
            doc.links.append(Link(match.group(3), number, match.group(1) == "!"))
        ref = _REF_DEF.match(prose)
        if ref:
            doc.links.append(Link(ref.group(1), number, False))

    # Sections: each heading owns the lines up to the next heading of its level or higher.
    starts = {h.line: h for h in doc.headings}
    current: list[tuple[Heading, list[BodyLine]]] = []
    for line in doc.body:
        heading = starts.get(line.number) if not line.in_code else None
        if heading:
            current = [(h, body) for h, body in current if h.level < heading.level]
            body: list[BodyLine] = []
            current.append((heading, body))
            if heading.anchor and heading.anchor not in doc.sections:
                doc.sections[heading.anchor] = body
            continue
        for _, body in current:
            body.append(line)

    in_options = False
    for heading in doc.headings:
        if heading.level <= 2:
            in_options = heading.anchor == "pros-and-cons-of-the-options"
        elif heading.level == 3 and in_options and (heading.anchor or "").startswith("option-"):
            doc.options.append(heading)
    doc.considered = _items(doc.sections.get("considered-options", []))
    doc.metrics = _items(doc.sections.get("success-metrics", []))
    doc.confirmation = "\n".join(line.text for line in doc.sections.get("confirmation", [])).strip()


def parse_text(text: str, path: Path, name: str | None = None) -> AdrDocument:
    """Read an ADR from its text; ``path`` decides the language and stem."""
    lang, stem = language_and_stem(path)
    lines = text.splitlines()
    front, first_index = parse_front_matter(lines)
    doc = AdrDocument(path, name or path.as_posix(), lang, stem, front)
    parse_body(doc, lines[first_index:], first_index + 1)
    return doc


def read_adr(path: Path, name: str | None = None) -> AdrDocument:
    """Read the ADR file at ``path`` (``name`` is how messages show it)."""
    shown = name or path.as_posix()
    try:
        text = read_text(path, shown, max_bytes=MAX_ADR_BYTES)
    except TextFileError as exc:
        doc = parse_text("", path, name)
        doc.front.error = exc.problems[0].split(": ", 1)[1] if ": " in exc.problems[0] else exc.problems[0]
        doc.front.error_line = exc.line or 1
        doc.unreadable = True
        return doc
    return parse_text(text, path, name)
