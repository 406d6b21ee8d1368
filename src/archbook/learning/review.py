"""The spaced-review page's widget: one card at a time, four grades, the deck in the page.

[render_review][archbook.learning.review.render_review] is a pure renderer of
the deck ([review_deck][archbook.learning.review_deck]) and the interface words
of ``data/learning_ui.yml``: a card area, the four grade buttons, and the deck
itself as a hidden list that the page scripts (``review-state.js`` and
``review.js`` in ``docs/assets/javascripts/``) show card by card. The schedule
is [spaced_review][archbook.rules.spaced_review], whose constants travel in the
widget's ``data-lp-rule`` attribute. ``data-rv-kinds`` names the kinds of card
the page's deck holds in full ([KINDS][archbook.learning.review_deck.KINDS]):
a stored card of such a kind that is not in the deck (its quiz question or
glossary entry was removed) is dropped on load, while a Roman Urdu card
survives a visit to the English page. A card's text is HTML-escaped like the
quiz's (raw HTML is not Markdown), and the deck is kept out of the search index
(``data-search-exclude``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from archbook.content.models import Glossary
from archbook.core.languages import LANGUAGES, check_language, page_language
from archbook.learning.review_deck import KINDS, Card, build_deck
from archbook.learning.widget_data import LearningUi, Quizzes
from archbook.learning.widgets import _data_rule, _data_text, _esc, _needs_js, _text
from archbook.rules import spaced_review as rule


GRADE_KEYS: dict[str, str] = {"again": "1", "hard": "2", "good": "3", "easy": "4"}
"""The key that answers with each grade (besides its button)."""


def _card_item(card: Card) -> str:
    """A card of the hidden deck: the prompt as ``<dt>``, the answer and the note as ``<dd>``."""
    front_lang = f' lang="{card.front_lang}"' if card.front_lang else ""
    note = f"<dd>{_esc(card.note)}</dd>" if card.note else ""
    return f'<dt data-rv-card="{card.id}"{front_lang}>{_esc(card.front)}</dt><dd>{_esc(card.answer)}</dd>{note}'


def render_review(ui: LearningUi, deck: Sequence[Card], lang: str) -> str:
    """The review widget: status, one card at a time, the grades, and the deck as a hidden list."""
    check_language(lang)
    t = lambda key: _text(ui, key, lang)  # noqa: E731
    keys = ("count", "show", "saved", "saved-drill", "done", "done-empty", "dropped",
            "kind-quiz", "kind-term", "kind-urdu")
    data = {key: t(f"rv-{key}") for key in keys}
    grades = ", ".join(f"{key} {t(f'rv-grade-{grade}')}" for grade, key in GRADE_KEYS.items())
    data["grades"] = {grade: t(f"rv-grade-{grade}") for grade in rule.QUALITY}
    data.update({"storage": t("storage-unavailable"), "corrupt": t("review-corrupt"),
                 "reason-json": t("import-reason-json"), "reason-review-format": t("review-reason-format"),
                 "reason-review-card": t("review-reason-card")})
    lines = [
        f'<div class="lp-widget lp-review" id="lp-rv" data-rv-kinds="{_esc(json.dumps(list(KINDS[lang])))}" '
        f'{_data_text(data)} {_data_rule(rule.browser_rule())}>',
        _needs_js(ui, lang),
        '<p class="lp-rv-problem lp-error" role="alert" hidden></p>',
        f'<p class="lp-rv-count" id="lp-rv-count">{_esc(t("rv-count").format(left="—", total=len(deck), seen="—"))}</p>',
        '<div class="lp-rv-card">',
        '<p class="lp-rv-kind" id="lp-rv-kind">—</p>',
        '<p class="lp-rv-front" id="lp-rv-front" tabindex="-1"></p>',
        f'<button type="button" class="md-button md-button--primary" data-rv-action="show" '
        f'aria-keyshortcuts="Space Enter" disabled>{_esc(t("rv-show"))}</button>',
        '<div class="lp-rv-back" id="lp-rv-back" tabindex="-1" hidden>',
        f'<p class="lp-rv-label" id="lp-rv-answer-label">{_esc(t("rv-answer"))}</p>',
        '<p class="lp-rv-answer" id="lp-rv-answer"></p>',
        '<p class="lp-rv-note" id="lp-rv-note"></p>',
        '<fieldset class="lp-rv-grades">',
        f'<legend>{_esc(t("rv-grades"))}</legend>',
    ]
    for grade, key in GRADE_KEYS.items():
        lines.append(f'<button type="button" class="md-button lp-rv-grade" data-rv-grade="{grade}" '
                     f'aria-keyshortcuts="{key}">{_esc(t(f"rv-grade-{grade}"))} <kbd>{key}</kbd></button>')
    lines += [
        '</fieldset>',
        '</div>',
        '</div>',
        '<p class="lp-message" role="status" aria-live="polite"></p>',
        f'<p class="lp-hint lp-rv-keys">{_esc(t("rv-keys").format(grades=grades))}</p>',
        '<dl class="lp-rv-deck" hidden data-search-exclude>',
        *(_card_item(card) for card in deck),
        '</dl>',
        '</div>',
    ]
    return "\n".join(lines) + "\n"


def register(env, datasets) -> None:
    """Define the ``spaced_review`` macro on the mkdocs-macros environment ``env``."""
    ui: LearningUi = datasets["learning_ui"]
    quizzes: Quizzes = datasets["quizzes"]
    glossary: Glossary = datasets["glossary"]
    decks = {lang: build_deck(quizzes, glossary, lang) for lang in LANGUAGES}

    @env.macro
    def spaced_review() -> str:
        """The spaced-review widget with the deck of the page's language."""
        lang = page_language(env.page)
        return render_review(ui, decks[lang], lang)
