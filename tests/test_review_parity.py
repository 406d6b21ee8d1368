"""The spaced-review rule has one home, and the browser agrees with it (Chromium).

``archbook.rules.spaced_review`` is the rule; ``review.js`` (the SM-2 step) and
``review-state.js`` (the state format, the day's queue) implement it for the
browser from the constants the page carries. Both run here on the same
generated and edge-case inputs, as written and as the build ships them
(compacted), and must give identical results: the state after an answer, the
day's queue, the next review day, and the verdict on a stored state.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from archbook.content.data import validate
from archbook.content.models import Glossary
from archbook.learning import review, review_deck
from archbook.learning.widget_data import LearningUi, Quizzes
from archbook.rules import spaced_review as sr
from archbook.theme.asset_compaction import compact_js

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ROOT / "docs" / "assets" / "javascripts" / name for name in ("review-state.js", "review.js")]
D = dt.date(2025, 3, 10)
EDGE_DAYS = [D, dt.date(2024, 2, 28), dt.date(2024, 2, 29), dt.date(2023, 12, 31), dt.date(2100, 2, 28),
             dt.date(2000, 1, 1), dt.date(2025, 10, 26), dt.date(2025, 3, 30), dt.date(8999, 12, 31)]
"""Leap days, a century that is not a leap year, year ends, days when clocks change in Europe."""
IDS = [f"{kind}:{name}" for kind in sr.CARD_KINDS for name in ("a", "b", "c-d", "e1", "f", "g")]


def _day(rng: random.Random) -> dt.date:
    if rng.random() < 0.3:
        return rng.choice(EDGE_DAYS)
    return D + dt.timedelta(days=rng.randint(-400, 400))


def _clamp(day: dt.date) -> dt.date:
    return max(day, dt.date(sr.YEARS[0], 1, 1))


def _card(rng: random.Random, today: dt.date | None = None) -> sr.CardState:
    near = today or _day(rng)
    pick = lambda *options: _clamp(rng.choice(options)) if isinstance(options[0], dt.date) else rng.choice(options)  # noqa: E731
    return sr.CardState(
        reps=pick(0, 1, 2, 3, rng.randint(0, 60), sr.MAX_COUNT, sr.MAX_COUNT - 1),
        ease=pick(sr.MIN_EASE, sr.MIN_EASE + 1, sr.INITIAL_EASE, rng.randint(130, 400), sr.MAX_EASE, sr.MAX_EASE - 5),
        interval=pick(0, 1, 6, rng.randint(1, 400), rng.randint(400, 20_000), sr.MAX_INTERVAL, sr.MAX_INTERVAL - 1),
        due=_clamp(near + dt.timedelta(days=rng.randint(-30, 30))),
        last=pick(near, near - dt.timedelta(days=rng.randint(1, 60)), near + dt.timedelta(days=1)),
        seen=pick(near, near - dt.timedelta(days=rng.randint(0, 900))),
        drill=rng.random() < 0.3)


def schedule_cases(count: int, seed: int = 20250310) -> list[tuple[dict | None, str, str]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        today = _day(rng)
        card = None if rng.random() < 0.15 else _card(rng, today)
        cases.append((card.to_json() if card else None, rng.choice(list(sr.QUALITY)), today.isoformat()))
    # a learner's run: one card answered every day it is due, every grade in turn
    card, today = None, D
    for grade in ["good", "good", "easy", "hard", "again", "good", "good", "easy", "easy", "hard"] * 3:
        cases.append((card.to_json() if card else None, grade, today.isoformat()))
        card = sr.review(card, grade, today)
        today = card.due
    return cases


def python_schedule(case) -> dict:
    card, grade, today = case
    before = sr.parse_state({"version": 1, "cards": {"quiz:a": card}})["quiz:a"] if card else None
    return sr.review(before, grade, dt.date.fromisoformat(today)).to_json()


def queue_cases(count: int, seed: int = 7) -> list[tuple[dict, list[str], str]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        today = _day(rng)
        deck = rng.sample(IDS, rng.randint(0, len(IDS)))
        stored = rng.sample(IDS, rng.randint(0, len(IDS)))
        cards = {}
        for card_id in stored:
            card = _card(rng, today)
            if rng.random() < 0.4:  # started today
                card = sr.CardState(**{**card.__dict__, "seen": today})
            cards[card_id] = card.to_json()
        cases.append((cards, deck, today.isoformat()))
    # the allowance of new cards: many started today, none, exactly the limit
    many = [f"urdu:n{i}" for i in range(30)]
    for started in (0, 5, sr.NEW_PER_DAY - 1, sr.NEW_PER_DAY, sr.NEW_PER_DAY + 3):
        cards = {c: sr.CardState(0, 250, 1, D + dt.timedelta(days=1), D, D, False).to_json() for c in many[:started]}
        cases.append((cards, [f"term:t{i}" for i in range(25)], D.isoformat()))
    return cases


def _cards(raw: dict) -> dict[str, sr.CardState]:
    return sr.parse_state({"version": 1, "cards": raw})


def python_queue(case) -> list[str]:
    cards, deck, today = case
    return sr.due_queue(_cards(cards), deck, dt.date.fromisoformat(today))


def python_next(case) -> str | None:
    cards, deck, today = case
    found = sr.next_review(_cards(cards), deck, dt.date.fromisoformat(today))
    return found.isoformat() if found else None


BAD_VALUES = [-1, 1.5, "3", None, True, False, [], {}, "2025-13-01", "2025-02-29", "2025-2-9", "1999-12-31",
              "10000-01-01", " 2025-03-10", "2025-03-10T00:00", 2**53, 1e20, 0.0, 2.0, "", "drill"]


def state_texts(count: int, seed: int = 99) -> list[str]:
    rng = random.Random(seed)
    texts = ['{"version": 1, "cards": {}}', "[]", "null", "3", '"x"', "{}", '{"version": 1}',
             '{"version": 1.0, "cards": {}}', '{"version": true, "cards": {}}', '{"version": 2, "cards": {}}',
             '{"version": 1, "cards": [], "x": 1}', '{"cards": {}, "version": 1, "extra": null}',
             '{"version": 1, "cards": {"quiz:a": {"reps": 1, "reps": 2}}}']
    for _ in range(count):
        today = _day(rng)
        cards = {c: _card(rng, today).to_json() for c in rng.sample(IDS, rng.randint(1, 6))}
        state = {"version": 1, "cards": cards}
        mutation = rng.choice(["none", "none", "field", "field", "field", "drop", "add", "id", "float"])
        victim = rng.choice(list(cards))
        if mutation == "field":
            cards[victim][rng.choice(sr.CARD_FIELDS)] = rng.choice(BAD_VALUES)
        elif mutation == "drop":
            del cards[victim][rng.choice(sr.CARD_FIELDS)]
        elif mutation == "add":
            cards[victim]["note"] = "x"
        elif mutation == "id":
            cards[rng.choice(["Quiz:a", "quiz:", "quiz:a b", "note:a", "quiz:a\n", "quiz:-a", "quiz:ä", "5"])] = \
                cards.pop(victim)
        elif mutation == "float":
            cards[victim]["ease"] = float(cards[victim]["ease"])
        texts.append(json.dumps(state))
    return texts


def python_parse(text: str) -> dict:
    try:
        return {"cards": sr.state_json(sr.parse_state(json.loads(text)))["cards"]}
    except sr.ReviewStateError as exc:
        return {"reason": exc.reason, **({"id": exc.card} if exc.card else {})}


SCHEDULE_CASES = schedule_cases(400)
QUEUE_CASES = queue_cases(150)
STATE_TEXTS = state_texts(300)


def test_there_are_enough_cases_and_they_reach_the_edges():
    assert len(SCHEDULE_CASES) >= 400 and len(QUEUE_CASES) >= 150 and len(STATE_TEXTS) >= 300
    results = [python_schedule(c) for c in SCHEDULE_CASES]
    assert {r["interval"] for r in results} >= {1, 6, sr.MAX_INTERVAL}
    assert {r["ease"] for r in results} >= {sr.MIN_EASE, sr.MAX_EASE}
    assert any(c[0] is None for c in SCHEDULE_CASES) and any(r["drill"] for r in results)
    verdicts = [python_parse(t) for t in STATE_TEXTS]
    assert sum("cards" in v for v in verdicts) > 60
    assert {v.get("reason") for v in verdicts} >= {"format", "card"}
    queues = [python_queue(c) for c in QUEUE_CASES]
    assert any(len(q) > 5 for q in queues) and any(q == [] for q in queues)


def _page_html() -> str:
    ui = validate(LearningUi, ROOT / "data" / "learning_ui.yml", "data/learning_ui.yml")
    quizzes = validate(Quizzes, ROOT / "data" / "quizzes.yml", "data/quizzes.yml")
    glossary = validate(Glossary, ROOT / "data" / "glossary.yml", "data/glossary.yml")
    widget = review.render_review(ui, review_deck.build_deck(quizzes, glossary, "en"), "en")
    return f"<!doctype html><html lang='en'><head><meta charset='utf-8'></head><body>{widget}</body></html>"


@pytest.fixture(scope="module", params=["source", "compacted"])
def review_page(request, browser):
    """A page holding the review widget with ``review-state.js`` and ``review.js`` (as written, or as shipped)."""
    scripts = [path.read_text(encoding="utf-8") for path in SCRIPTS]
    if request.param == "compacted":
        scripts = [compact_js(script) for script in scripts]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content(_page_html())
    for script in scripts:
        page.add_script_tag(content=script)
    page.wait_for_selector(".lp-review.lp-ready", state="attached")
    yield page
    context.close()
    assert errors == []


RULE = "JSON.parse(document.querySelector('#lp-rv').getAttribute('data-lp-rule'))"


def test_the_page_carries_the_python_rule(review_page):
    assert review_page.evaluate(RULE) == sr.browser_rule()


def test_an_answer_gives_the_same_state_in_the_browser(review_page):
    shown = review_page.evaluate(
        f"cases => {{ const rule = {RULE};"
        " return cases.map(([card, grade, day]) => window.archbookReview.schedule(card, grade, day, rule)); }",
        SCHEDULE_CASES)
    expected = [python_schedule(c) for c in SCHEDULE_CASES]
    mismatches = [(case, got, want) for case, got, want in zip(SCHEDULE_CASES, shown, expected) if got != want]
    assert mismatches == []


def test_the_day_s_queue_and_the_next_review_day_are_the_same_in_the_browser(review_page):
    shown = review_page.evaluate(
        f"cases => {{ const rule = {RULE}, R = window.archbookReviewState;"
        " return cases.map(([cards, deck, day]) => [R.queue(cards, deck, day, rule), R.next(cards, deck, day)]); }",
        QUEUE_CASES)
    expected = [[python_queue(c), python_next(c)] for c in QUEUE_CASES]
    mismatches = [(case, got, want) for case, got, want in zip(QUEUE_CASES, shown, expected) if got != want]
    assert mismatches == []


def test_a_stored_state_gets_the_same_verdict_in_the_browser(review_page):
    shown = review_page.evaluate(
        f"texts => {{ const rule = {RULE};"
        " return texts.map(text => window.archbookReviewState.parse(JSON.parse(text), rule)); }",
        STATE_TEXTS)
    expected = [python_parse(t) for t in STATE_TEXTS]
    mismatches = [(text, got, want) for text, got, want in zip(STATE_TEXTS, shown, expected) if got != want]
    assert mismatches == []


def test_an_unknown_grade_is_an_error_in_both(review_page):
    with pytest.raises(ValueError):
        sr.review(None, "perfect", D)
    assert review_page.evaluate(
        f"() => {{ try {{ window.archbookReview.schedule(null, 'perfect', '2025-03-10', {RULE}); return 'ok'; }}"
        " catch (e) { return 'error'; } }") == "error"
