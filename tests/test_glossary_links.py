from __future__ import annotations

from archbook.content.glossary_links import Term, link_first_uses, terms_for
from archbook.content.models import Glossary

TERMS = [Term("vector-database", "vector database", "Stores embeddings"),
         Term("latency", "latency", "Time to answer"),
         Term("guardrails", "guardrails", "Checks around a model")]
TERMS.sort(key=lambda t: len(t.text), reverse=True)


def link(text: str) -> str:
    return link_first_uses(text, TERMS, "../glossary.md")


def test_only_the_first_use_is_linked_with_its_definition_as_title():
    out = link("Latency matters. Latency again.")
    assert out == '[Latency](../glossary.md#term-latency "Time to answer") matters. Latency again.'


def test_longer_terms_win_and_plurals_are_linked():
    out = link("A vector database and vector databases.")
    assert out == 'A [vector database](../glossary.md#term-vector-database "Stores embeddings") and vector databases.'


def test_code_headings_links_macros_and_html_are_left_alone():
    text = "\n".join([
        "## Latency budget { #latency }",
        "Use `latency` in code and [latency](x.md) as a link and {{ table('latency') }}.",
        '<span title="latency">x</span>',
        "```",
        "latency = 3",
        "```",
        "Real latency here.",
    ])
    out = link(text).split("\n")
    assert out[:6] == text.split("\n")[:6]
    assert out[6] == 'Real [latency](../glossary.md#term-latency "Time to answer") here.'


def test_words_containing_a_term_are_not_linked():
    assert link("No latencyfoo or pre-latency.") == "No latencyfoo or pre-latency."


def test_only_technical_terms_are_linked_and_definitions_follow_the_language():
    glossary = Glossary.model_validate({
        "columns": {"english": {"en": "English", "ur-Latn": "Angrezi"}},
        "entries": [
            {"id": "latency", "english": "latency", "roman_urdu": "latency", "kind": "technical",
             "definition": {"en": 'The "wait"', "ur-Latn": "Intezar ka waqt"}},
            {"id": "decision", "english": "decision", "roman_urdu": "faisla", "kind": "everyday",
             "definition": {"en": "A choice", "ur-Latn": "Intikhab"}},
        ],
    })
    ur = terms_for(glossary, "ur-Latn")
    assert [(t.text, t.definition) for t in ur] == [("latency", "Intezar ka waqt")]
    assert terms_for(glossary, "en")[0].definition == "The 'wait'"


def test_fences_close_only_on_a_matching_fence_of_at_least_the_same_length():
    from archbook.core.fences import fenced

    lines = ["a", "````", "```", "still code", "````", "~~~", "x", "~~~", "b"]
    assert [code for _, code in fenced(lines)] == [False, True, True, True, True, True, True, True, False]


def test_table_header_rows_are_left_alone_and_body_rows_linked():
    # axe's link-in-text-block: a link in a header cell is bold like its neighbours, not underlined
    text = "\n".join(["| Step | Latency budget |", "| --- | :---: |", "| a | latency of a |"])
    out = link(text).split("\n")
    assert out[:2] == text.split("\n")[:2]
    assert out[2] == '| a | [latency](../glossary.md#term-latency "Time to answer") of a |'
