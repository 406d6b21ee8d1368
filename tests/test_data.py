"""Data files: the real ones validate; each bad fixture fails with its exact message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archbook.content.data import DataError, load_diagram_text, validate
from archbook.site.registry import load_datasets
from archbook.site.registry import DATASETS
from archbook.content.models import Bilingual, DiagramText, Glossary, RoleComparison

FIXTURES = Path(__file__).parent / "fixtures" / "data"
SOURCES = {"roles": ("data/roles.yml", RoleComparison), "glossary": ("data/glossary.yml", Glossary),
           "diagram-text": ("data/diagrams/example.yml", DiagramText)}


def test_every_data_file_validates(root):
    loaded = load_datasets(root / "data")
    assert set(loaded) == set(DATASETS)


def test_every_diagram_text_validates(root):
    files = sorted((root / "data" / "diagrams").glob("*.yml"))
    assert files, "no diagram texts found"
    for path in files:
        load_diagram_text(path)


def _cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        expected = re.match(r"# expect: (.*)", path.read_text(encoding="utf-8")).group(1)
        yield pytest.param(path, expected, id=path.stem)


@pytest.mark.parametrize(("path", "expected"), list(_cases()))
def test_bad_data_fails_with_file_entry_and_field(path, expected):
    source, model = SOURCES[path.stem.split("--")[0]]
    with pytest.raises(DataError) as caught:
        validate(model, path, source)
    assert any(problem.startswith(expected) for problem in caught.value.problems), caught.value.problems


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    (tmp_path / "roles.yml").write_text(
        "columns: {role: {en: Role, ur-Latn: Kirdaar}}\n"
        "entries:\n"
        "  - {id: a, role: {en: A}, primary_concern: {en: B}, core_outputs: {en: C, ur-Latn: C},"
        " relation_to_ai: {en: D, ur-Latn: D}}\n")
    with pytest.raises(DataError) as caught:
        validate(RoleComparison, tmp_path / "roles.yml", "data/roles.yml")
    assert len(caught.value.problems) == 2


def test_unregistered_and_missing_data_files_are_errors(tmp_path, root):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "salaries.yml").write_text("columns: {}\n")
    with pytest.raises(DataError) as caught:
        load_datasets(tmp_path / "data")
    text = str(caught.value)
    assert "data/salaries.yml: no schema is registered for this file" in text
    assert "data/roles.yml: required data file is missing" in text


def test_bilingual_text_picks_the_language():
    text = Bilingual.model_validate({"en": "decision", "ur-Latn": "faisla"})
    assert text.text("en") == "decision"
    assert text.text("ur-Latn") == "faisla"
    with pytest.raises(ValueError, match="unknown language 'ur'"):
        text.text("ur")
