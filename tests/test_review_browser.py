"""Spaced review end to end in Chromium, on the built site, with the browser's clock held still.

An answer moves a card's due day by the SM-2 interval of archbook.rules.spaced_review;
"again" brings the card back in the same session; the history survives a reload,
travels in the progress export (old export files still import), is dropped card by
card when a card leaves the deck, and is reset with a visible message when it cannot
be read, without touching the progress of the steps. Keyboard alone works, and axe
finds nothing serious in either language or colour scheme.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from archbook.rules import spaced_review as sr

pytestmark = [pytest.mark.build, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "learning"
REVIEW, OVERVIEW = "learn/review/", "learn/"
KEY, PROGRESS_KEY = sr.STORAGE_KEY, "archbook.progress.v1"
D = dt.date(2025, 3, 10)


class Tab:
    """A page in its own browser context, its clock held at 9:00 on ``day``; any script error fails the test."""

    def __init__(self, browser, day: dt.date = D, **options):
        self.context = browser.new_context(accept_downloads=True, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.set_day(day)

    def set_day(self, day: dt.date) -> None:
        self.page.clock.set_fixed_time(f"{day.isoformat()}T09:00:00")

    def close(self):
        self.context.close()
        assert self.errors == [], self.errors


@pytest.fixture
def tabs(browser):
    opened: list[Tab] = []

    def make(day: dt.date = D, **options) -> Tab:
        opened.append(Tab(browser, day, **options))
        return opened[-1]

    yield make
    for one in opened:
        one.close()


def stored(page, key: str = KEY):
    return json.loads(page.evaluate(f"localStorage.getItem('{key}') || 'null'"))


def put(page, value, key: str = KEY) -> None:
    text = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, text])


def open_review(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".lp-review.lp-ready", state="attached")


def current(page) -> str:
    return page.get_attribute("#lp-rv", "data-rv-current")


def answer(page, grade: str) -> str:
    """Show the current card's answer, grade it with the buttons; return the card's id."""
    card = current(page)
    page.click("[data-rv-action=show]")
    page.click(f"[data-rv-grade={grade}]")
    return card


def due_count(page) -> str:
    page.wait_for_function("!document.querySelector('.lp-due').textContent.includes('—')")
    return page.inner_text(".lp-due")


def card_state(page, card: str) -> sr.CardState:
    return sr.parse_state(stored(page))[card]


# ---------- the schedule ----------

def test_good_moves_the_due_day_forward_by_the_sm2_interval(tabs, site_url):
    tab = tabs()
    page = tab.page
    open_review(page, site_url + REVIEW)
    assert page.inner_text(".lp-rv-count") == "Left in this session: 20. Deck: {} cards, 0 of them seen so far.".format(
        page.locator("dt[data-rv-card]").count())
    card = answer(page, "good")
    expected = sr.review(None, "good", D)
    assert card_state(page, card) == expected and expected.due == D + dt.timedelta(days=1)
    assert page.inner_text("#lp-rv .lp-message") == f"Saved as “Good”. Next review of this card: {expected.due}."
    assert current(page) != card  # not due again today
    for day, interval in ((expected.due, 6), (D + dt.timedelta(days=7), 15), (D + dt.timedelta(days=22), 38)):
        tab.set_day(day)
        open_review(page, site_url + REVIEW)
        assert current(page) == card  # due cards come before new ones
        before = card_state(page, card)
        answer(page, "good")
        after = card_state(page, card)
        assert after == sr.review(before, "good", day)
        assert (after.interval, after.due) == (interval, day + dt.timedelta(days=interval))


def test_easy_and_hard_change_the_ease_as_sm2_says(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + REVIEW)
    easy, hard = answer(page, "easy"), answer(page, "hard")
    assert card_state(page, easy) == sr.review(None, "easy", D)
    assert card_state(page, hard) == sr.review(None, "hard", D)
    assert card_state(page, easy).ease == 260 and card_state(page, hard).ease == 236


def test_again_brings_the_card_back_in_the_same_session(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + "ur-Latn/" + REVIEW)
    first = answer(page, "again")
    assert card_state(page, first) == sr.review(None, "again", D)
    assert "isi session mein dobara aayega" in page.inner_text("#lp-rv .lp-message")
    seen = []
    while current(page) != first:
        assert current(page), "the session ended without the card answered 'again'"
        seen.append(answer(page, "good"))
    assert len(seen) == sr.NEW_PER_DAY - 1 and first not in seen
    assert answer(page, "good") == first
    assert card_state(page, first).drill is False
    assert card_state(page, first).due == D + dt.timedelta(days=1)  # the first answer of the day scheduled it
    assert current(page) == ""
    assert page.inner_text(".lp-rv-front") == f"Aaj review ke liye kuch baqi nahin. Agla review: {D + dt.timedelta(days=1)}."
    assert page.is_hidden("[data-rv-action=show]")


def test_the_history_survives_a_reload(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + REVIEW)
    answered = [answer(page, grade) for grade in ("good", "again", "easy")]
    before = stored(page)
    page.reload()
    page.wait_for_selector(".lp-review.lp-ready", state="attached")
    assert stored(page) == before and sorted(before["cards"]) == sorted(answered)
    assert page.inner_text(".lp-rv-count").startswith("Left in this session: 18.")  # 17 new + the "again" card
    assert "3 of them seen so far" in page.inner_text(".lp-rv-count")
    assert current(page) not in answered


# ---------- the overview ----------

def test_the_overview_shows_how_many_cards_are_due_today(tabs, site_url):
    tab = tabs()
    page = tab.page
    page.goto(site_url + OVERVIEW)
    assert due_count(page) == f"Cards due today in spaced review: {sr.NEW_PER_DAY}"
    open_review(page, site_url + REVIEW)
    answer(page, "good")
    answer(page, "again")
    page.goto(site_url + "ur-Latn/" + OVERVIEW)
    assert due_count(page) == "Spaced review mein aaj ke cards: 19"  # 18 new and the "again" card
    tab.set_day(D + dt.timedelta(days=1))
    page.goto(site_url + OVERVIEW)
    assert due_count(page) == f"Cards due today in spaced review: {2 + sr.NEW_PER_DAY}"


# ---------- export and import ----------

def export_file(page, folder: Path) -> Path:
    with page.expect_download() as download:
        page.click('[data-lp-action="export"]')
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_export_then_import_into_a_fresh_browser_restores_the_history(tabs, site_url, tmp_path):
    page = tabs().page
    open_review(page, site_url + REVIEW)
    for grade in ("good", "hard", "again", "easy"):
        answer(page, grade)
    put(page, {"step-1": "done"}, PROGRESS_KEY)
    history = stored(page)
    page.goto(site_url + OVERVIEW)
    count = due_count(page)
    exported = json.loads(export_file(page, tmp_path).read_text(encoding="utf-8"))
    assert exported == {"format": "archbook-progress", "version": 1, "progress": {"step-1": "done"},
                        "review": history}

    fresh = tabs().page
    fresh.goto(site_url + "ur-Latn/" + OVERVIEW)
    due_count(fresh)
    assert stored(fresh) is None
    fresh.set_input_files("#lp-import-file", str(tmp_path / "archbook-progress.json"))
    message = fresh.locator(".lp-overview .lp-message")
    message.wait_for()
    assert message.inner_text() == ("Progress import ho gayi: 10 mein se 1 qadam aur mashqon ki haalat wapas aa gayi. "
                                    "4 cards ki spaced review history bhi wapas aa gayi.")
    assert stored(fresh) == history and stored(fresh, PROGRESS_KEY) == {"step-1": "done"}
    fresh.goto(site_url + OVERVIEW)
    assert due_count(fresh) == count
    open_review(fresh, site_url + REVIEW)
    assert "4 of them seen so far" in fresh.inner_text(".lp-rv-count")


def test_an_export_file_from_before_spaced_review_still_imports_and_keeps_the_history(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + REVIEW)
    answer(page, "good")
    history = stored(page)
    page.goto(site_url + OVERVIEW)
    due_count(page)
    page.set_input_files("#lp-import-file", str(FIXTURES / "progress-export-v1-before-review.json"))
    message = page.locator(".lp-overview .lp-message")
    message.wait_for()
    assert message.inner_text() == "Progress imported: 3 of 10 steps and exercises have a status."
    assert stored(page, PROGRESS_KEY) == {"step-1": "done", "exercise-01": "done", "step-2": "in-progress"}
    assert stored(page) == history  # the file says nothing about it

    page.set_input_files("#lp-import-file", str(FIXTURES / "progress-export-v1-with-review.json"))
    page.wait_for_function("document.querySelector('.lp-overview .lp-message').textContent.includes('3 cards')")
    with_review = json.loads((FIXTURES / "progress-export-v1-with-review.json").read_text(encoding="utf-8"))
    assert stored(page) == with_review["review"]


BAD_REVIEW_FILES = {
    "review-not-a-state": {"review": {"cards": {}}},
    "review-bad-card": {"review": {"version": 1, "cards": {"quiz:s1-llm-depth": {"reps": 1}}}},
    "review-version-2": {"review": {"version": 2, "cards": {}}},
}


@pytest.mark.parametrize("name", list(BAD_REVIEW_FILES))
def test_a_file_with_a_malformed_history_is_refused_and_changes_nothing(tabs, site_url, tmp_path, name):
    page = tabs().page
    page.goto(site_url + OVERVIEW)
    due_count(page)
    put(page, {"step-4": "done"}, PROGRESS_KEY)
    good = sr.state_json({"term:latency": sr.review(None, "good", D)})
    put(page, good)
    bad = tmp_path / f"{name}.json"
    bad.write_text(json.dumps({"format": "archbook-progress", "version": 1, "progress": {"step-1": "done"},
                               **BAD_REVIEW_FILES[name]}), encoding="utf-8")
    page.set_input_files("#lp-import-file", str(bad))
    message = page.locator(".lp-overview .lp-message.lp-error")
    message.wait_for()
    assert message.inner_text() == ("The file was not imported and your progress is unchanged: "
                                    "its spaced-review history is malformed.")
    assert stored(page) == good and stored(page, PROGRESS_KEY) == {"step-4": "done"}


# ---------- removed cards and a corrupted history ----------

def test_a_card_no_longer_in_the_deck_is_dropped_and_a_roman_urdu_card_is_kept_on_the_english_page(tabs, site_url):
    page = tabs().page
    page.goto(site_url)  # the home page: no script of its own reads the history
    kept = {"quiz:s1-llm-depth": sr.review(None, "good", D - dt.timedelta(days=3)),
            "urdu:comparison": sr.review(None, "good", D - dt.timedelta(days=3))}
    put(page, sr.state_json({**kept, "quiz:a-question-since-removed": sr.review(None, "easy", D),
                             "term:a-term-since-removed": sr.review(None, "easy", D)}))
    open_review(page, site_url + REVIEW)
    assert stored(page) == sr.state_json(kept)
    assert page.inner_text("#lp-rv .lp-message") == (
        "Cards no longer in the deck were removed from your review history: 2.")
    assert page.is_hidden(".lp-rv-problem")


CORRUPTIONS = {
    "not-json": ("{cards: ", "it is not valid JSON"),
    "wrong-version": ('{"version": 7, "cards": {}}', "it is not in the expected format"),
    "bad-card": ('{"version": 1, "cards": {"quiz:s1-llm-depth": {"reps": "two"}}}',
                 "the entry of card “quiz:s1-llm-depth” is malformed"),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_a_corrupted_history_is_reported_and_reset_without_losing_progress(tabs, site_url, name):
    text, reason = CORRUPTIONS[name]
    page = tabs().page
    page.goto(site_url)
    progress = {"step-1": "done", "exercise-02": "in-progress"}
    put(page, progress, PROGRESS_KEY)
    put(page, text)
    open_review(page, site_url + REVIEW)
    problem = page.locator(".lp-rv-problem")
    assert problem.is_visible() and problem.get_attribute("role") == "alert"
    assert problem.inner_text() == (f"Your spaced-review history in this browser could not be read ({reason}), so it "
                                    "was reset. Your progress on the steps and exercises is unchanged.")
    assert stored(page) is None
    assert page.evaluate(f"localStorage.getItem('{KEY}.corrupted')") == text  # kept aside, not lost
    assert stored(page, PROGRESS_KEY) == progress
    assert current(page)  # the deck starts afresh
    answer(page, "good")
    page.reload()
    page.wait_for_selector(".lp-review.lp-ready", state="attached")
    assert page.is_hidden(".lp-rv-problem") and len(stored(page)["cards"]) == 1


def test_the_overview_reports_a_corrupted_history_too_and_keeps_the_progress(tabs, site_url):
    page = tabs().page
    page.goto(site_url)
    put(page, {"step-3": "skipped"}, PROGRESS_KEY)
    put(page, "[1, 2")
    page.goto(site_url + "ur-Latn/" + OVERVIEW)
    assert due_count(page) == f"Spaced review mein aaj ke cards: {sr.NEW_PER_DAY}"
    message = page.locator(".lp-overview .lp-message.lp-error")
    assert message.inner_text().startswith("Is browser mein aap ki spaced review history parhi nahin ja saki (")
    assert stored(page) is None and stored(page, PROGRESS_KEY) == {"step-3": "skipped"}
    assert page.inner_text('[data-lp-status="step-3"]') == "Chhor diya"


# ---------- keyboard, languages, no script, accessibility ----------

def tab_until(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_reviews_cards(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + REVIEW)
    # Tab to "Show answer", Enter shows the answer and moves the focus to it.
    tab_until(page, "[data-rv-action=show]")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    first = current(page)
    page.keyboard.press("Enter")
    assert page.is_visible(".lp-rv-back")
    assert page.evaluate("document.activeElement.id") == "lp-rv-back"
    # 3 answers "good"; the focus goes back to "Show answer" for the next card.
    page.keyboard.press("3")
    assert card_state(page, first) == sr.review(None, "good", D)
    assert page.evaluate("document.activeElement.dataset.rvAction") == "show"
    # Space on "Show answer", then Tab through the grades and Enter on "Hard".
    second = current(page)
    page.keyboard.press("Space")
    assert page.is_visible(".lp-rv-back")
    tab_until(page, "[data-rv-grade=hard]", limit=5)
    page.keyboard.press("Enter")
    assert card_state(page, second) == sr.review(None, "hard", D)
    # Space with the focus on the page itself shows the answer; 1 answers "again".
    third = current(page)
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    assert page.is_visible(".lp-rv-back")
    page.keyboard.press("1")
    assert card_state(page, third).drill is True
    # Grade keys do nothing while the answer is hidden.
    page.keyboard.press("4")
    assert third in stored(page)["cards"] and current(page) not in stored(page)["cards"]
    assert len(stored(page)["cards"]) == 3


def test_the_roman_urdu_page_asks_the_roman_urdu_terms(tabs, site_url):
    page = tabs().page
    open_review(page, site_url + "ur-Latn/" + REVIEW)
    answer(page, "good")  # a quiz question
    answer(page, "good")  # a term
    assert current(page).startswith("urdu:")
    assert page.inner_text(".lp-rv-kind") == "Angrezi istelah: Roman Urdu mein ise kya kehte hain?"
    assert page.get_attribute(".lp-rv-front", "lang") == "en"
    page.click("[data-rv-action=show]")
    assert page.inner_text(".lp-rv-answer") == "hissa"
    assert page.inner_text(".lp-rv-front") == "section"


def test_without_javascript_the_page_says_so_and_the_controls_are_disabled(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + REVIEW)
    assert page.locator("#lp-rv .lp-needs-js").is_visible()
    assert page.is_disabled("[data-rv-action=show]")
    assert page.is_hidden(".lp-rv-deck")
    context.close()


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_the_review_pages(tabs, site_url, scheme):
    axe = _axe_source()
    page = tabs(color_scheme=scheme).page
    found = []
    for lang in ("", "ur-Latn/"):
        page.goto(site_url)
        put(page, '{"broken"')  # brings out the alert
        open_review(page, site_url + lang + REVIEW)
        answer(page, "again")
        page.click("[data-rv-action=show]")  # the answer and the grades shown
        page.mouse.move(0, 0)
        page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        for state in ("answer", "done"):
            if state == "done":
                page.click("[data-rv-grade=easy]")
                while current(page):
                    answer(page, "easy")
                page.evaluate("document.activeElement && document.activeElement.blur()")
            page.add_script_tag(content=axe)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in {"serious", "critical"}:
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    found.append(f"{lang}{REVIEW} ({state}): {violation['id']} ({violation['impact']}) at {targets}")
    assert found == []
