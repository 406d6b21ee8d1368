"""The spaced-review deck: cards from the quizzes and the glossary, in the page's language.

- every quiz question: the question, then its right answer and explanation
  (card id ``quiz:<question id>``);
- every technical glossary term: the term, then its meaning (``term:<entry id>``);
  an everyday entry only fixes the spelling of a word of ordinary Urdu, so it
  gets no meaning card;
- on Roman Urdu pages only, every entry whose Roman Urdu form differs from the
  English one: the English term, then the Roman Urdu term (``urdu:<entry id>``).

The decks of the two languages hold the same quiz and term cards; only the
Roman Urdu deck has ``urdu`` cards ([KINDS][archbook.learning.review_deck.KINDS]).

Card ids come from the entries' ids, never from their text
([card_id][archbook.rules.spaced_review.card_id]), so editing a question or a
definition keeps the card's history. The kinds are dealt in turn (a quiz
question, a term, a Roman Urdu term, ...) so that the first new cards of a
learner mix all three. The review page shows the deck
([review][archbook.learning.review]); the learning overview counts its cards
due today.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from archbook.content.models import Glossary
from archbook.core.languages import LANGUAGES, ROMAN_URDU, check_language
from archbook.learning.widget_data import Quizzes
from archbook.rules import spaced_review


@dataclass(frozen=True)
class Card:
    """One card of the deck, in one language: the prompt, the answer and a note under it."""

    id: str
    kind: str
    front: str
    answer: str
    note: str = ""
    front_lang: str = ""
    """The language of ``front`` when it differs from the page's (an English term on a Roman Urdu page)."""


def _quiz_cards(quizzes: Quizzes, lang: str) -> list[Card]:
    return [Card(spaced_review.card_id("quiz", q.id), "quiz", q.question.text(lang), q.answer.text.text(lang),
                 q.explanation.text(lang))
            for quiz in quizzes.quizzes for q in quiz.questions]


def _term_cards(glossary: Glossary | None, lang: str) -> list[Card]:
    if glossary is None:
        return []
    term = (lambda e: e.english) if lang != ROMAN_URDU else (lambda e: e.roman_urdu)
    return [Card(spaced_review.card_id("term", e.id), "term", term(e), e.definition.text(lang))
            for e in glossary.entries if e.kind == "technical"]


def _urdu_cards(glossary: Glossary | None, lang: str) -> list[Card]:
    if glossary is None or lang != ROMAN_URDU:
        return []
    return [Card(spaced_review.card_id("urdu", e.id), "urdu", e.english, e.roman_urdu, front_lang="en")
            for e in glossary.entries if e.english.casefold() != e.roman_urdu.casefold()]


def build_deck(quizzes: Quizzes, glossary: Glossary | None, lang: str) -> tuple[Card, ...]:
    """The review deck in ``lang``: quiz, term and Roman Urdu cards dealt in turn.

    Without a glossary (``None``) the deck holds the quiz questions only.
    """
    check_language(lang)
    piles = (_quiz_cards(quizzes, lang), _term_cards(glossary, lang), _urdu_cards(glossary, lang))
    return tuple(card for hand in zip_longest(*piles) for card in hand if card is not None)


def deck_ids(quizzes: Quizzes, glossary: Glossary | None, lang: str) -> list[str]:
    """The ids of the cards of the deck in ``lang``, in deck order."""
    return [card.id for card in build_deck(quizzes, glossary, lang)]


KINDS: dict[str, tuple[str, ...]] = {"en": ("quiz", "term"), ROMAN_URDU: ("quiz", "term", "urdu")}
"""The kinds of card the deck of each language holds, all of each kind.

A stored card of one of these kinds that is not in the page's deck was removed
from the data, and the page drops it; a card of another kind (a Roman Urdu card
seen from the English page) is kept.
"""


def known_ids(quizzes: Quizzes, glossary: Glossary | None) -> list[str]:
    """Every card id of the decks of all languages."""
    return list(dict.fromkeys(c for lang in LANGUAGES for c in deck_ids(quizzes, glossary, lang)))
