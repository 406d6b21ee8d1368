"""The language checks the build runs before rendering anything.

Collected here so that the MkDocs hook, the ``archbook check`` command and
the tests all run exactly the same checks.
"""

from __future__ import annotations

from pathlib import Path

from archbook.safety import docs_files

from archbook.content import front_matter as page_meta

from archbook.checks import parity, spelling
from archbook.content.data import DataError, validate
from archbook.content.models import Glossary


def language_problems(root: Path) -> list[str]:
    """Parity and front-matter problems plus variant spellings, for the project at ``root``."""
    return page_language_problems(root) + data_language_problems(root)


def _variants(root: Path) -> tuple[dict[str, str] | None, list[str]]:
    try:
        glossary = validate(Glossary, root / "data" / "glossary.yml", "data/glossary.yml")
    except DataError as exc:
        return None, exc.problems
    return spelling.variant_map(glossary), []


def page_language_problems(root: Path) -> list[str]:
    """The pages' part: files, twins, front matter and variant spellings on Roman Urdu pages."""
    docs = root / "docs"
    problems = docs_files.docs_file_problems(docs) + parity.check_docs(docs) + page_meta.front_matter_problems(docs)
    variants, glossary_problems = _variants(root)
    if variants is None:
        return problems + glossary_problems
    return problems + spelling.check_pages(docs, variants)


def data_language_problems(root: Path) -> list[str]:
    """The data files' part: variant spellings in their Roman Urdu fields (the glossary's problems are the pages' part)."""
    variants, _ = _variants(root)
    return [] if variants is None else spelling.check_data(root / "data", variants)
