"""Table renderers: pure functions from validated data and a language to Markdown."""

from __future__ import annotations

import pytest

from archbook.core.languages import UnknownLanguageError
from archbook.content.models import Glossary, RoleComparison, SolutionsArchitectContrast
from archbook.site.registry import TABLE_RENDERERS
from archbook.content.tables import (bold, cell, column_headers, entry_row, glossary_table, markdown_table,
                             role_comparison_table, solutions_architect_contrast_table, value_text)


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


ROLES = RoleComparison.model_validate({
    "columns": {"role": bi("Role", "Kirdaar"), "primary_concern": bi("Primary concern", "Bunyaadi focus")},
    "entries": [
        {"id": "architect", "highlight": True, "role": bi("AI systems architect", "AI systems architect"),
         "primary_concern": bi("How parts fail", "Hisse kaise fail hote hain"),
         "core_outputs": bi("Docs", "Docs"), "relation_to_ai": bi("Designs", "Design karta hai")},
        {"id": "ml-engineer", "role": bi("ML engineer", "ML engineer"),
         "primary_concern": bi("Training | serving", "Training aur serving"),
         "core_outputs": bi("Models", "Models"), "relation_to_ai": bi("Builds", "Banata hai")},
    ],
})


def test_role_table_in_english_has_headers_rows_and_only_chosen_columns():
    table = role_comparison_table(ROLES, "en")
    lines = table.strip().splitlines()
    assert lines[0] == "| Role | Primary concern |"
    assert lines[1] == "| --- | --- |"
    assert lines[2] == "| **AI systems architect** | How parts fail |"
    assert "Designs" not in table  # not a column


def test_role_table_in_roman_urdu_uses_roman_urdu_text():
    table = role_comparison_table(ROLES, "ur-Latn")
    assert table.startswith("| Kirdaar | Bunyaadi focus |")
    assert "Hisse kaise fail hote hain" in table
    assert "How parts fail" not in table


def test_pipes_in_data_do_not_break_the_table():
    row = role_comparison_table(ROLES, "en").strip().splitlines()[3]
    assert row == "| ML engineer | Training \\| serving |"


def test_html_in_data_is_escaped():
    assert cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert cell("a\nb   c") == "a b c"


def test_unknown_language_is_refused():
    with pytest.raises(UnknownLanguageError):
        role_comparison_table(ROLES, "ur")


def test_markdown_table_refuses_ragged_rows():
    with pytest.raises(ValueError, match="row has 1 cells, table has 2 columns"):
        markdown_table(["a", "b"], [["x"]])


def test_contrast_table():
    data = SolutionsArchitectContrast.model_validate({
        "columns": {"aspect": bi("Aspect", "Pehlu"), "ai_systems_architect": bi("AI", "AI"),
                    "solutions_architect": bi("Solutions", "Solutions")},
        "entries": [{"id": "layer", "aspect": bi("Layer", "Layer"),
                     "ai_systems_architect": bi("Intelligence layer", "Intelligence layer"),
                     "solutions_architect": bi("Cloud services", "Cloud services")}],
    })
    assert solutions_architect_contrast_table(data, "ur-Latn").splitlines()[0] == "| Pehlu | AI | Solutions |"


def test_glossary_sorted_with_shared_anchors():
    data = Glossary.model_validate({
        "columns": {"english": bi("English", "Angrezi"), "roman_urdu": bi("Roman Urdu", "Roman Urdu"),
                    "definition": bi("Meaning", "Matlab")},
        "entries": [
            {"id": "requirement", "english": "requirement", "roman_urdu": "zaroorat", "kind": "everyday",
             "definition": bi("A need", "Zaroorat")},
            {"id": "decision", "english": "decision", "roman_urdu": "faisla", "kind": "everyday",
             "definition": bi("A choice", "Intikhab")},
        ],
    })
    en, ur = glossary_table(data, "en"), glossary_table(data, "ur-Latn")
    assert en.index("decision") < en.index("requirement")
    assert '<dfn id="term-decision">decision</dfn> | faisla | A choice' in en
    assert '<dfn id="term-decision">decision</dfn> | faisla | Intikhab' in ur


def test_every_dataset_with_a_renderer_renders_in_both_languages(root):
    from archbook.site.registry import load_datasets

    data = load_datasets(root / "data")
    for name, render in TABLE_RENDERERS.items():
        for lang in ("en", "ur-Latn"):
            assert render(data[name], lang).count("\n") >= 3


class _Range:
    def text(self, lang):
        return "$1–$2" if lang == "en" else "1–2 dollar"


def test_value_text_reads_bilingual_lists_and_anything_with_text():
    entry = ROLES.entries[0]
    assert value_text(entry.role, "ur-Latn") == "AI systems architect"
    assert value_text(["a", entry.core_outputs], "en") == "a, Docs"
    assert value_text(_Range(), "ur-Latn") == "1–2 dollar"
    assert value_text(3, "en") == "3"


def test_entry_row_follows_the_columns_and_dresses_only_special_cells():
    entry = ROLES.entries[1]
    assert entry_row(entry, ROLES.columns, "en") == ["ML engineer", "Training \\| serving"]
    special = {"role": bold, "not-shown": lambda text: "never called"}
    assert entry_row(entry, ROLES.columns, "en", special) == ["**ML engineer**", "Training \\| serving"]
    assert column_headers(ROLES.columns, "ur-Latn") == ["Kirdaar", "Bunyaadi focus"]
