"""The spelling rules of Roman Urdu search and the index rewrite (archbook.theme.spelling_search)."""

from __future__ import annotations

import json

import pytest

from archbook.theme.search_scope import split_index
from archbook.theme.spelling_search import (
    MAX_FORMS_PER_WORD, SPELLINGS_FIELD, SpellingSearchError, add_spellings, english_words,
    entry_spellings, glossary_spellings, spelling_forms, words_of, write_spellings,
)


@pytest.mark.parametrize("word, form", [
    ("kirdaar", "kirdar"),        # doubled vowel collapsed
    ("zaroorat", "zarurat"),      # oo as u
    ("tabdeeli", "tabdili"),      # ee as i
    ("tareef", "taref"),          # ee as e
    ("jawab", "jawaab"),          # last vowel of a longer word lengthened
    ("nahi", "nahin"),            # final n after a nasal ending
    ("mukhtalif", "muktalif"),    # h dropped after a consonant
    ("pehle", "pele"),            # h dropped before a consonant
    ("pehle", "pehlay"),          # final e as ay
    ("muqabla", "mukabla"),       # q as k
    ("mein", "main"),             # ei as ai
    ("hai", "hain"),
    ("tazhib", "tazib"),          # zh as z
])
def test_each_rule(word, form):
    assert form in spelling_forms(word)


@pytest.mark.parametrize("word", ["ka", "ke", "se", "x1", "kirdaar2", "ḍaak"])
def test_short_or_odd_words_get_nothing(word):
    assert spelling_forms(word) == []


def test_forms_are_bounded_and_never_the_word_itself():
    for word in ["zimmedaariyaan", "tabdeeliyaan", "mukhtaliif", "khushkhabri"]:
        forms = spelling_forms(word)
        assert len(forms) <= MAX_FORMS_PER_WORD
        assert word not in forms and len(set(forms)) == len(forms)


def test_no_rule_where_it_does_not_apply():
    assert spelling_forms("jab") == []            # too short to lengthen
    assert "nahin" not in spelling_forms("kahan")
    assert not any(f.startswith("cal") for f in spelling_forms("chalna"))  # ch is a letter, not c + h


def test_glossary_spellings_keep_terms_with_variants_only():
    assert glossary_spellings([("Kirdaar", ["kirdar", "Kirdar"]), ("cache", [])]) == {"kirdaar": ["kirdar", "kirdar"]}


def test_words_of_leaves_out_code_and_markup():
    entry = {"title": "Kirdaar ka muqabla", "text": "<p>Yeh <code>zaroorat</code> &amp; tafseel</p><pre>foran</pre>"}
    assert words_of(entry) == ["kirdaar", "ka", "muqabla", "yeh", "tafseel"]


def test_entry_spellings_add_variants_but_nothing_the_search_finds_alone():
    entry = {"title": "Muqabla", "text": "<p>Kirdaar nahin nahi hai.</p>"}
    glossary = {"muqabla": ["muqabila", "mukabla"], "tareef": ["tarif"]}
    spellings = entry_spellings(entry, glossary).split()
    assert {"muqabila", "mukabla", "kirdar", "hain"} <= set(spellings)
    assert "tarif" not in spellings               # the entry does not contain tareef
    assert "nahin" not in spellings               # already on the page
    assert "nahi" not in spellings                # the search's trailing wildcard finds nahin
    assert spellings == sorted(set(spellings))    # each once


def test_english_words_get_no_generated_spellings():
    entry = {"title": "Cache", "text": "<p>cache aur pipeline ka muqabla</p>"}
    english = frozenset({"cache", "pipeline"})
    assert "cachay" in entry_spellings(entry, {})
    assert "cachay" not in entry_spellings(entry, {}, english)
    index = {"docs": [{"location": "glossary/", "title": "Glossary", "text": "cache muqabla"}]}
    assert english_words(index, {"muqabla": ["mukabla"]}) == {"glossary", "cache"}


INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
    "docs": [
        {"location": "", "title": "Home", "text": "the role of the architect"},
        {"location": "ur-Latn/", "title": "Ghar", "text": "khush aamdeed"},
        {"location": "ur-Latn/role/#comparison", "title": "Muqabla", "text": "kirdaar ka muqabla"},
    ],
}


def test_add_spellings_declares_the_field_and_keeps_text():
    out = add_spellings(split_index(INDEX)["ur-Latn"], {"muqabla": ["mukabla"]})
    assert out["config"]["fields"][SPELLINGS_FIELD] == {"boost": 1.0}
    assert out["config"]["fields"]["title"] == {"boost": 1000.0}
    section = out["docs"][1]
    assert section["text"] == "kirdaar ka muqabla" and section["title"] == "Muqabla"
    assert "kirdar" in section[SPELLINGS_FIELD].split() and "mukabla" in section[SPELLINGS_FIELD].split()


def test_write_spellings_rewrites_roman_urdu_only(tmp_path):
    parts = split_index(INDEX)
    (tmp_path / "search").mkdir()
    (tmp_path / "ur-Latn" / "search").mkdir(parents=True)
    english = tmp_path / "search" / "search_index.json"
    english.write_text(json.dumps(parts["en"]))
    (tmp_path / "ur-Latn" / "search" / "search_index.json").write_text(json.dumps(parts["ur-Latn"]))
    before = english.read_bytes()
    size_before, size_after = write_spellings(tmp_path, [("muqabla", ["mukabla"])])
    assert size_after > size_before
    assert english.read_bytes() == before
    ur = json.loads((tmp_path / "ur-Latn" / "search" / "search_index.json").read_text())
    assert "mukabla" in ur["docs"][1][SPELLINGS_FIELD]


def test_write_spellings_names_a_missing_or_bad_index(tmp_path):
    with pytest.raises(SpellingSearchError, match="ur-Latn/search/search_index.json: no search index"):
        write_spellings(tmp_path, [])
    (tmp_path / "ur-Latn" / "search").mkdir(parents=True)
    (tmp_path / "ur-Latn" / "search" / "search_index.json").write_text("[]")
    with pytest.raises(SpellingSearchError, match="expected a search index with a 'docs' list"):
        write_spellings(tmp_path, [])
