"""Exercise 5: a one-page Architecture Decision Record for the system so far.

The ADR is Markdown: a ``# `` title and ``## `` sections. Sections are found by
a keyword in their heading, so "## Decision drivers" and "## Decision drivers
(why this matters)" both count, and Roman Urdu headings that keep the English
term do too, as do the headings of the Roman Urdu starter ``adr.ur-Latn.md``
(those of ``docs/adr/template.ur-Latn.md``: "Pas-e-manzar", "Faisle ke bunyaadi
awamil", "Zer-e-ghaur options", "Faisle ka nateeja", "Asraat", "Risk aur
governance", "Kamyabi ke metrics"). HTML comments (the template's prompts) are
ignored.

Checks: every required section is present and not empty, no template text is
left, at least two considered options, a compliance checklist of at least three
``- [x]`` / ``- [ ]`` items, at least two measurable success metrics (a number
with a unit: [metrics][archbook.rules.metrics], the rule ``adr-check`` applies too),
and a length that fits on one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archbook.learning.checker.common import SubmissionError, in_both_languages, word_count
from archbook.learning.checker.feedback import Finding
from archbook.rules.metrics import is_measurable

STARTER = "exercises/05-final-adr/starter/adr.md"
WORD_LIMIT = 1000
"""A one-page ADR stays under this many words."""

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("context", "Context", ("context", "pas-e-manzar")),
    ("drivers", "Decision drivers", ("driver", "awamil")),
    ("options", "Considered options", ("option",)),
    ("outcome", "Decision outcome", ("outcome", "nateeja")),
    ("consequences", "Consequences", ("consequence", "asraat")),
    ("risk", "Risk and governance", ("risk", "governance")),
    ("compliance", "Compliance checklist", ("compliance", "checklist")),
    ("metrics", "Success metrics", ("metric",)),
)
"""Required sections: key, heading as the template writes it, and heading keywords."""

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(.*\S)\s*$")
_PLACEHOLDER = re.compile(r"^(?:\.\.\.|…)$|\bTODO\b|\bTBD\b"
                          r"|<(?!/?(?:br|b|i|em|strong|code|sub|sup|a|span|div|kbd|abbr)\b|https?:|mailto:)[^<>\n]+>")


@dataclass
class Section:
    """One ``##`` section: its heading, first line, and the lines of its body."""

    heading: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def _strip_comments(text: str) -> str:
    """Remove HTML comments but keep the line count, so line numbers stay right."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _is_placeholder(line: str) -> bool:
    content = _BULLET.sub(r"\2", line).strip()
    content = re.sub(r"^\[[ xX]\]\s*", "", content)
    return bool(_PLACEHOLDER.search(content)) or content in {"...", "…"}


def parse(text: str) -> tuple[tuple[int, str] | None, list[tuple[int, str]], list[Section]]:
    """The title (line, text), the lines before the first section, and the ``##`` sections.

    HTML comments are removed first; line numbers stay those of the file.
    """
    title = None
    preamble: list[tuple[int, str]] = []
    sections: list[Section] = []
    fence = None
    for number, line in enumerate(_strip_comments(text).splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = None if fence else line.lstrip()[:3]
        heading = None if fence else _HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and title is None and not sections:
            title = (number, heading.group(2))
        elif heading and len(heading.group(1)) == 2:
            sections.append(Section(heading.group(2), number))
        elif sections:
            sections[-1].body.append((number, line))
        else:
            preamble.append((number, line))
    return title, preamble, sections


def match_section(heading: str) -> str | None:
    """The required-section key a heading stands for, if any."""
    lowered = heading.lower()
    for key, _, words in SECTIONS:
        if any(re.search(r"(?<![a-z])" + re.escape(word), lowered) for word in words):
            return key
    return None


def _content(section: Section) -> list[tuple[int, str]]:
    return [(n, line) for n, line in section.body if line.strip() and not _is_placeholder(line)]


def _top_level_items(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    items = []
    for number, line in lines:
        bullet = _BULLET.match(line)
        if bullet and len(bullet.group(1)) < 2:
            items.append((number, bullet.group(2).strip()))
    return items


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def check_markdown(text: str) -> list[Finding]:
    """Every problem in the text of an ADR."""
    findings: list[Finding] = []
    title, preamble, sections = parse(text)
    if title is None or not title[1].strip():
        findings.append(Finding("adr.no_title", {}, 1))
    for number, line in ([title] if title else []) + preamble:
        if line.strip() and _is_placeholder(line):
            findings.append(Finding("adr.placeholder", {"text": _shorten(line.strip())}, number))

    found: dict[str, Section] = {}
    for section in sections:
        key = match_section(section.heading)
        if key and key not in found:
            found[key] = section

    for section in sections:
        for number, line in section.body:
            if line.strip() and _is_placeholder(line) and _content(section):
                findings.append(Finding("adr.placeholder", {"text": _shorten(line.strip())}, number))

    for key, name, _ in SECTIONS:
        section = found.get(key)
        if section is None:
            findings.append(Finding("adr.missing_section", {"section": name}))
            continue
        content = _content(section)
        if not content:
            findings.append(Finding("adr.empty_section", {"section": name}, section.line))
            continue
        if key == "options":
            options = _top_level_items(content)
            options += [(n, line) for n, line in content if line.startswith("### ")]
            if len(options) < 2:
                findings.append(Finding("adr.few_options", {"count": len(options)}, section.line))
        elif key == "compliance":
            boxes = 0
            for number, line in content:
                if _CHECKBOX.match(line):
                    boxes += 1
                elif _BULLET.match(line) and len(_BULLET.match(line).group(1)) < 2:
                    findings.append(Finding("adr.not_checkbox", {"text": _shorten(line.strip())}, number))
            if boxes < 3:
                findings.append(Finding("adr.few_checklist", {"count": boxes}, section.line))
        elif key == "metrics":
            items = _top_level_items(content) or content
            measurable = [item for item in items if is_measurable(item[1])]
            if len(measurable) < 2:
                findings.append(Finding("adr.few_metrics", {"count": len(measurable)}, section.line))
                for number, item in items:
                    if not is_measurable(item):
                        findings.append(Finding("adr.unmeasurable_metric", {"text": _shorten(item)}, number))

    words = word_count(_strip_comments(text))
    if words > WORD_LIMIT:
        findings.append(Finding("adr.too_long", {"count": f"{words:,}", "limit": f"{WORD_LIMIT:,}"}))
    return findings


def check_text(text: str, shown: str) -> list[Finding]:
    """Check the text of an ADR file shown to the learner as ``shown``.

    Raises:
        SubmissionError: the file is empty.
    """
    if not text.strip():
        raise SubmissionError(Finding("empty_file", {"path": shown, "starter": in_both_languages(STARTER)}))
    return check_markdown(text)
