"""Learning-path widgets: progress tracking, quizzes and calculators (page macros).

Each macro renders plain HTML in the page's language, built from
``data/learning_ui.yml`` and ``data/quizzes.yml`` (schemas in
``archbook.learning.widget_data``). The page script
``docs/assets/javascripts/learning.js`` brings the HTML to life (with
``cost-calculator.js``, on the step 4 page only, for the cost calculator);
neither has words of its own: every message it may show travels in the widget's
``data-lp-text`` attribute, already in the page's language. Nor have they
constants of their own: the cost calculator's (tokens per price unit, the spike
factor, how money is rounded) travel in its ``data-lp-rule`` attribute, written
from the one token-cost rule, [token_cost][archbook.rules.token_cost].

Without the script, every widget shows its content with its controls
disabled and a note that JavaScript is needed.

Every line of the generated HTML starts with a tag, so the glossary hook
(which leaves such lines alone) never rewrites text inside a widget.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Sequence

from archbook.core.errors import ArchbookError
from archbook.core.languages import LANGUAGES, TWIN_SUFFIX, check_language, page_language, twin_path
from archbook.learning.widget_data import LearningUi, Quizzes
from archbook.learning import review_deck
from archbook.rules import spaced_review, token_cost
from archbook.rules.curriculum import EXERCISE_IDS, ITEM_IDS, STEP_IDS


class WidgetError(ArchbookError, ValueError):
    """A widget macro was called with an id the learning path does not have."""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _data_text(values: dict) -> str:
    """A ``data-lp-text`` attribute carrying ``values`` as JSON."""
    return f'data-lp-text="{_esc(json.dumps(values, ensure_ascii=False))}"'


def _data_rule(values: dict) -> str:
    """A ``data-lp-rule`` attribute carrying a domain rule's constants as JSON."""
    return f'data-lp-rule="{_esc(json.dumps(values, sort_keys=True))}"'


def _text(ui: LearningUi, key: str, lang: str) -> str:
    return ui.text[key].text(lang)


def _states(ui: LearningUi, lang: str) -> dict[str, str]:
    return {state: label.text(lang) for state, label in ui.states.items()}


def page_dir_url(src: str) -> str:
    """The directory URL of a page in the language-neutral tree (``use_directory_urls``).

    >>> page_dir_url("learn/index.md"), page_dir_url("learn/01-foundations.md"), page_dir_url("index.md")
    ('learn/', 'learn/01-foundations/', '')
    """
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def relative_href(from_src: str, to_src: str, fragment: str = "") -> str:
    """A relative link between two pages of the same language, with an optional ``#fragment``.

    >>> relative_href("learn/index.md", "learn/03-technology-selection.md", "lp-progress-step-3")
    '03-technology-selection/#lp-progress-step-3'
    """
    start = page_dir_url(from_src).rstrip("/") or "."
    target = page_dir_url(to_src).rstrip("/") or "."
    path = posixpath.relpath(target, start)
    href = "./" if path == "." else path + "/"
    return href + (f"#{fragment}" if fragment else "")


def tracker_anchor(item_id: str) -> str:
    """The element id of an item's progress tracker (the overview links to it)."""
    return f"lp-progress-{item_id}"


def _needs_js(ui: LearningUi, lang: str) -> str:
    return f'<p class="lp-needs-js">{_esc(_text(ui, "needs-js", lang))}</p>'


