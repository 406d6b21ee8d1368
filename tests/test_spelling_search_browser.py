"""Roman Urdu search in Chromium finds pages in a reader's own spelling; English search is untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from archbook.theme.spelling_search import SPELLINGS_FIELD, words_of

pytestmark = [pytest.mark.build, pytest.mark.browser]

FIXTURE = Path(__file__).parent / "fixtures" / "search" / "roman_urdu_variants.yml"
QUERIES = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["queries"]
START = "role/what-an-ai-systems-architect-is/"


def _index(built_site, lang_folder: str) -> dict:
    return json.loads((built_site.site / lang_folder / "search" / "search_index.json").read_text(encoding="utf-8"))


def _top_pages(page, url: str, query: str) -> tuple[list[str], str]:
    """The distinct pages of the first results, in order, and the text a reader sees in the result list."""
    page.goto(url)
    page.keyboard.press("Slash")  # Material's shortcut focuses the search box
    page.keyboard.type(query, delay=20)  # real key events: the theme searches on keyup
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item > a:first-child",
                                      "els => els.map(e => e.getAttribute('href').split('?')[0])")
    texts = page.eval_on_selector_all(".md-search-result__item", "els => els.map(e => e.innerText)")
    return list(dict.fromkeys(links)), dict(zip(links, texts))


def test_the_fixture_holds_at_least_30_queries():
    assert len(QUERIES) >= 30
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)


def test_no_query_matches_the_pages_without_the_added_spellings(built_site):
    index = _index(built_site, "ur-Latn")
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    for q in QUERIES:
        assert q["page"] in pages, q
        entries = [doc for doc in index["docs"] if doc["location"].split("#")[0] == q["page"]]
        raw = " ".join(doc["title"] + " " + re.sub("<[^>]*>", " ", doc["text"]) for doc in entries).lower()
        words = set(re.findall("[a-z]+", raw)) | {w for doc in entries for w in words_of(doc)}
        assert not [w for w in words if w.startswith(q["query"])], q  # lunr's trailing wildcard would find it
        spellings = {s for doc in entries for s in doc.get(SPELLINGS_FIELD, "").split()}
        assert [s for s in spellings if s.startswith(q["query"])], q


def test_the_english_index_has_no_added_spellings(built_site):
    english = _index(built_site, ".")
    assert SPELLINGS_FIELD not in english["config"]["fields"]
    assert not [doc for doc in english["docs"] if SPELLINGS_FIELD in doc]


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_a_variant_spelling_finds_the_page(page, site_url, case):
    pages, shown = _top_pages(page, site_url + "ur-Latn/" + START, case["query"])
    expected = site_url + "ur-Latn/" + case["page"]
    assert expected in pages[:5], (case, pages[:5])
    # the added spellings are indexed, never shown to the reader (in the expected page's result)
    assert not re.search(rf"\b{re.escape(case['query'])}\b", shown[expected], re.I), shown[expected][:500]


def test_english_search_is_unchanged(page, site_url):
    pages, shown = _top_pages(page, site_url + START, "architect")
    assert pages and all("/ur-Latn/" not in p for p in pages)
    page.keyboard.press("Escape")
    page.goto(site_url + START)
    page.keyboard.press("Slash")
    page.wait_for_selector(".md-search-result__meta", state="attached")
    placeholder = page.inner_text(".md-search-result__meta")
    page.keyboard.type("kirdar", delay=20)  # a Roman Urdu variant finds nothing in English
    page.wait_for_function("p => document.querySelector('.md-search-result__meta').textContent !== p", arg=placeholder)
    assert not page.query_selector_all(".md-search-result__item")
