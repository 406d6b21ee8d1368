"""Translation parity and Roman Urdu spelling, on fixture doc trees and on the real docs.

Each folder in tests/fixtures/docs/ is one scenario: a small docs/ tree and an
expect.txt with the exact problems the checks must report (empty: none).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archbook.safety import docs_files

from archbook.content import front_matter as page_meta

from archbook.checks import parity, spelling
from archbook.checks.language import language_problems
from archbook.content.data import validate
from archbook.content.models import Glossary

CASES = Path(__file__).parent / "fixtures" / "docs"
VARIANTS = {"zarurat": "zaroorat", "zaroorath": "zaroorat"}


def problems_of(case: Path) -> list[str]:
    docs = case / "docs"
    return (docs_files.docs_file_problems(docs) + parity.check_docs(docs) + page_meta.front_matter_problems(docs)
            + spelling.check_pages(docs, VARIANTS))


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_fixture_scenario_reports_exactly_what_it_expects(case):
    expected = [line for line in (case / "expect.txt").read_text().splitlines() if line]
    assert problems_of(case) == expected


def test_the_real_docs_have_no_parity_or_spelling_problems(root):
    assert language_problems(root) == []


def test_every_real_page_has_headings_with_anchors(root):
    pages = parity.page_files(root / "docs")
    assert len(pages) >= 4 and len(pages) % 2 == 0


def test_glossary_variants_are_flagged_on_real_pages(root, tmp_path):
    """The real glossary's variants really are caught (guards against an empty list)."""
    glossary = validate(Glossary, root / "data" / "glossary.yml")
    variants = spelling.variant_map(glossary)
    assert "zarurat" in variants
    page = tmp_path / "docs" / "x.ur-Latn.md"
    page.parent.mkdir()
    page.write_text("# X { #x }\n\nHamein iski zarurat hai.\n")
    assert spelling.check_pages(tmp_path / "docs", variants) == [
        "docs/x.ur-Latn.md:3: 'zarurat' is a variant spelling; the site writes 'zaroorat'"]


def test_variants_in_roman_urdu_data_fields_are_flagged(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.yml").write_text("a:\n  en: need\n  ur-Latn: zarurat\n")
    assert spelling.check_data(tmp_path / "data", VARIANTS) == [
        "data/t.yml:3: 'zarurat' is a variant spelling; the site writes 'zaroorat'"]


def test_a_symbolic_link_in_docs_is_refused(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "secret.md").symlink_to("/etc/hostname")
    assert docs_files.docs_file_problems(docs) == [
        "docs/secret.md: expected a file, got a symbolic link; copy the file in instead"]