def render_progress_tracker(ui: LearningUi, item_id: str, lang: str) -> str:
    """The progress of one step or exercise: a radio group of the four states."""
    check_language(lang)
    try:
        item = ui.item(item_id)
    except KeyError as exc:
        raise WidgetError(f"progress_tracker({item_id!r}): {exc.args[0]}") from None
    title = item.title.text(lang)
    name = f"lp-state-{item.id}"
    data = {"saved": _text(ui, "tracker-saved", lang), "item": title,
            "storage": _text(ui, "storage-unavailable", lang), "states": _states(ui, lang)}
    lines = [
        f'<div class="lp-widget lp-tracker" id="{tracker_anchor(item.id)}" data-lp-item="{item.id}" {_data_text(data)}>',
        _needs_js(ui, lang),
        '<fieldset class="lp-states" disabled>',
        f'<legend>{_esc(_text(ui, "tracker-legend", lang).format(item=title))}</legend>',
    ]
    for state, label in ui.states.items():
        control = f"{name}-{state}"
        checked = " checked" if state == "not-started" else ""
        lines.append(
            f'<span class="lp-choice lp-state-{state}"><input type="radio" name="{name}" id="{control}" '
            f'value="{state}"{checked}><label for="{control}">{_esc(label.text(lang))}</label></span>'
        )
    lines += ['</fieldset>', '<p class="lp-message" role="status" aria-live="polite"></p>', '</div>']
    return "\n".join(lines) + "\n"


def render_progress_overview(ui: LearningUi, lang: str, page_src: str = "learn/index.md",
                             review_cards: Sequence[str] = ()) -> str:
    """Progress bar, the status of every step and exercise, export and import.

    ``review_cards`` are the ids of the spaced-review deck in ``lang``
    ([review_deck][archbook.learning.review_deck]): the script counts those due
    today into the line reserved under the bar, and the export carries the
    review history ([spaced_review][archbook.rules.spaced_review]).
    """
    check_language(lang)
    t = lambda key: _text(ui, key, lang)  # noqa: E731
    data = {
        "summary": t("overview-summary"), "storage": t("storage-unavailable"), "states": _states(ui, lang),
        "export-done": t("export-done"), "import-ok": t("import-ok"), "import-error": t("import-error"),
        "reason-read": t("import-reason-read"), "reason-size": t("import-reason-size"),
        "reason-json": t("import-reason-json"), "reason-format": t("import-reason-format"),
        "reason-item": t("import-reason-item"), "reason-state": t("import-reason-state"),
        "due": t("overview-due"), "import-ok-review": t("import-ok-review"), "reason-review": t("import-reason-review"),
        "corrupt": t("review-corrupt"), "reason-review-format": t("review-reason-format"),
        "reason-review-card": t("review-reason-card"),
    }
    not_started = ui.states["not-started"].text(lang)
    total = len(ITEM_IDS)
    lines = [
        f'<div class="lp-widget lp-overview" data-lp-items="{_esc(json.dumps(list(ITEM_IDS)))}" {_data_text(data)}>',
        _needs_js(ui, lang),
        '<div class="lp-bar">',
        f'<label for="lp-overview-bar">{_esc(t("overview-bar-label"))}</label>',
        '<progress id="lp-overview-bar" max="100" value="0" aria-describedby="lp-overview-summary">0%</progress>',
        f'<span class="lp-summary" id="lp-overview-summary">'
        f'{_esc(t("overview-summary").format(done=0, total=total, percent=0))}</span>',
        '</div>',
        f'<p class="lp-due" id="lp-overview-due" data-lp-deck="{_esc(json.dumps(list(review_cards)))}" '
        f'{_data_rule(spaced_review.browser_rule())}>{_esc(t("overview-due").format(count="—"))}</p>',
        '<table class="lp-overview-table">',
        f'<caption>{_esc(t("overview-caption"))}</caption>',
        f'<thead><tr><th scope="col">{_esc(t("overview-col-item"))}</th>'
        f'<th scope="col">{_esc(t("overview-col-status"))}</th></tr></thead>',
        '<tbody>',
    ]
    for item in ui.items:
        kind = "exercise" if item.id in EXERCISE_IDS else "step"
        href = relative_href(page_src, item.page, tracker_anchor(item.id))
        lines.append(
            f'<tr class="lp-row-{kind}"><th scope="row"><a href="{_esc(href)}">{_esc(item.title.text(lang))}</a></th>'
            f'<td class="lp-status-cell" data-lp-status="{item.id}">{_esc(not_started)}</td></tr>'
        )
    lines += [
        '</tbody>',
        '</table>',
        '<div class="lp-transfer">',
        f'<button type="button" class="md-button" data-lp-action="export" disabled>{_esc(t("export-button"))}</button>',
        '<div class="lp-import">',
        # The native file input's own button speaks the browser's language; it stays in the
        # page (focusable, visually hidden) behind a label that speaks the page's language.
        '<input type="file" class="lp-file" id="lp-import-file" accept=".json,application/json" '
        'aria-describedby="lp-import-help" disabled>',
        f'<label for="lp-import-file" class="md-button lp-file-button">{_esc(t("import-label"))}</label>',
        f'<p class="lp-hint" id="lp-import-help">{_esc(t("import-help"))}</p>',
        '</div>',
        '</div>',
        '<p class="lp-message" role="status" aria-live="polite"></p>',
        '</div>',
    ]
    return "\n".join(lines) + "\n"


