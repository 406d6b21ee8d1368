"""Translation parity: every page has its twin, and twins share their structure.

Twins sit side by side in the suffix layout: ``docs/x.md`` is English and
``docs/x.ur-Latn.md`` its Roman Urdu twin. Twins must agree on the sequence of
heading anchors (so links work in both languages), on their macro calls (so
both show the same tables and diagrams) and on their image references. Every
heading needs an explicit, language-neutral anchor: ``## Title { #slug }``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from archbook.adr.parse import ADR_FILE, TEMPLATE_STEM
from archbook.core.languages import TWIN_SUFFIX, twin_path
from archbook.safety.markup_policy import page_findings
from archbook.content.page_source import Page, PageError, read_page

SHARED_META = ("render_macros", "template", "hide", "search", "scripts", "styles", "glossary_links")
"""Front-matter keys that must be equal in both twins."""


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def page_files(docs_dir: Path) -> list[Path]:
    """Every Markdown page below ``docs_dir``."""
    return sorted(p for p in docs_dir.rglob("*.md") if p.is_file())


def check_headings(page: Page, name: str) -> list[str]:
    """Every heading carries an explicit anchor, unique within the page."""
    problems, seen = [], {}
    for heading in page.headings:
        if heading.anchor is None:
            problems.append(f"{name}:{heading.line}: heading '{heading.text}' has no "
                            "language-neutral anchor; end it with { #some-slug }")
        elif heading.anchor in seen:
            problems.append(f"{name}:{heading.line}: anchor '#{heading.anchor}' is already used "
                            f"on line {seen[heading.anchor]}")
        else:
            seen[heading.anchor] = heading.line
    return problems


def _compare(kind: str, left: list[tuple[str, int]], right: list[tuple[str, int]],
             left_name: str, right_name: str) -> list[str]:
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else None
        b = right[index] if index < len(right) else None
        if a and b and a[0] == b[0]:
            continue
        if a is None:
            return [f"{right_name}:{b[1]}: {kind} '{b[0]}' has no counterpart in {left_name}"]
        if b is None:
            return [f"{left_name}:{a[1]}: {kind} '{a[0]}' has no counterpart in {right_name}"]
        return [f"{right_name}:{b[1]}: {kind} '{b[0]}' differs from its twin "
                f"{left_name}:{a[1]} ('{a[0]}')"]
    return []


def compare_twins(english: Page, roman_urdu: Page, english_name: str, roman_urdu_name: str) -> list[str]:
    """Differences in anchors, macro calls, images and shared front matter."""
    problems = []
    anchors = lambda page: [(f"#{h.anchor}", h.line) for h in page.headings if h.anchor]  # noqa: E731
    problems += _compare("heading anchor", anchors(english), anchors(roman_urdu), english_name, roman_urdu_name)
    problems += _compare("macro call", english.macros, roman_urdu.macros, english_name, roman_urdu_name)
    problems += _compare("image", english.images, roman_urdu.images, english_name, roman_urdu_name)
    for key in SHARED_META:
        if english.meta.get(key) != roman_urdu.meta.get(key):
            problems.append(f"{roman_urdu_name}: front matter '{key}' is {roman_urdu.meta.get(key)!r}, "
                            f"its twin {english_name} has {english.meta.get(key)!r}")
    return problems


def markup_problems(page: Page, name: str, rel: str = "") -> list[str]:
    """Raw HTML, attribute lists, links and images outside the page allow-list (``archbook.safety.markup_policy``).

    Decision records (``adr/NNNN-*.md``, the template) are left to the ADR
    checks, which hold them to a stricter rule.
    """
    folder, _, file = rel.rpartition("/")
    stem = file[: -len(TWIN_SUFFIX)] if file.endswith(TWIN_SUFFIX) else file[: -len(".md")]
    if folder == "adr" and (stem == TEMPLATE_STEM or ADR_FILE.match(stem)):
        return []
    numbered = dict(page.prose) | {heading.line: heading.text for heading in page.headings}
    if not numbered:
        return []
    first = min(numbered)
    lines = [numbered.get(number, "") for number in range(first, max(numbered) + 1)]
    return [f"{name}:{line}: {finding}" for line, finding in page_findings(lines, first)]


def check_docs(docs_dir: Path) -> list[str]:
    """All parity problems under ``docs_dir``, one message per problem.

    Each page's problems are kept in memory with the digest of the page's and
    its twin's bytes, so a rebuild of ``mkdocs serve`` checks again only the
    pages that changed.
    """
    problems: list[str] = []
    pages = {p.relative_to(docs_dir).as_posix(): p for p in page_files(docs_dir)}
    for rel, path in sorted(pages.items()):
        twin = pages.get(twin_path(rel))
        key = (str(docs_dir), rel, _stamp(path), _stamp(twin) if twin else None)
        if key not in _CHECKED:
            if len(_CHECKED) > 4096:
                _CHECKED.clear()
            _CHECKED[key] = page_problems(docs_dir, rel, path, twin)
        problems += _CHECKED[key]
    return problems


_CHECKED: dict[tuple, list[str]] = {}


def _stamp(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"  # read_page reports it


def page_problems(docs_dir: Path, rel: str, path: Path, twin: Path | None) -> list[str]:
    """The parity problems of one page: its headings, its markup, and (from the English side) its twin."""
    problems: list[str] = []
    name = _rel(path, docs_dir)
    try:
        page = read_page(path, name)
    except PageError as exc:  # not UTF-8, too large, malformed front matter
        return list(exc.problems)
    problems += check_headings(page, name)
    problems += markup_problems(page, name, rel)
    if twin is None:
        language = "Roman Urdu" if not rel.endswith(TWIN_SUFFIX) else "English"
        problems.append(f"{name}: missing {language} twin {_rel(docs_dir / twin_path(rel), docs_dir)}")
        return problems
    if rel.endswith(TWIN_SUFFIX):
        return problems  # compared once, from the English side
    try:
        other = read_page(twin)
    except PageError:
        return problems  # reported when the twin itself is read
    return problems + compare_twins(page, other, name, _rel(twin, docs_dir))
