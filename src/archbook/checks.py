"""The language checks the build runs before rendering anything.

Collected here so that the MkDocs hook, the ``archbook check`` command and
the tests all run exactly the same checks.
"""

from __future__ import annotations

from pathlib import Path

from archbook import page_meta, parity, spelling
from archbook.data import DataError, validate
from archbook.models import Glossary


def language_problems(root: Path) -> list[str]:
    """Parity and front-matter problems plus variant spellings, for the project at ``root``."""
    problems = parity.check_docs(root / "docs") + page_meta.front_matter_problems(root / "docs")
    try:
        glossary = validate(Glossary, root / "data" / "glossary.yml", "data/glossary.yml")
    except DataError as exc:
        return problems + exc.problems
    variants = spelling.variant_map(glossary)
    problems += spelling.check_pages(root / "docs", variants)
    problems += spelling.check_data(root / "data", variants)
    return problems