def render_quiz(ui: LearningUi, quizzes: Quizzes, step_id: str, lang: str) -> str:
    """The multiple-choice quiz of one step: one form and radio group per question."""
    check_language(lang)
    try:
        quiz = quizzes.for_step(step_id)
        title = ui.item(step_id).title.text(lang)
    except KeyError as exc:
        raise WidgetError(f"quiz({step_id!r}): {exc.args[0]}") from None
    t = lambda key: _text(ui, key, lang)  # noqa: E731
    data = {key: t(f"quiz-{key}") for key in
            ("choose-first", "correct", "incorrect", "right-answer-is", "mark-right", "mark-wrong", "score")}
    count = len(quiz.questions)
    lines = [
        f'<div class="lp-widget lp-quiz" data-lp-quiz="{quiz.step}" {_data_text(data)}>',
        f'<p class="lp-intro">{_esc(t("quiz-label").format(item=title, count=count))}</p>',
        _needs_js(ui, lang),
    ]
    for number, question in enumerate(quiz.questions, start=1):
        name = f"lp-q-{question.id}"
        lines += [
            f'<form class="lp-question" data-lp-question="{question.id}" data-lp-answer="{question.answer.id}" '
            f'data-lp-explanation="{_esc(question.explanation.text(lang))}" novalidate>',
            '<fieldset disabled>',
            f'<legend><span class="lp-number">{number}.</span> {_esc(question.question.text(lang))}</legend>',
        ]
        for option in question.options:
            control = f"{name}-{option.id}"
            lines.append(
                f'<div class="lp-choice lp-option" data-lp-option="{option.id}"><input type="radio" name="{name}" '
                f'id="{control}" value="{option.id}"><label for="{control}">'
                f'<span class="lp-option-text">{_esc(option.text.text(lang))}</span>'
                f'<span class="lp-mark" hidden></span></label></div>'
            )
        lines += [
            '</fieldset>',
            f'<button type="submit" class="md-button" disabled>{_esc(t("quiz-check"))}</button>',
            '<div class="lp-feedback" role="status" aria-live="polite"></div>',
            '</form>',
        ]
    lines += [
        f'<p class="lp-score" hidden>{_esc(t("quiz-score").format(right=0, total=count))}</p>',
        '</div>',
    ]
    return "\n".join(lines) + "\n"


