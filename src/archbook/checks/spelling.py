"""One spelling per Roman Urdu word, site-wide.

The glossary data file is the authority: each term may list ``variants``,
spellings the site does not use. Any of them on a Roman Urdu page, or in a
Roman Urdu field of a data file, is reported with its line and the spelling
to use instead. Code (fenced or inline) is not checked.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

from archbook.content.data import DataError, read_yaml, strings_in
from archbook.core.languages import ROMAN_URDU, TWIN_SUFFIX
from archbook.core.remember import kept
from archbook.content.models import Glossary
from archbook.content.page_source import PageError, read_page

_INLINE_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"\]\([^)]*\)|https?://\S+")


def variant_map(glossary: Glossary) -> dict[str, str]:
    """Lower-cased variant spelling -> the site's spelling."""
    mapping = {}
    for entry in glossary.entries:
        for variant in entry.variants:
            mapping[variant.lower()] = entry.roman_urdu
    return mapping


def _pattern(variants: Iterable[str]) -> re.Pattern | None:
    return _compiled(tuple(sorted(variants, key=lambda w: (-len(w), w))))


@functools.lru_cache(maxsize=8)
def _compiled(words: tuple[str, ...]) -> re.Pattern | None:
    """One pattern per set of variants (every page of a check shares it), longest first."""
    if not words:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


def find_variants(lines: Iterable[tuple[int, str]], variants: dict[str, str], name: str) -> list[str]:
    """Report every variant spelling in numbered lines of text."""
    pattern = _pattern(variants)
    if pattern is None:
        return []
    problems = []
    for number, line in lines:
        text = _URL.sub(" ", _INLINE_CODE.sub(" ", line))
        for match in pattern.finditer(text):
            found = match.group(1)
            problems.append(f"{name}:{number}: '{found}' is a variant spelling; "
                            f"the site writes '{variants[found.lower()]}'")
    return problems


def check_pages(docs_dir: Path, variants: dict[str, str]) -> list[str]:
    """Variant spellings on every Roman Urdu page below ``docs_dir`` (each page's answer kept by its text, ``core.remember``)."""
    spelled = json.dumps(sorted(variants.items()))
    problems = []
    for path in sorted(docs_dir.rglob(f"*{TWIN_SUFFIX}")):
        name = path.relative_to(docs_dir.parent).as_posix()
        try:
            page = read_page(path, name)
        except PageError:
            continue  # reported by the parity check, once
        lines = sorted(list(page.prose) + [(h.line, h.text) for h in page.headings])
        problems += json.loads(kept("variant-spellings", (name, spelled, *(f"{n}:{line}" for n, line in lines)),
                                    lambda: json.dumps(find_variants(lines, variants, name))))
    return problems


def check_data(data_dir: Path, variants: dict[str, str]) -> list[str]:
    """Variant spellings in the Roman Urdu fields of every data file (recursively)."""
    problems = []
    for path in sorted(data_dir.rglob("*.yml")):
        name = path.relative_to(data_dir.parent).as_posix()
        try:
            located = read_yaml(path, name)
        except DataError:
            continue  # an unreadable file is reported by the data checks, once
        lines = [(located.line_of(p) or 1, text) for p, text in strings_in(located.value)
                 if p and p[-1] == ROMAN_URDU]
        problems += find_variants(lines, variants, name)
    return problems
