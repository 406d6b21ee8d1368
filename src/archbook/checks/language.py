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
    docs = root / "docs"
    problems = docs_files.docs_file_problems(docs) + parity.check_docs(docs) + page_meta.front_matter_problems(docs)
    try:
        glossary = validate(Glossary, root / "data" / "glossary.yml", "data/glossary.yml")
    except DataError as exc:
        return problems + exc.problems
    variants = spelling.variant_map(glossary)
    problems += spelling.check_pages(root / "docs", variants)
    problems += spelling.check_data(root / "data", variants)
    return problems