def render_decision_matrix(ui: LearningUi, lang: str) -> str:
    """Exercise 3's calculator: weights and scores in, weighted scores out (model answer prefilled)."""
    check_language(lang)
    t = lambda key: _text(ui, key, lang)  # noqa: E731
    matrix = ui.decision_matrix
    data = {key: t(f"dm-{key}") for key in
            ("result", "best", "tie", "weights-bad", "weight-bad", "score-bad")}
    data["options"] = {o.id: o.name.text(lang) for o in matrix.options}
    lines = [
        f'<form class="lp-widget lp-calculator lp-matrix" id="lp-dm" {_data_text(data)} novalidate>',
        f'<p class="lp-intro">{_esc(t("dm-label"))}</p>',
        _needs_js(ui, lang),
        '<fieldset class="lp-calc-fields" disabled>',
        '<div class="lp-table-wrap">',
        '<table>',
        f'<caption>{_esc(t("dm-caption"))}</caption>',
        f'<thead><tr><th scope="col" id="lp-dm-h-criterion">{_esc(t("dm-col-criterion"))}</th>'
        f'<th scope="col" id="lp-dm-h-weight">{_esc(t("dm-col-weight"))}</th>'
        + "".join(f'<th scope="col" id="lp-dm-h-{o.id}">{_esc(t("dm-col-score").format(option=o.name.text(lang)))}</th>'
                  for o in matrix.options)
        + "</tr></thead>",
        "<tbody>",
    ]
    for criterion in matrix.criteria:
        row = f"lp-dm-r-{criterion.id}"
        cells = [
            f'<tr><th scope="row" id="{row}">{_esc(criterion.name.text(lang))}</th>',
            f'<td><input type="number" id="lp-dm-w-{criterion.id}" data-lp-weight="{criterion.id}" min="0" max="100" '
            f'step="1" inputmode="numeric" value="{criterion.weight}" aria-labelledby="{row} lp-dm-h-weight"></td>',
        ]
        for option in matrix.options:
            cells.append(
                f'<td><input type="number" id="lp-dm-s-{option.id}-{criterion.id}" data-lp-option="{option.id}" '
                f'data-lp-criterion="{criterion.id}" min="1" max="5" step="1" inputmode="numeric" '
                f'value="{option.scores[criterion.id]}" aria-labelledby="{row} lp-dm-h-{option.id}"></td>'
            )
        lines.append("".join(cells) + "</tr>")
    lines += [
        "</tbody>",
        f'<tfoot><tr><th scope="row" id="lp-dm-r-total">{_esc(t("dm-row-total"))}</th>'
        '<td><output id="lp-dm-weight-sum" aria-live="off" aria-labelledby="lp-dm-r-total lp-dm-h-weight">'
        f'{sum(c.weight for c in matrix.criteria)}</output></td>'
        + "".join(f'<td><output id="lp-dm-score-{o.id}" data-lp-score="{o.id}" aria-live="off" '
                  f'aria-labelledby="lp-dm-r-total lp-dm-h-{o.id}">—</output></td>' for o in matrix.options)
        + "</tr></tfoot>",
        "</table>",
        "</div>",
        '<div class="lp-actions">',
        f'<button type="submit" class="md-button md-button--primary">{_esc(t("dm-calculate"))}</button>',
        f'<button type="reset" class="md-button">{_esc(t("dm-reset"))}</button>',
        "</div>",
        "</fieldset>",
        '<p class="lp-message" role="status" aria-live="polite"></p>',
        "</form>",
    ]
    return "\n".join(lines) + "\n"


COST_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    # (field in the cost plan, text key of its label, kind, hint key or "")
    ("model_calls_per_month", "cc-calls", "whole", ""),
    ("input_tokens_per_call", "cc-input-tokens", "whole", ""),
    ("output_tokens_per_call", "cc-output-tokens", "whole", ""),
    ("price_per_million_input_tokens", "cc-input-price", "number", "cc-price-hint"),
    ("price_per_million_output_tokens", "cc-output-price", "number", "cc-price-hint"),
    ("hit_rate", "cc-hit-rate", "fraction", "cc-hit-rate-hint"),
)
"""The cost calculator's inputs, in the order the form shows them."""

COST_RESULTS: tuple[tuple[str, str], ...] = (
    ("monthly_token_cost", "cc-baseline"),
    ("monthly_token_cost_with_cache", "cc-with-cache"),
    ("monthly_token_cost_at_10x", "cc-at-10x"),
)
"""The cost calculator's results: (key as the exercise checker names it, text key of its label)."""


def _cost_value(value: int | float, kind: str) -> str:
    return str(value) if kind == "whole" else f"{value:.2f}"


