"""What a page's front matter may say, checked before the build.

Front matter reaches the theme's templates: ``styles`` and ``scripts`` become
``<link>`` and ``<script>`` elements, ``hide`` and ``search`` change the page.
So it is held to an allow-list: known keys only, each with the type it needs,
and stylesheets and scripts only from the site's own assets (never another
host, never a file a contribution placed elsewhere in ``docs/``). Decision
records are not checked here: their front matter has its own schema
([archbook.adr.model][]).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archbook.core.languages import TWIN_SUFFIX
from archbook.content.page_source import Page, PageError, read_page

GENERATED_STYLES = frozenset({"assets/_mkdocstrings.css"})
"""Stylesheets the build writes itself (mkdocstrings' CSS for the API reference)."""

HIDE_VALUES = frozenset({"navigation", "toc", "footer", "path"})
"""What Material's ``hide`` may remove from a page."""


def _bool(value: Any, _: Path) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {value!r}"


PLAIN_TEXT_REFUSED = frozenset('<>&"`{}[]\\')
"""Characters a page's title or description may not hold: the theme publishes them raw into
``<title>``, ``<meta name="description">`` and the navigation, so they are plain text only."""


def _text(value: Any, _: Path) -> str | None:
    if not isinstance(value, str) or not _visible(value) or "\n" in value or "\r" in value:
        return f"expected one line of text, got {value!r}"
    refused = sorted({ch for ch in value if ch in PLAIN_TEXT_REFUSED
                      or (unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} and ch != "\t")})
    if refused:
        shown = ", ".join(repr(ch) for ch in refused)
        return (f"expected one line of plain text (no markup, braces, backslashes or invisible "
                f"characters), got {value!r} with {shown}")
    return None


def _visible(value: str) -> bool:
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in value)


def _search(value: Any, _: Path) -> str | None:
    if isinstance(value, dict) and set(value) <= {"exclude", "boost"} and \
            isinstance(value.get("exclude", False), bool) and \
            isinstance(value.get("boost", 1), (int, float)) and not isinstance(value.get("boost", 1), bool):
        return None
    return f"expected a mapping with 'exclude: true/false' or 'boost: <number>', got {value!r}"


def _hide(value: Any, _: Path) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and v in HIDE_VALUES for v in value):
        return None
    return f"expected a list of {', '.join(sorted(HIDE_VALUES))}, got {value!r}"


def _styles(value: Any, docs_dir: Path) -> str | None:
    known = sorted(GENERATED_STYLES | {p.relative_to(docs_dir).as_posix()
                                       for p in (docs_dir / "assets" / "stylesheets").glob("*.css")})
    if isinstance(value, list) and all(isinstance(v, str) and v in known for v in value):
        return None
    return f"expected a list of the site's own stylesheets ({', '.join(known)}), got {value!r}"


def _scripts(value: Any, docs_dir: Path) -> str | None:
    known = sorted(p.name for p in (docs_dir / "assets" / "javascripts").glob("*.js"))
    if isinstance(value, list) and all(isinstance(v, str) and v in known for v in value):
        return None
    return f"expected a list of the site's own scripts in docs/assets/javascripts ({', '.join(known)}), got {value!r}"


TRANSLATION_KEY = "translation_of"
"""The key under which a Roman Urdu twin records the English text it translates
(written by ``archbook translations --mark-fresh``; see ``archbook.checks.freshness``)."""

TRANSLATION_DIGEST = re.compile(r"^[0-9a-f]{16}$")
"""Its value: the first 16 hex digits of a SHA-256 digest."""


def _translation_of(value: Any, _: Path) -> str | None:
    if isinstance(value, str) and TRANSLATION_DIGEST.match(value):
        return None
    return (f"expected the 16 hex digits 'archbook translations --mark-fresh' writes, got {value!r}; "
            "run that command instead of editing the key")


PAGE_KEYS: dict[str, Callable[[Any, Path], str | None]] = {
    "title": _text,
    "description": _text,
    "render_macros": _bool,
    "glossary_links": _bool,
    "search": _search,
    "hide": _hide,
    "styles": _styles,
    "scripts": _scripts,
    TRANSLATION_KEY: _translation_of,
}
"""Every front-matter key a page may use, with the check of its value."""


def meta_problems(page: Page, docs_dir: Path, shown: str) -> list[str]:
    """The problems of one page's front matter, one message per key."""
    problems = []
    for key, value in page.meta.items():
        where = f"{shown}:{page.meta_lines.get(key, 1)}: front matter"
        check = PAGE_KEYS.get(key) if isinstance(key, str) else None
        if check is None:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(PAGE_KEYS)})")
            continue
        problem = check(value, docs_dir)
        if key == TRANSLATION_KEY and not page.path.name.endswith(TWIN_SUFFIX):
            problem = ("only a Roman Urdu twin records which English text it translates; "
                       "remove the key from this English page")
        if problem:
            problems.append(f"{where}: '{key}': {problem}")
    return problems


def front_matter_problems(docs_dir: Path) -> list[str]:
    """Front-matter problems of every page below ``docs_dir`` except decision records."""
    problems: list[str] = []
    adr_dir = docs_dir / "adr"
    for path in sorted(docs_dir.rglob("*.md")):
        if path.parent == adr_dir and path.name.split(".")[0] not in {"index"}:
            continue  # decision records and their template: the ADR schema checks them
        shown = path.relative_to(docs_dir.parent).as_posix()
        try:
            page = read_page(path, shown)
        except PageError:
            continue  # reported by the parity check, once
        problems += meta_problems(page, docs_dir, shown)
    return problems
