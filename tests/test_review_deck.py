"""The spaced-review deck and the HTML of its widget and of the overview's count, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from archbook.content.data import validate
from archbook.content.glossary_links import link_first_uses, terms_for
from archbook.content.models import Glossary
from archbook.learning import review, review_deck, widgets
from archbook.learning.widget_data import UI_TEXT_KEYS, LearningUi, Quizzes
from archbook.rules import spaced_review
from tests.tools.html_tree import HtmlTree, parse_html

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
LANGS = ("en", "ur-Latn")


@pytest.fixture(scope="module")
def ui() -> LearningUi:
    return validate(LearningUi, ROOT / "data" / "learning_ui.yml", "data/learning_ui.yml")


@pytest.fixture(scope="module")
def quizzes() -> Quizzes:
    return validate(Quizzes, ROOT / "data" / "quizzes.yml", "data/quizzes.yml")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return validate(Glossary, ROOT / "data" / "glossary.yml", "data/glossary.yml")


def parse(markup: str) -> HtmlTree:
    return parse_html(markup)


def questions(quizzes: Quizzes) -> list:
    return [q for quiz in quizzes.quizzes for q in quiz.questions]


# ---------------------------------------------------------------- the deck

def test_the_deck_holds_every_question_every_technical_term_and_on_roman_urdu_pages_the_translations(
        quizzes, glossary):
    en = review_deck.build_deck(quizzes, glossary, "en")
    ur = review_deck.build_deck(quizzes, glossary, "ur-Latn")
    technical = [e for e in glossary.entries if e.kind == "technical"]
    translated = [e for e in glossary.entries if e.english.casefold() != e.roman_urdu.casefold()]
    assert len(en) == len(questions(quizzes)) + len(technical)
    assert len(ur) == len(en) + len(translated)
    assert len(translated) > 50 and all(e.kind == "everyday" for e in translated)
    for deck in (en, ur):
        ids = [c.id for c in deck]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(spaced_review.CARD_ID_PATTERN, i) for i in ids)
    assert {c.kind for c in en} == {"quiz", "term"} and {c.kind for c in ur} == {"quiz", "term", "urdu"}


def test_cards_are_in_the_page_language(quizzes, glossary):
    first = questions(quizzes)[0]
    en = {c.id: c for c in review_deck.build_deck(quizzes, glossary, "en")}
    ur = {c.id: c for c in review_deck.build_deck(quizzes, glossary, "ur-Latn")}
    qid = f"quiz:{first.id}"
    assert (en[qid].front, en[qid].answer, en[qid].note) == (
        first.question.en, first.answer.text.en, first.explanation.en)
    assert (ur[qid].front, ur[qid].answer, ur[qid].note) == (
        first.question.ur_latn, first.answer.text.ur_latn, first.explanation.ur_latn)
    latency = next(e for e in glossary.entries if e.id == "latency")
    assert (en["term:latency"].front, en["term:latency"].answer) == ("latency", latency.definition.en)
    assert ur["term:latency"].answer == latency.definition.ur_latn
    assert (ur["urdu:comparison"].front, ur["urdu:comparison"].answer) == ("comparison", "muqabla")
    assert ur["urdu:comparison"].front_lang == "en"


def test_kinds_are_dealt_in_turn_so_the_first_new_cards_mix_them(quizzes, glossary):
    ur = review_deck.build_deck(quizzes, glossary, "ur-Latn")
    assert [c.kind for c in ur[:6]] == ["quiz", "term", "urdu"] * 2
    first_day = {c.kind for c in ur[:spaced_review.NEW_PER_DAY]}
    assert first_day == {"quiz", "term", "urdu"}


def test_card_ids_survive_an_edit_of_the_text_and_a_removed_entry_removes_only_its_card(quizzes, glossary):
    before = review_deck.deck_ids(quizzes, glossary, "ur-Latn")
    data = quizzes.model_dump(by_alias=True)
    data["quizzes"][0]["questions"][0]["question"] = {"en": "Reworded?", "ur-Latn": "Naye alfaaz?"}
    data["quizzes"][0]["questions"][0]["explanation"]["en"] = "A new explanation."
    edited = Quizzes.model_validate(data)
    terms = glossary.model_dump(by_alias=True)
    terms["entries"][0]["definition"]["en"] = "Changed."
    terms["entries"][0]["roman_urdu"] = "hissa-e-safha"
    edited_glossary = Glossary.model_validate(terms)
    assert review_deck.deck_ids(edited, edited_glossary, "ur-Latn") == before
    removed = questions(quizzes)[1].id
    del data["quizzes"][0]["questions"][1]
    fewer = review_deck.deck_ids(Quizzes.model_validate(data), glossary, "ur-Latn")
    assert set(before) - set(fewer) == {f"quiz:{removed}"}


def test_every_deck_holds_all_the_cards_of_the_kinds_it_claims(quizzes, glossary):
    """The page drops a stored card of a kind it holds in full; that is safe only if both decks agree."""
    decks = {lang: review_deck.deck_ids(quizzes, glossary, lang) for lang in LANGS}
    known = review_deck.known_ids(quizzes, glossary)
    for kind in spaced_review.CARD_KINDS:
        of_kind = {c for c in known if c.startswith(kind + ":")}
        for lang in LANGS:
            if kind in review_deck.KINDS[lang]:
                assert {c for c in decks[lang] if c.startswith(kind + ":")} == of_kind, (kind, lang)
            else:
                assert not any(c.startswith(kind + ":") for c in decks[lang])


def test_without_a_glossary_the_deck_is_the_quiz(quizzes):
    assert [c.kind for c in review_deck.build_deck(quizzes, None, "ur-Latn")] == ["quiz"] * len(questions(quizzes))


# ---------------------------------------------------------------- the review widget

@pytest.mark.parametrize("lang", LANGS)
def test_the_review_widget_is_well_formed_and_carries_the_rule_the_words_and_the_deck(ui, quizzes, glossary, lang):
    deck = review_deck.build_deck(quizzes, glossary, lang)
    markup = review.render_review(ui, deck, lang)
    tree = parse(markup)
    root = tree.elements[0][1]
    assert "lp-widget" in root["class"] and "lp-review" in root["class"]
    assert json.loads(root["data-lp-rule"]) == spaced_review.browser_rule()
    assert json.loads(root["data-rv-kinds"]) == list(review_deck.KINDS[lang])
    words = json.loads(root["data-lp-text"])
    assert set(words["grades"]) == set(spaced_review.QUALITY)
    for key in ("count", "show", "saved", "saved-drill", "done", "dropped", "corrupt", "reason-json",
                "reason-review-format", "reason-review-card", "kind-quiz", "kind-term", "kind-urdu"):
        assert words[key], key
    prompts = [a["data-rv-card"] for t, a in tree.elements if t == "dt"]
    assert prompts == [c.id for c in deck]
    deck_list = next(a for t, a in tree.elements if t == "dl")
    assert "hidden" in deck_list and "data-search-exclude" in deck_list
    grades = [(a["data-rv-grade"], a["aria-keyshortcuts"]) for t, a in tree.elements if "data-rv-grade" in a]
    assert grades == [("again", "1"), ("hard", "2"), ("good", "3"), ("easy", "4")]
    show = next(a for t, a in tree.elements if a.get("data-rv-action") == "show")
    assert "disabled" in show  # until the script starts
    ids = [a["id"] for _, a in tree.elements if "id" in a]
    assert len(ids) == len(set(ids)) and all(i.startswith("lp-") for i in ids)
    assert any(a.get("role") == "alert" for _, a in tree.elements)
    assert any(a.get("role") == "status" and a.get("aria-live") == "polite" for _, a in tree.elements)


@pytest.mark.parametrize(("lang", "show", "keys"), [
    ("en", "Show answer", "then 1 Again, 2 Hard, 3 Good, 4 Easy."),
    ("ur-Latn", "Jawab dikhayein", "phir 1 Dobara, 2 Mushkil, 3 Theek, 4 Aasan."),
])
def test_the_review_widget_speaks_the_page_language(ui, quizzes, glossary, lang, show, keys):
    text = " ".join(parse(review.render_review(ui, review_deck.build_deck(quizzes, glossary, lang), lang)).text)
    assert show in text and keys in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_line_starts_with_a_tag_so_the_glossary_hook_leaves_the_deck_alone(ui, quizzes, glossary, lang):
    markup = review.render_review(ui, review_deck.build_deck(quizzes, glossary, lang), lang)
    assert all(line.startswith("<") for line in markup.splitlines())
    assert "\n\n" not in markup
    assert link_first_uses(markup, terms_for(glossary, lang), "../glossary.md") == markup


def test_card_text_is_inert(ui, quizzes, glossary):
    deck = list(review_deck.build_deck(quizzes, glossary, "en"))
    hostile = 'Is <img src=x onerror="alert(1)"> & "quoted" safe?'
    deck[0] = review_deck.Card(deck[0].id, "quiz", hostile, "<b>a</b>", "<script>b</script>")
    markup = review.render_review(ui, deck, "en")
    assert "<img" not in markup and "<script" not in markup and "<b>" not in markup
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quoted&quot;" in markup


def test_the_macro_uses_the_page_language(ui, quizzes, glossary):
    defined = {}
    env = SimpleNamespace(macro=lambda f: defined.setdefault(f.__name__, f))
    review.register(env, {"learning_ui": ui, "quizzes": quizzes, "glossary": glossary})
    assert set(defined) == {"spaced_review"}
    env.page = SimpleNamespace(file=SimpleNamespace(src_uri="learn/review.ur-Latn.md", locale="ur-Latn"))
    assert "Jawab dikhayein" in defined["spaced_review"]() and 'data-rv-card="urdu:comparison"' in defined["spaced_review"]()
    env.page = SimpleNamespace(file=SimpleNamespace(src_uri="learn/review.md", locale="en"))
    assert "Show answer" in defined["spaced_review"]() and "urdu:" not in defined["spaced_review"]()


# ---------------------------------------------------------------- the overview's count

@pytest.mark.parametrize(("lang", "placeholder"), [
    ("en", "Cards due today in spaced review: —"), ("ur-Latn", "Spaced review mein aaj ke cards: —")])
def test_the_overview_reserves_a_line_for_the_cards_due_today(ui, quizzes, glossary, lang, placeholder):
    deck = review_deck.deck_ids(quizzes, glossary, lang)
    tree = parse(widgets.render_progress_overview(ui, lang, review_cards=deck))
    line = next(a for t, a in tree.elements if a.get("class") == "lp-due")
    assert json.loads(line["data-lp-deck"]) == deck
    assert json.loads(line["data-lp-rule"]) == spaced_review.browser_rule()
    assert placeholder in " ".join(tree.text)
    words = json.loads(tree.elements[0][1]["data-lp-text"])
    for key in ("due", "import-ok-review", "reason-review", "corrupt", "reason-review-format", "reason-review-card"):
        assert words[key], key
    assert len([a for t, a in tree.elements if t == "a"]) == 10  # the count adds no link to the overview


def test_the_overview_macro_counts_the_deck_of_the_page_language(ui, quizzes, glossary):
    defined = {}
    env = SimpleNamespace(macro=lambda f: defined.setdefault(f.__name__, f))
    widgets.register(env, {"learning_ui": ui, "quizzes": quizzes, "glossary": glossary})
    env.page = SimpleNamespace(file=SimpleNamespace(src_uri="learn/index.ur-Latn.md", locale="ur-Latn"))
    deck = json.loads(re.search(r'data-lp-deck="([^"]*)"', defined["progress_overview"]()).group(1)
                      .replace("&quot;", '"'))
    assert deck == review_deck.deck_ids(quizzes, glossary, "ur-Latn")


# ---------------------------------------------------------------- words and scripts

def test_every_review_word_is_in_the_interface_data(ui):
    review_keys = [k for k in UI_TEXT_KEYS if k.startswith(("rv-", "review-")) or k in (
        "overview-due", "import-ok-review", "import-reason-review")]
    assert len(review_keys) == 23
    for key in review_keys:
        assert ui.text[key].en and ui.text[key].ur_latn


@pytest.mark.parametrize("name", ["review.js", "review-state.js"])
def test_the_review_scripts_have_no_interface_words_of_their_own(ui, name):
    code = re.sub(r"/\*.*?\*/", "", (SCRIPTS / name).read_text(encoding="utf-8"), flags=re.S)
    for value in ui.text.values():
        for lang in LANGS:
            assert f'"{value.text(lang)}"' not in code
    for literal in re.findall(r'"([^"\\]*)"', code):
        assert not re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", literal), literal
    assert "http://" not in code and "https://" not in code and "fetch(" not in code
    assert "onclick" not in code and "innerHTML" not in code and "XMLHttpRequest" not in code


def test_the_review_page_loads_its_scripts_and_no_other_page_does():
    for page in ("review.md", "review.ur-Latn.md"):
        front = (ROOT / "docs" / "learn" / page).read_text(encoding="utf-8").split("---")[1]
        assert "scripts: [review-state.js, review.js]" in front
    for page in (ROOT / "docs").rglob("*.md"):
        if page.name not in ("review.md", "review.ur-Latn.md"):
            assert not re.search(r"(?<![\w-])review(?:-state)?\.js", page.read_text(encoding="utf-8")), page
