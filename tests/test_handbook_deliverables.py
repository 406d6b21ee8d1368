"""Deliverables, FAQ and sources: models, renderers in both languages, and the real data files."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from archbook.content.data import validate
from archbook.handbook.deliverables import (Deliverables, Faq, FaqEntry, Sources, deliverables_table, faq_anchor,
                                            faq_markdown, source_anchor, sources_tables)
from archbook.core.languages import UnknownLanguageError
from archbook.content.models import Bilingual, Glossary
from archbook.site.registry import DATASETS, TABLE_RENDERERS


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


DELIVERABLES = {
    "columns": {"deliverable": bi("Deliverable", "Deliverable"), "contents": bi("What it contains", "Is mein kya hota hai"),
                "readers": bi("Who reads it", "Kaun parhta hai"), "produced_when": bi("When", "Kab")},
    "entries": [
        {"id": "runbook", "deliverable": bi("Runbook", "Runbook"), "contents": bi("Steps | checks", "Qadam aur checks"),
         "readers": bi("On-call", "On-call"), "produced_when": bi("Before launch", "Launch se pehle")},
    ],
}

FAQ = {"entries": [
    {"id": "first", "question": bi("Why ask?", "Kyun poochein?"),
     "answer": bi("Because.\n\nA second paragraph.", "Is liye.")},
    {"id": "second", "question": bi("What next?", "Aage kya?"), "answer": bi("Read on.", "Aage parhein.")},
]}

SOURCES = {
    "columns": {"ref": bi("Ref.", "Hawala"), "author": bi("Author", "Musannif"), "title": bi("Title", "Unwan"),
                "contribution": bi("Contribution", "Hissa")},
    "groups": {"article": bi("Articles", "Articles"), "standard": bi("Standards", "Standards")},
    "entries": [
        {"id": "s1", "kind": "article", "ref": "S1", "author": bi("A. Writer", "A. Writer"),
         "title": bi("On architects", "On architects"), "contribution": bi("The role", "Kirdaar")},
        {"id": "gdpr", "kind": "standard", "ref": "GDPR", "author": bi("European Union", "European Union"),
         "title": bi("General Data Protection Regulation", "General Data Protection Regulation"),
         "contribution": bi("Privacy law", "Privacy qanoon")},
    ],
}


# --- deliverables -----------------------------------------------------------------------------------------

def test_deliverables_table_in_english_links_the_name_and_escapes_pipes():
    lines = deliverables_table(Deliverables.model_validate(DELIVERABLES), "en").strip().splitlines()
    assert lines[0] == "| Deliverable | What it contains | Who reads it | When |"
    assert lines[2] == "| [**Runbook**](runbook.md) | Steps \\| checks | On-call | Before launch |"


def test_deliverables_table_in_roman_urdu():
    table = deliverables_table(Deliverables.model_validate(DELIVERABLES), "ur-Latn")
    assert table.startswith("| Deliverable | Is mein kya hota hai | Kaun parhta hai | Kab |")
    assert "Launch se pehle" in table and "Before launch" not in table


def test_deliverable_without_translation_is_refused():
    bad = {**DELIVERABLES, "entries": [{**DELIVERABLES["entries"][0], "readers": {"en": "On-call"}}]}
    with pytest.raises(ValidationError, match="ur-Latn"):
        Deliverables.model_validate(bad)


# --- FAQ --------------------------------------------------------------------------------------------------

def _anchors(markdown: str) -> list[str]:
    return re.findall(r"^### .* \{ #(faq-[a-z0-9-]+) \}$", markdown, flags=re.M)


def test_faq_renders_each_question_as_a_heading_with_its_anchor():
    text = faq_markdown(Faq.model_validate(FAQ), "en")
    assert "### Why ask? { #faq-first }" in text
    assert "\n\nBecause.\n\nA second paragraph.\n\n### What next? { #faq-second }" in text
    assert faq_anchor("first") == "faq-first"


def _unchecked(question: str, answer: str) -> Faq:
    """A FAQ built without validation, as a bug in a loader might: rendering must stay inert anyway."""
    return Faq.model_construct(entries=[FaqEntry.model_construct(
        id="x", question=Bilingual.model_construct(en=question, ur_latn="Kyun?"),
        answer=Bilingual.model_construct(en=answer, ur_latn="Is liye."))])


def test_markup_in_faq_text_is_refused_and_rendered_inert():
    with pytest.raises(ValidationError, match="without HTML tags"):
        Faq.model_validate({"entries": [{**FAQ["entries"][0], "question": bi("Why <b>ask</b>?", "Kyun?")}]})
    text = faq_markdown(_unchecked("Why <b>ask</b>?", "Because."), "en")
    assert "### Why &lt;b&gt;ask&lt;/b&gt;? { #faq-x }" in text
    text = faq_markdown(_unchecked(
        "Why?", '# Big [x](javascript:alert(1)){ onclick="alert(2)" }\n\n[r]: javascript:alert(3)\n\n!!! danger'),
        "en")
    assert "](javascript" not in text and '&#123; onclick="alert(2)" &#125;' in text
    assert "{" not in text.split("{ #faq-x }")[1] and "\n# " not in text
    assert "\\[r\\]: javascript:alert(3)" in text and "\\!!! danger" in text


def test_faq_anchors_are_the_same_in_both_languages():
    data = Faq.model_validate(FAQ)
    english, roman_urdu = faq_markdown(data, "en"), faq_markdown(data, "ur-Latn")
    assert _anchors(english) == _anchors(roman_urdu) == ["faq-first", "faq-second"]
    assert "### Kyun poochein? { #faq-first }" in roman_urdu
    assert "Because" not in roman_urdu


@pytest.mark.parametrize(("change", "message"), [
    ({"question": bi("No question mark", "Sawal?")}, "must end with '\\?'"),
    ({"question": bi("Braces {here}?", "Sawal?")}, "must not contain"),
    ({"id": "Not A Slug"}, "pattern"),
])
def test_bad_faq_entries_are_refused(change, message):
    bad = {"entries": [{**FAQ["entries"][0], **change}]}
    with pytest.raises(ValidationError, match=message):
        Faq.model_validate(bad)


def test_faq_ids_must_be_unique():
    with pytest.raises(ValidationError, match="id 'first' is used twice"):
        Faq.model_validate({"entries": [FAQ["entries"][0], FAQ["entries"][0]]})


# --- sources ----------------------------------------------------------------------------------------------

def test_sources_render_one_captioned_table_per_kind_with_row_anchors():
    text = sources_tables(Sources.model_validate(SOURCES), "en")
    assert text.index("**Articles**") < text.index("**Standards**")
    assert f'<span id="{source_anchor("s1")}">S1</span>' in text
    assert '<span id="source-gdpr">GDPR</span>' in text
    assert text.count("| Ref. | Author | Title | Contribution |") == 2


def test_sources_in_roman_urdu_use_roman_urdu_headings():
    text = sources_tables(Sources.model_validate(SOURCES), "ur-Latn")
    assert "| Hawala | Musannif | Unwan | Hissa |" in text
    assert "Privacy qanoon" in text and "Privacy law" not in text


def test_source_kind_without_caption_is_refused():
    bad = {**SOURCES, "groups": {"article": bi("Articles", "Articles")}}
    with pytest.raises(ValidationError, match="kind 'standard' has no caption"):
        Sources.model_validate(bad)


def test_source_refs_must_be_unique():
    twin = {**SOURCES["entries"][0], "id": "s1-copy"}
    with pytest.raises(ValidationError, match="ref 'S1' is used twice"):
        Sources.model_validate({**SOURCES, "entries": [*SOURCES["entries"], twin]})


# --- shared ------------------------------------------------------------------------------------------------

def test_renderers_refuse_unknown_languages():
    with pytest.raises(UnknownLanguageError):
        faq_markdown(Faq.model_validate(FAQ), "ur")
    with pytest.raises(UnknownLanguageError):
        sources_tables(Sources.model_validate(SOURCES), "de")


def test_registered():
    for name, model, renderer in [("deliverables", Deliverables, deliverables_table),
                                  ("faq", Faq, faq_markdown), ("sources", Sources, sources_tables)]:
        assert DATASETS[name] is model
        assert TABLE_RENDERERS[name] is renderer


# --- the real data files ---------------------------------------------------------------------------------

def test_real_deliverables_match_the_deliverable_pages(root):
    data = validate(Deliverables, root / "data" / "deliverables.yml")
    assert len(data.entries) == 6
    for entry in data.entries:
        assert (root / "docs" / "handbook" / "deliverables" / f"{entry.id}.md").exists(), entry.id


def test_real_faq_has_10_to_14_questions_with_stable_anchors(root):
    data = validate(Faq, root / "data" / "faq.yml")
    assert 10 <= len(data.entries) <= 14
    assert _anchors(faq_markdown(data, "en")) == _anchors(faq_markdown(data, "ur-Latn"))


def test_real_sources_list_five_articles_and_the_standards(root):
    data = validate(Sources, root / "data" / "sources.yml")
    assert [e.ref for e in data.entries if e.kind == "article"] == ["S1", "S1-ur", "S2", "S3", "S4"]
    assert {e.id for e in data.entries if e.kind == "standard"} == {
        "aws-well-architected", "nist-ai-rmf", "eu-ai-act", "madr-4", "gdpr", "ccpa", "hipaa"}


def test_real_glossary_is_large_enough_and_keeps_technical_terms_in_english(root):
    data = validate(Glossary, root / "data" / "glossary.yml")
    assert len(data.entries) >= 90
    for entry in data.entries:
        if entry.kind == "technical":
            assert entry.roman_urdu == entry.english, entry.id
            assert not entry.variants, entry.id