def render_cost_calculator(ui: LearningUi, lang: str) -> str:
    """Exercise 4's calculator: monthly token cost at baseline, with the semantic cache, and at 10x."""
    check_language(lang)
    t = lambda key: _text(ui, key, lang)  # noqa: E731
    defaults = ui.cost_calculator
    data = {key: t(f"cc-{key}") for key in
            ("money", "result", "whole-bad", "number-bad", "hit-rate-bad")}
    lines = [
        f'<form class="lp-widget lp-calculator lp-cost" id="lp-cc" {_data_text(data)} '
        f'{_data_rule(token_cost.browser_rule())} novalidate>',
        f'<p class="lp-intro">{_esc(t("cc-label"))}</p>',
        f'<p class="lp-formula">{_esc(t("cc-formula"))}</p>',
        _needs_js(ui, lang),
        '<fieldset class="lp-calc-fields" disabled>',
        '<div class="lp-fields">',
    ]
    last_with_hint = {hint: field for field, _, _, hint in COST_FIELDS if hint}
    for field, label_key, kind, hint_key in COST_FIELDS:
        control = f"lp-cc-{field.replace('_', '-')}"
        step, mode = ("1", "numeric") if kind == "whole" else ("any", "decimal")
        limits = ' min="0"' + (' max="0.99"' if kind == "fraction" else "")
        hint_id = f"lp-{hint_key}"
        described = f' aria-describedby="{hint_id}"' if hint_key else ""
        # A hint shared by several fields (the two prices) is shown once, under the last of them.
        hint = (f'<span class="lp-hint" id="{hint_id}">{_esc(t(hint_key))}</span>'
                if hint_key and last_with_hint[hint_key] == field else "")
        lines.append(
            f'<div class="lp-field"><label for="{control}">{_esc(t(label_key))}</label>'
            f'<input type="number" id="{control}" name="{field}" data-lp-field="{field}" data-lp-kind="{kind}"'
            f'{limits} step="{step}" inputmode="{mode}" value="{_cost_value(getattr(defaults, field), kind)}"{described}>'
            f"{hint}</div>"
        )
    lines += ['</div>', '<dl class="lp-results">']
    for key, label_key in COST_RESULTS:
        out = f"lp-cc-out-{key.replace('_', '-')}"
        lines.append(f'<dt id="{out}-label">{_esc(t(label_key))}</dt>'
                     f'<dd><output id="{out}" data-lp-result="{key}" aria-live="off" '
                     f'aria-labelledby="{out}-label">—</output></dd>')
    lines += [
        "</dl>",
        '<div class="lp-actions">',
        f'<button type="submit" class="md-button md-button--primary">{_esc(t("cc-calculate"))}</button>',
        f'<button type="reset" class="md-button">{_esc(t("cc-reset"))}</button>',
        "</div>",
        "</fieldset>",
        '<p class="lp-message" role="status" aria-live="polite"></p>',
        "</form>",
    ]
    return "\n".join(lines) + "\n"


def _source_path(page) -> str:
    """The page's path in the language-neutral tree: ``learn/index.ur-Latn.md`` -> ``learn/index.md``."""
    src = page.file.src_uri
    return twin_path(src) if src.endswith(TWIN_SUFFIX) else src


def register(env, datasets) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``."""
    ui: LearningUi = datasets["learning_ui"]
    quizzes: Quizzes = datasets["quizzes"]
    review_cards = {lang: review_deck.deck_ids(quizzes, datasets.get("glossary"), lang) for lang in LANGUAGES}

    @env.macro
    def progress_overview() -> str:
        """Progress bar, status of every step and exercise, export and import."""
        lang = page_language(env.page)
        return render_progress_overview(ui, lang, _source_path(env.page), review_cards[lang])

    @env.macro
    def progress_tracker(item_id: str) -> str:
        """The progress state of one step (``step-1``) or exercise (``exercise-01``)."""
        return render_progress_tracker(ui, item_id, page_language(env.page))

    @env.macro
    def quiz(step_id: str) -> str:
        """The quiz of one step (``step-1`` .. ``step-5``)."""
        if step_id not in STEP_IDS:
            raise WidgetError(f"quiz({step_id!r}): no such step (known: {', '.join(STEP_IDS)})")
        return render_quiz(ui, quizzes, step_id, page_language(env.page))

    @env.macro
    def decision_matrix_calculator() -> str:
        """The weighted decision-matrix calculator of exercise 3."""
        return render_decision_matrix(ui, page_language(env.page))

    @env.macro
    def cost_calculator() -> str:
        """The token-cost and semantic-cache calculator of exercise 4."""
        return render_cost_calculator(ui, page_language(env.page))
